"""Template helpers of the opportunity list."""

import functools
from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@functools.lru_cache(maxsize=4096)
def _option_parts(kind, name, input_id, value, label):
    """The escaped markup of an option around its "checked" flag and its count. The same few
    hundred options come back on every list: they are escaped once per process."""
    input_id = escape(input_id)
    before = (
        f'<li><input type="{escape(kind)}" id="{input_id}" name="{escape(name)}" '
        f'value="{escape(value)}"'
    )
    after = f'> <label for="{input_id}">{escape(label)} <span class="facet-count">('
    return before, after


@register.simple_tag
def facet_options(facet):
    """The checkboxes (or radio buttons) of one facet, built in Python: the list shows about
    a hundred and fifty of them. Every value is escaped."""
    kind = facet.input_type
    html = "\n".join(
        "".join(
            (
                *_parts(kind, facet.name, option),
                escape(option.count_text),
                ")</span></label></li>",
            )
        )
        for option in facet.options
    )
    return mark_safe(html)  # built from escaped values only


def _parts(kind, name, option):
    before, after = _option_parts(kind, name, option.input_id, option.value, option.label)
    return before, " checked" if option.checked else "", after
