# Every target installs the locked environment first; nothing else is needed on the machine but python3 and make.
SHELL := /bin/bash
PYTHON ?= python3
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The run history lives in the repo (git-ignored) so it survives `make ui` restarts.
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
# dagster-dbt finds `dbt` on PATH; without the venv's bin the code location does not load.
export PATH := $(BIN):$(PATH)
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_NO_PROGRESS := 1

.PHONY: install run test ui seeds bench clean

install: $(STAMP) $(DAGSTER_HOME)/dagster.yaml

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

$(STAMP): pyproject.toml uv.lock tools/bootstrap-requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --require-hashes -r tools/bootstrap-requirements.txt
	$(BIN)/uv sync --frozen --python $(BIN)/python
	touch $@

run: install
	$(BIN)/python -m pipelines.cli run

test: install
	$(BIN)/python -m pytest

ui: install
	mkdir -p $(DAGSTER_HOME)
	$(BIN)/dagster dev --host 127.0.0.1 -w workspace.yaml

seeds: install
	NEWS_RAW_DIR=$(abspath ../shared/seeds) NEWS_DUCKDB_PATH=$(CURDIR)/.seeds.duckdb \
		$(BIN)/python -m pipelines.cli run --quiet
	$(BIN)/python ../shared/score.py --db .seeds.duckdb --gold ../shared/gold/seeds.json

bench: install
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) .dagster_home warehouse.duckdb .seeds.duckdb dbt_project/target dbt_project/logs
