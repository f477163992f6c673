# Portail de la commande publique inclusive — common tasks.
# `make run` and `make test` work on a bare machine with Python 3.11, pip and make.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: help install run demo test test-fast test-browser lint format check bench bench-soak clean browser-deps audit

help:
	@echo "make run          installe, migre, charge la démo, crée l'admin et sert http://$(HOST):$(PORT)"
	@echo "make test         installe et lance toute la suite de tests"
	@echo "make lint         ruff (lint + format --check), check, makemigrations --check"
	@echo "make format       ruff format + ruff --fix"
	@echo "make test-browser parcours dans Chromium et audits d'accessibilité (voir tests/browser/README.md)"
	@echo "make bench        benchmarks : charge HTTP et benchmarks des fonctionnalités (voir bench/README.md)"
	@echo "make bench-soak   endurance : 10 minutes de trafic mêlé, mauvaises saisies comprises"
	@echo "make audit        vulnérabilités connues des dépendances installées (pip-audit)"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# Browser tests need axe-core (npm registry) and Chromium (Debian package).
# Without npm (or without network) the accessibility audits are skipped, or fail under CI=true.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --silent || echo "npm ci a échoué : les audits axe-core seront ignorés (échec si CI=true)."; \
	else echo "npm introuvable : les audits axe-core dans le navigateur seront ignorés (échec si CI=true)."; fi

browser-deps: node_modules/axe-core/axe.min.js

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	$(MANAGE) ensure_admin
	$(MANAGE) runserver $(HOST):$(PORT)

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content

test: install browser-deps
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not browser"

test-browser: install browser-deps
	$(BIN)/pytest -m browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Known vulnerabilities in the installed dependencies (PyPI advisory database). Fails on any
# vulnerability, and also when a package cannot be checked (no network): never a silent pass.
audit: install
	$(BIN)/pip-audit --skip-editable --strict --progress-spinner off

# Options: make bench BENCH_ARGS="--quick" ; make bench-soak BENCH_ARGS="--duration 120"
BENCH_ARGS ?=

bench: install
	$(PY) bench/run_all.py $(BENCH_ARGS)

bench-soak: install
	$(PY) bench/soak.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media staticfiles .browser-artifacts
