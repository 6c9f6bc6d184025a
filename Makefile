# Chaeng: `make run` starts everything (with a LINE simulator when no channel is configured);
# `make test` runs the whole test suite. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PYTHAINLP_OFFLINE := 1
export PYTHAINLP_READ_ONLY := 1

.PHONY: run test install dev bench bench-webhook bench-e2e bench-hotspots bench-scale bench-workers screenshots clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

# CHAENG_SIMULATOR=1: without a LINE channel, serve the simulator (on this machine only).
run: install
	CHAENG_SIMULATOR=1 $(BIN)/flask --app bot db upgrade
	CHAENG_SIMULATOR=1 $(BIN)/python -m bot.devserver

# Three pytest workers, handing tests to whichever is free: many tests wait on processes, sockets
# and browsers, so three keep two cores busy. The slowest tests are listed at the end to keep the
# suite's time in view.
PYTEST_WORKERS ?= 3
test: dev
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=25 $(PYTEST_ARGS)

# The README's screenshots, taken by the browser tests that show each screen (needs Chromium);
# a plain test run saves them to a scratch folder instead.
screenshots: dev
	CHAENG_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q -p no:cacheprovider \
	  tests/e2e/test_simulator_cards.py tests/e2e/test_dashboard.py tests/e2e/test_public_board_browser.py \
	  tests/e2e/test_dashboard_screens.py tests/e2e/test_public_screens.py

bench: install
	$(BIN)/python bench/nlp.py

# Each needs wrk (apt-get install wrk) or a running PostgreSQL as its docstring says.
# BENCH_POSTGRES: a PostgreSQL URL allowed to create (and drop) its own scratch databases.
BENCH_POSTGRES ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

bench-webhook: install
	$(BIN)/python bench/webhook.py --seconds 10 --repeat 3 --postgres $(BENCH_POSTGRES)

bench-e2e: install
	$(BIN)/python bench/e2e.py --rate 50 --seconds 60 --postgres $(BENCH_POSTGRES)

bench-scale: install
	$(BIN)/python bench/scale.py --cases 1000000 --postgres $(BENCH_POSTGRES)

bench-workers: install
	$(BIN)/python bench/workers.py --workers 1 2 4 --postgres $(BENCH_POSTGRES)

bench-hotspots: install
	$(BIN)/python bench/hotspots.py

clean:
	rm -rf $(VENV) instance .pytest_cache
