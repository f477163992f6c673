import datetime

import factory
import wagtail_factories

from commitments.funding import FundingProgramme
from commitments.models import (
    Assembly,
    CharterPage,
    CharterSignatory,
    CharterStatus,
    CommitmentsIndexPage,
    ConventionPage,
    ConventionParty,
    DeliberationPage,
    EUVisibilitySettings,
    JoinCharterFormField,
    JoinCharterPage,
    SignatoryRole,
    VoteOutcome,
)


def article(number, title, body="<p>Le texte de l'article.</p>", sub_articles=()):
    return {
        "type": "article",
        "value": {
            "number": str(number),
            "title": title,
            "body": body,
            "sub_articles": [{"number": str(n), "title": t, "body": b} for n, t, b in sub_articles],
        },
    }


class LogoImageFactory(wagtail_factories.ImageFactory):
    """A PNG logo; set its pixel size with ``file__width`` and ``file__height``."""

    title = factory.Sequence(lambda n: f"Logo {n}")
    file = factory.django.ImageField(width=240, height=80, color="navy", filename="logo.png")


class PdfDocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Document signé {n}")
    file = factory.django.FileField(filename="document.pdf", data=b"%PDF-1.4\n%%EOF\n")


class CommitmentsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Engagements"
    slug = "engagements"
    intro = "<p>La charte et les conventions du territoire.</p>"

    class Meta:
        model = CommitmentsIndexPage


class CharterPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Charte d'engagement {n}")
    status = CharterStatus.IN_FORCE
    adopted_on = datetime.date(2025, 3, 14)
    summary = "Les acheteurs publics s'engagent pour des achats socialement responsables."
    preamble = "<p>La commande publique est un levier pour l'emploi.</p>"
    steering = "<p>Deux comités techniques par an.</p>"
    articles = factory.LazyFunction(
        lambda: [
            article(1, "Objet de la charte"),
            article(
                2,
                "Engagements des acheteurs",
                sub_articles=[("2-1", "Fixer des objectifs", "<p>Chaque année.</p>")],
            ),
        ]
    )

    class Meta:
        model = CharterPage


class CharterSignatoryFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(CharterPageFactory)
    organisation = factory.Sequence(lambda n: f"Commune signataire {n}")
    role = SignatoryRole.SIGNATORY
    representative_title = "le Maire"
    signature_date = datetime.date(2025, 3, 14)

    class Meta:
        model = CharterSignatory


class ConventionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Convention de partenariat {n}")
    summary = "Une convention pour développer les clauses sociales."
    object = "<p>Définir les engagements des parties.</p>"
    articles = factory.LazyFunction(lambda: [article(1, "Objet"), article(2, "Engagements")])
    start_date = datetime.date(2025, 1, 1)
    duration_months = 12
    tacit_renewal = True
    notice_period_months = 3
    financial_impact = "Sans incidence financière."

    class Meta:
        model = ConventionPage

    class Params:
        cofunded = factory.Trait(
            funding_programme=FundingProgramme.FSE_PLUS_2021_2027,
            eu_operation_description="La mission de facilitation des clauses sociales.",
            eu_operation_objectives="Accompagner 300 personnes vers l'emploi.",
            eu_operation_results="120 000 heures d'insertion réalisées en 2025.",
        )


class ConventionPartyFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(ConventionPageFactory)
    organisation = factory.Sequence(lambda n: f"Partie {n}")
    representative_title = "le Président"
    role = "le facilitateur"

    class Meta:
        model = ConventionParty


class DeliberationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Approbation d'une convention {n}")
    authority = "Métropole des Trois-Rivières"
    assembly = Assembly.BUREAU
    session_date = datetime.date(2024, 12, 12)
    number = factory.Sequence(lambda n: f"ECOR-{n:03d}-13530/24/BM")
    legal_references = (
        "Le Code général des collectivités territoriales ;\nLe Code de la commande publique."
    )
    vote_outcome = VoteOutcome.UNANIMOUS
    received_by_prefecture_on = datetime.date(2024, 12, 18)

    class Meta:
        model = DeliberationPage
        skip_postgeneration_save = True

    @factory.post_generation
    def approved_conventions(self, create, extracted, **kwargs):
        if create and extracted:
            self.approved_conventions.set(extracted)
            self.save()


class JoinCharterPageFactory(wagtail_factories.PageFactory):
    title = "Demander à signer la charte"
    slug = "adherer"
    intro = "<p>Votre organisation veut s'engager ?</p>"
    thank_you_text = "<p>Merci, nous revenons vers vous.</p>"
    subject = "Nouvelle demande d'adhésion à la charte"

    class Meta:
        model = JoinCharterPage


class JoinCharterFormFieldFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(JoinCharterPageFactory)
    label = factory.Sequence(lambda n: f"Question {n}")
    field_type = "singleline"
    required = True

    class Meta:
        model = JoinCharterFormField


class EUVisibilitySettingsFactory(factory.django.DjangoModelFactory):
    site = factory.SubFactory(wagtail_factories.SiteFactory)

    class Meta:
        model = EUVisibilitySettings

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # One settings row per site, possibly created already by ``for_site()``.
        site = kwargs.pop("site")
        instance, _created = model_class.objects.update_or_create(site=site, defaults=kwargs)
        return instance
