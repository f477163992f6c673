import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from directory import csv_format
from directory.factories import SectorFactory, StructureFactory
from directory.importers.base import ImportFileError
from directory.importers.structures import import_structures
from directory.models import (
    Department,
    PerimeterKind,
    PublicationState,
    Region,
    Source,
    Structure,
)
from directory.search import search_structures
from directory.siret import siret_from_number

pytestmark = pytest.mark.django_db

HEADER = (
    "MESURE;CODE_DEPARTEMENT;LIBELLE_DPT;CODE_POSTAL;COMMUNE;CODE_NAF2;NATURE_JURIDIQUE;SIRET;"
    "DENOMINATION_SOCIALE;NUM_RUE;NOM_RUE;CODE_POST_COM;LIB_COM\n"
)
S1, S2, S3 = siret_from_number(1001), siret_from_number(1002), siret_from_number(1003)
ASP = HEADER + (
    f"ACI_DC;013;BOUCHES-DU-RHONE;13003;MARSEILLE;8130Z;ASSOCIATION;{S1};JARDINS DU SOLEIL;12;RUE DE LA REPUBLIQUE;13003;MARSEILLE 3E ARRONDISSEMENT\n"
    f"EI_DC;013;BOUCHES-DU-RHONE;13003;MARSEILLE;8130Z;ASSOCIATION;{S1};JARDINS DU SOLEIL;12;RUE DE LA REPUBLIQUE;13003;MARSEILLE\n"
    f"ETTI_DC;042;LOIRE;42000;ST ETIENNE;7820Z;SAS;{S2};INTERIM SOLIDAIRE;4;PLACE DU PEUPLE;42000;ST ETIENNE\n"
    f"FDI_DC;042;LOIRE;42000;ST ETIENNE;7820Z;SAS;{S2};INTERIM SOLIDAIRE;;;42000;ST ETIENNE\n"
    "AI_DC;042;LOIRE;42000;ST ETIENNE;7820Z;SAS;12345678901234;MAUVAIS SIRET;;;42000;ST ETIENNE\n"
    f"EI_DC;013;BOUCHES-DU-RHONE;13600;CEYRESTE;8130Z;SAS;{S3};LE FOUR DE CEYRESTE;;;13600;CEYRESTE\n"
    f"AI_DC;013;BOUCHES-DU-RHONE;13999;NULLE PART;8130Z;SAS;{siret_from_number(1004)};HORS CARTE;;;13999;NULLE PART\n"
    f"EI_DC;013;BOUCHES-DU-RHONE;13001;MARSEILLE;8130Z;SAS;{siret_from_number(1005)};;;;13001;MARSEILLE\n"
)


def run(text, **kwargs):
    return import_structures(io.StringIO(text), **{"file_format": "asp", **kwargs})


def test_asp_import_report(communes):
    report = run(ASP)
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    assert report.merged == 1
    reasons = dict(report.rejected)
    assert sorted(reasons) == [5, 6, 9]
    assert "mesure « FDI_DC » non reconnue" in reasons[5]
    assert "clé de contrôle" in reasons[6]
    assert "dénomination sociale manquante" in reasons[9]
    warnings = dict(report.warnings)
    assert "introuvable" in warnings[8]


def test_asp_coordinates_come_from_communes(communes):
    run(ASP)
    jardins = Structure.objects.get(siret=S1)
    assert jardins.kind == "ACI"  # the first row wins for a repeated SIRET
    assert jardins.family == "insertion"
    assert jardins.commune == communes["marseille"]
    assert jardins.department.code == "13"
    assert jardins.region.code == "93"
    assert (jardins.latitude, jardins.longitude) == (43.2965, 5.3698)
    assert jardins.address == "12 RUE DE LA REPUBLIQUE"
    assert jardins.source == Source.IMPORT
    assert jardins.publication_state == PublicationState.PUBLISHED
    assert jardins.published_at is not None
    interim = Structure.objects.get(siret=S2)
    assert interim.commune == communes["saint_etienne"]  # "ST ETIENNE" matched
    assert interim.city == "Saint-Étienne"
    # Two communes share 13600: the name decides.
    assert Structure.objects.get(siret=S3).commune == communes["ceyreste"]
    lost = Structure.objects.get(siret=siret_from_number(1004))
    assert lost.commune is None and lost.latitude is None
    assert lost.department.code == "13"  # from CODE_DEPARTEMENT "013"


