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
	@echo "make bench        benchmarks (voir bench/README.md)"
	@echo "make audit        vulnérabilités connues des dépendances installées (pip-audit)"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# Browser tests need axe-core (npm registry) and Chromium (Debian package).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm introuvable : les tests d'accessibilité dans le navigateur seront ignorés."; fi

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

bench: install
	$(PY) bench/run_all.py

bench-soak: install
	$(PY) bench/soak.py

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media staticfiles
