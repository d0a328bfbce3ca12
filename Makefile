# TeacherSeat: `make run` (platform + embedded Postgres + demo data), `make test`, `make lint`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DEPS_HASH := $(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
STAMP := $(VENV)/.installed-$(DEPS_HASH)

.PHONY: install frontends run test test-js lint format bench clean-db

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

# The two SPAs: npm ci when the lock changed, rebuild only stale bundles.
frontends:
	bash scripts/build_frontends.sh

run: install frontends
	$(PY) -m teacherseat.devserver

test-js: frontends
	bash scripts/test_frontends.sh

# JS unit tests, then the whole pytest suite (the e2e browser tests build the bundles).
test: install test-js
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy .
	$(VENV)/bin/lint-imports

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: install
	$(PY) bench/run_all.py

clean-db:
	rm -rf .pgdata
