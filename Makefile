# Thin aliases over the `lis1` command line (python -m lis1). Every target installs what it needs.
PY   := .venv/bin/python
LIS1 := $(PY) -m lis1
PORT ?= 8000

.PHONY: install validate build serve test lint clean

.venv/.installed: pyproject.toml uv.lock scripts/bootstrap.sh
	@scripts/bootstrap.sh

install: .venv/.installed

validate: install
	$(LIS1) validate

build: install
	$(LIS1) build

serve: build
	$(LIS1) serve --port $(PORT)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

test: lint
	$(LIS1) build --check
	$(PY) -m pytest

clean:
	rm -rf .venv .tools .mypy_cache .pytest_cache .ruff_cache
