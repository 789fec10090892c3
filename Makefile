# kktrace — the two commands of the quick start are `make start` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
KK     := $(BIN)/kktrace
REPORTS ?= reports
VIEWS   ?= visualisations
DATE    ?= 2026-11-26

.PHONY: start setup system venv run test test-fast typecheck lint format golden clean

## Set everything up and run the main job on the bundled Copenhagen data.
start: setup run

setup: system venv

## Debian packages the browser and SPARQL-server tests need (chromium, chromedriver, virtuoso).
system:
	bash scripts/setup-system.sh

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## The main job: validate, info, check, gap report (da + en) and views of the bundled data.
## Exit code 1 (findings) is expected on the bundled data with its planted gaps; 2 is not.
run: venv
	$(KK) validate > /dev/null || [ $$? -eq 1 ]
	$(KK) info
	$(KK) check || [ $$? -eq 1 ]
	$(KK) report -o $(REPORTS) --date $(DATE) || [ $$? -eq 1 ]
	$(KK) report -o $(REPORTS) --lang en --date $(DATE) || [ $$? -eq 1 ]
	$(KK) status --year 2012 -o $(REPORTS) --lang da
	$(KK) status --year 2012 -o $(REPORTS) --lang en
	$(KK) view --all-administrations -o $(VIEWS)
	$(KK) view --all-administrations --lang en -o $(VIEWS)
	@echo "Gap report: $(REPORTS)/gap-report.da.html   Views: $(VIEWS)/strategy.html"

## The full run (CI): lint, types, every test and the doctests of kktrace/.
test: venv
	$(BIN)/ruff check kktrace tests benchmarks
	$(BIN)/ruff format --check kktrace tests benchmarks
	$(BIN)/mypy kktrace
	$(BIN)/pytest -q

## The everyday tier (under a minute): no browser, no Virtuoso, nothing marked slow.
test-fast: venv
	$(BIN)/pytest -q -x -m "not browser and not virtuoso and not slow"

typecheck: venv
	$(BIN)/mypy kktrace

lint:
	$(BIN)/ruff check kktrace tests benchmarks

format:
	$(BIN)/ruff format kktrace tests benchmarks
	$(BIN)/ruff check --fix kktrace tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache build dist *.egg-info

## Refresh the golden files (check findings, reports, views) after a deliberate change; review the diff.
golden: venv
	KKTRACE_REFRESH_GOLDEN=1 $(BIN)/pytest -q tests/test_report_golden.py tests/test_view_golden.py tests/test_check_golden.py
