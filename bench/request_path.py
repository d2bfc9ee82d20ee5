"""The request path on PostgreSQL (+ Redis): what one trivial read or one-line write costs, measured with wrk.

Rows: the liveness probe (baseline), an authenticated `GET /me`, a 20-row stock page, a storefront search for
耳机 and a one-line keyed reservation cycling over 20 SKUs; each at 16 and 64 connections, with 1 and 2 uvicorn
workers. The machine is shared and wrk runs beside the server, so only the ratio to healthz in the same run is
comparable between runs; the absolute figures are printed for the targets of issue 6.

At 64 connections with one worker, the p99 of an 8-second row of a page that costs ~1 ms is mostly the row's
start: wrk opens its 64 connections at once, and a worker busy serving the first ones accepts the rest over
~0.9 s (measured in the server: the connections' first requests waited there, in the kernel, before being read;
once read, no request took over 140 ms). Over 30 seconds the stock page's p99 is ~160 ms; two workers share
the accepting.

    make bench-request-path   (throw-away PostgreSQL + Redis via tests/services.sh)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.server import running_server

ADMIN = {"login": "admin@allorder.local", "password": "Admin#2026!"}
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = (16, 64)
WORKERS = (1, 2)
RESERVATION_SKUS = 20
WARM_UP_SECONDS = 2

# wrk prints one JSON line at the end; latencies are in microseconds.
_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format('\\n{"requests": %d, "micros": %d, "p50": %d, "p95": %d, "p99": %d, "errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors))
end
"""

# Each request is a new one-line reservation with its own Idempotency-Key, cycling over the SKUs (the key has the
# second wrk started in: the warm-up's keys are not replayed by the measured run).
_RESERVE = """
local counter, thread_id, started = 0, 0, os.time()
local threads = 0
setup = function(thread) thread:set("tid", threads); threads = threads + 1 end
init = function(args) thread_id = tid or 0 end
request = function()
  counter = counter + 1
  local sku = skus[(counter + thread_id * 7) % #skus + 1]
  local ref = string.format("%s-%d-%d-%d", run_id, started, thread_id, counter)
  local body = string.format('{"lines":[{"sku_id":"%s","quantity":1}],"reference_type":"bench","reference_id":"%s"}',
    sku, ref)
  return wrk.format("POST", nil, {["Content-Type"]="application/json", ["Authorization"]=auth,
    ["Idempotency-Key"]=ref}, body)
end
"""


@dataclass
class Row:
    name: str
    connections: int
    workers: int
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms: float  # the server's CPU time per request (uvicorn processes only, not PostgreSQL or wrk)

    def line(self, baseline: Row) -> str:
        return (
            f"{_pad(self.name, 34)} {self.workers:>2} w {self.connections:>3} c {self.rate:9.0f} req/s   "
            f"p50 {self.p50_ms:7.1f} ms   p99 {self.p99_ms:7.1f} ms   errors {self.errors:<5} "
            f"{self.rate / baseline.rate:5.2f}× healthz   server CPU {self.cpu_ms:5.2f} ms/req"
        )


def _pad(text: str, width: int) -> str:
    """Left-justify by display width: a CJK character takes two columns."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - shown)


def _server_cpu_seconds(port: int, program: bytes = b"uvicorn") -> float:
    """CPU time used so far by the `program` (uvicorn, postgres) serving `port` and its child processes (/proc)."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    root = None
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        pid = int(entry.name)
        # with the time of its children that ended (a PostgreSQL backend closed within the measurement)
        parents[pid], cpu[pid] = int(fields[1]), sum(int(f) for f in fields[11:15]) / tick
        if any(program in arg for arg in cmdline[:3]) and str(port).encode() in cmdline:
            root = pid
    tree, grew = {root}, True
    while grew:
        grown = tree | {pid for pid, parent in parents.items() if parent in tree}
        grew, tree = grown != tree, grown
    return sum(cpu.get(pid, 0.0) for pid in tree if pid is not None)


def _wrk(url: str, connections: int, script: str, seconds: int = SECONDS) -> dict[str, int]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script + _REPORT)
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", lua.name, url],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        Path(lua.name).unlink()
    report: dict[str, int] = json.loads(out.strip().splitlines()[-1])
    return report


