import datetime

import factory
import wagtail_factories
from django.utils import timezone

from home.contact.defaults import DEFAULT_FORM_FIELDS
from home.models import (
    ContactFormField,
    ContactPage,
    ContentPage,
    EventPage,
    HomeEntryPoint,
    HomePage,
    KeyFiguresPage,
    NewsIndexPage,
    NewsPage,
    SitemapPage,
)


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Accueil"
    slug = "accueil"
    hero_title = "Les marchés publics au service de l'emploi"
    hero_text = "Opportunités, annuaire et engagements du territoire."

    class Meta:
        model = HomePage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page de contenu {n}")
    intro = "Une page de contenu du portail."
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>Un paragraphe de contenu.</p>"}]
    )

    class Meta:
        model = ContentPage


class SitemapPageFactory(wagtail_factories.PageFactory):
    title = "Plan du site"
    slug = "plan-du-site"

    class Meta:
        model = SitemapPage


class HomeEntryPointFactory(factory.django.DjangoModelFactory):
    audience = "Entreprises"
    title = "Trouver un marché"
    text = "Les marchés à venir avec des clauses sociales."
    link_label = "Voir les opportunités"

    class Meta:
        model = HomeEntryPoint


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Actualités"
    slug = "actualites"
    intro = "Les nouvelles des clauses sociales sur le territoire."

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Actualité {n}")
    date = factory.LazyFunction(datetime.date.today)
    intro = "Une actualité des clauses sociales."
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>Le texte de l'actualité.</p>"}]
    )

    class Meta:
        model = NewsPage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
            self.save()


class EventPageFactory(NewsPageFactory):
    title = factory.Sequence(lambda n: f"Rencontre acheteurs–SIAE {n}")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=3))
    place = "Hôtel de la Métropole, salle du conseil"
    address = "1 place de l'Hôtel de la Métropole\n00000 Trois-Rivières"
    registration_url = "https://example.org/inscription"

    class Meta:
        model = EventPage
        skip_postgeneration_save = True


class KeyFiguresPageFactory(wagtail_factories.PageFactory):
    title = "Chiffres clés"
    slug = "chiffres-cles"
    intro = "Les clauses sociales du territoire en quelques chiffres."
    charts = factory.LazyFunction(
        lambda: [
            {
                "type": "chart",
                "value": {
                    "figure": "directory.structures_by_kind",
                    "heading": "Les structures par type",
                    "description": "",
                },
            }
        ]
    )

    class Meta:
        model = KeyFiguresPage


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Contact"
    slug = "contact"
    intro = "Une question sur les clauses sociales ? Écrivez-nous."
    subject = "Nouveau message depuis le portail"

    class Meta:
        model = ContactPage
        skip_postgeneration_save = True

    @factory.post_generation
    def with_fields(self, create, extracted, **kwargs):
        if create and extracted is not False:
            for spec in DEFAULT_FORM_FIELDS:
                ContactFormField.objects.create(page=self, **spec)


class ContactFormFieldFactory(factory.django.DjangoModelFactory):
    label = factory.Sequence(lambda n: f"Champ {n}")
    field_type = "singleline"
    required = False

    class Meta:
        model = ContactFormField
