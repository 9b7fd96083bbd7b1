# The one place commands live; the README quotes these targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run setup serve test test-deps bank-venv bank lint format check pytest pytest-postgres browser-deps bench bench-postgres clean

help:
	@echo "make run    set everything up (first time) and serve http://$(HOST):$(PORT)"
	@echo "make test   lint, system checks, migration check and the whole test suite (SQLite, then PostgreSQL)"
	@echo "make lint   ruff check and format check;  make format  fix them"
	@echo "make bench  load-test a 20,000-question bank under gunicorn with wrk, then search at 100,000 and a hostile mix (about 12 minutes)"
	@echo "make bench-postgres  the load test on a throwaway PostgreSQL"

# Re-installs only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found); set PYTHON=..."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# The interpreter the starter bank's code blocks run on (tests/bank): Python 3.13, the
# version the answers are checked against, where the machine has one; else $(PYTHON).
PYTHON313 ?= $(firstword $(wildcard /root/.pyenv/versions/3.13*/bin/python3.13 $(HOME)/.pyenv/versions/3.13*/bin/python3.13) $(shell command -v python3.13 2>/dev/null))
BANK_VENV := .venv-bank

$(BANK_VENV)/.installed: tests/bank/requirements.txt
	@py="$(PYTHON313)"; if [ -z "$$py" ]; then py="$(PYTHON)"; \
		echo "No Python 3.13 here: the bank's code blocks run on $$py"; fi; \
	test -x $(BANK_VENV)/bin/python || $$py -m venv $(BANK_VENV)
	$(BANK_VENV)/bin/python -m pip install --quiet -r tests/bank/requirements.txt
	touch $@

bank-venv: $(BANK_VENV)/.installed

# Check the starter bank alone: structure, then every runnable code block.
bank: install bank-venv
	$(PY) -m tests.bank

setup: install
	$(MANAGE) migrate --no-input
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(MANAGE) load_starter_content
	$(MANAGE) create_demo_accounts

serve: install
	$(MANAGE) runserver $(HOST):$(PORT)

run: setup serve

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

# The suite on SQLite, whatever DATABASE_URL the shell has.
pytest: install
	env -u DATABASE_URL -u REDIS_URL $(VENV)/bin/pytest $(PYTEST_ARGS)

# The same suite on a throwaway PostgreSQL, with a throwaway Redis for the
# scale-out test. Skipped where PostgreSQL is not installed, except in CI.
pytest-postgres: install
	@if ! scripts/with-postgres --check; then \
		if [ "$$CI" = true ]; then echo "CI needs PostgreSQL: apt-get install postgresql"; exit 1; fi; \
		echo "skipping PostgreSQL run: install postgresql"; exit 0; \
	fi; \
	if scripts/with-redis --check; then redis=scripts/with-redis; \
	elif [ "$$CI" = true ]; then echo "CI needs Redis: apt-get install redis-server"; exit 1; \
	else echo "no redis-server: the scale-out test is skipped"; redis=; fi; \
	scripts/with-postgres $$redis $(VENV)/bin/pytest $(PYTEST_ARGS)

# Debian packages the whole suite uses: Chromium for the browser tests, PostgreSQL and
# Redis for the second pass and the scale-out test, Varnish for the front-cache test.
# Installed when missing and we are root with apt-get (as in CI); elsewhere a missing
# piece is reported, and the tests that need it skip (outside CI) instead of failing.
CHROMIUM := /usr/bin/chromium
AXE_INSTALLED := tests/browser/node_modules/.installed
TEST_PACKAGES := chromium postgresql redis-server varnish

test-deps: $(AXE_INSTALLED)
	@missing=$$(for p in $(TEST_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian packages for the tests:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			$$missing >/dev/null \
			|| echo "Could not install $$missing: tests that need them will skip (and fail in CI)"; \
	else \
		echo "Missing Debian packages (need root):" $$missing "- tests that need them will skip"; \
	fi

browser-deps: test-deps

$(AXE_INSTALLED): tests/browser/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/browser --silent --no-audit --no-fund && touch $@; \
	else \
		echo "npm is missing, so axe-core is not installed: the browser tests will skip"; \
	fi

test: test-deps bank-venv lint check pytest pytest-postgres

# Seeds its own database in a temporary directory and stops every process it starts;
# BENCH_ARGS="--questions 100000" for a larger bank (bench/run.py --help); then search
# bounds at 100,000 questions in-process (bench/search.py), then the hostile mix
# (bench/hostile.py). Each prints its targets as [met ] or [MISS].
bench: install
	$(PY) -m bench.run $(BENCH_ARGS)
	$(PY) -m bench.search $(BENCH_SEARCH_ARGS)
	$(PY) -m bench.hostile $(BENCH_HOSTILE_ARGS)

# The pages of `make bench` on a throwaway PostgreSQL (scripts/with-postgres), with
# the same BENCH_ARGS; the report goes to bench/results/latest-postgresql.json.
bench-postgres: install
	scripts/with-postgres sh -c '$(PY) -m bench.run --database-url "$$DATABASE_URL" \
		--output bench/results/latest-postgresql.json $(BENCH_ARGS)'

clean:
	rm -rf $(VENV) staticfiles artifacts db.sqlite3 db.sqlite3-wal db.sqlite3-shm
