"""Model fields of the opportunities app."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from opportunities.clauses import ClauseType


class ClauseListField(models.JSONField):
    """The clauses of a lot: a JSON list of ``ClauseType`` values, edited as checkboxes.

    JSON keeps the list intact through Wagtail revisions (modelcluster serialises it as is);
    filtering happens on the page's denormalised ``clause_types`` column, not on this one."""

    description = "List of social clause types"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("default") is list:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list) or any(item not in ClauseType.values for item in value):
            raise ValidationError(_("Choisissez des clauses dans la liste."), code="invalid_clause")

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=ClauseType.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=self.verbose_name,
            help_text=self.help_text,
            coerce=str,
        )

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname) or []
        # Keep the canonical order of the choices and no duplicates.
        ordered = [choice for choice in ClauseType.values if choice in value]
        setattr(model_instance, self.attname, ordered)
        return ordered
