"""A SIRET model field whose form accepts what people type ("732 829 320 00074")."""

from django import forms
from django.db import models

from directory.siret import clean_siret


class SiretFormField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 20  # room for separators, removed by to_python
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return clean_siret(super().to_python(value))


class SiretField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 14)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SiretFormField, **kwargs})
