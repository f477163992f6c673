"""Template helpers of the directory: structure cards, perimeters, facet links."""

from django import template
from django.urls import NoReverseMatch, reverse
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
def distance_label(distance_km):
    """ "à 12 km", "à 2,5 km", "à moins d'1 km"."""
    if distance_km is None:
        return ""
    if distance_km < 1:
        return _("à moins d'1 km")
    if distance_km < 10:
        return _("à %(km)s km") % {"km": f"{distance_km:.1f}".replace(".", ",")}
    return _("à %(km)d km") % {"km": round(distance_km)}


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
def facet_is_open(facet):
    return any(value.selected for value in facet.values) if facet else False


@register.simple_tag
def toggle_url(query, name, value):
    """The query string with a facet value added or removed."""
    return query.toggled(name, value)


@register.simple_tag
def page_url(query, number):
    """The query string of another page of the same search."""
    return query.querystring(page=number)
