"""In-memory facet index of the published structures, one per process.

Every facet value (family, kind, region, department, collaboration mode, sector, sector
group) and every perimeter (national, region, department, declared radius) is a bitset over
the published structures (a Python ``int``, one bit per structure, positions in name order).
Counting a facet value under any combination of filters is an ``&`` and a ``bit_count()``;
small result sets are counted position by position; the whole directory uses precomputed
totals. Text conditions come from SQL (full-text index) as ids, remembered per word list;
places from the index's own spatial grid (``geo_grid``), built from the coordinates and
radius perimeters it holds. The opportunity helpers (``opportunities.matching``) pick their
candidates from it too.

The index is rebuilt (about two seconds for 100,000 structures) when the directory's version
token (``DirectoryState``) changes: signals and imports bump it.
"""

import logging
import threading
import time
from array import array
from collections import Counter, defaultdict

from django.db import connections

from directory.models import DirectoryState, PerimeterKind, Sector, Structure
from directory.search.fulltext import text_ids
from directory.search.geo_grid import GeoGrid
from directory.search.query import MODES

MAX_AGE_SECONDS = 600  # rebuild at least this often, whatever the token says
SPARSE_LIMIT = 3000  # up to this many matches, count position by position
ASYNC_REBUILD_MIN_SIZE = 20_000  # from this size, rebuild in the background
TEXT_CACHE_SIZE = 512  # searched word lists remembered per index (12.5 KB each at 100,000)

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_current = {}

FIELDS = (
    "pk",
    "family",
    "kind",
    "region_id",
    "department_id",
    "perimeter_kind",
    "latitude",
    "longitude",
    "sort_name",
    "published_at",
    "perimeter_radius_km",
)