def measure(name: str, url: str, connections: int, workers: int, script: str, *, warm_up: bool = False) -> Row:
    """One row; `warm_up` first runs the script unmeasured for WARM_UP_SECONDS, so that the pool's new
    connections (each sets up its codecs and prepares its statements on first use) do not make the tail of a
    steady-state figure. Only for scripts whose requests stay new when sent again (their keys have wrk's start)."""
    port = int(url.split(":")[2].split("/")[0])
    if warm_up:
        _wrk(url, connections, script, WARM_UP_SECONDS)
    before = _server_cpu_seconds(port)
    r = _wrk(url, connections, script)
    cpu_ms = (_server_cpu_seconds(port) - before) * 1000 / max(1, r["requests"])
    rate = r["requests"] / (r["micros"] / 1e6)
    return Row(name, connections, workers, rate, r["p50"] / 1e3, r["p99"] / 1e3, r["errors"], cpu_ms)


def _headers_script(headers: dict[str, str]) -> str:
    return "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in headers.items())


def _stock_up(base: str, token: str) -> list[str]:
    """20 SKUs with plenty on hand, so a run never reserves a SKU dry (a 409 would measure the error path)."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"{base}/api/v1", headers=headers, timeout=30) as http:
        levels = http.get("/stock", params={"page_size": 200}).json()["items"]
        chosen: dict[str, str] = {}
        for level in levels:
            chosen.setdefault(level["sku_id"], level["warehouse_id"])
        skus = list(chosen.items())[:RESERVATION_SKUS]
        for warehouse in {w for _, w in skus}:
            lines = [{"sku_id": s, "quantity": 1_000_000} for s, w in skus if w == warehouse]
            reply = http.post("/stock/receipts", json={"warehouse_id": warehouse, "lines": lines, "reason": "bench"})
            reply.raise_for_status()
    return [s for s, _ in skus]


def run_rows(base: str, workers: int, run_id: str) -> list[Row]:
    token = httpx.post(f"{base}/api/v1/auth/login", json=ADMIN, timeout=30).json()["access_token"]
    skus = _stock_up(base, token)
    auth = _headers_script({"Authorization": f"Bearer {token}"})
    sku_list = ", ".join(json.dumps(s) for s in skus)

    def reserve(connections: int) -> str:
        run = f"{run_id}-{workers}-{connections}"
        return f'skus = {{{sku_list}}}\nrun_id = "{run}"\nauth = "Bearer {token}"\n' + _RESERVE

    api = f"{base}/api/v1"
    rows: list[Row] = []
    for connections in CONNECTIONS:
        for name, url, script in (
            ("GET /healthz (baseline)", f"{api}/healthz", ""),
            ("GET /me (authenticated)", f"{api}/me", auth),
            ("GET /stock?page_size=20", f"{api}/stock?page_size=20", auth),
            ("GET /store/products?q=耳机", f"{api}/store/products?q={quote('耳机')}", ""),
            ("POST /stock/reservations (1 line)", f"{api}/stock/reservations", reserve(connections)),
        ):
            rows.append(measure(name, url, connections, workers, script, warm_up=True))
    return rows


def main() -> None:
    url = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or ""
    redis = os.environ.get("REDIS_URL") or os.environ.get("TEST_REDIS_URL")
    if "postgresql" not in url or shutil.which("wrk") is None:
        print(
            "\nrequest-path benchmark skipped: it needs PostgreSQL in DATABASE_URL and wrk; `make bench-request-path`"
        )
        print("runs it against throw-away PostgreSQL and Redis servers")
        return
    os.environ["DATABASE_URL"] = url
    if redis:
        os.environ["REDIS_URL"] = redis
    run_id = os.urandom(4).hex()
    print(f"\nrequest-path benchmark — PostgreSQL{' + Redis' if redis else ''}, wrk -t2, {SECONDS} s per row")
    print("shared machine: compare the ratios to healthz and the server CPU per request, not the absolute rates")
    for workers in WORKERS:
        with running_server(workers=workers) as base:
            rows = run_rows(base, workers, run_id)
        for connections in CONNECTIONS:
            group = [r for r in rows if r.connections == connections]
            for row in group:
                print(row.line(group[0]))
            print(flush=True)


if __name__ == "__main__":
    main()
