# Two commands on a fresh clone: `make run` serves the portal, `make test` runs the suite
# but its slow tests, which `make test-all` runs too.
# Both create the virtual environment and install the project first.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 5000
# The address links in the portal's messages point to: where `make run` serves it, so
# `make run PORT=5077` links to port 5077. Behind a tunnel or proxy: PUBLIC_BASE_URL=https://...
PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal

.PHONY: run test test-all install lint translations clean bench

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The translation catalogues (portal/translations/<lang>/LC_MESSAGES/messages.po) are
# compiled to .mo here, never committed compiled.
install: $(VENV)/.installed
	@if ls portal/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile -d portal/translations; fi

# Exported to every command of the recipe: seed-demo's messages link to the served portal too.
run: export PORTAL_PUBLIC_BASE_URL = $(PUBLIC_BASE_URL)
run: install
	$(FLASK) init-db
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# On every core (pytest-xdist), each worker on a database of its own.
test: install
	$(BIN)/python -m pytest -n auto

# Everything: then the tests marked slow (gunicorn and `make run` in subprocesses,
# LibreOffice, fuzzing), one at a time, as they time servers and kill workers. What CI runs,
# on SQLite and, with DATABASE_URL set, on PostgreSQL.
test-all: install
	$(BIN)/python -m pytest -n auto
	$(BIN)/python -m pytest -m slow

# End-to-end tests in Chromium, with an axe scan of every page (tests/browser): a live portal
# on 127.0.0.1 driven by Debian's /usr/bin/chromium; a screenshot per step goes to
# test-results/<test>/. Playwright and axe-playwright-python come from the `browser` extra.
.PHONY: test-browser
test-browser: install
	@$(BIN)/python -c 'import playwright, axe_playwright_python' 2>/dev/null || \
		$(BIN)/python -m pip install --quiet -e '.[test,browser]'
	$(BIN)/python -m pytest tests/browser

# The README's pictures of what each role sees first (docs/screenshots/): the browser tests of
# the role homes, run with PORTAL_SCREENSHOTS naming the folder the pictures are kept in.
.PHONY: screenshots
screenshots: install
	@$(BIN)/python -c 'import playwright, axe_playwright_python' 2>/dev/null || \
		$(BIN)/python -m pip install --quiet -e '.[test,browser]'
	PORTAL_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest tests/browser/test_role_homes.py

# Benchmarks against the physical ceiling (tests/bench/run.py says what and how): about two
# minutes on two cores (three on PostgreSQL). `make bench DATABASE_URL=postgresql+psycopg://...` runs on
# PostgreSQL (its public schema is dropped and rebuilt). wrk is the load generator when
# installed (installed here from Debian when missing and run as root), else a Python client.
bench: install
	@command -v wrk >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
		(DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || \
		 (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk \
		  >/dev/null 2>&1)) || echo "wrk could not be installed: using the Python load client"
	$(BIN)/python -m tests.bench

lint: install
	$(BIN)/python -m pip install --quiet 'ruff>=0.4'
	$(BIN)/ruff check portal forms docgen tests

# Extract every string marked for translation (_ and gettext, _l and lazy_gettext in forms
# and pages, the phrase markers N_, P_ and NP_ in the policy, which imports no Flask), then
# bring each catalogue up to date, its lines kept at the width the catalogue is written in.
# A new language: $(BIN)/pybabel init -i portal/translations/messages.pot -d portal/translations -l xx
translations: install
	$(BIN)/pybabel extract -w 100 -F babel.cfg -k _l -k lazy_gettext -k N_ -k P_ -k NP_:1,2 \
		-o portal/translations/messages.pot .
	@if ls portal/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel update --ignore-obsolete -w 100 -i portal/translations/messages.pot -d portal/translations; fi

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
