"""Backups: the export round trip, the manifest, the registry and the commands."""

import json
from datetime import date

import pytest
import wagtail_factories
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from home.factories import ContentPageFactory
from home.models import ContentPage
from portal import backup
from portal.models import PartnerLogo, PortalSettings
from tests.backup_helpers import reseal

pytestmark = pytest.mark.django_db

#: Every backup, in the order the import runs them (referenced data first).
EVERY_BACKUP = [
    "wagtail.images",
    "wagtail.documents",
    "portal.settings",
    "directory.regions",
    "directory.departments",
    "directory.sectorgroups",
    "directory.sectors",
    "directory.communes",
    "directory.directorypage",
    "directory.structures",
    "directory.applications",
    "opportunities.buyers",
    "opportunities.facilitators",
    "opportunities.indexpage",
    "opportunities.opportunities",
    "opportunities.alerts",
    "opportunities.alertdeliveries",
    "commitments.euvisibility",
    "commitments.indexpage",
    "commitments.conventions",
    "commitments.charters",
    "commitments.deliberations",
    "commitments.joinpage",
    "commitments.joinrequests",
    "home.newsindex",
    "home.news",
    "home.events",
    "home.contentpages",
    "wagtail.redirects",
]


@pytest.fixture
def content(home_page, site):
    legal = ContentPageFactory(
        parent=home_page,
        title="Mentions légales",
        slug="mentions-legales",
        intro="Éditeur : la collectivité « Territoire inclusif ».",
        seo_title="Mentions",
        search_description="Qui publie le portail",
        last_reviewed=date(2024, 3, 1),
        body=[
            {"type": "heading", "value": {"text": "Éditeur", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Texte avec <b>gras</b> et « guillemets ».</p>"},
        ],
    )
    child = ContentPageFactory(parent=legal, title="Hébergeur", slug="hebergeur")
    draft = ContentPageFactory(parent=home_page, title="Brouillon", slug="brouillon", live=False)
    settings = PortalSettings.for_site(site)
    settings.portal_name = "Achats inclusifs du Val"
    settings.tagline = "Clauses sociales — « mode d'emploi »"
    settings.save()
    Redirect.objects.create(old_path="/ancienne-charte", redirect_link="https://example.org/charte")
    Redirect.objects.create(old_path="/vieux", site=site, redirect_page=legal, is_permanent=False)
    return {"legal": legal, "child": child, "draft": draft}


def snapshot():
    pages = {
        page.url_path: (
            page.title,
            page.slug,
            page.intro,
            page.seo_title,
            page.search_description,
            page.last_reviewed,
            json.dumps(page.body.get_prep_value(), sort_keys=True),
            page.live,
        )
        for page in ContentPage.objects.all()
    }
    settings = list(PortalSettings.objects.values_list("portal_name", "tagline", "primary_colour"))
    redirects = sorted(
        Redirect.objects.values_list(
            "old_path", "site_id", "redirect_page_id", "redirect_link", "is_permanent"
        ),
        key=str,
    )
    return pages, settings, redirects


def test_round_trip_restores_everything(tmp_path, content, site):
    before = snapshot()
    manifest = backup.export_all(tmp_path)
    assert (tmp_path / "manifest.json").exists()

    # Damage the data: edits, a deleted page and redirect.
    legal = ContentPage.objects.get(pk=content["legal"].pk)
    legal.title = "Titre abîmé"
    legal.body = []
    legal.save_revision().publish()
    ContentPage.objects.get(pk=content["child"].pk).delete()
    Redirect.objects.filter(old_path="/vieux").delete()
    settings = PortalSettings.for_site(site)
    settings.portal_name = "Autre nom"
    settings.save()
    assert snapshot() != before

    counts = backup.import_all(tmp_path)
    assert snapshot() == before
    assert counts["home.contentpages"] == 3
    assert {entry["name"]: entry["count"] for entry in manifest["exports"]} == counts


def test_import_twice_changes_nothing(tmp_path, content):
    backup.export_all(tmp_path)
    backup.import_all(tmp_path)
    revisions = content["legal"].revisions.count()
    before = snapshot()
    backup.import_all(tmp_path)
    assert snapshot() == before
    assert content["legal"].revisions.count() == revisions


def test_draft_stays_a_draft(tmp_path, content):
    backup.export_all(tmp_path)
    ContentPage.objects.get(pk=content["draft"].pk).delete()
    backup.import_all(tmp_path)
    assert ContentPage.objects.get(slug="brouillon").live is False


def test_manifest(tmp_path, content):
    manifest = backup.export_all(tmp_path)
    assert manifest["format_version"] == backup.FORMAT_VERSION
    names = [entry["name"] for entry in manifest["exports"]]
    assert {"home.contentpages", "portal.settings", "wagtail.redirects"} <= set(names)
    for entry in manifest["exports"]:
        assert (tmp_path / entry["file"]).exists()
        assert len(entry["sha256"]) == 64
    on_disk = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk == manifest


def test_redirects_are_csv_with_nulls_kept(tmp_path, content):
    backup.export_all(tmp_path, names=["wagtail.redirects"])
    text = (tmp_path / "wagtail.redirects.csv").read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    assert header[:2] == ["old_path", "site_id"]
    assert "\\N" in text
    Redirect.objects.all().delete()
    backup.import_all(tmp_path)
    restored = Redirect.objects.get(old_path="/ancienne-charte")
    assert restored.site_id is None
    assert restored.redirect_page_id is None
    assert restored.is_permanent is True


def test_media_records_come_back_with_their_ids(tmp_path, content, site):
    """Images inserted in a page body are named by id: a restored record keeps its id."""
    image = wagtail_factories.ImageFactory(title="Chantier « vert »", focal_point_x=12)
    logo = wagtail_factories.ImageFactory(title="Logo du PLIE")
    wagtail_factories.DocumentFactory(title="Charte signée")
    page = ContentPage.objects.get(pk=content["legal"].pk)
    page.body = [{"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": ""}}]
    page.save_revision().publish()
    settings = PortalSettings.for_site(site)
    settings.operator_logo = logo
    settings.partner_logos = [PartnerLogo(name="PLIE", logo=logo, url="https://plie.example.org")]
    settings.save()
    records = {
        model: list(model.objects.values("id", "title", "file", "created_at"))
        for model in (get_image_model(), get_document_model())
    }
    backup.export_all(tmp_path)
    get_image_model().objects.all().delete()  # and the partner logos (cascade)
    get_document_model().objects.all().delete()

    backup.import_all(tmp_path)

    for model, rows in records.items():
        assert list(model.objects.values("id", "title", "file", "created_at")) == rows
    assert get_image_model().objects.get(pk=image.pk).focal_point_x == 12
    body = ContentPage.objects.get(pk=page.pk).body
    assert body[0].value["image"].title == "Chantier « vert »"
    settings = PortalSettings.for_site(site)
    assert settings.operator_logo.title == "Logo du PLIE"
    assert [(p.name, p.logo.title) for p in settings.partner_logos.all()] == [
        ("PLIE", "Logo du PLIE")
    ]
    new = wagtail_factories.ImageFactory()  # the id sequence goes on after the restored ids
    assert new.pk > max(row["id"] for row in records[get_image_model()])


def test_redirect_follows_its_page_by_path(tmp_path, content, site):
    Redirect.objects.create(old_path="/ancien-hebergeur", redirect_page=content["child"])
    backup.export_all(tmp_path)
    ContentPage.objects.get(pk=content["child"].pk).delete()  # and its redirect (cascade)
    backup.import_all(tmp_path)
    child = ContentPage.objects.get(slug="hebergeur")
    assert child.pk != content["child"].pk
    assert Redirect.objects.get(old_path="/ancien-hebergeur").redirect_page_id == child.pk


def test_tampered_file_is_refused_and_nothing_changes(tmp_path, content):
    backup.export_all(tmp_path)
    path = tmp_path / "home.contentpages.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Hébergeur", "Pirate"))
    before = snapshot()
    with pytest.raises(backup.BackupError, match="somme de contrôle"):
        backup.import_all(tmp_path)
    assert snapshot() == before


