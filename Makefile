# Everything runs from a virtualenv in .venv, made on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# The embedded SQLite database lives here (settings: FACTFILE_DATA_DIR).
DATA_DIR := $(or $(FACTFILE_DATA_DIR),var)

.PHONY: install run test lint format migrations-check ci clean manage createsuperuser reset-demo

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "factfile needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_factfile --demo-users
	$(PY) manage.py runserver $(HOST):$(PORT)

# Any manage.py command with the project's virtualenv:
# make manage ARGS="export_factfile --format csv --output factfile.csv"
manage: install
	$(PY) manage.py $(ARGS)

createsuperuser: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createsuperuser

# Deletes the embedded SQLite database and loads the seed fact file and the
# demo users again; the virtualenv stays.
reset-demo: install
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "make reset-demo deletes the embedded SQLite database only; unset DATABASE_URL"; exit 1; fi
	rm -f $(DATA_DIR)/factfile.sqlite3 $(DATA_DIR)/factfile.sqlite3-wal $(DATA_DIR)/factfile.sqlite3-shm
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_factfile --demo-users

# The suite runs in parallel, one worker per core, each with a database of its
# own (pytest-xdist); TEST_WORKERS=0 runs it in one process. Tests are handed
# out in the order pytest-django sorts them, so that on every worker the tests
# that empty the database (transactional ones) come after all the others.
TEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -n $(TEST_WORKERS) --dist load --durations=25 $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var test-artifacts

# Benchmarks at archive scale (PostgreSQL, wrk): make bench SIZES=10000,100000,1000000
SIZES ?= 10000,100000
.PHONY: bench
bench: install
	@command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) -m benchmarks.run --sizes $(SIZES) $(BENCH_ARGS)
