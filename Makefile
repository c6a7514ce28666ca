# Yhessä. `make run` serves the app with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app webapp
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 3
# Every dependency pinned with its hashes; `make lock` writes both files from pyproject.toml.
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
UV_VERSION := 0.13.9
COMPILE := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" --quiet

.PHONY: run dev test test-postgres translations bench lint lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(TEST_LOCK) $(VENV)/.installed
	$(BIN)/pip install --quiet --require-hashes -r $(TEST_LOCK)
	touch $@

## Pin the dependencies of pyproject.toml again, keeping the pins that still fit;
## `make lock LOCK_ARGS=--upgrade` moves every pin to the newest release allowed.
lock: | $(BIN)/python
	$(BIN)/pip install --quiet "uv==$(UV_VERSION)"
	$(COMPILE) $(LOCK_ARGS) --extra test --output-file $(TEST_LOCK)
	$(COMPILE) $(LOCK_ARGS) --constraint $(TEST_LOCK) --output-file $(LOCK)

translations: $(VENV)/.installed
	$(FLASK) translate compile > /dev/null

## Serve with gunicorn on http://127.0.0.1:5000 (database upgraded, demo data when empty).
run: $(VENV)/.installed translations
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo-data --if-empty
	@echo "Serving Yhessä on http://$(HOST):$(PORT)/ with the outbox worker (Ctrl+C stops both)"
	@# The worker delivers email (to instance/outbox/*.eml when SMTP_URL is unset); it stops with the server.
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
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
	$(BIN)/mypy

bench: $(VENV)/.installed-test translations
	@if command -v npm >/dev/null; then npm install --prefix bench/lighthouse --no-audit --no-fund --silent; \
	  else echo "npm not found: Lighthouse is skipped"; fi
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache
