# Kopa: `make run` serves Kopa with demo data; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test test-postgres test-browser install messages compilemessages lint benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps -r requirements.lock
	@touch $@

install: $(VENV)/.installed

compilemessages: install
	$(BIN)/pybabel compile -D django -d kopa/locale --statistics

# Regenerate the catalogues after changing strings (needs GNU gettext's xgettext, a developer tool).
messages: install
	cd kopa && DEBUG=1 ../$(BIN)/python ../manage.py makemessages -l sl -l lv --no-obsolete --no-location --ignore=static

# Links in e-mails and calendar files point to where this server answers, unless KOPA_SITE_URL says otherwise.
KOPA_SITE_URL ?= http://$(HOST):$(PORT)

run: compilemessages
	mkdir -p var
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	# runserver also runs the scheduled jobs (reminders, expiries, the privacy purge) without Redis.
	DEBUG=1 KOPA_SITE_URL=$(KOPA_SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: compilemessages
	mkdir -p var
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

test-postgres: compilemessages
	$(BIN)/python -m pytest -q -m "not browser" $(PYTEST_ARGS)

# Browser tests only (Debian's Chromium at /usr/bin/chromium); a missing browser fails instead of skipping.
test-browser: compilemessages
	mkdir -p var
	KOPA_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q -m browser $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check kopa benchmarks

benchmark: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) var
