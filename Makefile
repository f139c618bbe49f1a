# Campaign Desk. `make run` serves the demo on http://127.0.0.1:8000; `make test` runs the whole suite.
.DEFAULT_GOAL := help
SHELL := /bin/bash

# The first interpreter that is Python 3.12 or newer (pyenv installs count too).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 python $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3); do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v "$$p"; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/campaign_desk_bench
PYTEST_WORKERS ?= 2

.PHONY: help install run test fuzz lint format bench lock check-python messages check-messages

help:
	@echo "make run    install, migrate, load demo data and serve on http://127.0.0.1:8000 (SQLite)"
	@echo "           make run DEMO_LANGUAGE=nb loads the demo's descriptions in Norwegian"
	@echo "make test   install and run the whole test suite (DATABASE_URL selects PostgreSQL)"
	@echo "make lint   ruff check and format check"
	@echo "make bench  benchmarks on PostgreSQL ($(BENCH_DATABASE_URL))"
	@echo "make messages        collect the strings into locale/nb/LC_MESSAGES/django.po and compile the .mo"
	@echo "make check-messages  fail on an untranslated or fuzzy string or a stale .po/.mo (prints the counts)"

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Campaign Desk needs Python 3.12 or newer; none was found (tried python3.13, python3.12, python3, python)." >&2; \
		echo "Install Python 3.12+ or run: make PYTHON=/path/to/python3.12 ..." >&2; exit 1; fi

$(STAMP): requirements/dev.txt | check-python
	@test -x $(BIN)/python || "$(PYTHON)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $(STAMP)

install: $(STAMP)

run: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo $(if $(DEMO_LANGUAGE),--language $(DEMO_LANGUAGE))
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	@mkdir -p var
	@markers=""; \
	if [ ! -x "$(CHROMIUM)" ]; then \
		echo "*** $(CHROMIUM) is missing: browser journeys are NOT run (apt-get install -y chromium to run them). ***" >&2; \
		markers="not browser"; \
	fi; \
	rc=0; $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal $${markers:+-m "$$markers"} $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure here." >&2; exit 1; fi; \
	exit $$rc

# Only the hostile-input test over every form and filter of the role matrix (it is part of `make test` too).
fuzz: install
	FUZZ_ON_SQLITE=1 $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal tests/test_hostile_input.py $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The Norwegian catalogue (scripts/translations.py): makemessages --no-location --no-obsolete, then msgfmt.
# Commit the .po and the .mo, so that `make run` needs no gettext. Both need GNU gettext (apt-get install gettext).
messages: install
	$(BIN)/python scripts/translations.py update

# Runs makemessages in a temporary copy; CI (.ci/run) fails on an untranslated, fuzzy or stale string.
check-messages: install
	$(BIN)/python scripts/translations.py check

bench: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench

lock: install
	$(BIN)/pip install --quiet pip-tools  # the locking tool only; not part of the locked environment
	$(BIN)/pip-compile --quiet --strip-extras --generate-hashes -o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --generate-hashes --extra dev -o requirements/dev.txt pyproject.toml
