# AllOrder — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run
# uv from PATH, else from the Python package of that name (pip may put its binary off PATH)
UV ?= $(shell command -v uv 2>/dev/null || python3 -c 'import uv; print(uv.find_uv_bin())' 2>/dev/null)
PYTEST := $(UV) run pytest
export UV_LINK_MODE ?= copy

.PHONY: uv-installed run worker install frontend migrate seed test test-unit test-integration test-security test-e2e \
        test-postgres test-schema audit lint fmt openapi bench bench-request-path bench-request-floor \
        bench-orders bench-order-queries bench-callbacks clean

uv-installed:
	@[ -n "$(UV)" ] || python3 -m pip install --quiet uv || python3 -m pip install --quiet --user --break-system-packages uv

install: uv-installed ## Python and npm dependencies
	$(UV) sync --frozen
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

frontend: install ## build the SPA into frontend/dist
	cd frontend && npm run build

migrate: ## apply migrations to DATABASE_URL (default: the SQLite file under var/)
	mkdir -p var
	$(UV) run alembic upgrade head

# `make run` is the local demo: development mode with the sandboxes (production is the default when APP_ENV is
# unset, and refuses both). Exported for `seed` too, which `run` depends on. A demo worker texts the sandbox of
# the app `make run` serves.
run seed worker: export APP_ENV ?= development
run: export SANDBOX_ENABLED ?= true
worker: export SMS__ENDPOINT ?= http://127.0.0.1:8000/sandbox/sms/

seed: migrate ## create the demo shop (idempotent) and print its accounts
	$(UV) run python -m infra.seed

run: frontend seed ## serve API + SPA on http://127.0.0.1:8000
	$(UV) run uvicorn api.app:create_app --factory --host 127.0.0.1 --port 8000 --no-proxy-headers

worker: ## ARQ worker (needs REDIS_URL)
	$(UV) run arq infra.jobs.worker.WorkerSettings

openapi: ## regenerate openapi/openapi.json and the SPA's typed client
	$(UV) run python -m api.export_openapi > openapi/openapi.json
	cd frontend && npm run gen:api

lint: ## ruff, formatting, types, layer contracts, SPA type check
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy
	$(UV) run lint-imports
	cd frontend && npm run lint

fmt:
	$(UV) run ruff check --fix .
	$(UV) run ruff format .

test-unit:
	$(PYTEST) tests/unit

test-integration:
	$(PYTEST) tests/integration

test-security:
	$(PYTEST) tests/security

# Schemathesis against the live app, as an admin and a customer: every check, every phase (stateful included)
test-schema:
	$(PYTEST) tests/security/test_schemathesis.py

# Known-vulnerable dependency versions (Python lock and the SPA's runtime packages); says plainly what it could
# not check when an advisory service is out of reach.
audit:
	UV=$(UV) tests/audit.sh

test-e2e: frontend
	$(PYTEST) tests/e2e

# Integration and concurrency tests again on PostgreSQL + Redis: the given TEST_DATABASE_URL/TEST_REDIS_URL, else
# throw-away servers when the binaries are installed; says plainly when it has to skip.
test-postgres:
	@if [ -n "$$TEST_DATABASE_URL" ] && [ -n "$$TEST_REDIS_URL" ]; then \
	  $(PYTEST) tests/integration tests/security tests/concurrency; \
	elif ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null; then \
	  tests/services.sh $(PYTEST) tests/integration tests/security tests/concurrency; \
	else \
	  echo "SKIPPED: PostgreSQL + Redis run (no server binaries; apt-get install postgresql redis-server)"; \
	fi

# The audit comes last: it needs the registries' advisory services, the tests do not.
test: frontend lint ## everything: lint, unit, integration + e2e on SQLite, then PostgreSQL + Redis, then the audit
	cd frontend && npm run test
	$(PYTEST) tests/unit tests/integration tests/security tests/e2e
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory audit

bench: install
	$(UV) run python -m bench

bench-request-path: install ## the request path on throw-away PostgreSQL + Redis, measured with wrk
	tests/services.sh bash -c 'DATABASE_URL=$$TEST_DATABASE_URL REDIS_URL=$$TEST_REDIS_URL $(UV) run python -m bench.request_path'

bench-request-floor: install ## the stock page as a bare FastAPI route and as bare ASGI + asyncpg, beside the app's, against healthz
	tests/services.sh bash -c 'DATABASE_URL=$$TEST_DATABASE_URL $(UV) run python -m bench.request_floor'

bench-callbacks: install ## the payment webhook (verified callbacks/s, p99, against healthz) on throw-away PostgreSQL + Redis
	tests/services.sh bash -c 'DATABASE_URL=$$TEST_DATABASE_URL REDIS_URL=$$TEST_REDIS_URL $(UV) run python -m bench.payment_callbacks'

bench-orders: install ## order placement (+ its asyncpg baseline, hot SKU, oversell check) on throw-away PostgreSQL + Redis
	tests/services.sh bash -c 'DATABASE_URL=$$TEST_DATABASE_URL REDIS_URL=$$TEST_REDIS_URL $(UV) run python -m bench.order_placement'

bench-order-queries: install ## staff order list and detail on 1,000,000 generated orders, throw-away PostgreSQL
	tests/services.sh bash -c 'DATABASE_URL=$$TEST_DATABASE_URL $(UV) run python -m bench.order_queries'

clean:
	rm -rf var frontend/dist .pytest_cache .mypy_cache .ruff_cache
