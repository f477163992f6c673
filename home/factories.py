import factory
import wagtail_factories

from home.models import ContentPage, HomeEntryPoint, HomePage, SitemapPage


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
