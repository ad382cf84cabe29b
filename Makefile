# Loa: `make run` sets up and serves the demo on SQLite; `make test` sets up and runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOA := $(BIN)/loa
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint check-migrations test-sqlite test-postgres messages bench bench-all audit clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Loa needs Python >= 3.11") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(LOA) migrate --no-input -v 0
	$(LOA) units load-vn
	$(LOA) demo
	$(LOA) collectstatic --no-input -v 0
	$(LOA) reminders schedule
	@echo "Loa: http://$(HOST):$(PORT)/  (đăng nhập bằng một tài khoản demo ở trên)"
	@# The background worker (daily reminders) runs beside the web server and stops with it.
	$(LOA) db_worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(LOA) runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy loa bench
	$(BIN)/lint-imports
	LOA_DEBUG=false $(LOA) check --fail-level WARNING
	@# The browser scripts (ESLint, package.json): npm ci when node_modules is missing or older than the lock file.
	@if command -v npm >/dev/null 2>&1; then \
		if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then \
			npm ci --no-audit --no-fund && touch node_modules || exit 1; \
		fi; \
	elif [ "$$CI" = "true" ]; then \
		echo "CI: npm is missing, so the JavaScript lint (ESLint) cannot run" >&2; exit 1; \
	else \
		echo "npm not found: the JavaScript lint (ESLint) is skipped (CI makes it mandatory)."; \
	fi
	@if [ -x node_modules/.bin/eslint ] && command -v node >/dev/null 2>&1; then \
		node_modules/.bin/eslint 'loa/**/static/**/*.js' eslint.config.js; \
	fi

check-migrations: $(VENV)/.installed
	$(LOA) makemigrations --check --dry-run

# pytest exits 5 when it collects nothing: that is a failure here, never a silent pass.
test-sqlite: $(VENV)/.installed
	DATABASE_URL= $(BIN)/pytest

test-postgres: $(VENV)/.installed
	scripts/with-postgres.sh $(BIN)/pytest

# With PostgreSQL's server binaries, both databases' runs go side by side (scripts/test-both.sh): about as long
# as the slower one instead of the sum, which keeps CI within its 30 minutes.
test: lint check-migrations $(VENV)/.installed
	@if [ -x "$$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/initdb" ]; then \
		PYTEST=$(BIN)/pytest scripts/test-both.sh; \
	elif [ "$$CI" = "true" ]; then \
		echo "CI: PostgreSQL server binaries are missing" >&2; exit 1; \
	else \
		echo "PostgreSQL server binaries not found: the PostgreSQL run is skipped (CI makes it mandatory)."; \
		$(MAKE) --no-print-directory test-sqlite; \
	fi

messages: $(VENV)/.installed
	cd loa && ../$(LOA) makemessages -l en --no-obsolete --add-location file
	cd loa && ../$(LOA) compilemessages -l en

# Benchmarks add synthetic data: they use a database of their own (BENCH_DB), never the demo's.
# `make bench` runs the province-scale benchmark (a few minutes, most of it building the data the first time);
# `make bench-all` the older per-feature ones (search over 1 M activities, import, reports, documents).
# The national scale: `loa bench --scale national --db-url postgres://… --json`, about 10 minutes (see README).
BENCH_DB ?= $(CURDIR)/var/bench.sqlite3
bench: $(VENV)/.installed
	DATABASE_URL=sqlite:///$(BENCH_DB) $(LOA) bench --scale province

bench-all: $(VENV)/.installed
	DATABASE_URL=sqlite:///$(BENCH_DB) $(LOA) bench --activities 1000000

# Known vulnerabilities in the pinned dependencies (pip-audit, in a venv of its own so that it does not audit
# itself). It needs an advisory source (PyPI's JSON API or OSV) on the network: run it where the network allows,
# not in CI or `make test` (from machines without that access it skips every package).
AUDIT_VENV := var/audit-venv
audit: $(VENV)/.installed
	@mkdir -p var
	test -x $(AUDIT_VENV)/bin/pip-audit || { $(PYTHON) -m venv $(AUDIT_VENV) && $(AUDIT_VENV)/bin/pip install --quiet pip-audit; }
	$(BIN)/pip freeze --exclude-editable > var/audit-requirements.txt
	$(AUDIT_VENV)/bin/pip-audit --strict --no-deps --disable-pip -r var/audit-requirements.txt

clean:
	rm -rf $(VENV) var test-results
