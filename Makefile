# Yntymaq. Needs only Python 3.11 and make; everything else comes from requirements.lock.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed

.PHONY: demo run serve test test-fast lint fmt messages bench bench-load backup restore install clean

# The task worker and the scheduler of the daily jobs, in the background of a recipe's shell.
BACKGROUND := $(MANAGE) worker & W=$$!; $(MANAGE) scheduler & S=$$!; trap 'kill $$W $$S' EXIT

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

## demo: install, migrate the SQLite database under var/, load demo data, serve on :8000
demo: $(STAMP)
	mkdir -p var
	$(MANAGE) messages compile
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(BACKGROUND); $(MANAGE) runserver 127.0.0.1:8000

## run: serve the existing database without loading demo data
run: $(STAMP)
	$(MANAGE) messages compile
	$(MANAGE) migrate --noinput
	$(BACKGROUND); $(MANAGE) runserver 127.0.0.1:8000

## serve: the production stack (settings from the environment, see docs/deploy.md): gunicorn
## with WEB_CONCURRENCY workers, the task worker and the scheduler
serve: export DJANGO_SETTINGS_MODULE = config.settings.production
serve: $(STAMP)
	$(MANAGE) messages compile
	$(BACKGROUND); $(BIN)/gunicorn -c config/gunicorn.py config.wsgi

## backup: one archive of the database and uploaded files into BACKUP_DIR (var/backups)
backup: $(STAMP)
	$(MANAGE) backup

## restore: FILE=… into an empty database and media folder (refuses anything else)
restore: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/yntymaq-….tar"; exit 2; }
	$(MANAGE) restore "$(FILE)"

# pytest-xdist workers: one per core, at most 2 (CI's machine has 2); `make test TEST_WORKERS=0`
# runs in one process. `loadgroup` keeps each `xdist_group` (a browser module, the two-instance
# test) on one worker.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ "$$n" -gt 2 ] && n=2; echo $$n)
XDIST = -n $(TEST_WORKERS) --dist loadgroup

## test: format and lint check, migrations check, catalogues, the whole pytest suite
test: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(MANAGE) messages check
	$(MANAGE) messages compile
	$(BIN)/pytest $(XDIST) --cov --cov-report=term $(PYTEST_ARGS)

## test-fast: the unit and service tests only (not the tenancy walk, schemathesis, the browser
## or operations), without coverage
FAST_SKIP = tests/test_tenancy.py tests/test_api_schema.py tests/test_query_plans.py tests/e2e tests/ops
test-fast: $(STAMP)
	$(MANAGE) messages compile
	$(BIN)/pytest $(XDIST) $(addprefix --ignore=,$(FAST_SKIP)) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## messages: add new strings to the catalogues (then translate the empty ones)
messages: $(STAMP)
	$(MANAGE) messages update
	$(MANAGE) messages compile

## bench: build a generated database (SIZE=...) and print BENCH lines; on PostgreSQL when
## DATABASE_URL is set (BENCH_ARGS="--reuse --no-files" to copy a kept database, pages only)
bench: $(STAMP)
	$(MANAGE) messages compile
	DJANGO_SETTINGS_MODULE=config.settings.bench $(PY) -m benchmarks.run --size $(or $(SIZE),1000) $(BENCH_ARGS)

## bench-load: the production stack on PostgreSQL and Redis with the national dataset, 50 users
## for 60 s (locust); needs DATABASE_URL (PostgreSQL) and REDIS_URL
bench-load: $(STAMP)
	$(MANAGE) messages compile
	$(PY) -m benchmarks.load

clean:
	rm -rf $(VENV) var .coverage
