"""Database backend (SQLite and PostgreSQL): full-text index, SQL facets, SQL distances.

Facets need few queries whatever the data size: one ``GROUP BY`` over the combinations of
(family, kind, region, department, collaboration modes) — from which every one of these
facets is computed in Python, each excluding its own filter (multi-select facets) — and
two for the sectors (which live in a many-to-many table).

Distances use the equirectangular approximation (pure arithmetic, indexable bounding box,
error below 0.5 % at 200 km); displayed distances are exact (haversine).
"""

from collections import Counter

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Q,
    Value,
    When,
)
from django.utils.translation import gettext as _

from directory.models import PerimeterKind, Structure
from directory.search.backends.base import SearchBackend, attach_distances, structures_for_page
from directory.search.fulltext import text_filter
from directory.search.geo import KM_PER_DEGREE, bounding_box, longitude_scale
from directory.search.query import MODES
from directory.search.results import PageInfo, SearchResults, build_facets
from directory.text import normalise

COMBO_FIELDS = (
    "family",
    "kind",
    "region_id",
    "department_id",
    *(field for field, _label in MODES.values()),
)


def squared_distance(place):
    """Squared distance in degrees of latitude between each structure and the place (SQL)."""
    scale = longitude_scale(place.latitude)
    dlat = F("latitude") - Value(place.latitude)
    dlon = (F("longitude") - Value(place.longitude)) * Value(scale)
    return ExpressionWrapper(dlat * dlat + dlon * dlon, output_field=FloatField())


def place_filter(place, radius_km):
    """Structures located within ``radius_km`` of the place, or whose perimeter covers it.

    Needs the ``dist2`` alias (``squared_distance``) on the queryset.
    """
    min_lat, max_lat, min_lon, max_lon = bounding_box(place.latitude, place.longitude, radius_km)
    radius_deg2 = (radius_km / KM_PER_DEGREE) ** 2
    located = Q(
        latitude__gte=min_lat,
        latitude__lte=max_lat,
        longitude__gte=min_lon,
        longitude__lte=max_lon,
        dist2__lte=radius_deg2,
    )
    national = Q(perimeter_kind=PerimeterKind.NATIONAL)
    territories = Q(perimeter_kind=PerimeterKind.TERRITORIES) & (
        Q(
            pk__in=Structure.perimeter_regions.through.objects.filter(
                region_id=place.region_id
            ).values("structure_id")
        )
        | Q(
            pk__in=Structure.perimeter_departments.through.objects.filter(
                department_id=place.department_id
            ).values("structure_id")
        )
    )
    # A structure further than radius_km covers the place if its own radius reaches it.
    wide_radius = Q(
        perimeter_kind=PerimeterKind.RADIUS,
        perimeter_radius_km__gt=radius_km,
        dist2__lte=F("perimeter_radius2"),
    )
    return located | national | territories | wide_radius


