"""Template helpers of the directory: structure cards, perimeters, facet links."""

import html

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.models import PerimeterKind

register = template.Library()


@register.filter
def sectors_by_group(structure):
    """``[(group, [sectors…]), …]`` from the prefetched ``sectors__group`` (no query)."""
    groups = {}
    for sector in structure.sectors.all():
        groups.setdefault(sector.group, []).append(sector)
    return sorted(
        ((group, sorted(sectors, key=lambda s: s.name)) for group, sectors in groups.items()),
        key=lambda item: (item[0].order, item[0].name),
    )


@register.simple_tag
def perimeter_description(structure):
    """Where the structure works, in one French sentence (perimeter M2Ms prefetched)."""
    if structure.perimeter_kind == PerimeterKind.NATIONAL:
        return _("Elle intervient dans toute la France.")
    if structure.perimeter_kind == PerimeterKind.TERRITORIES:
        names = [region.name for region in structure.perimeter_regions.all()] + [
            str(department) for department in structure.perimeter_departments.all()
        ]
        if names:
            return _("Elle intervient sur ces territoires : %(places)s.") % {
                "places": ", ".join(names)
            }
    place = structure.city or _("son adresse")
    if structure.perimeter_radius_km:
        return ngettext(
            "Elle intervient dans un rayon de %(km)d kilomètre autour de %(place)s.",
            "Elle intervient dans un rayon de %(km)d kilomètres autour de %(place)s.",
            structure.perimeter_radius_km,
        ) % {"km": structure.perimeter_radius_km, "place": place}
    return _("Elle intervient autour de %(place)s.") % {"place": place}


@register.simple_tag
def opportunities_url(structure):
    """The opportunities this structure could answer, once the opportunities app has a
    listing named ``opportunities:index`` accepting ``secteur`` filters; None before."""
    try:
        url = reverse("opportunities:index")
    except NoReverseMatch:
        return None
    slugs = [sector.slug for sector in structure.sectors.all()]
    return f"{url}?{'&'.join(f'secteur={slug}' for slug in slugs)}" if slugs else url


@register.simple_tag
def sector_tree(results):
    """``[(group value, [sector values])]`` from the two sector facets, for nested display."""
    groups = results.facet("secteur_groupe")
    sectors = results.facet("secteur")
    if groups is None or sectors is None:
        return []
    by_group = {}
    for value in sectors.values:
        by_group.setdefault(value.parent, []).append(value)
    tree = [(group, by_group.pop(group.value, [])) for group in groups.values]
    # A selected sector whose group has no other result still shows, under its group.
    return tree


@register.simple_tag
def toggle_url(query, name, value):
    """The query string with a facet value added or removed."""
    return query.toggled(name, value)


@register.simple_tag
def page_url(query, number):
    """The query string of another page of the same search."""
    return query.querystring(page=number)


def _count(value):
    """12345 -> "12 345" (narrow no-break space), like ``fr_number`` but cheap."""
    return f"{value:,}".replace(",", "\u202f")


def _option(name, option, id_prefix, unit):
    """One checkbox of a facet with its label and count. Built with plain string formatting
    and the standard library's ``html.escape`` on every dynamic part (what Django's
    ``escape`` does, without its lazy-string wrapper: three calls per value, hundreds of
    values): template loops or ``format_html`` would dominate the page's rendering time."""
    value = html.escape(option.value)
    input_id = html.escape(f"{id_prefix}-{option.value}")  # validated codes and slugs
    checked = " checked" if option.selected else ""
    return (
        f'<input type="checkbox" name="{name}" value="{value}" id="{input_id}"{checked}>'
        f'<label for="{input_id}">{html.escape(option.label)} <span class="facet-count">'
        f'({_count(option.count)}<span class="visually-hidden"> {unit}</span>)</span></label>'
    )


@register.simple_tag
def facet_fieldset(facet):
    """A facet as a fieldset of checkboxes (nothing when it has no value to offer)."""
    if facet is None or not facet.values:
        return ""
    unit = escape(_("structures"))
    name = escape(facet.name)
    items = "\n".join(
        f"<li>{_option(name, option, f'f-{name}', unit)}</li>" for option in facet.values
    )
    return mark_safe(
        f'<fieldset class="facet"><legend>{escape(facet.label)}</legend>'
        f'<ul class="choice-list">{items}</ul></fieldset>'
    )


@register.simple_tag
def sector_fieldset(results):
    """Sector groups as checkboxes, each with its sectors in a disclosure (no JavaScript)."""
    tree = sector_tree(results)
    if not tree:
        return ""
    unit = escape(_("structures"))
    refine = escape(_("Préciser"))
    items = []
    for group, sectors in tree:
        nested = ""
        if sectors:
            opened = " open" if any(sector.selected for sector in sectors) else ""
            within = escape(_("dans %(group)s") % {"group": group.label})
            options = "\n".join(
                f"<li>{_option('secteur', sector, 'f-secteur', unit)}</li>" for sector in sectors
            )
            nested = (
                f'<details class="facet__details"{opened}><summary>{refine}'
                f'<span class="visually-hidden"> {within}</span></summary>'
                f'<ul class="choice-list">{options}</ul></details>'
            )
        items.append(f"<li>{_option('secteur_groupe', group, 'f-groupe', unit)}{nested}</li>")
    legend = escape(_("Secteurs d'activité"))
    return mark_safe(
        f'<fieldset class="facet"><legend>{legend}</legend>'
        f'<ul class="choice-list">{"".join(items)}</ul></fieldset>'
    )
