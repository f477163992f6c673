"""Seeded generator of opportunities, for benchmarks (``bench/``): realistic volumes with
lots, clauses, sectors and places, reproducible from a seed.

Pages are added live under the list page (created when the demo content did not make one),
through the same ``save`` as an editor's publication, so every denormalised column and the
``OpportunitySector`` rows are right."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from directory.models import Commune, Department, Sector
from home.models import HomePage
from opportunities.clauses import ClauseType
from opportunities.models import Buyer, Lot, OpportunityIndexPage, OpportunityPage

CLAUSE_SETS = [
    [ClauseType.INSERTION],
    [ClauseType.INSERTION, ClauseType.SOCIAL_CRITERION],
    [ClauseType.SOCIAL_CRITERION],
    [ClauseType.RESERVED_SIAE],
    [ClauseType.RESERVED_DISABILITY],
    [ClauseType.RESERVED_ESS],
    [ClauseType.INSERTION_QUALIFICATION],
]
WORDS = [
    "Nettoyage",
    "Entretien",
    "Travaux",
    "Restauration",
    "Collecte",
    "Fourniture",
    "Maintenance",
    "Rénovation",
    "Transport",
    "Gardiennage",
    "Impression",
    "Numérisation",
]
PLACES = ["écoles", "gymnases", "parcs", "logements", "bureaux", "crèches", "voiries"]


def _index_page():
    index = OpportunityIndexPage.objects.first()
    if index is not None:
        return index
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("Pas de page d'accueil : chargez d'abord le contenu de démonstration.")
    index = OpportunityIndexPage(title="Opportunités", slug="opportunites", show_in_menus=True)
    home.add_child(instance=index)
    return index


def _communes(rng, count=100):
    """Communes to place opportunities in: those in the database, completed with generated
    ones spread over ten departments."""
    communes = list(Commune.objects.all()[:count])
    departments = list(Department.objects.select_related("region").order_by("code")[:10])
    number = 0
    while len(communes) < count:
        department = departments[number % len(departments)]
        code = f"{department.code[:2]}{800 + number:03d}"[-5:]
        commune, _created = Commune.objects.get_or_create(
            insee_code=code,
            defaults={
                "name": f"Commune générée {number}",
                "slug": f"commune-generee-{code.lower()}",
                "department": department,
                "region": department.region,
                "latitude": 43 + rng.random() * 5,
                "longitude": 1 + rng.random() * 6,
            },
        )
        communes.append(commune)
        number += 1
    return communes


def generate_opportunities(count, *, seed=2026, lots=5, progress=None):
    """Add ``count`` opportunities of ``lots`` lots each; returns the number created."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    index = _index_page()
    places = _communes(rng)
    buyers = [
        Buyer.objects.get_or_create(
            name=f"Acheteur public généré {number}", defaults={"kind": "collectivite"}
        )[0]
        for number in range(30)
    ]
    sectors = list(Sector.objects.all())
    today = timezone.localdate()
    start = OpportunityPage.objects.count()
    for number in range(start, start + count):
        publication = today + datetime.timedelta(days=rng.randint(-120, 60))
        page = OpportunityPage(
            title=f"{rng.choice(WORDS)} des {rng.choice(PLACES)} n° {number}",
            slug=f"opportunite-generee-{number}",
            buyer=rng.choice(buyers),
            summary="Marché public avec clauses sociales, généré pour les mesures.",
            nature=rng.choice(["travaux", "services", "fournitures"]),
            place=rng.choice(places),
            publication_date=publication,
            deadline=publication + datetime.timedelta(days=rng.randint(15, 90)),
            first_published_at=timezone.now(),
        )
        for lot_number in range(1, lots + 1):
            clauses = rng.choice(CLAUSE_SETS)
            lot = Lot(
                number=lot_number,
                sort_order=lot_number - 1,
                title=f"Lot {lot_number}",
                clauses=[clause.value for clause in clauses],
                insertion_hours=rng.randint(100, 3000) if ClauseType.INSERTION in clauses else None,
            )
            lot.sectors = rng.sample(sectors, 2)
            page.lots.add(lot)
        with transaction.atomic():
            index.add_child(instance=page)
        if progress and (number - start) % 250 == 249:
            progress(number - start + 1)
    return count