def test_failed_import_rolls_back_everything(tmp_path, content, monkeypatch):
    backup.export_all(tmp_path)
    Redirect.objects.all().delete()
    settings = PortalSettings.objects.get()
    settings.portal_name = "Modifié"
    settings.save()

    def broken(directory):
        raise backup.BackupError("panne simulée")

    item = backup._registry["wagtail.redirects"]
    monkeypatch.setitem(
        backup._registry,
        "wagtail.redirects",
        backup.Backup(item.name, item.filename, item.export, broken, item.order),
    )
    with pytest.raises(backup.BackupError):
        backup.import_all(tmp_path)
    assert PortalSettings.objects.get().portal_name == "Modifié"  # settings import rolled back


def test_unknown_version_refused(tmp_path):
    (tmp_path / "manifest.json").write_text('{"format_version": 99, "exports": []}')
    with pytest.raises(backup.BackupError, match="version"):
        backup.import_all(tmp_path)


def test_unknown_name_refused(tmp_path):
    with pytest.raises(backup.BackupError, match="inconnue"):
        backup.export_all(tmp_path, names=["nulle.part"])


class TestRegisterModel:
    @pytest.fixture
    def groups(self, monkeypatch):
        from django.contrib.auth.models import Group

        monkeypatch.setattr(backup, "_registry", dict(backup._registry))
        backup.register_model("test.groups", Group, fields=["name"], key="name", fmt="json")
        return Group

    def test_json_round_trip(self, tmp_path, groups):
        groups.objects.create(name="Acheteurs « publics »")
        backup.export_all(tmp_path, names=["test.groups"])
        groups.objects.filter(name__startswith="Acheteurs").delete()
        backup.import_all(tmp_path, names=["test.groups"])
        assert groups.objects.filter(name="Acheteurs « publics »").exists()

    def test_many_to_many_is_declared_apart(self, groups):
        with pytest.raises(backup.BackupError, match="relation multiple"):
            backup.register_model("test.bad", groups, fields=["permissions"], key="name")

    def test_lists_are_not_written_as_csv(self, groups):
        from portal.backup_fields import Ref

        with pytest.raises(backup.BackupError, match="JSON"):
            backup.register_model(
                "test.bad",
                groups,
                fields=[],
                many={"permissions": Ref("auth.Permission", "codename")},
                key="name",
            )

    def test_invalid_value_reports_the_line(self, tmp_path, monkeypatch):
        monkeypatch.setattr(backup, "_registry", dict(backup._registry))
        backup.register_model(
            "test.redirects", Redirect, fields=["is_permanent", "site"], key="old_path"
        )
        Redirect.objects.create(old_path="/a")
        backup.export_all(tmp_path, names=["test.redirects"])
        path = tmp_path / "test.redirects.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[1] = lines[1].replace("\\N", "pas-un-nombre")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        reseal(tmp_path, path.name)
        with pytest.raises(backup.BackupError, match="ligne 2"):
            backup.import_all(tmp_path, names=["test.redirects"])


