# CCM Portal: `make run` to try it, `make test` to test it. `make help` lists the rest.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
MANAGE := $(VENV_PYTHON) manage.py
# Touched after a successful install, so pip only runs again when a requirements file changes.
INSTALLED_STAMP := $(VENV)/.installed
REQUIREMENTS := $(wildcard requirements*.txt)

# Translation catalogues (README, "Languages"): locale/<lang>/LC_MESSAGES/django.po, kept in
# git, compiled by the install step into the .mo files Django reads (build output, not in
# git), again only when a .po file has changed. Both commands skip what is not ours.
CATALOGUE_LOCALES := ar es fr ru zh_Hans
CATALOGUE_IGNORE := --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=staticfiles \
	--ignore=tests --ignore=bench --ignore=scripts --ignore=private_media
COMPILED_CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

# The interpreter that creates the virtualenv: python3.11 if it runs, else python3 if that
# is 3.11 or newer. When neither is, fall back to python3 so that the system check
# prints which version was found instead of `venv` failing somewhere later.
# `make run PYTHON=/path/to/python3.12` picks another one.
ifndef PYTHON
PYTHON := $(or $(shell for candidate in python3.11 python3; do \
	"$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	&& { command -v "$$candidate"; break; }; done),python3)
endif

# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-k credentials -x".
PYTEST_ARGS ?=
# pytest-xdist workers for `make test`: one per core (auto). Each test file runs whole on one
# worker (--dist loadfile), so a file's module and session fixtures are built once.
# TEST_WORKERS=0 runs everything in one process (for --pdb, or to read one test's output in order).
TEST_WORKERS ?= auto

.PHONY: help run test lint deploy-check bench serve worker setup system-check vendor test-tools smoke scale-out backup restore messages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  make %-14s %s\n", $$1, $$2 }'

# The port of `make run`: make run PORT=8080.
PORT ?= 8000

run: setup ## Set up, load demo data and serve on http://127.0.0.1:8000 (PORT=8080 for another port)
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) seed_demo
	DJANGO_DEBUG=true $(MANAGE) runserver 127.0.0.1:$(PORT)

# DATABASE_URL comes from the environment; pytest-django creates and drops the test database.
test: setup test-tools ## Set up and run the test suite (PYTEST_ARGS="..." passes arguments to pytest)
	$(VENV_PYTHON) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# axe-core (kept in git under tests/browser/vendor/) and the Nu Html Checker's vnu.jar (32 MB,
# fetched into .test-tools/), pinned and checked; only what is missing or stale is fetched.
test-tools: ## Fetch the pinned checkers the accessibility and HTML tests run (axe-core, vnu.jar)
	@python3 scripts/test_tools.py

# The three checks run even when one fails, so one pass shows everything to fix.
lint: $(INSTALLED_STAMP) ## ruff check, ruff format --check and lint-imports (the import order between apps, .importlinter)
	@status=0; \
	echo "$(VENV_PYTHON) -m ruff check ."; $(VENV_PYTHON) -m ruff check . || status=1; \
	echo "$(VENV_PYTHON) -m ruff format --check ."; $(VENV_PYTHON) -m ruff format --check . || status=1; \
	echo "$(VENV)/bin/lint-imports"; $(VENV)/bin/lint-imports --no-cache || status=1; \
	exit $$status

# A throwaway key, generated on each run, so production.py has what it requires and the
# secret-key check judges a key of realistic length.
deploy-check: setup ## manage.py check --deploy against the production settings
	@echo "$(MANAGE) check --deploy --fail-level WARNING  (production settings, throwaway secret key)"
	@DJANGO_SETTINGS_MODULE=ccm_portal.settings.production \
	DJANGO_SECRET_KEY="$$($(VENV_PYTHON) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	DJANGO_ALLOWED_HOSTS=portal.example.org \
	$(MANAGE) check --deploy --fail-level WARNING

# The database (pg_dump on PostgreSQL, a consistent copy on SQLite) and PRIVATE_MEDIA_ROOT
# in one archive with a manifest of row counts and checksums; DATABASE_URL and friends
# come from the environment, as for every manage.py command.
backup: setup ## Back up the database and private files into backups/ccm-portal-<time>.tar.gz
	$(MANAGE) backup

restore: setup ## Restore a backup: make restore FILE=backups/ccm-portal-<time>.tar.gz
	@test -n "$(FILE)" || { echo "Name the archive: make restore FILE=backups/ccm-portal-<time>.tar.gz"; exit 2; }
	$(MANAGE) restore "$(FILE)"

# Production renders PDFs on Celery workers; the broker comes from CELERY_BROKER_URL.
# The README's deployment command; the production environment (DJANGO_SECRET_KEY, DATABASE_URL, ...) is yours to set.
serve: setup ## Serve with gunicorn as in production: preload, gc.freeze(), 2 x cores + 1 workers (ccm_portal/gunicorn_conf.py)
	$(VENV)/bin/gunicorn --config python:ccm_portal.gunicorn_conf ccm_portal.wsgi:application

worker: setup ## Run a Celery worker for background PDF rendering (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A ccm_portal worker --loglevel=INFO --concurrency=2

# Needs npm (downloads only); the versions and tarball checksums are pinned in the script.
vendor: ## Refresh static/vendor/ (Bootstrap, its source maps and licences) from the pinned npm packages
	python3 scripts/vendor_assets.py

# Needs PostgreSQL (SMOKE_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres): it
# creates a database ccm_smoke_<random> and drops it again, whatever happens.
smoke: setup ## Deploy as the README says on a fresh PostgreSQL database, serve with gunicorn, check and crawl
	$(VENV_PYTHON) scripts/smoke_production.py

# Needs PostgreSQL as for smoke and redis-server on the PATH; starts its own Redis, moto S3 server,
# two gunicorn instances, a Celery worker and a proxy, and stops them all (README, "More than one machine").
scale-out: setup ## Two instances behind a proxy sharing PostgreSQL, Redis and an S3 bucket: files, logins, renders, /readyz
	$(VENV_PYTHON) scripts/scale_out.py

bench: setup ## Run the benchmarks in bench/ and print their figures
	@for script in bench/*.py; do echo "== $$script"; $(VENV_PYTHON) -P $$script || exit 1; done

# The system check comes first: it needs no virtualenv, and WeasyPrint cannot be imported
# (by migrate, by the tests) without the libraries it checks for.
setup: system-check $(INSTALLED_STAMP) $(COMPILED_CATALOGUES)

system-check:
	@$(PYTHON) scripts/check_system.py

$(INSTALLED_STAMP): $(REQUIREMENTS) | system-check
	@test -x $(VENV_PYTHON) || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	@echo "Installing requirements-dev.txt into $(VENV)"
	$(VENV_PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(INSTALLED_STAMP)
	$(MANAGE) compilemessages --locale $* $(CATALOGUE_IGNORE)

messages: $(INSTALLED_STAMP) ## Update the translation catalogues in locale/ from the code and templates (then translate, make setup compiles)
	$(MANAGE) makemessages --no-obsolete $(addprefix --locale ,$(CATALOGUE_LOCALES)) $(CATALOGUE_IGNORE)
