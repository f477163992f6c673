import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

import directory
from directory.importers.base import ImportFileError
from directory.importers.communes import import_communes
from directory.models import Commune

pytestmark = pytest.mark.django_db

GEO_API = [
    {
        "code": "13005",
        "nom": "Aubagne",
        "codesPostaux": ["13400"],
        "centre": {"type": "Point", "coordinates": [5.5708, 43.2927]},
        "codeDepartement": "13",
        "codeRegion": "93",
    },
    {
        "code": "2A004",
        "nom": "Ajaccio",
        "codesPostaux": ["20000", "20090"],
        "centre": {"type": "Point", "coordinates": [8.7386, 41.9192]},
        "codeDepartement": "2A",
        "codeRegion": "94",
    },
    {"code": "123", "nom": "Code trop court", "codeDepartement": "01"},
    {"code": "99999", "nom": "Ailleurs", "codeDepartement": "99"},
    {"code": "13001", "nom": "", "codeDepartement": "13"},
    {
        "code": "13056",
        "nom": "Martigues",
        "codesPostaux": ["13500"],
        "centre": {"type": "Point", "coordinates": [500, 43.4]},
        "codeDepartement": "13",
    },
]

CSV_TEXT = (
    "nom,code,codes_postaux,region_nom,region_code,departement_code,longitude,latitude\n"
    "Saint-Étienne,42218,42000 42100 42230,Auvergne-Rhône-Alpes,84,42,4.3872,45.4397\n"
    "Créteil,94028,94000,Île-de-France,11,94,2.4556,48.7904\n"
    "Bourg-en-Bresse,1053,01000,Auvergne-Rhône-Alpes,84,1,5.2256,46.2052\n"
    "Sans coordonnées,13999,,Provence-Alpes-Côte d'Azur,93,13,abc,43\n"
)


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_geo_api_json_import_creates_and_rejects_with_line_numbers(tmp_path):
    path = write(tmp_path, "communes.json", json.dumps(GEO_API))
    report = import_communes(path)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    reasons = dict(report.rejected)
    assert "code INSEE invalide" in reasons[3]
    assert "département inconnu" in reasons[4]
    assert "nom de commune manquant" in reasons[5]
    assert "coordonnées hors limites" in reasons[6]
    ajaccio = Commune.objects.get(insee_code="2A004")
    assert ajaccio.department.code == "2A"
    assert ajaccio.region.name == "Corse"
    assert ajaccio.postcode_list == ["20000", "20090"]
    assert (ajaccio.latitude, ajaccio.longitude) == (41.9192, 8.7386)
    assert ajaccio.normalised_name == "ajaccio"


def test_import_is_idempotent_and_updates_changed_rows(tmp_path):
    path = write(tmp_path, "communes.json", json.dumps(GEO_API[:2]))
    import_communes(path)
    again = import_communes(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = [dict(GEO_API[0], nom="Aubagne-en-Provence"), GEO_API[1]]
    report = import_communes(write(tmp_path, "changed.json", json.dumps(changed)))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert Commune.objects.get(insee_code="13005").normalised_name == "aubagne en provence"


def test_csv_import(tmp_path):
    report = import_communes(write(tmp_path, "communes.csv", CSV_TEXT))
    assert report.created == 3
    assert [line for line, _reason in report.rejected] == [5]
    bourg = Commune.objects.get(insee_code="01053")  # leading zero restored
    assert bourg.department.code == "01"
    saint_etienne = Commune.objects.get(insee_code="42218")
    assert saint_etienne.normalised_name == "saint etienne"
    assert list(Commune.objects.with_postcode("42100")) == [saint_etienne]


def test_csv_with_missing_columns_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match="Colonnes manquantes"):
        import_communes(write(tmp_path, "bad.csv", "nom;code\nX;13001\n"))


def test_invalid_json_is_refused_in_french(tmp_path):
    with pytest.raises(ImportFileError, match="JSON invalide"):
        import_communes(write(tmp_path, "bad.json", "[{"))


def test_shipped_demo_communes_all_import():
    path = Path(directory.__file__).parent / "data" / "demo_communes.json"
    report = import_communes(path)
    assert report.rejected == []
    assert report.created >= 150
    assert Commune.objects.get(insee_code="13055").postcode_list[0] == "13001"


def test_command_prints_the_report(tmp_path):
    path = write(tmp_path, "communes.json", json.dumps(GEO_API))
    out, err = StringIO(), StringIO()
    call_command("import_communes", str(path), stdout=out, stderr=err)
    assert "2 créée(s)" in out.getvalue()
    assert "ligne 3 : code INSEE invalide" in out.getvalue()
    assert "100%" in err.getvalue()


def test_command_missing_file():
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_communes", "/nonexistent/communes.json")
