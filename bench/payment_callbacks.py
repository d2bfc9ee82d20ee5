"""The payment webhook on PostgreSQL (+ Redis): verified callbacks per second and their p99, measured with wrk beside
the liveness probe in the same run.

Rows: `GET /healthz` (baseline); a card webhook (HMAC-SHA256 `Stripe-Signature`) and an Alipay notify (RSA2) that
verify and match a real payment, so each is stored and its applying job enqueued; and a forged card webhook, which
is refused and recorded (wrk counts its 400 answers as errors). Each at 16 and 64 connections, one uvicorn worker, with the development sandbox's keys
(read from the server's VAR_DIR). With Redis the jobs wait there, so the rows measure the webhook alone; the
machine is shared, so compare the ratio to healthz, not the absolute rates.

    make bench-callbacks   (throw-away PostgreSQL + Redis via tests/services.sh)
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx

from bench.request_path import Row, measure
from bench.server import running_server
from infra.payments import card as card_wire
from infra.payments.gateways import SandboxKeys, sandbox_keys
from infra.providers import rsa2
from infra.seed import demo_password

CUSTOMER = "customer@allorder.local"
ADMIN = {"login": "admin@allorder.local", "password": "Admin#2026!"}
CONNECTIONS = (16, 64)


def _post_script(body: str, headers: dict[str, str]) -> str:
    lines = ['wrk.method = "POST"', f"wrk.body = [==[{body}]==]"]
    lines += [f'wrk.headers["{name}"] = [==[{value}]==]' for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def _payments(base: str) -> dict[str, dict[str, object]]:
    """A card and an Alipay payment of the demo customer, each for an order of one unit in stock."""
    with httpx.Client(base_url=f"{base}/api/v1", timeout=60) as http:
        admin = {"Authorization": "Bearer " + http.post("/auth/login", json=ADMIN).json()["access_token"]}
        login = {"login": CUSTOMER, "password": demo_password(CUSTOMER)}
        me = {"Authorization": "Bearer " + http.post("/auth/login", json=login).json()["access_token"]}
        address = http.get("/me/addresses", headers=me).json()[0]["id"]
        levels = http.get("/stock", params={"page_size": 50}, headers=admin).json()["items"]
        sku = next(level["sku_id"] for level in levels if level["available"] > 2)
        started = {}
        for method in ("card", "alipay"):
            order = http.post(
                "/me/orders",
                json={"lines": [{"sku_id": sku, "quantity": 1}], "address_id": address},
                headers={**me, "Idempotency-Key": os.urandom(8).hex()},
            )
            assert order.status_code == 201, order.text
            payment = http.post(f"/me/orders/{order.json()['id']}/payments", json={"method": method}, headers=me)
            assert payment.status_code == 201, payment.text
            started[method] = payment.json()
    return started


def card_callback(payment: dict[str, object], secret: str) -> str:
    amount = payment["amount"]
    assert isinstance(amount, dict)
    event = {
        "id": "evt_bench",
        "type": "payment_intent.succeeded",
        "created": int(datetime.now(UTC).timestamp()),
        "data": {
            "object": {
                "id": "pi_bench",
                "amount": int(str(amount["amount"]).replace(".", "")),
                "currency": "cny",
                "status": "succeeded",
                "metadata": {"payment_no": payment["payment_no"]},
            }
        },
    }
    body = json.dumps(event)
    signature = card_wire.signature_header(secret, int(datetime.now(UTC).timestamp()), body.encode())
    return _post_script(body, {"Content-Type": "application/json", "Stripe-Signature": signature})


def alipay_callback(payment: dict[str, object], keys: SandboxKeys) -> str:
    amount = payment["amount"]
    assert isinstance(amount, dict)
    now = datetime.now(UTC).astimezone(rsa2.BEIJING).strftime(rsa2.TIMESTAMP_FORMAT)
    notify = {
        "notify_time": now,
        "notify_type": "trade_status_sync",
        "notify_id": "bench",
        "app_id": "sandbox-pay-app",
        "charset": "utf-8",
        "version": "1.0",
        "sign_type": "RSA2",
        "trade_no": "2026113022001400000000000001",
        "out_trade_no": str(payment["payment_no"]),
        "trade_status": "TRADE_SUCCESS",
        "total_amount": str(amount["amount"]),
        "gmt_payment": now,
    }
    key = rsa2.load_private_key(keys.alipay_private_key_pem)
    notify["sign"] = rsa2.sign(key, rsa2.signing_content(notify, rsa2.NOTIFY_UNSIGNED))
    return _post_script(urlencode(notify), {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})


def run_rows(base: str, var_dir: Path) -> list[Row]:
    keys, started = sandbox_keys(var_dir), _payments(base)
    api = f"{base}/api/v1"
    rows: list[Row] = []
    for connections in CONNECTIONS:
        card = card_callback(started["card"], keys.card_webhook_secret)  # signed afresh: a 300 s tolerance
        forged = card_callback(started["card"], "whsec_not_the_shops")
        rows += [
            measure("GET /healthz (baseline)", f"{api}/healthz", connections, 1, ""),
            measure("card webhook, verified (HMAC)", f"{api}/payments/callbacks/card", connections, 1, card),
            measure(
                "Alipay notify, verified (RSA2)",
                f"{api}/payments/callbacks/alipay",
                connections,
                1,
                alipay_callback(started["alipay"], keys),
            ),
            measure("card webhook, forged (refused)", f"{api}/payments/callbacks/card", connections, 1, forged),
        ]
    return rows


def main() -> None:
    url = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or ""
    redis = os.environ.get("REDIS_URL") or os.environ.get("TEST_REDIS_URL")
    if "postgresql" not in url or shutil.which("wrk") is None:
        print("\ncallback benchmark skipped: it needs PostgreSQL in DATABASE_URL and wrk; `make bench-callbacks`")
        print("runs it against throw-away PostgreSQL and Redis servers")
        return
    os.environ["DATABASE_URL"] = url
    if redis:
        os.environ["REDIS_URL"] = redis
    print(f"\npayment callback benchmark — PostgreSQL{' + Redis' if redis else ''}, wrk -t2, 1 uvicorn worker")
    print("shared machine: compare the ratios to healthz and the server CPU per request, not the absolute rates")
    with tempfile.TemporaryDirectory() as var:
        # two orders of the same SKU a moment apart are not a double submit here
        settings = {
            "SANDBOX_ENABLED": "true",
            "VAR_DIR": var,
            "CRON_ENABLED": "false",
            "ORDERS__DUPLICATE_WINDOW_SECONDS": "0",
        }
        with running_server(workers=1, settings=settings) as base:
            rows = run_rows(base, Path(var))
    for connections in CONNECTIONS:
        group = [r for r in rows if r.connections == connections]
        for row in group:
            print(row.line(group[0]))
        print(flush=True)


if __name__ == "__main__":
    main()
