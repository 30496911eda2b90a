# `make demo` serves a realistic district; `make test` runs the whole suite.
# Each target sets up .venv by itself on first use.

VENV ?= .venv
PORT ?= 8000
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test check lint messages serve

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/minutes demo --port $(PORT)

serve: $(STAMP)
	$(VENV)/bin/minutes db upgrade
	$(VENV)/bin/minutes serve

test: $(STAMP)
	$(PY) -m pytest

# The quality gates CI holds at zero findings.
check: $(STAMP)
	$(VENV)/bin/ruff check minutes tests bench tools
	$(VENV)/bin/ruff format --check minutes tests bench tools
	$(VENV)/bin/mypy --strict minutes
	$(VENV)/bin/lint-imports

lint: check

messages: $(STAMP)
	$(PY) tools/catalog.py
