"""The rendered HTML of co-funded pages, rule by rule, for both programming periods.

The page is fetched as a visitor gets it; its HTML is parsed and the styles come from the
static stylesheets the page links (``commitments.eu_html`` reads them, the tests check the
values against the rules)."""

import pytest

from commitments import eu_html, eu_visibility
from commitments.factories import (
    ConventionPageFactory,
    ConventionPartyFactory,
    EUVisibilitySettingsFactory,
    LogoImageFactory,
)
from commitments.funding import FundingProgramme
from home.factories import ContentPageFactory
from portal.models import PartnerLogo, PortalSettings

pytestmark = pytest.mark.django_db

ALLOWED_FIRST_FONTS = {
    "arial",
    "auto",
    "calibri",
    "garamond",
    "trebuchet ms",
    "tahoma",
    "verdana",
    "ubuntu",
}


def fetch(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def site_logos(site):
    """The portal's header logo (56 px) and a tall footer partner logo (fitted to 64 px)."""
    portal = PortalSettings.for_site(site)
    portal.operator_name = "Métropole des Trois-Rivières"
    portal.operator_logo = LogoImageFactory(file__width=200, file__height=200)
    portal.save()
    PartnerLogo.objects.create(
        settings=portal,
        name="Partenaire du pied de page",
        logo=LogoImageFactory(file__width=90, file__height=300),
    )
    return portal


def assert_common_rules(html, statement):
    facts = eu_html.inspect_html(html)
    document = facts.document

    # The block and the stylesheet that styles it.
    assert facts.block is not None
    assert "/static/commitments/css/eu-visibility.css" in eu_html.stylesheet_hrefs(document)

    # Emblem present, with alt text, drawn 64 px high.
    assert facts.emblem is not None
    assert facts.emblem.attrs["src"].endswith("commitments/img/eu-emblem.svg")
    assert facts.emblem.attrs["alt"] == "Emblème de l'Union européenne"
    assert facts.emblem_height == eu_visibility.EMBLEM_HEIGHT_PX == 64

    # The statement, written out in full, right next to the emblem.
    assert facts.statement_text == statement
    assert facts.statement_beside_emblem

    # Typeface, style and colour from the linked CSS.
    [font_family] = facts.statement_styles["font-family"]
    families = [f.strip().strip("'\"").lower() for f in font_family.split(",")]
    assert families[0] in ALLOWED_FIRST_FONTS
    assert set(families[1:]) <= ALLOWED_FIRST_FONTS | {"sans-serif"}
    assert [c.lower() for c in facts.statement_styles["color"]] == ["#003399"]
    assert facts.statement_styles["font-style"] == ["normal"]
    assert facts.statement_styles["text-decoration"] == ["none"]

    # The emblem is at least as high as every other logo on the page.
    assert facts.logo_heights, "the page under test shows other logos"
    assert all(height is not None for _label, height in facts.logo_heights)
    assert max(height for _label, height in facts.logo_heights) <= facts.emblem_height

    # The block comes before the main content (the page's h1), inside <main>.
    main = document.by_tag("main")[0]
    assert main in facts.block.ancestors()
    assert facts.block.index < facts.main_heading.index

    # The operation is described on the page.
    assert facts.operation is not None
    return facts


def test_2021_2027_convention_page(client, cofunded_convention, site_logos):
    html = fetch(client, cofunded_convention)
    facts = assert_common_rules(html, "Cofinancé par l'Union européenne")
    # No other logo in the block signals EU support.
    images = [e for e in eu_html._descendants(facts.block) if e.tag == "img"]
    assert images == [facts.emblem]
    assert facts.europe_commits_logo is None
    text = facts.operation.text()
    assert "La mission de facilitation des clauses sociales." in text
    assert "Accompagner 300 personnes vers l'emploi." in text
    assert "120 000 heures d'insertion réalisées en 2025." in text
    # Logos seen: header (56), footer (64), the two parties fitted in their 56 px box.
    heights = sorted(height for _label, height in facts.logo_heights)
    assert heights == [56, 56, 56, 64]
    funding = cofunded_convention.get_eu_funding()
    assert all(result.ok for result in eu_html.rendered_rules(facts, funding))


def test_2014_2020_convention_page(client, index_page, site, site_logos):
    EUVisibilitySettingsFactory(
        site=site, europe_commits_logo=LogoImageFactory(file__width=400, file__height=200)
    )
    convention = ConventionPageFactory(
        parent=index_page, cofunded=True, funding_programme=FundingProgramme.FSE_2014_2020
    )
    ConventionPartyFactory(page=convention, logo=LogoImageFactory())
    html = fetch(client, convention)
    facts = assert_common_rules(html, "Union européenne")
    assert "Fonds social européen" in facts.fund_mention.text()
    logo = facts.europe_commits_logo
    assert logo is not None
    assert logo.attrs["alt"] == "L'Europe s'engage en France"
    assert eu_html.rendered_height(logo, eu_html.linked_css_rules(eu_html.parse_html(html))) <= 64
    assert all(result.ok for result in eu_html.rendered_rules(facts, convention.get_eu_funding()))


def test_feder_2014_2020_mentions_its_own_fund(client, index_page, site):
    EUVisibilitySettingsFactory(site=site, europe_commits_logo=LogoImageFactory())
    convention = ConventionPageFactory(
        parent=index_page, cofunded=True, funding_programme=FundingProgramme.FEDER_2014_2020
    )
    facts = eu_html.inspect_html(fetch(client, convention))
    assert "Fonds européen de développement régional" in facts.fund_mention.text()


def test_content_page_about_a_cofunded_convention(
    client, home_page, cofunded_convention, site_logos
):
    news = ContentPageFactory(
        parent=home_page,
        title="Bilan 2025 des clauses sociales",
        related_convention=cofunded_convention,
    )
    html = fetch(client, news)
    facts = assert_common_rules(html, "Cofinancé par l'Union européenne")
    links = [a.attrs.get("href") for a in eu_html._descendants(facts.operation) if a.tag == "a"]
    assert cofunded_convention.url in links


def test_home_page_of_a_cofunded_site(client, home_page, site, site_logos):
    EUVisibilitySettingsFactory(
        site=site,
        site_funding_programme=FundingProgramme.FSE_PLUS_2021_2027,
        site_operation_description="Le portail des achats inclusifs.",
        site_operation_objectives="Faire connaître les marchés à clauses sociales.",
        site_operation_results="2 000 visites par mois.",
    )
    html = fetch(client, home_page)
    facts = assert_common_rules(html, "Cofinancé par l'Union européenne")
    assert "Le portail des achats inclusifs." in facts.operation.text()


def test_pages_without_cofunding_have_no_block(client, index_page, home_page):
    convention = ConventionPageFactory(parent=index_page)
    page = ContentPageFactory(parent=home_page, related_convention=convention)
    for target in (convention, page, home_page):
        facts = eu_html.inspect_html(fetch(client, target))
        assert facts.block is None
        assert facts.operation is None


def test_partner_logos_use_the_page_box(client, index_page):
    convention = ConventionPageFactory(parent=index_page, partner_logo_height=40)
    ConventionPartyFactory(
        page=convention, logo=LogoImageFactory(file__width=100, file__height=100)
    )
    html = fetch(client, convention)
    document = eu_html.parse_html(html)
    [logo] = document.by_class("partner-logo-img")
    assert "partner-logo-img--40" in logo.classes
    assert logo.attrs["height"] == "40"
    assert eu_html.rendered_height(logo, eu_html.linked_css_rules(document)) == 40


def test_site_logo_sizes_match_the_portal_templates(client, cofunded_convention, site, site_logos):
    """The rules compute the header and footer logo heights without rendering: they must
    agree with what the portal's templates draw."""
    facts = eu_html.inspect_html(fetch(client, cofunded_convention))
    rendered = dict(facts.logo_heights)
    computed = {logo.label: logo.height for logo in eu_visibility.site_logos(site)}
    assert rendered["Métropole des Trois-Rivières"] == computed["Métropole des Trois-Rivières"]
    assert rendered["Partenaire du pied de page"] == computed["Partenaire du pied de page"]


class TestTheRenderedChecksCatchViolations:
    """The checker used by the audit command fails each rule on a page that breaks it."""

    @pytest.fixture
    def page_html(self, client, cofunded_convention, site_logos):
        return fetch(client, cofunded_convention)

    def failing(self, html, funding, rules=None):
        facts = eu_html.inspect_html(html, rules)
        return {r.code for r in eu_html.rendered_rules(facts, funding) if not r.ok}

    def test_compliant_page(self, page_html, cofunded_convention):
        assert self.failing(page_html, cofunded_convention.get_eu_funding()) == set()

    def test_missing_alt_text(self, page_html, cofunded_convention):
        html = page_html.replace('alt="Emblème de l&#x27;Union européenne"', 'alt=""')
        assert self.failing(html, cofunded_convention.get_eu_funding()) == {"rendu-embleme"}

    def test_shortened_statement(self, page_html, cofunded_convention):
        html = page_html.replace("Cofinancé par l&#x27;Union européenne", "Avec l&#x27;UE")
        assert self.failing(html, cofunded_convention.get_eu_funding()) == {"rendu-mention"}

    def test_italic_or_wrong_typeface(self, page_html, cofunded_convention):
        document = eu_html.parse_html(page_html)
        rules = eu_html.linked_css_rules(document)
        funding = cofunded_convention.get_eu_funding()
        for extra in (
            ".eu-block__statement { font-style: italic; }",
            ".eu-block__statement { font-family: Georgia, serif; }",
            ".eu-block .eu-block__statement { color: #e1000f; }",
        ):
            assert self.failing(page_html, funding, rules + eu_html.parse_css(extra)) == {
                "rendu-typographie"
            }

    def test_logo_taller_than_the_emblem(self, page_html, cofunded_convention):
        html = page_html.replace(
            'class="partner-logo-img partner-logo-img--56"',
            'class="partner-logo-img partner-logo-img--80"',
            1,
        ).replace('width="168" height="56"', 'width="240" height="80"', 1)
        assert self.failing(html, cofunded_convention.get_eu_funding()) == {"rendu-taille"}

    def test_block_after_the_title(self, page_html, cofunded_convention):
        start = page_html.index('<aside class="eu-block')
        end = page_html.index("</aside>", start) + len("</aside>")
        block = page_html[start:end]
        html = page_html[:start] + page_html[end:]
        html = html.replace("</h1>", "</h1>" + block, 1)
        assert self.failing(html, cofunded_convention.get_eu_funding()) == {"rendu-position"}

    def test_other_logo_in_the_2021_2027_block(self, page_html, cofunded_convention):
        html = page_html.replace(
            '<span class="eu-block__statement">',
            '<img src="/media/fse.png" alt="FSE" height="40"><span class="eu-block__statement">',
        )
        failing = self.failing(html, cofunded_convention.get_eu_funding())
        assert "rendu-autre-logo" in failing
