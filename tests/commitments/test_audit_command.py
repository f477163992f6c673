"""``manage.py audit_eu_visibility``: every live page about a co-funded convention, rule by
rule, and a non-zero exit when one does not comply."""

import io

import pytest
from django.core.management import CommandError, call_command

from commitments import eu_visibility
from commitments.factories import (
    ConventionPageFactory,
    EUVisibilitySettingsFactory,
    LogoImageFactory,
)
from commitments.funding import FundingProgramme
from commitments.models import ConventionPage, EUVisibilitySettings
from home.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("audit_eu_visibility", *args, stdout=out)
    return out.getvalue()


def test_no_cofunded_page(index_page):
    ConventionPageFactory(parent=index_page)
    assert "Aucune page publiée" in run()


def test_compliant_pages_are_listed_rule_by_rule(index_page, home_page, cofunded_convention):
    ContentPageFactory(parent=home_page, title="Bilan 2025", related_convention=cofunded_convention)
    ContentPageFactory(parent=home_page, title="Page sans rapport")
    draft = ContentPageFactory(
        parent=home_page, title="Brouillon", related_convention=cofunded_convention
    )
    draft.unpublish()
    output = run()
    assert (
        "/engagements/etat-metropole/ — « Convention État – Métropole » (FSE+ — programmation 2021–2027) : conforme"
        in output
    )
    assert "« Bilan 2025 »" in output
    assert "Page sans rapport" not in output
    assert "Brouillon" not in output
    for label in [
        "Description de l'opération, de ses objectifs et résultats",
        "Emblème au moins aussi haut que le plus grand logo",
        "Mention « Cofinancé par l'Union européenne » écrite en toutes lettres à côté de l'emblème",
        "Police autorisée, sans italique, soulignement ni effet, couleur autorisée",
        "Bloc placé en haut de page, avant le contenu principal",
        "Aucun autre logo ne signale le soutien européen",
    ]:
        assert f"[conforme] {label}" in output
    assert "[sans objet] Logo « L'Europe s'engage en France » (programmation 2014–2020)" in output
    assert "2 page(s) vérifiée(s), 0 non conforme(s)." in output


def test_exits_non_zero_when_a_page_breaks_a_rule(index_page, site):
    EUVisibilitySettingsFactory(site=site, europe_commits_logo=LogoImageFactory())
    ConventionPageFactory(
        parent=index_page,
        cofunded=True,
        funding_programme=FundingProgramme.FSE_2014_2020,
        title="Convention FSE",
    )
    assert "Convention FSE" in run()
    # The logo disappears from the settings behind the rules' back (image deleted).
    EUVisibilitySettings.objects.filter(site=site).update(europe_commits_logo=None)
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("audit_eu_visibility", stdout=out)
    assert "1 page(s) vérifiée(s), 1 non conforme(s)." in str(error.value)
    output = out.getvalue()
    assert "« Convention FSE » (FSE — programmation 2014–2020) : NON CONFORME" in output
    assert "[NON CONFORME] Logo « L'Europe s'engage en France » (programmation 2014–2020)" in output
    assert "Paramètres › Visibilité du soutien européen" in output
    assert (
        "[NON CONFORME] Logo « L'Europe s'engage en France » affiché avec un texte alternatif"
        in output
    )


def test_description_removed_from_a_live_convention(index_page, cofunded_convention):
    ConventionPage.objects.filter(pk=cofunded_convention.pk).update(eu_operation_results="")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit_eu_visibility", "--sans-rendu", stdout=out)
    output = out.getvalue()
    assert "[NON CONFORME] Description de l'opération, de ses objectifs et résultats" in output
    assert "ses résultats" in output
    # Without rendering, only the data rules are listed.
    assert "Mention « Cofinancé" not in output


def test_home_page_of_a_cofunded_site_is_audited(home_page, site):
    EUVisibilitySettingsFactory(
        site=site,
        site_funding_programme=FundingProgramme.FSE_PLUS_2021_2027,
        site_operation_description="Le portail.",
        site_operation_objectives="Informer.",
        site_operation_results="Des visites.",
    )
    output = run()
    assert "« Accueil »" in output
    assert "1 page(s) vérifiée(s), 0 non conforme(s)." in output


def test_selector_finds_every_kind_of_page(index_page, home_page, cofunded_convention):
    news = ContentPageFactory(parent=home_page, related_convention=cofunded_convention)
    ConventionPageFactory(parent=index_page)
    pages = eu_visibility.live_pages_about_cofunded_conventions()
    assert {page.pk for page in pages} == {cofunded_convention.pk, news.pk}


def test_admin_report_shows_the_audit(admin_client, cofunded_convention):
    response = admin_client.get("/admin/engagements/audit-visibilite-ue/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Convention État – Métropole" in html
    assert "0 pages non conformes." in html or "0 page non conforme." in html
