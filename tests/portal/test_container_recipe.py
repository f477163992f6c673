"""Dockerfile, docker-compose.yml, gunicorn.conf.py: checked statically (no Docker daemon here)."""

import importlib.util
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def dockerfile():
    return (ROOT / "Dockerfile").read_text()


class TestCompose:
    def test_services(self, compose):
        assert set(compose["services"]) == {"app", "migrate", "postgres", "redis", "elasticsearch"}

    def test_app_and_migrate_share_the_environment(self, compose):
        app = compose["services"]["app"]["environment"]
        migrate = compose["services"]["migrate"]["environment"]
        assert app == migrate
        assert app["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
        assert app["DATABASE_URL"].startswith("postgres://portail:")
        assert app["DATABASE_URL"].endswith("@postgres:5432/portail")
        assert app["REDIS_URL"] == "redis://redis:6379/0"
        assert app["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
        assert ":?" in app["SECRET_KEY"]  # compose refuses to start without it

    def test_migrate_runs_once_before_the_app(self, compose):
        migrate = compose["services"]["migrate"]
        assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
        assert migrate["restart"] == "no"
        assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
        app = compose["services"]["app"]
        assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert app["depends_on"]["elasticsearch"]["condition"] == "service_healthy"

    def test_elasticsearch_single_node_without_security(self, compose):
        elasticsearch = compose["services"]["elasticsearch"]
        assert re.search(r"elasticsearch:9\.\d+\.\d+", elasticsearch["image"])
        assert elasticsearch["environment"]["discovery.type"] == "single-node"
        assert elasticsearch["environment"]["xpack.security.enabled"] == "false"
        assert "ports" not in elasticsearch  # never exposed outside the stack

    def test_only_the_app_is_published_and_on_localhost(self, compose):
        for name, service in compose["services"].items():
            if name == "app":
                assert service["ports"] == ["127.0.0.1:8000:8000"]
            else:
                assert "ports" not in service

    def test_every_service_has_a_healthcheck_or_dependency(self, compose):
        for name in ("postgres", "redis", "elasticsearch"):
            assert compose["services"][name]["healthcheck"]["test"]

    def test_volumes(self, compose):
        assert set(compose["volumes"]) == {"pgdata", "esdata", "media"}
        assert "media:/app/media" in compose["services"]["app"]["volumes"]

    def test_env_example_lists_the_compose_variables(self, compose):
        example = (ROOT / ".env.example").read_text()
        for name in ("SECRET_KEY", "POSTGRES_PASSWORD", "ALLOWED_HOSTS"):
            assert f"{name}=" in example


class TestDockerfile:
    def test_base_image(self, dockerfile):
        assert "FROM python:3.11-slim AS base" in dockerfile

    def test_runs_as_a_non_root_user(self, dockerfile):
        users = re.findall(r"^USER (\S+)", dockerfile, flags=re.MULTILINE)
        assert users == ["portail"]

    def test_collectstatic_at_build(self, dockerfile):
        assert "manage.py collectstatic --noinput" in dockerfile

    def test_healthcheck_on_health(self, dockerfile):
        assert "HEALTHCHECK" in dockerfile
        assert "http://127.0.0.1:8000/health/" in dockerfile

    def test_installs_the_s3_extra_and_serves_with_gunicorn(self, dockerfile):
        assert 'pip install ".[s3]"' in dockerfile
        assert (
            'CMD ["gunicorn", "--config", "gunicorn.conf.py", "portal.wsgi:application"]'
            in dockerfile
        )

    def test_dockerignore_keeps_secrets_and_local_state_out(self):
        ignored = (ROOT / ".dockerignore").read_text().split()
        for entry in (".git", ".venv", ".env", "media", "db.sqlite3", "node_modules"):
            assert entry in ignored


def load_gunicorn_config(monkeypatch, **variables):
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_TIMEOUT", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestGunicorn:
    def test_defaults_from_cpu_count(self, monkeypatch):
        monkeypatch.setattr("multiprocessing.cpu_count", lambda: 2)
        config = load_gunicorn_config(monkeypatch)
        assert config.workers == 5
        assert config.worker_class == "sync"
        assert config.timeout == 30
        assert config.bind == "0.0.0.0:8000"
        assert config.logger_class == "portal.gunicorn.JsonAccessLogger"

    def test_big_machines_are_capped(self, monkeypatch):
        monkeypatch.setattr("multiprocessing.cpu_count", lambda: 64)
        assert load_gunicorn_config(monkeypatch).workers == 12

    def test_environment_overrides(self, monkeypatch):
        config = load_gunicorn_config(
            monkeypatch,
            GUNICORN_WORKERS="3",
            GUNICORN_THREADS="4",
            GUNICORN_TIMEOUT="60",
            LOG_FORMAT="plain",
        )
        assert (config.workers, config.threads, config.timeout) == (3, 4, 60)
        assert config.worker_class == "gthread"
        assert not hasattr(config, "logger_class")
        assert "request_id=%({x-request-id}o)s" in config.access_log_format


def test_json_access_logger_escapes_and_carries_the_request_id(caplog):
    from gunicorn.config import Config

    from portal.gunicorn import JsonAccessLogger

    config = Config()
    config.set("accesslog", "-")
    logger = JsonAccessLogger(config)
    response = SimpleNamespace(
        status="200 OK",
        headers=[("Content-Type", "text/html"), ("X-Request-ID", "rid-9")],
        sent=1234,
        response_length=1234,
    )
    request = SimpleNamespace(headers=[("USER-AGENT", 'robot "quoted"/1.0')])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/annuaire/?q=a",
        "PATH_INFO": "/annuaire/",
        "QUERY_STRING": "q=a",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.4",
        "HTTP_USER_AGENT": 'robot "quoted"/1.0',
    }
    from datetime import timedelta

    lines = []
    logger.access_log.info = lambda message, *args: lines.append(message)
    logger.access(response, request, environ, timedelta(milliseconds=12))
    data = json.loads(lines[0])
    assert data["request_id"] == "rid-9"
    assert data["status"] == 200
    assert data["path"] == "/annuaire/"
    assert data["user_agent"] == 'robot "quoted"/1.0'
    assert data["duration_ms"] == 12
