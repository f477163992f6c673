"""docs/production.md documents every environment variable the settings and gunicorn read."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "production.md").read_text(encoding="utf-8")

SETTINGS_VARIABLE = re.compile(r"\benv(?:_bool|_list)?\(\s*\"([A-Z][A-Z0-9_]+)\"")
GUNICORN_VARIABLE = re.compile(r"(?:_int|environ\.get)\(\s*\"([A-Z][A-Z0-9_]+)\"")


def documented(name):
    return f"`{name}`" in DOC


def test_every_settings_variable_is_documented():
    names = set()
    for path in (ROOT / "portal" / "settings").glob("*.py"):
        names |= set(SETTINGS_VARIABLE.findall(path.read_text(encoding="utf-8")))
    assert {"SECRET_KEY", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME"} <= names
    missing = sorted(name for name in names if not documented(name))
    assert not missing, f"À documenter dans docs/production.md : {missing}"


def test_every_gunicorn_variable_is_documented():
    names = set(GUNICORN_VARIABLE.findall((ROOT / "gunicorn.conf.py").read_text()))
    assert "GUNICORN_WORKERS" in names
    missing = sorted(name for name in names if not documented(name))
    assert not missing, f"À documenter dans docs/production.md : {missing}"


def test_compose_variables_are_documented():
    text = (ROOT / "docker-compose.yml").read_text()
    yaml.safe_load(text)
    names = set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", text))
    missing = sorted(name for name in names if not documented(name))
    assert not missing, f"À documenter dans docs/production.md : {missing}"


def test_compose_steps_are_described():
    for step in (
        "cp .env.example .env",
        "docker compose up -d --build",
        "python manage.py createsuperuser",
        "/ready/",
    ):
        assert step in DOC
