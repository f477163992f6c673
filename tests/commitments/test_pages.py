"""Page types of the commitments section: tree rules, rendering, listings and validation."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from wagtail.models import Page

from commitments import factories
from commitments.factories import (
    CharterPageFactory,
    CharterSignatoryFactory,
    CommitmentsIndexPageFactory,
    ConventionPageFactory,
    ConventionPartyFactory,
    DeliberationPageFactory,
    JoinCharterFormFieldFactory,
    JoinCharterPageFactory,
    LogoImageFactory,
    PdfDocumentFactory,
    article,
)
from commitments.models import (
    CharterPage,
    CharterStatus,
    CommitmentsIndexPage,
    ConventionPage,
    DeliberationPage,
    JoinCharterPage,
    SignatoryRole,
    VoteOutcome,
)
from home.factories import ContentPageFactory
from home.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db

CHILDREN = {CharterPage, ConventionPage, DeliberationPage, JoinCharterPage}


def test_every_page_type_and_model_has_a_factory():
    factory_models = {
        getattr(value, "_meta", None) and value._meta.model
        for value in vars(factories).values()
        if isinstance(value, type) and hasattr(value, "_meta")
    }
    for model in apps.get_app_config("commitments").get_models():
        assert model in factory_models, model.__name__


def test_tree_rules():
    assert CommitmentsIndexPage.allowed_parent_page_models() == [HomePage]
    assert set(CommitmentsIndexPage.allowed_subpage_models()) == CHILDREN
    assert CommitmentsIndexPage.max_count == 1
    for model in CHILDREN:
        assert model.allowed_parent_page_models() == [CommitmentsIndexPage], model
        assert model.allowed_subpage_models() == [], model
    assert JoinCharterPage.max_count == 1
    assert CommitmentsIndexPage not in ContentPage.allowed_subpage_models()


def test_only_one_index_and_one_join_page(home_page):
    index = CommitmentsIndexPageFactory(parent=home_page)
    assert not CommitmentsIndexPage.can_create_at(home_page)
    assert JoinCharterPage.can_create_at(index)
    JoinCharterPageFactory(parent=index)
    assert not JoinCharterPage.can_create_at(index)
    assert CharterPage.can_create_at(index)
    assert not CharterPage.can_create_at(home_page)


def test_index_is_in_the_main_navigation(client, home_page):
    CommitmentsIndexPageFactory(parent=home_page, title="Engagements")
    html = client.get("/").content.decode()
    nav = html.split('id="navigation"')[1].split("</nav>")[0]
    assert 'href="/engagements/"' in nav


def test_index_lists_each_kind_in_constant_queries(
    client, django_assert_max_num_queries, index_page
):
    def add_batch(n):
        CharterPageFactory(parent=index_page, title=f"Charte {n}")
        convention = ConventionPageFactory(parent=index_page, title=f"Convention {n}")
        ConventionPartyFactory(page=convention, organisation=f"Partie A{n}")
        ConventionPartyFactory(page=convention, organisation=f"Partie B{n}")
        DeliberationPageFactory(
            parent=index_page, title=f"Délibération {n}", approved_conventions=[convention]
        )

    add_batch(0)
    JoinCharterPageFactory(parent=index_page, title="Demander à signer la charte")
    client.get(index_page.url)  # warm caches (site, settings)
    with django_assert_max_num_queries(30) as small:
        response = client.get(index_page.url)
    few_queries = len(small.captured_queries)  # read now: the next request resets the log
    for n in range(1, 6):
        add_batch(n)
    client.get(index_page.url)  # new pages: the site's frame (menu, footer) is read again
    with django_assert_max_num_queries(few_queries):
        response = client.get(index_page.url)
    html = response.content.decode()
    for n in range(6):
        assert f"Charte {n}" in html
        assert f"Convention {n}" in html
        assert f"Partie B{n}" in html
        assert f"Délibération {n}" in html
    assert "Demander à signer la charte" in html


def test_charter_page_renders_articles_signatories_and_partners(client, index_page):
    charter = CharterPageFactory(
        parent=index_page,
        articles=[
            article(1, "Objet de la charte"),
            article(
                3,
                "Engagements des acheteurs",
                sub_articles=[("3-1", "Fixer des objectifs", "<p>Chaque année.</p>")],
            ),
        ],
        signed_document=PdfDocumentFactory(),
    )
    CharterSignatoryFactory(
        page=charter, organisation="Ville de Rivebelle", logo=LogoImageFactory()
    )
    CharterSignatoryFactory(
        page=charter, organisation="Réseau des SIAE", role=SignatoryRole.PARTNER
    )
    join = JoinCharterPageFactory(parent=index_page, charter=charter)
    html = client.get(charter.url).content.decode()
    assert "<h1>" + charter.title.replace("'", "&#x27;") + "</h1>" in html
    assert 'id="article-3"' in html
    assert "Article 3 — Engagements des acheteurs" in html
    assert 'id="article-3-1"' in html and "<h3>3-1 — Fixer des objectifs</h3>" in html
    assert 'href="#article-3"' in html  # table of contents
    signatories = html.split('id="signataires-titre"')[1].split("</section>")[0]
    partners = html.split('id="partenaires-titre"')[1].split("</section>")[0]
    assert "Ville de Rivebelle" in signatories and "Réseau des SIAE" not in signatories
    assert "Réseau des SIAE" in partners
    assert "partner-logo-img--56" in signatories
    assert "Télécharger la charte signée" in html
    assert f'href="{join.url}"' in html
    assert "En vigueur" in html


def test_superseded_charter_points_to_its_successor(client, index_page):
    new = CharterPageFactory(parent=index_page, title="Charte 2026")
    old = CharterPageFactory(
        parent=index_page, title="Charte 2019", status=CharterStatus.SUPERSEDED, superseded_by=new
    )
    html = client.get(old.url).content.decode()
    assert "Cette charte a été remplacée." in html
    assert f'href="{new.url}"' in html


def test_charter_validation(index_page):
    other = CharterPageFactory(parent=index_page)
    charter = CharterPageFactory.build(status=CharterStatus.IN_FORCE, superseded_by=other)
    with pytest.raises(ValidationError) as error:
        charter.clean()
    assert "superseded_by" in error.value.message_dict


def test_convention_page_renders_parties_dates_and_deliberations(client, index_page):
    convention = ConventionPageFactory(
        parent=index_page,
        title="Convention avec l'aménageur",
        start_date=datetime.date(2025, 1, 1),
        reference="CONV-2025-014",
        signed_document=PdfDocumentFactory(),
    )
    ConventionPartyFactory(
        page=convention,
        organisation="Établissement public d'aménagement",
        representative_title="le Directeur général",
        role="l'aménageur",
    )
    deliberation = DeliberationPageFactory(
        parent=index_page, number="ECOR-003-13530/23/BM", approved_conventions=[convention]
    )
    from unittest import mock

    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2025, 6, 15)):
        html = client.get(convention.url).content.decode()
    assert "CONV-2025-014" in html
    assert "Établissement public d&#x27;aménagement" in html
    assert "Représentation : le Directeur général" in html
    assert "ci-après « l&#x27;aménageur »" in html
    assert '<dd data-date="next-renewal"><time datetime="2026-01-01">' in html
    assert '<dd data-date="notice-deadline"><time datetime="2025-09-30">' in html
    assert "pour éviter la reconduction du 1er janvier 2026" in html
    assert "Sans incidence financière." in html
    assert f'href="{deliberation.url}"' in html
    assert "ECOR-003-13530/23/BM" in html
    assert "Télécharger la convention signée" in html
    assert 'class="eu-block' not in html


def test_convention_validation():
    convention = ConventionPageFactory.build(duration_months=12, notice_period_months=12)
    with pytest.raises(ValidationError) as error:
        convention.clean()
    assert "notice_period_months" in error.value.message_dict
    convention = ConventionPageFactory.build(tacit_renewal=False, max_renewals=2)
    with pytest.raises(ValidationError) as error:
        convention.clean()
    assert "max_renewals" in error.value.message_dict


def test_deliberation_page(client, index_page):
    convention = ConventionPageFactory(parent=index_page, title="Convention État – Métropole")
    draft = ConventionPageFactory(parent=index_page, title="Convention brouillon", live=False)
    deliberation = DeliberationPageFactory(
        parent=index_page,
        number="2024.00010",
        vote_outcome=VoteOutcome.MAJORITY,
        votes_for=54,
        votes_against=3,
        abstentions=6,
        legal_references="- Le Code général des collectivités territoriales ;\n\n- Le Code de la commande publique.",
        approved_conventions=[convention, draft],
        document=PdfDocumentFactory(),
    )
    html = client.get(deliberation.url).content.decode()
    assert "2024.00010" in html
    assert "Adoptée à la majorité — 54 voix pour, 3 voix contre, 6 abstentions" in html
    assert "<li>Le Code général des collectivités territoriales ;</li>" in html
    assert "18 décembre 2024" in html
    assert f'href="{convention.url}"' in html
    assert "Convention brouillon" not in html
    assert "Télécharger la délibération" in html


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"received_by_prefecture_on": datetime.date(2024, 12, 1)}, "received_by_prefecture_on"),
        ({"vote_outcome": VoteOutcome.UNANIMOUS, "votes_against": 2}, "votes_against"),
        ({"vote_outcome": VoteOutcome.MAJORITY, "votes_for": 3, "votes_against": 5}, "votes_for"),
    ],
)
def test_deliberation_validation(changes, field):
    deliberation = DeliberationPageFactory.build(
        session_date=datetime.date(2024, 12, 12), **changes
    )
    with pytest.raises(ValidationError) as error:
        deliberation.clean()
    assert field in error.value.message_dict


@pytest.mark.parametrize("number", ["ECOR-003-13530/23/BM", "2024.00010", "DEL 2025-114"])
def test_deliberation_numbers_accepted(number):
    DeliberationPage._meta.get_field("number").run_validators(number)


@pytest.mark.parametrize("number", ["<script>", "-12", "N° 12"])
def test_deliberation_numbers_refused(number):
    with pytest.raises(ValidationError):
        DeliberationPage._meta.get_field("number").run_validators(number)


def test_join_page_renders_an_accessible_form(client, index_page):
    page = JoinCharterPageFactory(parent=index_page)
    JoinCharterFormFieldFactory(page=page, label="Organisation", help_text="Nom complet")
    html = client.get(page.url).content.decode()
    assert '<label for="id_organisation">Organisation' in html
    assert 'aria-describedby="id_organisation_helptext"' in html
    assert 'id="id_organisation_helptext"' in html
    assert 'name="site_web"' in html  # shared anti-spam honeypot, visually hidden
    assert html.count("<label") == html.count("</label>")


def test_pages_render_in_preview(admin_client, index_page):
    """Editors preview every page type (in-memory relations included)."""
    charter = CharterPageFactory(parent=index_page)
    convention = ConventionPageFactory(parent=index_page, cofunded=True)
    deliberation = DeliberationPageFactory(parent=index_page, approved_conventions=[convention])
    for page in (index_page, charter, convention, deliberation):
        response = page.specific.make_preview_request()
        assert response.status_code == 200, page
    assert Page.objects.type(CharterPage).count() == 1


def test_admin_create_and_edit_views_load(admin_client, index_page, home_page):
    for model in (CharterPage, ConventionPage, DeliberationPage, JoinCharterPage):
        url = f"/admin/pages/add/commitments/{model._meta.model_name}/{index_page.pk}/"
        assert admin_client.get(url).status_code == 200, model
    pages = [
        CharterPageFactory(parent=index_page),
        ConventionPageFactory(parent=index_page, cofunded=True),
        DeliberationPageFactory(parent=index_page),
        JoinCharterPageFactory(parent=index_page),
        index_page,
    ]
    for page in pages:
        response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page
    content = ContentPageFactory(parent=home_page)
    html = admin_client.get(f"/admin/pages/{content.pk}/edit/").content.decode()
    assert "Financement européen" in html
    assert 'name="related_convention"' in html


def test_eu_settings_and_audit_are_reachable_from_the_admin(admin_client, site):
    html = admin_client.get("/admin/").content.decode()
    assert "/admin/engagements/audit-visibilite-ue/" in html
    response = admin_client.get(f"/admin/settings/commitments/euvisibilitysettings/{site.pk}/")
    assert response.status_code == 200
    assert "L&#x27;Europe s&#x27;engage en France" in response.content.decode()


def test_french_dates():
    from commitments.templatetags.commitments_tags import date_fr

    assert date_fr(datetime.date(2026, 1, 1)) == "1er janvier 2026"
    assert date_fr(datetime.date(2025, 3, 14)) == "14 mars 2025"
    assert date_fr(None) == ""
