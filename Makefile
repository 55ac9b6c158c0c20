# Readouts: `make run` serves the portal, `make test` runs the whole suite.
# Both set up everything on a fresh clone: the virtualenv in .venv, and, unless DATABASE_URL is
# set, the project's own PostgreSQL (scripts/localpg.py).

SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The first Python 3.11+ on PATH builds the virtualenv.
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
# Without DATABASE_URL, commands run through localpg.py, which starts the local server first.
WITH_DB = $(if $(DATABASE_URL),,$(PYTHON) scripts/localpg.py exec $(1) --)
GUNICORN_WORKERS ?= 3
GUNICORN_THREADS ?= 4
BACKUP_DIR ?= backups

.PHONY: run dev test stop lint format bench venv secret test-services _serve _test backup restore

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "make: Python 3.11 or newer is needed (python3 on PATH)"; exit 2; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

# A secret key of the clone's own, unless SECRET_KEY is set: never in the repository.
secret:
	@mkdir -p .data
	@test -n "$$SECRET_KEY" -o -s .data/secret_key || (umask 077; \
		$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > .data/secret_key)

run: $(STAMP) secret
	@$(call WITH_DB,--keep) $(MAKE) --no-print-directory _serve

_serve:
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py loadsample --if-empty
	$(PY) manage.py loadoffices -v0
	$(PY) manage.py ensureadmin
	$(PY) manage.py pruneaudit
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Readouts serves on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it; make stop stops PostgreSQL)"
	DEBUG=0 PORT=$(PORT) GUNICORN_WORKERS=$(GUNICORN_WORKERS) GUNICORN_THREADS=$(GUNICORN_THREADS) \
		exec $(PY) scripts/serve.py

dev: $(STAMP) secret
	@$(call WITH_DB,--keep) bash -c '$(PY) manage.py migrate --noinput -v0 && \
		$(PY) manage.py loadsample --if-empty && $(PY) manage.py loadoffices -v0 && \
		$(PY) manage.py ensureadmin && \
		DEBUG=1 exec $(PY) manage.py runserver 127.0.0.1:$(PORT)'

test: $(STAMP) secret test-services
	@$(call WITH_DB,) $(MAKE) --no-print-directory _test

# The browser tests drive Debian's Chromium (Playwright cannot download its own browsers here);
# the two-server test runs once more with both servers on one Redis, where redis-server is;
# the slow-client test runs make run's stack, nginx in front of gunicorn.
test-services:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "make: installing Debian's chromium for the browser tests"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get install -y -q chromium >/dev/null 2>&1 || \
			{ apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; \
		else \
			echo "make: the browser tests need Chromium: sudo apt-get install chromium"; exit 2; \
		fi; }
	@command -v redis-server >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "make: installing Debian's redis-server for the two-server test"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get install -y -q redis-server >/dev/null 2>&1 || \
			{ apt-get update -q >/dev/null && apt-get install -y -q redis-server >/dev/null; } || \
			echo "make: redis-server could not be installed: its test is skipped"; \
		else \
			echo "make: redis-server is not installed: the two-server test on Redis is skipped"; \
		fi; }
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "make: installing Debian's nginx for the slow-client test"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get install -y -q --no-install-recommends nginx-light >/dev/null 2>&1 || \
			{ apt-get update -q >/dev/null && \
			  apt-get install -y -q --no-install-recommends nginx-light >/dev/null; } || \
			echo "make: nginx could not be installed: the slow-client test is skipped"; \
		else \
			echo "make: nginx is not installed: the slow-client test is skipped"; \
		fi; }

_test:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

stop:
	@$(PYTHON) scripts/localpg.py stop

# The benchmark at a million statements, beside PostgreSQL, COPY, Datasette and wrk (bench/run.py).
# Its data lives in a database of its own (readouts_bench), built once; never run by `make test`.
bench: $(STAMP) secret
	@$(call WITH_DB,--keep) $(PY) bench/run.py $(BENCH_ARGS)

# A dump of the database (pg_dump -Fc) to $(BACKUP_DIR)/readouts-<UTC time>.dump, mode 0600,
# and its restore into an empty database (readouts/backup.py).
backup: $(STAMP) secret
	@$(call WITH_DB,) $(PY) manage.py backup --dir "$(BACKUP_DIR)"

restore: $(STAMP) secret
	@test -n "$(FILE)" || { echo "make: name the dump: make restore FILE=backups/readouts-....dump"; exit 2; }
	@$(call WITH_DB,) $(PY) manage.py restore "$(FILE)"
