# The few verbs a newcomer needs. `make demo` and `make test` work on a fresh machine.
.DEFAULT_GOAL := help
SHELL := /bin/bash

# Django 6 needs Python 3.12+. Debian's python3 is 3.11, so look for a newer one by name,
# then in pyenv's versions, and stop with a clear message when there is none.
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3.13 \
	$$HOME/.pyenv/versions/3.12*/bin/python3.12; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# The tests run on every core, up to four (pytest-xdist; each worker has its own test
# database). PYTEST_WORKERS=-n0 runs them in one process, e.g. to step through with pdb.
PYTEST_WORKERS ?= --numprocesses=auto --maxprocesses=4

.PHONY: help demo test worker lint install assets serve clean

help:
	@echo "make demo   set up everything, load the Bochum 2025 demo, serve on http://127.0.0.1:8000"
	@echo "make test   lint (ruff, mypy) and the whole test suite (PostgreSQL when DATABASE_URL is set)"
	@echo "make worker run background tasks from the database (manage.py db_worker), e.g. the purge"

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Chaveruth needs Python 3.12 or newer (3.13 recommended)."; \
		echo "Install it (e.g. 'pyenv install 3.13') or run: make PYTHON=/path/to/python3.13 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Chaveruth needs Node.js with npm for its front-end packages."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# Translations are compiled and static files collected at setup, never committed.
assets: install
	@command -v msgfmt >/dev/null || { echo "Chaveruth needs GNU gettext (msgfmt) to compile its translations,"; \
		echo "e.g. 'apt install gettext' or 'brew install gettext'."; exit 1; }
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	$(MANAGE) collectstatic --noinput -v 0

demo: assets
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_demo
	@echo
	@echo "Chaveruth demo: http://127.0.0.1:8000/  (the logins are printed above)"
	@echo "The demo does not ask staff for a second factor (MFA_REQUIRED_FOR_STAFF=false); production does."
	@echo
	@# The background worker runs beside the server (the optimiser's proposals) and stops with it.
	MFA_REQUIRED_FOR_STAFF=false $(MANAGE) db_worker & trap "kill $$! 2>/dev/null" EXIT; \
		MFA_REQUIRED_FOR_STAFF=false $(MANAGE) runserver 127.0.0.1:8000

# Tasks are stored in the database (TASKS in settings.py); this process runs them.
worker: install
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) db_worker

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: assets lint
	$(MANAGE) makemigrations --check --dry-run -v 1
	$(VENV)/bin/pytest $(PYTEST_WORKERS)

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3*
