# Developer shortcuts; the README's two commands are the supported way to set up.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install test lint format report benchmarks
install:
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e '.[test]'
test:
	$(PY) -m pytest
lint:
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .
format:
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .
report:  ## regenerate the committed sample report
	rm -rf reports/seeds && $(VENV)/bin/framing analyze seeds --out reports/seeds --no-cache --jobs 1 --quiet
