"""Factories for every model and page type of the opportunities app."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from directory.factories import CommuneFactory, SectorFactory
from opportunities.choices import BuyerKind, Nature, Procedure
from opportunities.clauses import ClauseType
from opportunities.models import (
    AlertDelivery,
    AlertSubscription,
    Buyer,
    Facilitator,
    Lot,
    OpportunityIndexPage,
    OpportunityPage,
    OpportunitySector,
)


class BuyerFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Acheteur public {n}")
    kind = BuyerKind.LOCAL_AUTHORITY
    website = "https://acheteur.example.org/"
    buyer_profile_url = "https://marches.example.org/acheteur/"

    class Meta:
        model = Buyer
        django_get_or_create = ("name",)


class FacilitatorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Facilitatrice {n}")
    organisation = "Maison de l'emploi des Trois-Rivières"
    email = factory.Sequence(lambda n: f"facilitateur{n}@example.org")
    phone = "01 00 00 00 00"
    territory = "Trois-Rivières"

    class Meta:
        model = Facilitator


class OpportunityIndexPageFactory(wagtail_factories.PageFactory):
    title = "Opportunités"
    slug = "opportunites"
    intro = "<p>Les marchés publics à venir qui comportent des clauses sociales.</p>"

    class Meta:
        model = OpportunityIndexPage


def _today():
    return timezone.localdate()


class OpportunityPageFactory(wagtail_factories.PageFactory):
    """An open consultation (published ten days ago, deadline in twenty days) with one lot
    carrying an insertion clause, unless ``lots`` says otherwise.

    ``lots`` is a list of dicts of Lot fields (``sectors`` as a list of Sector objects)."""

    title = factory.Sequence(lambda n: f"Marché de services n° {n}")
    buyer = factory.SubFactory(BuyerFactory)
    reference = factory.Sequence(lambda n: f"2026-{n:04d}")
    summary = "Entretien des bâtiments publics avec des heures d'insertion."
    nature = Nature.SERVICES
    procedure = Procedure.OPEN
    cpv_codes = "90910000-9"
    amount_min = 200_000
    amount_max = 400_000
    place = factory.SubFactory(CommuneFactory)
    publication_date = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=10))
    deadline = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=20))
    duration_months = 24
    documents_url = "https://marches.example.org/consultation/1234"
    facilitator = factory.SubFactory(FacilitatorFactory)
    # Set by Wagtail when a revision is published; factories add the page live directly.
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyAttribute(lambda o: o.first_published_at)

    class Meta:
        model = OpportunityPage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        lots = kwargs.pop("lots", None)
        parent = kwargs.pop("parent", None)
        if lots is None:
            lots = [
                {
                    "title": "Lot unique",
                    "clauses": [ClauseType.INSERTION.value],
                    "insertion_hours": 700,
                }
            ]
        instance = model_class(**kwargs)
        for number, spec in enumerate(lots, start=1):
            spec = dict(spec)
            sectors = spec.pop("sectors", [])
            spec.setdefault("number", number)
            spec.setdefault("sort_order", number - 1)
            lot = Lot(**spec)
            lot.sectors = sectors
            instance.lots.add(lot)
        if parent is not None:
            parent.add_child(instance=instance)
        else:
            model_class.add_root(instance=instance)
        return instance


class LotFactory(factory.django.DjangoModelFactory):
    opportunity = factory.SubFactory(OpportunityPageFactory)
    number = factory.Sequence(lambda n: n + 2)
    title = factory.Sequence(lambda n: f"Lot {n}")
    clauses = factory.LazyFunction(lambda: [ClauseType.SOCIAL_CRITERION.value])

    class Meta:
        model = Lot


class OpportunitySectorFactory(factory.django.DjangoModelFactory):
    """A denormalised sector row (normally written by ``OpportunityPage.save``)."""

    opportunity = factory.SubFactory(OpportunityPageFactory)
    sector = factory.SubFactory(SectorFactory)

    class Meta:
        model = OpportunitySector


class AlertSubscriptionFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"abonne{n}@example.org")
    filters = "clause=insertion"
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = AlertSubscription


class AlertDeliveryFactory(factory.django.DjangoModelFactory):
    subscription = factory.SubFactory(AlertSubscriptionFactory)
    opportunity = factory.SubFactory(OpportunityPageFactory)

    class Meta:
        model = AlertDelivery
