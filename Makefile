# Two commands on a fresh clone: `make run` serves the portal, `make test` runs the suite.
# Both create the virtual environment and install the project first.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 5000
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal

.PHONY: run test install lint translations clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(FLASK) init-db
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/python -m pip install --quiet 'ruff>=0.4'
	$(BIN)/ruff check portal forms docgen tests

translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -o portal/translations/messages.pot .

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
