"""What any HTTP client meets (issue 7, items 7, 10 and 16): security headers, API docs without a CDN, metrics
only for monitoring, 405 with Allow for a wrong method, and a documented 422 for a malformed upload."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.security.apps import build, client_of, development_settings

TOKEN = "a-monitoring-token-of-at-least-32-characters"


async def test_every_answer_carries_the_security_headers(shop: Shop) -> None:
    client = shop.client(new_ip())

    for response in (await client.get("/healthz"), await client.get("http://testserver/"), await client.get("/nope")):
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "strict-transport-security" not in response.headers  # plain http: no HSTS


async def test_hsts_is_sent_behind_an_https_proxy_the_app_trusts(database_url: str, tmp_path: Path) -> None:
    app = build(development_settings(database_url, tmp_path, trusted_proxies=["10.9.9.9"]))

    async with client_of(app, "10.9.9.9") as proxy, client_of(app, "198.51.100.7") as stranger:
        via_proxy = await proxy.get("/api/v1/healthz", headers={"X-Forwarded-Proto": "https"})
        claimed = await stranger.get("/api/v1/healthz", headers={"X-Forwarded-Proto": "https"})
    await app.state.container.close()

    assert via_proxy.headers["strict-transport-security"].startswith("max-age=")
    assert "strict-transport-security" not in claimed.headers


async def test_the_api_docs_load_their_scripts_from_the_app(shop: Shop) -> None:
    client = shop.client(new_ip())

    page = await client.get("/docs")
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page.text)

    assert page.status_code == 200
    assert sources and all(s.startswith("/api/v1/docs/") for s in sources), sources
    assert "<script>" not in page.text  # no inline script: the CSP forbids it
    for source in sources:
        asset = await client.get(f"http://testserver{source}")
        assert asset.status_code == 200, source
    assert "SwaggerUIBundle" in (await client.get("/docs/start.js")).text


async def test_metrics_answer_monitoring_only(database_url: str, tmp_path: Path) -> None:
    app = build(development_settings(database_url, tmp_path, metrics_token=TOKEN))

    async with client_of(app, "127.0.0.1") as local, client_of(app, "198.51.100.7") as outsider:
        from_loopback = await local.get("/metrics")
        from_outside = await outsider.get("/metrics")
        wrong_token = await outsider.get("/metrics", headers={"Authorization": "Bearer guess"})
        right_token = await outsider.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    await app.state.container.close()

    assert from_loopback.status_code == 200
    assert (from_outside.status_code, from_outside.json()["code"]) == (403, "metrics.forbidden")
    assert wrong_token.status_code == 403
    assert right_token.status_code == 200
    assert "allorder_http_requests_total" in right_token.text


async def test_a_wrong_method_on_a_known_path_is_405_naming_the_allowed_ones(shop: Shop) -> None:
    client = shop.client(new_ip())

    get_login = await client.get("/auth/login")
    delete_health = await client.delete("/healthz")
    unknown = await client.post("/no-such-thing")

    assert (get_login.status_code, get_login.headers["allow"]) == (405, "POST")
    assert get_login.json()["code"] == "method_not_allowed"
    assert (delete_health.status_code, delete_health.headers["allow"]) == (405, "GET")
    assert unknown.status_code == 404


async def test_a_named_order_route_is_not_taken_for_an_order_id(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)

    # PATCH /orders/{id} edits an order; /orders/export, /merge and /preview are routes of their own
    export = await client.patch("/orders/export", json={}, headers=admin)
    merge = await client.patch("/orders/merge", json={}, headers=admin)
    preview = await client.patch("/orders/preview", json={}, headers=admin)
    missing = await client.get("/orders/00000000-0000-0000-0000-000000000000", headers=admin)

    assert (export.status_code, export.headers["allow"]) == (405, "GET")
    assert (merge.status_code, merge.headers["allow"]) == (405, "POST")
    assert (preview.status_code, preview.headers["allow"]) == (405, "POST")
    assert (missing.status_code, missing.json()["code"]) == (404, "order.not_found")


async def test_a_malformed_multipart_upload_is_the_documented_422(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    broken = {"Content-Type": "multipart/form-data", **admin}  # no boundary

    response = await client.post("/catalog/import", content=b"--x\r\nnot a part", headers=broken)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "validation.failed"
    assert [e["field"] for e in response.json()["errors"]] == ["body"]


async def test_the_wrong_method_is_405_on_a_live_server_too(shop: Shop) -> None:
    async with httpx.AsyncClient() as http:
        response = await http.put(f"{shop.url}/api/v1/auth/register", json={})

    assert (response.status_code, response.headers["allow"]) == (405, "POST")


async def test_a_405_names_the_methods_of_the_resource_the_path_names(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product = await f.create_product(client, admin)

    # `/images/order` is the image order (PUT), not also an image whose id is "order" (DELETE)
    response = await client.options(f"/products/{product['id']}/images/order", headers=admin)

    assert response.status_code == 405
    assert response.headers["allow"] == "PUT"
    deleted = await client.delete(f"/products/{product['id']}/images/order", headers=admin)
    assert (deleted.status_code, deleted.headers["allow"]) == (405, "PUT")
