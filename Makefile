# Yhessä. `make run` serves the app with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app webapp
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 3

.PHONY: run dev test test-postgres translations bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

translations: $(VENV)/.installed
	$(FLASK) translate compile > /dev/null

## Serve with gunicorn on http://127.0.0.1:5000 (database upgraded, demo data when empty).
run: $(VENV)/.installed translations
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo-data --if-empty
	@echo "Serving Yhessä on http://$(HOST):$(PORT)/ (Ctrl+C stops)"
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py --bind $(HOST):$(PORT) --workers $(WORKERS) "webapp:create_app()"

## The development server, reloading on changes.
dev: $(VENV)/.installed translations
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo-data --if-empty
	$(FLASK) run --debug --host $(HOST) --port $(PORT)

## Lint, type-check the core, then the whole suite on SQLite (browser tests in Chromium included).
test: $(VENV)/.installed-test translations
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

## The database tests again on PostgreSQL: TEST_DATABASE_URL=postgresql+psycopg://…
test-postgres: $(VENV)/.installed-test translations
	@test -n "$$TEST_DATABASE_URL" || (echo "set TEST_DATABASE_URL" && exit 2)
	$(BIN)/python -m pytest -p no:cacheprovider -m "db and not browser" $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

bench: $(VENV)/.installed-test translations
	@if command -v npm >/dev/null; then npm install --prefix bench/lighthouse --no-audit --no-fund --silent; \
	  else echo "npm not found: Lighthouse is skipped"; fi
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache
