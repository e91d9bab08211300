# MassageCare: `make run` serves the app with demo data, `make test` runs every check.
# Everything is installed into .venv from the pins in pyproject.toml; a stamp file inside .venv
# records the install, so pip runs again only when pyproject.toml changes.

VENV := .venv
BIN := $(VENV)/bin
# Python 3.11 (Django 5.2 LTS): python3.11 if there is one, else python3 when it is 3.11.
PYTHON := $(shell command -v python3.11 2>/dev/null || \
	(python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null && \
	command -v python3))
ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.PHONY: run test lint format install install-dev clean bench soak

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	@# Beside the server, the reminders due are sent every minute (mail prints here); both end
	@# together on Ctrl-C.
	$(BIN)/python manage.py reminders --send --every 60 & \
	trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(ADDR)

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 or python3)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# The app and its pinned dependencies (pyproject.toml [project] dependencies).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The same plus the dev tools: pytest, Playwright, axe, ruff ([project.optional-dependencies]).
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) massagecare.egg-info build staticfiles test-artifacts test-results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# The benchmark: the triage engine alone (1, 30 and 365 check-ins), the personal-details scanner
# on adversarial texts and a long story, then every page under wrk on a large PostgreSQL data set
# against a minimal Django page (bench/run.py says how). Needs PostgreSQL on 127.0.0.1; installs
# wrk from Debian's packages when it is missing.
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { echo "Installing wrk from Debian's packages"; \
		apt-get update -q </dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk \
		</dev/null; }
	$(BIN)/python -m bench.bench_engine
	$(BIN)/python -m bench.bench_pii
	$(BIN)/python -m bench.run

# The soak: gunicorn on PostgreSQL under 64 connections for 60 s, then a PostgreSQL restart under
# load, then two gunicorns and two task workers sharing PostgreSQL and Redis (soak/run.py says
# what it checks; it shares bench/harness.py with the bench). Needs PostgreSQL and Redis on
# 127.0.0.1 and pg_ctlcluster.
soak: $(VENV)/.installed
	$(BIN)/python -m soak.run
