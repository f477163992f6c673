"""Backup of the commitments: EU visibility settings, conventions (EU funding, parties),
charters (signatories, succession), deliberations, the join page and its requests,
exported then restored into a wiped database."""

import datetime
import json

import pytest
from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from commitments.factories import (
    CharterPageFactory,
    CharterSignatoryFactory,
    CommitmentsIndexPageFactory,
    ConventionPageFactory,
    ConventionPartyFactory,
    DeliberationPageFactory,
    EUVisibilitySettingsFactory,
    JoinCharterFormFieldFactory,
    JoinCharterPageFactory,
    LogoImageFactory,
    PdfDocumentFactory,
)
from commitments.funding import FundingProgramme
from commitments.models import (
    CharterPage,
    CharterStatus,
    CommitmentsIndexPage,
    ConventionPage,
    DeliberationPage,
    EUVisibilitySettings,
    JoinCharterPage,
    SignatoryRole,
    VoteOutcome,
)
from portal import backup
from tests.backup_helpers import (
    assert_same,
    page_state,
    reseal,
    round_trip,
    row_state,
    table_state,
)

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.datetime(2025, 3, 20, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def data(home_page, site):
    EUVisibilitySettingsFactory(
        site=site,
        europe_commits_logo=LogoImageFactory(title="L'Europe s'engage en France"),
        site_funding_programme=FundingProgramme.FSE_PLUS_2021_2027,
        site_operation_description="Le portail des achats inclusifs.",
        site_operation_objectives="Faire connaître les clauses sociales.",
        site_operation_results="40 000 visites par an.",
    )
    index = CommitmentsIndexPageFactory(parent=home_page, first_published_at=PUBLISHED)
    esf = ConventionPageFactory(
        parent=index,
        cofunded=True,
        title="Convention État – Métropole",
        slug="etat-metropole",
        reference="CONV-2025-014",
        signature_date=datetime.date(2025, 2, 3),
        max_renewals=3,
        partner_logo_height=40,
        signed_document=PdfDocumentFactory(title="Convention signée"),
        first_published_at=PUBLISHED,
    )
    ConventionPartyFactory(
        page=esf, organisation="L'État", role="l'État", logo=LogoImageFactory(title="Marianne")
    )
    ConventionPartyFactory(page=esf, organisation="Métropole des Trois-Rivières", logo=None)
    feder = ConventionPageFactory(
        parent=index,
        title="Convention FEDER 2014–2020",
        slug="feder",
        funding_programme=FundingProgramme.FEDER_2014_2020,
        eu_operation_description="Un tiers-lieu de l'insertion.",
        eu_operation_objectives="Accueillir 50 structures.",
        eu_operation_results="Ouvert en 2019.",
        tacit_renewal=False,
        first_published_at=PUBLISHED,
    )
    DeliberationPageFactory(
        parent=index,
        slug="deliberation-2024",
        approved_conventions=[esf, feder],
        assembly="conseil",
        vote_outcome=VoteOutcome.MAJORITY,
        votes_for=80,
        votes_against=12,
        abstentions=3,
        report="<p>Exposé <i>des motifs</i>.</p>",
        document=PdfDocumentFactory(title="Délibération signée"),
        first_published_at=PUBLISHED,
    )
    # The older charter comes first in the tree and names the newer one (second pass).
    old = CharterPageFactory(parent=index, slug="charte-2019", first_published_at=PUBLISHED)
    charter = CharterPageFactory(parent=index, slug="charte-2025", first_published_at=PUBLISHED)
    old.status, old.superseded_by = CharterStatus.SUPERSEDED, charter
    old.save_revision().publish()
    CharterSignatoryFactory(page=charter, organisation="Ville de Trois-Rivières")
    CharterSignatoryFactory(
        page=charter,
        organisation="PLIE des Trois-Rivières",
        role=SignatoryRole.PARTNER,
        signature_date=None,
        logo=LogoImageFactory(title="PLIE"),
    )
    join = JoinCharterPageFactory(
        parent=index, charter=charter, to_address="charte@example.org", first_published_at=PUBLISHED
    )
    JoinCharterFormFieldFactory(page=join, label="Organisation")
    JoinCharterFormFieldFactory(page=join, label="Motivation", field_type="multiline")
    FormSubmission.objects.create(
        page=join, form_data={"organisation": "Commune de Val-Fleuri", "motivation": "Oui !"}
    )
    FormSubmission.objects.create(page=join, form_data={"organisation": "Bailleur « Habitat »"})
    return {"esf": esf, "old": old, "charter": charter, "join": join}


def state():
    return {
        "settings": [row_state(s) for s in EUVisibilitySettings.objects.all()],
        "index": page_state(CommitmentsIndexPage),
        "conventions": page_state(ConventionPage, children=["parties"]),
        "charters": page_state(CharterPage, children=["signatories"]),
        "deliberations": page_state(DeliberationPage),
        "join": page_state(JoinCharterPage, children=["form_fields"]),
        "requests": table_state(
            FormSubmission.objects.all(), key=lambda s: (s.page.url_path, s.submit_time)
        ),
        "images": table_state(get_image_model().objects.all(), key=lambda i: i.file.name),
        "documents": table_state(get_document_model().objects.all(), key=lambda d: d.file.name),
    }


def wipe():
    CommitmentsIndexPage.objects.all().delete()  # the pages below it and the requests
    EUVisibilitySettings.objects.all().delete()
    get_image_model().objects.all().delete()
    get_document_model().objects.all().delete()


def test_round_trip_into_a_wiped_database(tmp_path, data):
    round_trip(tmp_path, state, wipe)
    esf = ConventionPage.objects.get(slug="etat-metropole")
    assert esf.live and esf.get_eu_funding() is not None
    assert CharterPage.objects.get(slug="charte-2019").superseded_by.slug == "charte-2025"
    assert FormSubmission.objects.count() == 2


def test_funding_fields_and_references_in_the_file(tmp_path, data):
    backup.export_all(tmp_path)
    conventions = json.loads((tmp_path / "commitments.conventions.json").read_text("utf-8"))
    esf = next(row for row in conventions if row["slug"] == "etat-metropole")
    assert esf["funding_programme"] == "fse-plus-2021-2027"
    assert esf["eu_operation_results"] == "120 000 heures d'insertion réalisées en 2025."
    assert esf["signed_document"] == data["esf"].signed_document.file.name
    assert [party["organisation"] for party in esf["parties"]] == [
        "L'État",
        "Métropole des Trois-Rivières",
    ]
    deliberations = json.loads((tmp_path / "commitments.deliberations.json").read_text("utf-8"))
    assert deliberations[0]["approved_conventions"] == sorted(
        [data["esf"].url_path, ConventionPage.objects.get(slug="feder").url_path]
    )


def test_edits_are_undone(tmp_path, data):
    backup.export_all(tmp_path)
    before = state()
    esf = ConventionPage.objects.get(pk=data["esf"].pk)
    esf.funding_programme = ""
    esf.parties = []
    esf.save_revision().publish()
    CharterPage.objects.get(slug="charte-2019").delete()
    FormSubmission.objects.first().delete()
    EUVisibilitySettings.objects.update(site_operation_results="Effacé")

    backup.import_all(tmp_path)

    assert_same(state(), before)


def test_import_twice_changes_nothing(tmp_path, data):
    backup.export_all(tmp_path)
    wipe()
    backup.import_all(tmp_path)
    before = state()
    pages = CommitmentsIndexPage.objects.get().get_descendants(inclusive=True)
    revisions = {page.pk: page.revisions.count() for page in pages}
    backup.import_all(tmp_path)
    assert_same(state(), before)
    assert {page.pk: page.revisions.count() for page in pages} == revisions


def test_tampered_file_is_refused_and_nothing_is_written(tmp_path, data):
    backup.export_all(tmp_path)
    path = tmp_path / "commitments.charters.json"
    path.write_text(path.read_text("utf-8").replace("charte-2025", "charte-pirate"), "utf-8")
    wipe()
    with pytest.raises(backup.BackupError, match="somme de contrôle différente"):
        backup.import_all(tmp_path)
    assert not EUVisibilitySettings.objects.exists()
    assert not CommitmentsIndexPage.objects.exists()


def test_eu_rules_still_apply_to_a_restored_convention(tmp_path, data):
    """A backup edited by hand cannot publish a co-funded convention without its
    description: the import stops with the rule's French message, nothing is kept."""
    backup.export_all(tmp_path)
    path = tmp_path / "commitments.conventions.json"
    rows = json.loads(path.read_text("utf-8"))
    for row in rows:
        row["eu_operation_description"] = ""
    path.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    reseal(tmp_path, path.name)
    wipe()
    with pytest.raises(backup.BackupError, match=r"page refusée.*description de l'opération"):
        backup.import_all(tmp_path)
    assert not EUVisibilitySettings.objects.exists()
