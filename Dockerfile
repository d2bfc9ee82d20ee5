# syntax=docker/dockerfile:1
# One image for the API (default command) and the ARQ worker (`arq infra.jobs.worker.WorkerSettings`).
FROM node:20-bookworm-slim AS spa
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
COPY openapi/ /src/openapi/
RUN npm run build

FROM python:3.11-slim-bookworm AS python
COPY --from=ghcr.io/astral-sh/uv:0.8 /uv /usr/local/bin/uv
WORKDIR /app
ENV UV_LINK_MODE=copy UV_COMPILE_BYTECODE=1 UV_PROJECT_ENVIRONMENT=/app/.venv
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

FROM python:3.11-slim-bookworm
RUN useradd --create-home --uid 10001 allorder
WORKDIR /app
COPY --from=python /app/.venv /app/.venv
COPY --chown=allorder:allorder api/ api/
COPY --chown=allorder:allorder domain/ domain/
COPY --chown=allorder:allorder infra/ infra/
COPY --chown=allorder:allorder migrations/ migrations/
COPY --chown=allorder:allorder alembic.ini ./
COPY --from=spa --chown=allorder:allorder /src/frontend/dist frontend/dist
RUN mkdir -p var/media && chown -R allorder:allorder var
USER allorder
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 APP_ENV=production SANDBOX_ENABLED=false
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/v1/healthz')"
CMD ["uvicorn", "api.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000", "--no-proxy-headers"]