class TestCommands:
    def test_export_then_import(self, tmp_path, content, capsys):
        call_command("export_portal_data", str(tmp_path))
        out = capsys.readouterr().out
        assert "home.contentpages : 3 ligne(s)" in out
        assert "manifest.json" in out
        call_command("import_portal_data", str(tmp_path))
        assert "importée(s)" in capsys.readouterr().out

    def test_list(self, capsys, db):
        call_command("export_portal_data", "ignored", "--list")
        out = capsys.readouterr().out
        assert "home.contentpages" in out
        assert "wagtail.redirects" in out

    def test_every_app_is_in_the_export_in_import_order(self, tmp_path, content, capsys):
        call_command("export_portal_data", str(tmp_path))
        out = capsys.readouterr().out
        written = [line.split(" : ")[0].strip() for line in out.splitlines() if " → " in line]
        assert written == EVERY_BACKUP
        manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
        assert [entry["name"] for entry in manifest["exports"]] == EVERY_BACKUP
        call_command("import_portal_data", str(tmp_path))
        assert f"{len(EVERY_BACKUP)} sauvegarde(s) importée(s)." in capsys.readouterr().out

    def test_errors_are_french_command_errors(self, tmp_path, db):
        with pytest.raises(CommandError, match="Fichier manquant"):
            call_command("import_portal_data", str(tmp_path))