class DatabaseBackend(SearchBackend):
    name = "database"

    def search(self, query, taxonomy):
        base = self._base(query)
        common = self._common_filter(query)
        dimensions = self._dimension_filters(query, taxonomy)
        sector_q = self._sector_filter(query, taxonomy)

        counts, total = self._combo_facets(base.filter(common, sector_q), query, taxonomy)
        counts.update(self._sector_facets(base.filter(common, *dimensions.values()), taxonomy))

        page = PageInfo(number=query.page, per_page=query.per_page, total=total)
        errors = list(query.errors)
        if query.page > page.num_pages:
            if total:
                errors.append(_("Cette page n'existe pas : voici la dernière page des résultats."))
            page = PageInfo(number=page.num_pages, per_page=query.per_page, total=total)

        ids = []
        if total:
            matching = base.filter(common, sector_q, *dimensions.values())
            ordered = self._order(matching, query)
            ids = list(
                ordered.values_list("pk", flat=True)[page.offset : page.offset + page.per_page]
            )
        items = attach_distances(structures_for_page(ids), query.place)
        return SearchResults(
            query=query,
            items=items,
            total=total,
            facets=build_facets(query, taxonomy, counts),
            page=page,
            errors=errors,
            backend=self.name,
        )

    def matching(self, query, taxonomy):
        """Every published structure matching ``query``, in its sort order (CSV export)."""
        base = self._base(query)
        filters = [
            self._common_filter(query),
            self._sector_filter(query, taxonomy),
            *self._dimension_filters(query, taxonomy).values(),
        ]
        return self._order(base.filter(*filters), query)

    # Filters ---------------------------------------------------------------------

    def _base(self, query):
        base = Structure.objects.published().order_by()
        if query.place:
            base = base.alias(
                dist2=squared_distance(query.place),
                perimeter_radius2=ExpressionWrapper(
                    F("perimeter_radius_km") * F("perimeter_radius_km") / Value(KM_PER_DEGREE**2),
                    output_field=FloatField(),
                ),
            )
        return base

    def _common_filter(self, query):
        """Filters that are not facets: text (or SIRET/SIREN) and place."""
        condition = Q()
        if query.siret:
            condition &= Q(siret=query.siret)
        elif query.siren:
            condition &= Q(siret__startswith=query.siren)
        else:
            condition &= text_filter(query.terms)
        if query.place:
            condition &= place_filter(query.place, query.radius_km)
        return condition

    def _dimension_filters(self, query, taxonomy):
        filters = {}
        if query.families:
            filters["famille"] = Q(family__in=query.families)
        if query.kinds:
            filters["type"] = Q(kind__in=query.kinds)
        if query.regions:
            filters["region"] = Q(region_id__in=taxonomy.region_ids(query.regions))
        if query.departments:
            filters["departement"] = Q(department_id__in=taxonomy.department_ids(query.departments))
        if query.modes:
            filters["modalite"] = Q(**{MODES[mode][0]: True for mode in query.modes})
        return filters

    def _sector_filter(self, query, taxonomy):
        """Structures with any selected sector or any sector of a selected group."""
        if not (query.sectors or query.sector_groups):
            return Q()
        through = Structure.sectors.through.objects
        condition = Q(sector_id__in=taxonomy.sector_ids(query.sectors)) | Q(
            sector__group_id__in=taxonomy.group_ids(query.sector_groups)
        )
        return Q(pk__in=through.filter(condition).values("structure_id"))

    # Facets ----------------------------------------------------------------------

    def _combo_facets(self, queryset, query, taxonomy):
        rows = queryset.values_list(*COMBO_FIELDS).annotate(n=Count("pk")).order_by()
        region_ids = set(taxonomy.region_ids(query.regions))
        department_ids = set(taxonomy.department_ids(query.departments))
        regions = {region.pk: code for code, region in taxonomy.regions.items()}
        departments = {department.pk: code for code, department in taxonomy.departments.items()}
        mode_fields = [MODES[mode][0] for mode in query.modes]
        mode_index = {mode: COMBO_FIELDS.index(field) for mode, (field, _label) in MODES.items()}
        counts = {
            name: Counter() for name in ("famille", "type", "region", "departement", "modalite")
        }
        total = 0
        for row in rows:
            family, kind, region_id, department_id = row[:4]
            n = row[-1]
            ok = {
                "famille": not query.families or family in query.families,
                "type": not query.kinds or kind in query.kinds,
                "region": not query.regions or region_id in region_ids,
                "departement": not query.departments or department_id in department_ids,
                "modalite": all(row[COMBO_FIELDS.index(field)] for field in mode_fields),
            }
            keys = {
                "famille": family,
                "type": kind,
                "region": regions.get(region_id),
                "departement": departments.get(department_id),
            }
            for name, key in keys.items():
                if key is not None and all(value for other, value in ok.items() if other != name):
                    counts[name][key] += n
            if all(ok.values()):
                total += n
                for mode, index in mode_index.items():
                    if row[index]:
                        counts["modalite"][mode] += n
        return counts, total

    def _sector_facets(self, queryset, taxonomy):
        """Counts per sector and per sector group (distinct structures), sector filter excluded."""
        through = Structure.sectors.through.objects.filter(structure_id__in=queryset.values("pk"))
        sectors = {sector.pk: slug for slug, sector in taxonomy.sectors.items()}
        groups = {group.pk: slug for slug, group in taxonomy.groups.items()}
        sector_counts = Counter()
        for sector_id, n in (
            through.values_list("sector_id").annotate(n=Count("structure_id")).order_by()
        ):
            if sector_id in sectors:
                sector_counts[sectors[sector_id]] = n
        group_counts = Counter()
        for group_id, n in (
            through.values_list("sector__group_id")
            .annotate(n=Count("structure_id", distinct=True))
            .order_by()
        ):
            if group_id in groups:
                group_counts[groups[group_id]] = n
        return {"secteur": sector_counts, "secteur_groupe": group_counts}

    # Order -----------------------------------------------------------------------

    def _order(self, queryset, query):
        sort = query.effective_sort
        if sort == "distance" and query.place:
            return queryset.order_by(F("dist2").asc(nulls_last=True), "sort_name", "pk")
        if sort == "recent":
            return queryset.order_by(F("published_at").desc(nulls_last=True), "pk")
        if sort == "pertinence" and query.terms:
            phrase = normalise(query.text)
            first = query.terms[0]
            rank = Case(
                When(sort_name=phrase, then=Value(0)),
                When(sort_name__startswith=phrase, then=Value(1)),
                When(sort_name__startswith=first, then=Value(2)),
                When(sort_name__contains=f" {first}", then=Value(3)),
                default=Value(4),
                output_field=IntegerField(),
            )
            return queryset.alias(rank=rank).order_by("rank", "sort_name", "pk")
        return queryset.order_by("sort_name", "pk")