def test_asp_import_is_idempotent_then_updates(communes):
    run(ASP)
    again = run(ASP)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    changed = ASP.replace("INTERIM SOLIDAIRE;4;", "INTERIM SOLIDAIRE LOIRE;4;")
    report = run(changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    structure = Structure.objects.get(siret=S2)
    assert structure.legal_name == "INTERIM SOLIDAIRE LOIRE"
    assert "interim solidaire loire" in structure.search_text
    assert Structure.objects.count() == 4


def test_import_keeps_publication_state_and_human_edits(communes):
    registered = StructureFactory(
        siret=S1,
        legal_name="Les Jardins du Soleil",
        source=Source.REGISTRATION,
        publication_state=PublicationState.UNPUBLISHED,
        address="",
    )
    run(ASP)
    registered.refresh_from_db()
    assert registered.legal_name == "Les Jardins du Soleil"  # not overwritten
    assert registered.address == "12 RUE DE LA REPUBLIQUE"  # blank filled
    assert registered.publication_state == PublicationState.UNPUBLISHED


def test_unpublished_option_creates_drafts(communes):
    run(ASP, publish=False)
    assert not Structure.objects.published().exists()
    assert Structure.objects.filter(publication_state=PublicationState.DRAFT).count() == 4


def test_batches_and_progress(communes):
    calls = []
    report = run(ASP, batch_size=2, progress=lambda done, total: calls.append((done, total)))
    assert report.created == 4
    assert calls == [(2, 8), (4, 8), (6, 8), (8, 8)]


def test_windows_1252_file_is_read_with_a_note(communes):
    text = ASP.replace("JARDINS DU SOLEIL", "JARDINS DU SOLEIL ÉTÉ")
    report = import_structures(io.BytesIO(text.encode("cp1252")), file_format="asp")
    assert report.created == 4
    assert any("Windows-1252" in note for note in report.notes)
    assert Structure.objects.get(siret=S1).legal_name == "JARDINS DU SOLEIL ÉTÉ"


def test_missing_columns_and_empty_files_are_refused():
    with pytest.raises(ImportFileError, match="Colonnes manquantes"):
        run("SIRET;NOM\n1;2\n")
    with pytest.raises(ImportFileError, match="vide"):
        run("")


def test_imported_structures_are_in_wagtails_index(communes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(ASP)
    assert [s.siret for s in Structure.objects.search("solidaire")] == [S2]


def test_imported_structures_are_found_right_after_the_command(tmp_path, communes):
    """No on-commit callback runs here: Wagtail's database index is written in each batch's
    transaction, and the directory's own search follows the version token."""
    path = tmp_path / "asp.csv"
    path.write_text(ASP, encoding="utf-8")
    call_command("import_structures", str(path), "--format", "asp", stdout=StringIO())
    assert [s.siret for s in Structure.objects.search("solidaire")] == [S2]
    assert [item.siret for item in search_structures({"q": "solidaire"}).items] == [S2]
    path.write_text(ASP.replace("INTERIM SOLIDAIRE;", "TREMPLIN LOIRE;"), encoding="utf-8")
    call_command("import_structures", str(path), "--format", "asp", stdout=StringIO())
    assert [s.siret for s in Structure.objects.search("tremplin")] == [S2]
    assert not Structure.objects.search("solidaire")
    assert [item.siret for item in search_structures({"q": "tremplin"}).items] == [S2]
    assert not search_structures({"q": "solidaire"}).items


def export_csv(queryset):
    stream = StringIO()
    csv_format.write_csv(
        queryset.with_related().prefetch_related("perimeter_regions", "perimeter_departments"),
        stream,
    )
    return stream.getvalue()


def test_csv_export_reimports_losslessly(communes):
    sector_a, sector_b = SectorFactory(), SectorFactory()
    original = StructureFactory(
        legal_name="=SOMME(A1)",
        brand_name="Tri Malin",
        kind="EA",
        description="Présentation, avec « guillemets » et\nune nouvelle ligne.",
        services="Tri; collecte",
        labels="Qualiopi, ISO 14001",
        address="3 avenue des Chartreux",
        postcode="13004",
        city="Marseille",
        commune=communes["marseille"],
        latitude=43.30512,
        longitude=5.39871,
        perimeter_kind=PerimeterKind.TERRITORIES,
        perimeter_radius_km=None,
        perimeter_regions=[Region.objects.get(code="93")],
        perimeter_departments=[
            Department.objects.get(code="84"),
            Department.objects.get(code="2A"),
        ],
        sectors=[sector_a, sector_b],
        accepts_subcontracting=True,
        accepts_staff_provision=True,
        insertion_headcount_band="",
        permanent_headcount_band="20-49",
        website="https://tri-malin.example.org",
        contact_name="Camille",
        show_contact_name=True,
        contact_email="secret@example.org",
        show_contact_email=False,
        contact_phone="04 91 00 00 00",
        show_contact_phone=True,
    )
    text = export_csv(Structure.objects.all())
    assert "secret@example.org" not in text  # not consented: never exported
    assert "'=SOMME(A1)" in text  # formula neutralised
    snapshot = csv_format.structure_to_row(Structure.objects.with_related().get())
    Structure.objects.all().delete()

    report = import_structures(io.StringIO(text), file_format="csv")
    assert report.created == 1, report.lines()
    imported = Structure.objects.with_related().get()
    assert csv_format.structure_to_row(imported) == {
        **snapshot,
        "fiche": imported.get_absolute_url(),
    }
    assert imported.legal_name == "=SOMME(A1)"
    assert imported.show_contact_phone and not imported.show_contact_email
    again = import_structures(io.StringIO(text), file_format="csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert original.siret == imported.siret


def test_csv_sectors_reach_wagtails_index_on_creation_and_change(communes):
    header = ",".join(csv_format.COLUMN_NAMES) + "\n"

    def csv_text(sectors):
        row = dict.fromkeys(csv_format.COLUMN_NAMES, "")
        row.update(siret=S1, raison_sociale="Atelier du Port", type="EI", secteurs=sectors)
        return header + ",".join(row[name] for name in csv_format.COLUMN_NAMES) + "\n"

    report = import_structures(io.StringIO(csv_text("elagage-et-abattage")), file_format="csv")
    assert report.created == 1
    assert [s.siret for s in Structure.objects.search("élagage")] == [S1]
    report = import_structures(io.StringIO(csv_text("nettoyage-de-locaux")), file_format="csv")
    assert report.updated == 1
    assert [s.siret for s in Structure.objects.search("nettoyage")] == [S1]
    assert not Structure.objects.search("élagage")


def test_csv_import_rejects_bad_lines_with_reasons(communes):
    header = ",".join(csv_format.COLUMN_NAMES) + "\n"

    def line(**values):
        row = dict.fromkeys(csv_format.COLUMN_NAMES, "")
        row.update(siret=siret_from_number(5000 + len(values)), raison_sociale="X", type="EI")
        row.update(values)
        return ",".join(row[name] for name in csv_format.COLUMN_NAMES) + "\n"

    text = header + "".join(
        [
            line(type="XYZ"),
            line(latitude="91", longitude="2", siret=siret_from_number(1)),
            line(sous_traitance="peut-être", siret=siret_from_number(2)),
            line(perimetre="monde", siret=siret_from_number(3)),
            line(site_internet="pas une url", siret=siret_from_number(4)),
            line(contact_courriel="@", siret=siret_from_number(5)),
            line(effectif_insertion="beaucoup", siret=siret_from_number(6)),
            line(rayon_km="-5", siret=siret_from_number(7)),
            line(secteurs="inconnu", siret=siret_from_number(8)),
        ]
    )
    report = import_structures(io.StringIO(text), file_format="csv")
    reasons = dict(report.rejected)
    assert "type de structure" in reasons[2]
    assert "hors limites" in reasons[3]
    assert "ni oui ni non" in reasons[4]
    assert "périmètre" in reasons[5]
    assert "site internet" in reasons[6]
    assert "courriel" in reasons[7]
    assert "effectif_insertion" in reasons[8]
    assert "rayon" in reasons[9]
    assert report.created == 1
    assert "secteur « inconnu » inconnu" in dict(report.warnings)[10]


def test_command(tmp_path, communes):
    path = tmp_path / "asp.csv"
    path.write_text(ASP, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command(
        "import_structures", str(path), "--format", "asp", "--unpublished", stdout=out, stderr=err
    )
    assert "4 créée(s)" in out.getvalue()
    assert "ligne 6 :" in out.getvalue()
    assert not Structure.objects.published().exists()
    with pytest.raises(CommandError):
        call_command("import_structures", str(tmp_path / "absent.csv"), "--format", "asp")


def test_large_imports_refresh_the_planner_statistics(communes, monkeypatch):
    from unittest import mock

    from directory.importers import structures as importer

    with mock.patch.object(importer, "refresh_planner_statistics") as refresh:
        run(ASP)  # 4 rows: below the threshold
        refresh.assert_not_called()
        monkeypatch.setattr(importer, "STATISTICS_THRESHOLD", 4)
        Structure.objects.all().delete()
        run(ASP)
        refresh.assert_called_once_with()


def test_planner_statistics_refresh_runs_on_this_database(communes):
    from directory.search.fulltext import refresh_planner_statistics, text_ids

    run(ASP)
    refresh_planner_statistics()
    assert text_ids(["jardins"]) == [Structure.objects.get(siret=S1).pk]


def test_the_garbage_collector_is_paused_during_an_import_and_restored(communes, monkeypatch):
    import gc

    from directory.importers import structures as importer

    seen = []
    original = importer.StructureImporter._import_batch

    def spy(self, batch):
        seen.append(gc.isenabled())
        return original(self, batch)

    monkeypatch.setattr(importer.StructureImporter, "_import_batch", spy)
    assert gc.isenabled()
    run(ASP)
    assert seen and not any(seen)
    assert gc.isenabled()
    with pytest.raises(ImportFileError):
        import_structures(io.BytesIO(b"\xff\xfe\x00garbage"), file_format="asp")
    assert gc.isenabled()
