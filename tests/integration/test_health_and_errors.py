"""The probes, the metrics endpoint and the one error shape."""

from __future__ import annotations

import httpx

from tests import factories
from tests.conftest import ON_POSTGRES, Shop


async def test_liveness_and_readiness_answer(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"] == "ok"


async def test_every_response_carries_a_request_id_and_echoes_the_callers(client: httpx.AsyncClient) -> None:
    mine = await client.get("/healthz", headers={"X-Request-ID": "trace-123"})
    assert mine.headers["x-request-id"] == "trace-123"
    generated = await client.get("/healthz")
    assert len(generated.headers["x-request-id"]) == 32


async def test_unknown_endpoint_is_a_problem_document(client: httpx.AsyncClient) -> None:
    response = await client.get("/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "route.not_found"


async def test_bad_input_lists_the_fields_in_the_callers_language(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/auth/register",
        json={"phone": "not-a-phone", "sms_code": "123456", "password": "short"},
        headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation.failed"
    assert {e["field"] for e in body["errors"]} == {"phone", "password"}
    chinese = await client.post("/auth/register", json={}, headers={"Accept-Language": "zh-CN"})
    assert chinese.json()["detail"] == "请求参数有误"


async def test_metrics_are_exposed_for_prometheus(shop: Shop) -> None:
    async with httpx.AsyncClient() as http:
        await http.get(f"{shop.url}/api/v1/healthz")
        metrics = await http.get(f"{shop.url}/metrics")
    assert "allorder_http_requests_total" in metrics.text
    assert 'route="/api/v1/healthz"' in metrics.text


async def test_an_absurd_page_number_is_refused_not_crashed_on(client: httpx.AsyncClient) -> None:
    headers = await factories.admin_headers(client)
    response = await client.get("/audit-log", params={"page": 10**20}, headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page"


async def test_a_nul_character_anywhere_is_bad_input_not_a_crash(client: httpx.AsyncClient) -> None:
    headers = await factories.admin_headers(client)
    code = factories.unique_code("W")
    search = await client.get("/stock", params={"q": "a\x00b"}, headers=headers)
    created = await client.post("/warehouses", json={"code": code, "name": "Nul\x00house"}, headers=headers)
    if ON_POSTGRES:  # PostgreSQL text cannot hold NUL: bad input, and nothing written
        assert (search.status_code, search.json()["code"]) == (422, "validation.nul_character")
        assert (created.status_code, created.json()["code"]) == (422, "validation.nul_character")
        listed = await client.get("/warehouses", headers=headers)
        assert code not in {w["code"] for w in listed.json()}
    else:  # SQLite stores it like any other character
        assert (search.status_code, created.status_code) == (200, 201)


async def test_a_body_that_is_not_utf8_is_a_validation_problem(client: httpx.AsyncClient) -> None:
    headers = await factories.admin_headers(client)
    response = await client.post(
        "/warehouses", content=b'{"code": "\xff\xfe"}', headers={**headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