def bits_from_positions(positions, size):
    buffer = bytearray(size // 8 + 1)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def positions_of(bits, limit=None):
    """Positions of the set bits in increasing order (the first ``limit`` ones if given)."""
    text = bin(bits)[:1:-1]  # least significant bit first
    positions = []
    find = text.find
    position = find("1")
    while position != -1 and (limit is None or len(positions) < limit):
        positions.append(position)
        position = find("1", position + 1)
    return positions


class FacetIndex:
    def __init__(self, token):
        self.token = token
        self.built_at = time.monotonic()
        mode_fields = [field for field, _label in MODES.values()]
        rows = list(
            Structure.objects.published()
            .order_by("sort_name", "pk")
            .values_list(*FIELDS, *mode_fields)
        )
        self.size = size = len(rows)
        self.ids = array("q", (row[0] for row in rows))  # position -> id
        self.position = position_of = {pk: position for position, pk in enumerate(self.ids)}
        nan = float("nan")
        self.latitude = array("d", (nan if row[6] is None else row[6] for row in rows))
        self.longitude = array("d", (nan if row[7] is None else row[7] for row in rows))
        self.sort_names = [row[8] for row in rows]
        self.published = array("d", (row[9].timestamp() if row[9] else 0.0 for row in rows))

        positions = defaultdict(list)
        interned = {}
        keys_at = [[] for _row in rows]  # facet keys of each position

        def add(key, position, facet=True):
            key = interned.setdefault(key, key)
            positions[key].append(position)
            if facet:
                keys_at[position].append(key)

        for position, row in enumerate(rows):
            add(("famille", row[1]), position)
            add(("type", row[2]), position)
            if row[3] is not None:
                add(("region", row[3]), position)
            if row[4] is not None:
                add(("departement", row[4]), position)
            if row[5] == PerimeterKind.NATIONAL:
                add(("perimetre", "national"), position, facet=False)
            elif row[5] == PerimeterKind.RADIUS and row[10] is not None:
                # A declared radius (in ``geo.reach_km``), even 0 km: it covers what it reaches.
                add(("perimetre", "rayon"), position, facet=False)
            for mode, flag in zip(MODES, row[len(FIELDS) :], strict=True):
                if flag:
                    add(("modalite", mode), position)

        groups = dict(Sector.objects.values_list("pk", "group_id"))
        sectors = (
            Structure.sectors.through.objects.filter(structure__publication_state="published")
            .values_list("structure_id", "sector_id")
            .iterator(chunk_size=20_000)
        )
        for structure_id, sector_id in sectors:
            position = position_of.get(structure_id)
            if position is None:
                continue
            add(("secteur", sector_id), position)
            group_key = ("secteur_groupe", groups.get(sector_id))
            if group_key not in keys_at[position]:  # a structure counts once per group
                add(group_key, position)

        territories = Structure.objects.published().filter(perimeter_kind=PerimeterKind.TERRITORIES)
        for name, through, column in (
            ("perimetre_region", Structure.perimeter_regions.through, "region_id"),
            ("perimetre_departement", Structure.perimeter_departments.through, "department_id"),
        ):
            links = (
                through.objects.filter(structure__in=territories.values("pk"))
                .values_list("structure_id", column)
                .iterator(chunk_size=20_000)
            )
            for structure_id, value in links:
                position = position_of.get(structure_id)
                if position is not None:
                    add((name, value), position, facet=False)

        # Places: located structures and radius perimeters reaching a place, in memory.
        self.geo = GeoGrid(
            self.latitude,
            self.longitude,
            array(
                "d",
                (float(row[10] or 0) if row[5] == PerimeterKind.RADIUS else 0.0 for row in rows),
            ),
        )
        self.bits = {key: bits_from_positions(values, size) for key, values in positions.items()}
        self.totals = {key: len(values) for key, values in positions.items()}
        self.keys_at = [tuple(keys) for keys in keys_at]
        self.all = (1 << size) - 1
        self._text_bits = {}  # word list -> bits (``text_bits``)

    def get(self, name, value):
        return self.bits.get((name, value), 0)

    def any_of(self, name, values):
        bits = 0
        for value in values:
            bits |= self.bits.get((name, value), 0)
        return bits

    def from_ids(self, ids):
        position = self.position
        return bits_from_positions(
            (index for index in map(position.get, ids) if index is not None), self.size
        )

    def text_bits(self, terms):
        """The structures whose text has a word starting with each of ``terms``, as bits.

        Asked of the full-text index once per word list and index version, then remembered:
        visitors search the same words again and again ("nettoyage", "espaces verts"), and
        the full-text query (10-15 ms on PostgreSQL for a common word at 100,000 structures)
        was the largest part of a text search. Any change to the directory builds a new
        index, and with it an empty memory."""
        key = tuple(terms)
        bits = self._text_bits.get(key)
        if bits is None:
            bits = self.from_ids(text_ids(terms))
            if len(self._text_bits) >= TEXT_CACHE_SIZE:
                self._text_bits.clear()  # simple and thread-safe; refilled by use
            self._text_bits[key] = bits
        return bits

    def ids_at(self, positions):
        return [self.ids[position] for position in positions]

    def counter(self, base):
        """``key -> count`` within ``base`` when that is cheap to get, else None.

        The whole index: precomputed totals. A small set: one pass over its positions.
        Large sets are counted key by key with bitset operations by the caller.
        """
        if base == self.all:
            return self.totals
        if base.bit_count() <= SPARSE_LIMIT:
            counts = Counter()
            keys_at = self.keys_at
            for position in positions_of(base):
                counts.update(keys_at[position])
            return counts
        return None


def _rebuild_in_background(token):
    """Build the index for ``token`` in a thread; searches keep the previous one meanwhile."""

    def build():
        try:
            _current["index"] = FacetIndex(token)
        except Exception:  # the next search retries synchronously if needed
            logger.exception("Annuaire : reconstruction de l'index des facettes impossible.")
        finally:
            _current.pop("building", None)
            connections.close_all()

    _current["building"] = token
    threading.Thread(target=build, name="directory-facet-index", daemon=True).start()


def _fresh(index, token):
    return (
        index is not None
        and index.token == token
        and time.monotonic() - index.built_at < MAX_AGE_SECONDS
    )


def current_index(token=None):
    """The facet index matching the database's current version.

    Small indexes are rebuilt on the spot. A large one (a rebuild takes about a second) is
    rebuilt in a background thread while searches keep using the previous version for a few
    seconds: counts may lag behind an edit briefly, and the page's structures are always
    re-checked as published when loaded.
    """
    token = token or DirectoryState.current_token()
    index = _current.get("index")
    if _fresh(index, token):
        return index
    with _lock:
        index = _current.get("index")
        if (
            index is not None
            and index.token == token
            and time.monotonic() - index.built_at < MAX_AGE_SECONDS
        ):
            return index
        if index is not None and index.size >= ASYNC_REBUILD_MIN_SIZE:
            if _current.get("building") != token:
                _rebuild_in_background(token)
            return index
        index = FacetIndex(token)
        _current["index"] = index
    return index


def warm_up():
    """Build the index in a background thread when a worker starts (``portal/wsgi.py``), so
    that no visitor waits for it (~2 s at 100,000 structures): a search arriving meanwhile
    waits for this build rather than starting its own. Returns the thread."""

    def build():
        try:
            current_index()
        except Exception:  # a database not migrated yet…: the first search builds it
            logger.warning("Annuaire : index des facettes non préparé au démarrage.", exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=build, name="directory-facet-index-warm-up", daemon=True)
    thread.start()
    return thread


def clear():
    _current.clear()
