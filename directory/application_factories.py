"""Factories for the registration and moderation models (applications, edit links, emails)."""

import hashlib

import factory
from django.utils import timezone

from directory.application_data import normalise_data
from directory.factories import SectorFactory, StructureFactory
from directory.models import (
    ApplicationKind,
    ApplicationStatus,
    EditLink,
    EmailKind,
    EmailStatus,
    OutgoingEmail,
    PerimeterKind,
    StructureApplication,
    StructureKind,
)
from directory.siret import siret_from_number


def listing_data(sectors=None, **overrides):
    """A complete, valid listing in the JSON shape of ``directory.application_data``."""
    if sectors is None:
        sectors = [SectorFactory()]
    data = {
        "legal_name": "Les Jardins du Canal",
        "brand_name": "",
        "kind": StructureKind.ACI,
        "description": "Chantier d'insertion en espaces verts et maraîchage biologique.",
        "services": "Entretien d'espaces verts, débroussaillage, petits aménagements.",
        "labels": "",
        "accepts_subcontracting": True,
        "accepts_cocontracting": False,
        "accepts_staff_provision": False,
        "insertion_headcount_band": "10-19",
        "permanent_headcount_band": "1-9",
        "address": "12 chemin du Canal",
        "postcode": "13001",
        "city": "Marseille",
        "commune": None,
        "perimeter_kind": PerimeterKind.RADIUS,
        "perimeter_radius_km": 30,
        "perimeter_regions": [],
        "perimeter_departments": [],
        "contact_name": "Camille Durand",
        "contact_email": "camille@jardins-du-canal.example.org",
        "contact_phone": "04 91 00 00 00",
        "show_contact_name": True,
        "show_contact_email": True,
        "show_contact_phone": False,
        "website": "",
        "sectors": [sector.pk for sector in sectors],
    }
    data.update(overrides)
    return normalise_data(data)


class StructureApplicationFactory(factory.django.DjangoModelFactory):
    """A registration whose address is confirmed: waiting in the moderation queue."""

    kind = ApplicationKind.REGISTRATION
    status = ApplicationStatus.PENDING
    siret = factory.Sequence(lambda n: siret_from_number(50_000_000 + n * 7907))
    data = factory.LazyFunction(listing_data)
    display_name = factory.LazyAttribute(lambda o: o.data["brand_name"] or o.data["legal_name"])
    contact_email = factory.LazyAttribute(lambda o: o.data["contact_email"])
    consented_at = factory.LazyFunction(timezone.now)
    email_confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = StructureApplication

    class Params:
        unconfirmed = factory.Trait(status=ApplicationStatus.UNCONFIRMED, email_confirmed_at=None)


class ChangeApplicationFactory(StructureApplicationFactory):
    """A change proposed for a published structure."""

    kind = ApplicationKind.CHANGE
    structure = factory.SubFactory(StructureFactory)
    siret = factory.LazyAttribute(lambda o: o.structure.siret)
    contact_email = factory.LazyAttribute(lambda o: o.structure.contact_email)


class OutgoingEmailFactory(factory.django.DjangoModelFactory):
    kind = EmailKind.CONFIRMATION
    recipients = "camille@jardins-du-canal.example.org"
    subject = "Confirmez votre demande d'inscription à l'annuaire"
    body = "Bonjour,\n\nConfirmez votre demande.\n"
    status = EmailStatus.PENDING
    next_attempt_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = OutgoingEmail


class EditLinkFactory(factory.django.DjangoModelFactory):
    """A link row; tests that need a working token use ``directory.edit_links.issue_edit_link``."""

    structure = factory.SubFactory(StructureFactory)
    email = factory.LazyAttribute(lambda o: o.structure.contact_email)
    nonce_hash = factory.Sequence(lambda n: hashlib.sha256(f"nonce-{n}".encode()).hexdigest())

    class Meta:
        model = EditLink
