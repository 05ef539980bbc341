# jpo-matcher: `make run` to serve, `make test` to check everything. `make` lists targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
DATA_DIR ?= data
SEEDS  ?= examples/vacancies
PYTEST_ARGS ?=

.PHONY: help install run test test-all test-fast lint typecheck bench eval seeds browser screenshots clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	@# torch first, pinned: the CPU wheel on this disk; anything looser pulls a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	@# scale: psycopg, qdrant-client, qdrant-edge-py, for the PostgreSQL/Qdrant contract tests;
	@# the embedded default (make run) needs none of them.
	$(BIN)/pip install --quiet -e '.[eval,dev,scale]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project (editable) with every dependency

run: install ## Serve the API and web pages on http://$(HOST):$(PORT) with the seed ToRs loaded
	$(BIN)/jpo-matcher --data-dir $(DATA_DIR) vacancies add $(SEEDS) --skip-existing
	@echo "Recruiters: .venv/bin/jpo-matcher --data-dir $(DATA_DIR) admin create-recruiter NAME --claim-unowned"
	$(BIN)/jpo-matcher --data-dir $(DATA_DIR) serve --host $(HOST) --port $(PORT)

lint: install ## ruff (lint + import order)
	$(BIN)/ruff check .

typecheck: install ## mypy, strict on the packages
	$(BIN)/mypy

browser: ## Install Debian chromium for the browser tests when it is missing
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "chromium could not be installed: browser tests will be skipped"; \
	  else echo "chromium missing and not root: browser tests will be skipped"; fi; }

test: install browser lint typecheck ## ruff, mypy and the whole test suite (the CI command)
	@$(BIN)/pytest $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 1; fi; exit $$rc

test-all: test ## Same as test: every marker included (kept for habit)

test-fast: install ## Unit tests only (no real model, no browser, no slow hostile files)
	@$(BIN)/pytest -m "not model and not slow and not browser" $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 1; fi; exit $$rc

seeds: install ## Compare the ToR parser with examples/vacancies/expected.json
	$(BIN)/jpo-matcher check-seeds $(SEEDS)

bench: install ## Throughput and latency benchmark, then the mixed load of 8 clients (JSON)
	$(BIN)/jpo-matcher bench --json
	$(BIN)/jpo-matcher bench-load --json

eval: install ## Run every evaluation dataset and system; writes eval/reports/latest/
	$(BIN)/jpo-matcher eval --fairness --out eval/reports/latest

screenshots: install browser ## Regenerate docs/screenshots/*.png from the browser tests
	JPO_MATCHER_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/api/test_browser.py

clean: ## Remove the venv, caches and the local data directory
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis build *.egg-info $(DATA_DIR)
