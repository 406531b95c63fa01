# Kopa: `make run` serves Kopa with demo data; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Tests run in parallel processes (pytest-xdist), one per core of a 2-core machine; 0 runs them in one.
PYTEST_WORKERS ?= 2

# `make serve`: the same demo as `make run`, served as in production (see docs/performance.md).
.PHONY: run serve test test-postgres test-browser install messages compilemessages lint benchmark clean

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

# Production-like: gunicorn with 2 sync workers, DEBUG off, static files collected (hashed names) and
# served by whitenoise, the anonymous page cache on; plain HTTP on 127.0.0.1, so no HTTPS redirect or
# secure-only cookies. Scheduled jobs need `manage.py worker` alongside (see docs/operations.md).
SERVE_ENV := DEBUG=0 SECRET_KEY=$${SECRET_KEY:-local-serve-only-not-for-production} ALLOWED_HOSTS=$(HOST),localhost \
	SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 \
	EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend KOPA_SITE_URL=$(KOPA_SITE_URL)
WORKERS ?= 2

serve: compilemessages
	mkdir -p var
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(BIN)/gunicorn kopa.wsgi --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile -

test: compilemessages
	mkdir -p var
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-postgres: compilemessages
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

# Browser tests only (Debian's Chromium at /usr/bin/chromium); a missing browser fails instead of skipping.
test-browser: compilemessages
	mkdir -p var
	KOPA_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) -m browser $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check kopa benchmarks

benchmark: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) var
