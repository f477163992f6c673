"""Form inputs printed without the template engine.

Django prints an ``<input>`` through three small templates (``hidden.html`` includes
``input.html``, which includes ``attrs.html``): about 0.2 ms each time, and every public form
has at least three hidden inputs (the anti-spam fields of ``portal.antispam`` and its own).
These widgets print the very same markup directly; ``tests/portal/test_widgets.py`` checks it
against Django's templates.
"""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def input_html(widget_context):
    """``django/forms/widgets/input.html`` (and ``attrs.html``) for a widget's context."""
    widget = widget_context["widget"]
    parts = [
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"'
    ]
    if widget["value"] is not None:
        parts.append(f' value="{conditional_escape(str(widget["value"]))}"')
    for name, value in widget["attrs"].items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{conditional_escape(str(value))}"')
    parts.append(">")
    return mark_safe("".join(parts))  # every value above is escaped


class DirectInputMixin:
    """Renders an ``Input`` widget with ``input_html`` instead of its template."""

    def render(self, name, value, attrs=None, renderer=None):
        return input_html(self.get_context(name, value, attrs))


class HiddenInput(DirectInputMixin, forms.HiddenInput):
    pass


class TextInput(DirectInputMixin, forms.TextInput):
    pass
