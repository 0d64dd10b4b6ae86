# Every target installs the locked environment first; nothing else is needed on the machine but python3 and make.
SHELL := /bin/bash
PYTHON ?= python3
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The run history lives in the repo (git-ignored) so it survives `make ui` restarts.
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
# A new run's planned events (one per asset and asset check) stored in one batch, in one transaction per file
# (pipelines/event_log.py): 0.78 -> 0.25 s from the run's first event to its start, 3,000 articles.
export DAGSTER_EVENT_BATCH_SIZE ?= 1000
# dagster-dbt finds `dbt` on PATH; without the venv's bin the code location does not load.
export PATH := $(BIN):$(PATH)
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_NO_PROGRESS := 1
# The settings of CONTRACT.md, resolved here too so that the dbt manifest is parsed with the environment the
# run uses (dbt re-parses the whole project when its profile changes).
export NEWS_RAW_DIR ?= $(CURDIR)/raw
export NEWS_DUCKDB_PATH ?= $(CURDIR)/warehouse.duckdb

MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := $(shell find dbt_project -path dbt_project/target -prune -o -path dbt_project/logs -prune -o -type f -print)
SEEDS_DB := $(CURDIR)/.seeds.duckdb

.PHONY: install run test ui seeds bench clean

install: $(STAMP) $(DAGSTER_HOME)/dagster.yaml

# Bytecode is compiled at install: where PYTHONDONTWRITEBYTECODE is set (this machine, CI) every process would
# otherwise compile Dagster, dbt and spaCy from source on import (measured: 9.1 -> 4.5 s to load the code location,
# 4.6 -> 2.1 s to start dbt).
$(STAMP): pyproject.toml uv.lock tools/bootstrap-requirements.txt Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --require-hashes -r tools/bootstrap-requirements.txt
	$(BIN)/uv sync --frozen --group bench --python $(BIN)/python --compile-bytecode
	touch $@

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

# The dbt manifest the Dagster code location loads, rebuilt when the dbt project changes.
$(MANIFEST): $(STAMP) $(DBT_SOURCES)
	$(BIN)/dagster-dbt project prepare-and-package --file pipelines/dbt_project.py
	touch $@

# FULL=1: entities joined over the whole corpus anew, not only the new articles' mentions placed
run: install $(MANIFEST)
	$(BIN)/python -m pipelines.cli run $(if $(FULL),--full)

test: install
	$(BIN)/python -m pytest

ui: install $(MANIFEST)
	$(BIN)/dagster dev --host 127.0.0.1 -w workspace.yaml

seeds: install $(MANIFEST)
	NEWS_RAW_DIR=$(abspath ../shared/seeds) NEWS_DUCKDB_PATH=$(SEEDS_DB) $(BIN)/python -m pipelines.cli run --quiet
	$(BIN)/python ../shared/score.py --db $(SEEDS_DB) --gold ../shared/gold/seeds.json

bench: install $(MANIFEST)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) $(DAGSTER_HOME) warehouse.duckdb $(SEEDS_DB) dbt_project/target dbt_project/logs
