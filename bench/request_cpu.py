"""Server CPU per request of chosen request-path rows, one worker, 16 connections: a narrower, quicker
bench/request_path.py for a loaded machine, where throughput is noise but CPU time per request is not.

    tests/services.sh bash -c 'DATABASE_URL=$TEST_DATABASE_URL uv run python -m bench.request_cpu'

BENCH_ROWS picks rows by name (healthz,me,stock,search,reserve; all by default), BENCH_SECONDS their length, and
BENCH_PROFILE=DIR records each row with py-spy into DIR/<row>.txt (collapsed stacks; the CPU figures of a
profiled run are inflated by the sampling, so measure and profile in separate runs).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.request_path import _RESERVE, ADMIN, _headers_script, _stock_up, measure
from bench.server import running_server

ROWS = os.environ.get("BENCH_ROWS", "healthz,me,stock,search,reserve").split(",")
PROFILE = os.environ.get("BENCH_PROFILE")
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = 16


def _uvicorn_pid(port: int) -> int:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"uvicorn" in cmdline and str(port).encode() in cmdline:
                return int(entry.name)
    raise RuntimeError("no uvicorn process")


def main() -> None:
    run_id = os.urandom(4).hex()
    with running_server(workers=1) as base:
        api = f"{base}/api/v1"
        token = httpx.post(f"{api}/auth/login", json=ADMIN, timeout=30).json()["access_token"]
        skus = _stock_up(base, token)
        auth = _headers_script({"Authorization": f"Bearer {token}"})
        sku_list = ", ".join(json.dumps(s) for s in skus)
        reserve = f'skus = {{{sku_list}}}\nrun_id = "{run_id}"\nauth = "Bearer {token}"\n' + _RESERVE
        rows = {
            "healthz": (f"{api}/healthz", ""),
            "me": (f"{api}/me", auth),
            "stock": (f"{api}/stock?page_size=20", auth),
            "search": (f"{api}/store/products?q={quote('耳机')}", ""),
            "reserve": (f"{api}/stock/reservations", reserve),
        }
        pid = _uvicorn_pid(int(base.rsplit(":", 1)[1]))
        for name in ROWS:
            url, script = rows[name]
            spy = None
            if PROFILE:
                Path(PROFILE).mkdir(parents=True, exist_ok=True)
                out = f"{PROFILE}/{name}.txt"
                spy = subprocess.Popen(
                    ["py-spy", "record", "-p", str(pid), "-r", "250", "-d", str(SECONDS), "-f", "raw", "-o", out],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            row = measure(name, url, CONNECTIONS, 1, script)
            if spy:
                spy.wait()
            print(
                f"{name:<8} {row.rate:7.0f} req/s  p99 {row.p99_ms:6.1f} ms  errors {row.errors:<4} "
                f"server CPU {row.cpu_ms:5.2f} ms/req",
                flush=True,
            )


if __name__ == "__main__":
    main()
