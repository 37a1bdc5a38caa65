# CSPR Manager — see README.md. `make run` and `make test` are the two commands a new user needs.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# Django 6.1 needs Python 3.12+: take the first interpreter here that runs and is new enough.
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13.0/bin/python $$HOME/.pyenv/versions/3.12.1/bin/python /root/.pyenv/versions/3.13.0/bin/python /root/.pyenv/versions/3.12.1/bin/python python3; do \
	if $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then echo $$p; break; fi; done)

.PHONY: run test bench bench-scale lint typecheck assets venv venv-dev migrate seed worker check attack drill restore-drill

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "No Python 3.12 or newer found: install python3.12 or python3.13." >&2; exit 2; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# Tests, linting, types and benchmarks also need requirements-dev.txt; `make run` does not.
$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed

venv-dev: $(VENV)/.installed-dev

migrate: venv
	@mkdir -p var
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@$(PY) manage.py demo_logins
	@echo "Starting the reminder worker and the web server on http://127.0.0.1:$(PORT)/ (Ctrl+C stops both)"
	@# No SMTP server on a developer's machine: emails are printed in this terminal instead.
	@# Attachments show by name and size; links in emails point at this port (settings.SITE_URL).
	@export CSPR_MAIL_BACKEND=$${CSPR_MAIL_BACKEND:-cspr.outbox.console.EmailBackend} PORT=$(PORT); \
	trap 'kill 0' EXIT INT TERM; \
	$(PY) manage.py run_scheduler & \
	$(PY) manage.py db_worker --no-reload --queue-name default & \
	{ $(PY) manage.py pdf_converter || echo "No PDF converter (needs python3-uno): each PDF starts its own LibreOffice."; } & \
	$(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

# Bytecode cached even where PYTHONDONTWRITEBYTECODE is set: each xdist worker's collection and each
# manage.py a test starts would otherwise compile the app and the tests again (see .ci/run).
test: venv-dev
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -n 2 --dist worksteal

bench: venv-dev migrate
	@mkdir -p var
	$(PY) manage.py bench --output var/bench.json

# The national data set (150 partnerships, 20,005 cases, 1,000,000 chronology entries; fixed seed;
# about 12 minutes on a busy 2-core machine, once per database) under a locust load test against
# gunicorn on PostgreSQL. SCALE=0.1 for a tenth of the bulk. Figures merge into var/bench.json.
BENCH_DB ?= cspr_bench_scale
SCALE ?= 1
BENCH_SECONDS ?= 60
bench-scale: venv-dev
	@mkdir -p var
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_DB)'" | grep -q 1 || \
		psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $(BENCH_DB)"
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_DB) $(PY) manage.py migrate --no-input -v0
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_DB) $(PY) manage.py generate_national --scale $(SCALE) --if-missing
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_DB) $(PY) manage.py bench_scale --seconds $(BENCH_SECONDS) --output var/bench.json

lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: venv-dev
	$(VENV)/bin/mypy

check: lint typecheck test

# The scanners live in their own environment: wapiti's dependencies are not the application's.
ATTACK_VENV := var/attack-venv
$(ATTACK_VENV)/.installed: ops/requirements-attack.txt
	@test -n "$(PYTHON)" || { echo "No Python 3.12 or newer found." >&2; exit 2; }
	@test -x $(ATTACK_VENV)/bin/python || $(PYTHON) -m venv $(ATTACK_VENV)
	$(ATTACK_VENV)/bin/pip install --quiet --disable-pip-version-check -r ops/requirements-attack.txt
	@touch $@

# sqlmap and wapiti over the signed-in pages and forms of a running copy, then the long URLconf fuzz
# (about 40 minutes on two cores; not in CI). Report: var/attack/summary.txt and summary.json.
# ATTACK_ARGS="--only wapiti" reruns one scanner after a fix.
attack: venv-dev $(ATTACK_VENV)/.installed
	$(PY) -m ops.attack $(ATTACK_ARGS)

# Faults under load (kill -9 of web and worker, PostgreSQL restart, upload store full, two editors,
# SMTP down) against a running copy on a PostgreSQL instance of its own (about 10 minutes; needs
# root for the tmpfs, not in CI). Report: var/drill/report.txt and report.json.
drill: venv-dev
	$(PY) -m ops.drill $(DRILL_ARGS)

# Back up the database (DATABASE_URL, PostgreSQL) and the document store, restore both into a fresh
# database and store, compare row counts, checksums and file hashes; JSON report, exit 1 on a mismatch.
restore-drill: venv
	@mkdir -p var
	$(PY) manage.py restore_drill --report var/restore-drill.json

# Front-end assets are built from npm packages and committed, so `make run` needs no Node.
assets:
	npm ci --no-audit --no-fund
	npx sass --pkg-importer=node --style=compressed --no-source-map assets/cspr.scss cspr/static/govuk/cspr.css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js cspr/static/govuk/
	cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.css cspr/static/moj/
	cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js cspr/static/moj/
	cp node_modules/axe-core/axe.min.js tests/assets/axe.min.js
	@# The packages' source maps are not shipped: drop the comments naming them, or collectstatic's
	@# manifest storage refuses the CSS (and browsers ask for files that are not there).
	sed -i -E -e 's@/\*# sourceMappingURL=[^*]*\*/@@' -e 's@//# sourceMappingURL=[^[:space:]]*$$@@' \
		cspr/static/govuk/govuk-frontend.min.js cspr/static/moj/moj-frontend.min.css cspr/static/moj/moj-frontend.min.js
