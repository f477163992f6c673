"""Backup of the directory: taxonomy, geography, structures (in full, private format) and
the applications waiting for a decision, exported then restored into a wiped database."""

import json
from datetime import UTC, datetime

import pytest
import wagtail_factories
from django.core.management import call_command
from wagtail.images import get_image_model

from directory.application_factories import (
    ChangeApplicationFactory,
    EditLinkFactory,
    OutgoingEmailFactory,
    StructureApplicationFactory,
    listing_data,
)
from directory.factories import DirectoryPageFactory, SectorFactory, SectorGroupFactory
from directory.models import (
    ApplicationStatus,
    Commune,
    Department,
    DirectoryPage,
    DirectoryState,
    EditLink,
    HeadcountBand,
    OutgoingEmail,
    PublicationState,
    Region,
    Sector,
    SectorGroup,
    Source,
    Structure,
    StructureApplication,
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


@pytest.fixture
def data(directory_data, home_page):
    DirectoryPageFactory(
        parent=home_page,
        intro="Trouvez une structure « inclusive ».",
        first_published_at=datetime(2024, 1, 8, 9, 0, tzinfo=UTC),
    )
    group = SectorGroupFactory(name="Économie circulaire", slug="economie-circulaire", order=3)
    reuse = SectorFactory(name="Réemploi", slug="reemploi", group=group)
    logo = wagtail_factories.ImageFactory(title="Logo des Jardins")
    jardins = directory_data["jardins"]
    jardins.contact_name = "Camille Privée"
    jardins.contact_email = "camille.privee@jardins.example.org"
    jardins.show_contact_email = False  # not public: only the backup keeps it
    jardins.labels = "Qualiopi, ISO 14001"
    jardins.insertion_headcount_band = HeadcountBand.FROM_20
    jardins.permanent_headcount_band = HeadcountBand.FROM_1
    jardins.logo = logo
    jardins.source = Source.REGISTRATION
    jardins.save()
    jardins.sectors.add(reuse)
    # Dates as they were, not as the restore's "now".
    Structure.objects.filter(pk=jardins.pk).update(
        created_at=datetime(2023, 2, 1, 8, 30, 15, 123456, tzinfo=UTC),
        updated_at=datetime(2024, 6, 2, 17, 5, tzinfo=UTC),
    )
    pending = StructureApplicationFactory(
        data=listing_data(sectors=[reuse]), internal_note="SIRET vérifié."
    )
    unconfirmed = StructureApplicationFactory(unconfirmed=True)
    change = ChangeApplicationFactory(
        structure=directory_data["eclat"],
        data=listing_data(sectors=[reuse], legal_name="Éclat Propreté SCOP"),
    )
    rejected = StructureApplicationFactory(
        status=ApplicationStatus.REJECTED, rejection_reason="SIRET inconnu."
    )
    EditLinkFactory(structure=jardins)
    OutgoingEmailFactory(application=pending)
    return {
        "jardins": jardins,
        "reuse": reuse,
        "open": [pending, unconfirmed, change],
        "rejected": rejected,
    }


def application_state(application):
    """An application, with the sectors of its listings by slug (their ids change)."""
    state = row_state(application, {"edit_link"})
    for name in ("data", "baseline"):
        listing = dict(state[name])
        if "sectors" in listing:
            slugs = Sector.objects.filter(pk__in=listing["sectors"]).values_list("slug", flat=True)
            listing["sectors"] = sorted(slugs)
        state[name] = listing
    return state


def state():
    return {
        "regions": table_state(Region.objects.all(), key=lambda r: r.code),
        "departments": table_state(Department.objects.all(), key=lambda d: d.code),
        "groups": table_state(SectorGroup.objects.all(), key=lambda g: g.slug),
        "sectors": table_state(Sector.objects.all(), key=lambda s: s.slug),
        "communes": table_state(Commune.objects.all(), key=lambda c: c.insee_code),
        "structures": table_state(Structure.objects.all(), key=lambda s: s.siret),
        "applications": {
            (a.siret, a.submitted_at): application_state(a)
            for a in StructureApplication.objects.open()
        },
        "page": page_state(DirectoryPage),
        "images": table_state(get_image_model().objects.all(), key=lambda i: i.file.name),
    }


def wipe():
    """Everything the directory backup holds, gone."""
    StructureApplication.objects.all().delete()
    Structure.objects.all().delete()
    Commune.objects.all().delete()
    Sector.objects.all().delete()
    SectorGroup.objects.all().delete()
    Department.objects.all().delete()
    Region.objects.all().delete()
    DirectoryPage.objects.all().delete()
    get_image_model().objects.all().delete()


def test_round_trip_into_a_wiped_database(tmp_path, data):
    round_trip(tmp_path, state, wipe)
    restored = Structure.objects.get(siret=data["jardins"].siret)
    assert restored.contact_email == "camille.privee@jardins.example.org"
    assert restored.created_at == datetime(2023, 2, 1, 8, 30, 15, 123456, tzinfo=UTC)
    assert restored.logo.title == "Logo des Jardins"
    assert " reemploi " in restored.search_text  # derived columns recomputed


def test_backup_keeps_what_the_public_csv_leaves_out(tmp_path, data):
    backup.export_all(tmp_path, names=["directory.structures"])
    lines = (tmp_path / "directory.structures.jsonl").read_text(encoding="utf-8").splitlines()
    rows = {row["siret"]: row for row in map(json.loads, lines)}
    jardins = rows[data["jardins"].siret]
    assert jardins["contact_email"] == "camille.privee@jardins.example.org"
    assert jardins["show_contact_email"] is False
    assert jardins["source"] == "registration"
    assert jardins["logo"] == data["jardins"].logo.file.name
    assert jardins["sectors"] == sorted(
        ["elagage-et-abattage", "entretien-d-espaces-verts", "reemploi"]
    )
    assert jardins["created_at"] == "2023-02-01T08:30:15.123456+00:00"
    states = {row["publication_state"] for row in rows.values()}
    assert states == {PublicationState.PUBLISHED, PublicationState.DRAFT, "unpublished"}


def test_only_open_applications_no_links_nor_outbox(tmp_path, data):
    manifest = backup.export_all(tmp_path)
    counts = {entry["name"]: entry["count"] for entry in manifest["exports"]}
    assert counts["directory.applications"] == 3
    rows = json.loads((tmp_path / "directory.applications.json").read_text(encoding="utf-8"))
    assert data["rejected"].siret not in {row["siret"] for row in rows}
    pending = next(row for row in rows if row["siret"] == data["open"][0].siret)
    assert pending["data"]["sectors"] == ["reemploi"]  # by slug: ids differ in another database
    files = {entry["file"] for entry in manifest["exports"]}
    assert not any("edit" in name or "email" in name for name in files)
    assert EditLink.objects.exists() and OutgoingEmail.objects.exists()


def test_edits_are_undone_and_newer_rows_left_alone(tmp_path, data):
    backup.export_all(tmp_path)
    before = state()
    jardins = Structure.objects.get(pk=data["jardins"].pk)
    jardins.legal_name = "Nom abîmé"
    jardins.publication_state = PublicationState.UNPUBLISHED
    jardins.save()
    jardins.sectors.clear()
    jardins.perimeter_regions.set([Region.objects.get(code="93")])
    newer = Structure.objects.create(
        legal_name="Créée après la sauvegarde", siret="35600000000048", kind="EI"
    )
    backup.import_all(tmp_path)
    after = state()
    assert after["structures"].pop(newer.siret)["legal_name"] == "Créée après la sauvegarde"
    assert_same(after, before)


def test_import_twice_changes_nothing(tmp_path, data):
    backup.export_all(tmp_path)
    wipe()
    backup.import_all(tmp_path)
    before, token = state(), DirectoryState.current_token()
    counts = backup.import_all(tmp_path)
    assert_same(state(), before)
    assert DirectoryState.current_token() == token  # nothing written, nothing to re-index
    assert counts["directory.structures"] == Structure.objects.count() == 8


def test_tampered_file_is_refused_and_nothing_is_written(tmp_path, data):
    backup.export_all(tmp_path)
    path = tmp_path / "directory.structures.jsonl"
    path.write_text(path.read_text(encoding="utf-8").replace("Jardins", "Pirates"))
    Structure.objects.filter(pk=data["jardins"].pk).delete()
    Sector.objects.filter(slug="reemploi").delete()
    with pytest.raises(backup.BackupError, match="somme de contrôle"):
        backup.import_all(tmp_path)
    assert not Structure.objects.filter(siret=data["jardins"].siret).exists()
    assert not Sector.objects.filter(slug="reemploi").exists()


def test_unknown_reference_is_a_french_error_and_rolls_back(tmp_path, data):
    backup.export_all(tmp_path)
    path = tmp_path / "directory.structures.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["commune"] = "99999"
    lines[0] = json.dumps(first, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reseal(tmp_path, path.name)
    Sector.objects.filter(slug="reemploi").update(name="Renommé")
    with pytest.raises(backup.BackupError, match=r"ligne 1 : commune « 99999 » introuvable"):
        backup.import_all(tmp_path)
    assert Sector.objects.get(slug="reemploi").name == "Renommé"  # sectors import rolled back


def test_a_slug_taken_since_is_a_french_error(tmp_path, data):
    backup.export_all(tmp_path)
    jardins = Structure.objects.get(pk=data["jardins"].pk)
    slug = jardins.slug
    jardins.delete()
    Structure.objects.create(legal_name="Autre", siret="35600000000048", kind="EI", slug=slug)
    with pytest.raises(
        backup.BackupError, match=r"directory\.structures\.jsonl : écriture refusée"
    ):
        backup.import_all(tmp_path)


def test_commands(tmp_path, data, capsys):
    call_command("export_portal_data", str(tmp_path))
    assert (
        "directory.structures : 8 ligne(s) → directory.structures.jsonl" in capsys.readouterr().out
    )
    wipe()
    call_command("import_portal_data", str(tmp_path))
    assert "directory.structures : 8 ligne(s) lue(s)" in capsys.readouterr().out
    assert Structure.objects.count() == 8
