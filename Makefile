# Summit: `make run` serves the API with the seed corpus; `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install messages makemessages run serve-prod load test lint migrate seed serve client client-ts chaos clean-db
.PHONY: run-replicated pgbouncer

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

# The TypeScript client's packages (clients/typescript), installed from the lock again only when it
# changes, and the reference page's script bundled from its sources into the static files; the
# bundle and node_modules are not committed. npm and Node 18 or later: apt-get install nodejs npm.
TS := clients/typescript
NODE_STAMP := $(TS)/node_modules/.installed
REFERENCE_JS := core/static/core/reference.js

$(NODE_STAMP): $(TS)/package.json $(TS)/package-lock.json
	cd $(TS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(REFERENCE_JS): $(NODE_STAMP) $(wildcard $(TS)/src/*.ts $(TS)/reference/*.ts)
	cd $(TS) && npm run --silent build:reference

install: $(STAMP) $(REFERENCE_JS)

# The translation catalogues: the .po files are committed, their compiled .mo are built here from
# them (msgfmt, from GNU gettext: apt-get install gettext), again only when a .po changes.
CATALOGUES := $(wildcard */locale/*/LC_MESSAGES/django.po)
messages: $(CATALOGUES:.po=.mo)

%/LC_MESSAGES/django.mo: %/LC_MESSAGES/django.po
	msgfmt --check -o $@ $<

# After adding or changing a translatable string: each app's Vietnamese catalogue gains the new
# entries, to be translated in the .po (the tests fail on an entry left untranslated or fuzzy).
# summit/locale, what installed packages leave untranslated, is kept by hand.
makemessages: install
	for app in core sources claims; do \
		(cd $$app && ../$(BIN)/python ../manage.py makemessages -l vi --no-location --no-obsolete) || exit 1; \
	done

migrate: install
	$(BIN)/python manage.py migrate --no-input

seed: migrate
	$(BIN)/python manage.py seed

# The supervisor (summit/supervisor.py) owns the embedded PostgreSQL while the server runs: it
# starts it first, restarts it when it dies and stops it with the server. `exec`: the supervisor
# is make's own child, so the SIGTERM make passes on reaches it.
SUPERVISE = exec $(BIN)/python -m summit.supervisor --

run: seed messages
	$(SUPERVISE) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# A production server: gunicorn, several workers (WEB_CONCURRENCY), pooled connections and
# prepared statements, DEBUG off. The defaults fit plain HTTP on loopback (the checkout's own
# secret key, kept in .secret_key); a deployment sets SECRET_KEY and ALLOWED_HOSTS and turns the
# TLS settings on (README).
PROD_ENV = DEBUG=$${DEBUG:-0} CHECKOUT_SECRET_KEY=$${CHECKOUT_SECRET_KEY:-1} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-0} \
	SESSION_COOKIE_SECURE=$${SESSION_COOKIE_SECURE:-0} CSRF_COOKIE_SECURE=$${CSRF_COOKIE_SECURE:-0} \
	DATABASE_POOL=$${DATABASE_POOL:-1} DATABASE_PREPARED_STATEMENTS=$${DATABASE_PREPARED_STATEMENTS:-1}

# collectstatic under the same settings: with DEBUG off, static files are served from a manifest.
GUNICORN_ARGS = -c summit/gunicorn.conf.py summit.wsgi:application --workers $${WEB_CONCURRENCY:-4} --access-logfile - --timeout 30
serve-prod: seed messages
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --no-input -v 0
	$(PROD_ENV) $(SUPERVISE) $(BIN)/gunicorn --bind 127.0.0.1:$(PORT) $(GUNICORN_ARGS)

# `make run` reading from a streaming replica of the embedded PostgreSQL as well, made by the
# wheel's own pg_basebackup the first time (in .pgdata-replica/) and supervised beside it;
# EMBEDDED_REPLICA=1 does the same for `make serve-prod` (docs/scaling.md).
run-replicated: seed messages
	EMBEDDED_REPLICA=1 $(SUPERVISE) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# PgBouncer (Debian: apt-get install pgbouncer) in transaction pooling mode in front of the
# primary, on 127.0.0.1:$(PGBOUNCER_PORT), until stopped; the README says how to serve through it.
PGBOUNCER_PORT ?= 6432
pgbouncer: install
	exec $(BIN)/python -m summit.pgbouncer --port $(PGBOUNCER_PORT)

# Throughput of a running server (make serve-prod) at fixed concurrency, measured by wrk
# (Debian: apt-get install wrk) over the read paths it finds there: docs/performance.md.
CONCURRENCY ?= 8
DURATION ?= 30
load: install
	$(BIN)/python -m perf.bench.load http://127.0.0.1:$(PORT) --concurrency $(CONCURRENCY) --duration $(DURATION)

test: install messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	cd $(TS) && npm run --silent lint

# The Python client generated from the OpenAPI schema (clients/python, not committed), installed
# into the environment with its hand-written helpers (clients/python-helpers), which scripts/ use:
# `import summit_client` and `import summit_client_helpers` then work from any directory.
# `--meta setup`: a setuptools package; the README template names the API's `Token` scheme and
# the helpers instead of the generator's `Bearer` example. The helpers are installed editable.
client: install
	mkdir -p artifacts
	LANGUAGE_CODE=en $(BIN)/python manage.py spectacular --format openapi-json --validate --fail-on-warn --file artifacts/schema.json
	$(BIN)/openapi-python-client generate --path artifacts/schema.json --output-path clients/python \
		--overwrite --config clients.yaml --meta setup --custom-template-path clients/python-templates
	$(BIN)/pip install --quiet -c constraints.txt ./clients/python \
		--editable ./clients/python-helpers

# The TypeScript client's types (clients/typescript/src/schema.d.ts, not committed) generated by
# openapi-typescript from the schema, then the client, its example and the reference page
# type-checked against them with `tsc --noEmit --strict`: a change to the API that breaks a
# TypeScript caller fails here. The example runs against a server: docs/typescript.md.
client-ts: install
	mkdir -p artifacts
	LANGUAGE_CODE=en $(BIN)/python manage.py spectacular --format openapi-json --validate --fail-on-warn --file artifacts/schema.json
	cd $(TS) && npm run --silent generate && npm run --silent typecheck

# PostgreSQL killed under readers and writers of `make serve-prod`'s set-up, in a throw-away data
# directory; the supervisor brings it back (docs/reliability.md).
CHAOS_PORT ?= 8799
# The slowest answer allowed while PostgreSQL is down, in seconds (the README promises 1 s).
CHAOS_MAX_ANSWER ?= 1.0
chaos: install
	$(BIN)/python manage.py chaos --port $(CHAOS_PORT) --max-answer $(CHAOS_MAX_ANSWER) --gunicorn-args "$(GUNICORN_ARGS)"

# Stops nothing that another process still uses: the embedded server stops with its last user.
clean-db:
	rm -rf .pgdata .pgdata-replica
