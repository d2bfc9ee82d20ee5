"""A throw-away AllOrder server for benchmarks: fresh database, migrated and seeded, on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def running_server(
    workers: int = 1, prepare: Callable[[str], None] | None = None, settings: Mapping[str, str] | None = None
) -> Iterator[str]:
    """Serve the app in its own process; DATABASE_URL from the environment, else a new SQLite file.
    `prepare(database_url)` loads benchmark data after migrations and the demo seed; `settings` are environment
    variables given last (e.g. SANDBOX_ENABLED, or a VAR_DIR the benchmark reads)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite+aiosqlite:///{tmp}/bench.db"),
            "LOG_LEVEL": "WARNING",
            "AUTH__RATE_LIMIT_PER_MINUTE": "100000000",
            "AUTH__ACCOUNT_RATE_LIMIT_PER_MINUTE": "100000000",
            "APP_ENV": "development",  # a local run: its JWT secret is made under VAR_DIR
            "VAR_DIR": f"{tmp}/var",
            "MEDIA_DIR": f"{tmp}/media",
            "MAIL_DIR": f"{tmp}/mail",
            **(settings or {}),
        }
        subprocess.run(
            [sys.executable, "-m", "alembic", "upgrade", "head"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        subprocess.run([sys.executable, "-m", "infra.seed"], cwd=ROOT, env=env, check=True, capture_output=True)
        if prepare:
            prepare(env["DATABASE_URL"])
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "api.app:create_app",
                "--factory",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env={**env, "PUBLIC_BASE_URL": base},
            stdout=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 120  # a shared, loaded machine starts two workers slowly
            while time.monotonic() < deadline:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/api/v1/healthz").status_code == 200:
                        break
                time.sleep(0.1)
            else:
                raise RuntimeError("the server did not start")
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
