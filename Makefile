# The two commands: `make run` (install, build the database from data/articles, serve the dashboard)
# and `make test` (install, run every test). Python 3.11 is the only thing assumed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
DB ?= data/projects.db
ARTICLES := $(shell find data/articles -type f 2>/dev/null)
SOURCES := $(wildcard pipeline/*.py) data/parks.csv

.PHONY: run test lint format bench db browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# The database is rebuilt when it is missing or older than the articles or the pipeline's code.
$(DB): $(ARTICLES) $(SOURCES) | $(VENV)/.runtime
	$(BIN)/python -m pipeline ingest data/articles --db $(DB)
	touch $(DB)

db: $(DB)

run: $(VENV)/.runtime $(DB)
	PROJECTS_DB=$(DB) $(BIN)/streamlit run dashboard.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

# Debian's Chromium and a CJK font for the browser test (root in CI; skipped when already there).
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi wqy; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium fonts-wqy-microhei >/dev/null; \
		else echo "chromium/fonts-wqy-microhei missing and not root: the browser test will skip"; fi; \
	fi

test: $(VENV)/.dev browser-deps
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
