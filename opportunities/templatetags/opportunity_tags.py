"""Template helpers of the opportunity list."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_OPTION = (
    '<li><input type="{type}" id="{id}" name="{name}" value="{value}"{checked}> '
    '<label for="{id}">{label} <span class="facet-count">({count})</span></label></li>'
)


@register.simple_tag
def facet_options(facet):
    """The checkboxes (or radio buttons) of one facet, built in Python: the list shows about
    a hundred and fifty of them. Every value is escaped."""
    name = escape(facet.name)
    kind = escape(facet.input_type)
    html = "\n".join(
        _OPTION.format(
            type=kind,
            id=escape(option.input_id),
            name=name,
            value=escape(option.value),
            checked=" checked" if option.checked else "",
            label=escape(option.label),
            count=escape(option.count_text),
        )
        for option in facet.options
    )
    return mark_safe(html)  # built from escaped values only
