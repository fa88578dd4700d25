# Two commands on a fresh machine with Python >= 3.11:
#   make demo   - set up and run factcheck on the seed corpus (writes reports/seeds-audit.md)
#   make test   - set up and run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test setup lint bench eval clean

$(BIN)/factcheck: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,html,postgres]'
	touch $@

setup: $(BIN)/factcheck

demo: setup
	$(BIN)/factcheck check seeds/ --report reports/seeds-audit.md --fail-on never

test: setup
	$(BIN)/ruff check checker tests $(wildcard scripts)
	$(BIN)/mypy checker
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check checker tests $(wildcard scripts)
	$(BIN)/mypy checker

bench: setup
	$(BIN)/python scripts/benchmark.py

eval: setup
	$(BIN)/python scripts/eval.py

clean:
	rm -rf $(VENV) build dist *.egg-info
