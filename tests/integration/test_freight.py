"""Freight templates as staff keep them through the API, on the real database: who may read and change them, the
trial quote with the rule that applied, the default moving between templates, refusals in the reader's language,
the audit trail; and checkout's `shipping_fee` action reading the stored default."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any
from uuid import uuid4

import httpx
import pytest

from domain.freight import quote as freight
from domain.freight.quote import FreightItem
from domain.identity.actor import Actor
from domain.money import Money
from infra.seed_freight import seed_freight
from tests.conftest import Shop
from tests.factories import (
    PASSWORD,
    admin_headers,
    bearer,
    create_staff,
    login,
    remove_freight_templates,
    unique_code,
)

PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
async def no_templates_left(client: httpx.AsyncClient) -> AsyncIterator[None]:
    """The test shop is shared: orders placed by later tests must not be charged by a template made here."""
    yield
    await remove_freight_templates(client, await admin_headers(client))


def template_body(name: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name,
        "currency": "CNY",
        "basis": "by_weight",
        "default_rule": {"first": 1000, "first_fee": "10.00", "additional": 1000, "additional_fee": "5.00"},
        "region_rules": [
            {
                "region_codes": ["650000", "540000"],
                "first": 1000,
                "first_fee": "20",
                "additional": 1000,
                "additional_fee": "10",
            }
        ],
        "free_over": "99.00",
        "unserved_region_codes": ["710000"],
    }
    body.update(changes)
    return body


async def staff(client: httpx.AsyncClient, admin: dict[str, str], *roles: str) -> dict[str, str]:
    user = await create_staff(client, admin, *roles)
    return bearer(await login(client, user["email"], PASSWORD))


async def create(client: httpx.AsyncClient, headers: dict[str, str], **changes: Any) -> dict[str, Any]:
    response = await client.post(
        "/freight/templates", json=template_body(unique_code("运费"), **changes), headers=headers
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def quote(client: httpx.AsyncClient, headers: dict[str, str], region: str, **fields: Any) -> httpx.Response:
    body = {"region_code": region, "items": [{"quantity": 1, "weight_grams": 2500, "subtotal": "30.00"}], **fields}
    return await client.post("/freight/quote", json=body, headers=headers)


async def test_staff_keep_a_template_and_try_it_with_the_rule_that_applied(client: httpx.AsyncClient) -> None:
    admin = await admin_headers(client)

    template = await create(client, admin)
    fetched = await client.get(f"/freight/templates/{template['id']}", headers=admin)
    xinjiang = await quote(client, admin, "650102", template_id=template["id"])
    shanghai = await quote(client, admin, "310101", template_id=template["id"])
    free = await quote(
        client, admin, "310101", template_id=template["id"], items=[{"quantity": 3, "subtotal": "99.00"}]
    )

    assert fetched.status_code == 200
    assert fetched.json()["region_rules"][0]["first_fee"] == {"amount": "20.00", "currency": "CNY"}
    assert fetched.json()["free_over"] == {"amount": "99.00", "currency": "CNY"}
    assert xinjiang.status_code == 200, xinjiang.text
    assert xinjiang.json()["fee"] == {"amount": "40.00", "currency": "CNY"}  # 2.5 kg: first kilo and two steps
    assert xinjiang.json()["applied"] == "region" and xinjiang.json()["region_codes"] == ["650000", "540000"]
    assert shanghai.json()["fee"]["amount"] == "20.00" and shanghai.json()["applied"] == "default"
    assert free.json()["fee"]["amount"] == "0.00" and free.json()["applied"] == "free_over_threshold"


async def test_an_update_replaces_the_rules_and_every_write_is_audited(client: httpx.AsyncClient) -> None:
    admin = await admin_headers(client)
    template = await create(client, admin)

    changed = await client.put(
        f"/freight/templates/{template['id']}",
        json=template_body(template["name"], basis="by_quantity", region_rules=[], free_over=None),
        headers=admin,
    )
    tried = await quote(client, admin, "650102", template_id=template["id"])
    deleted = await client.delete(f"/freight/templates/{template['id']}", headers=admin)
    log = await client.get(
        "/audit-log", params={"target_type": "freight_template", "target_id": template["id"]}, headers=admin
    )

    assert changed.status_code == 200, changed.text
    assert changed.json()["region_rules"] == [] and changed.json()["free_over"] is None
    assert tried.json()["fee"]["amount"] == "10.00" and tried.json()["charged_units"] == 1
    assert deleted.status_code == 204
    assert (await client.get(f"/freight/templates/{template['id']}", headers=admin)).status_code == 404
    assert log.status_code == 200, log.text
    assert sorted(e["action"] for e in log.json()["items"]) == [
        "freight_template.create",
        "freight_template.delete",
        "freight_template.update",
    ]


async def test_the_default_moves_and_checkout_charges_by_it(client: httpx.AsyncClient, shop: Shop) -> None:
    admin = await admin_headers(client)
    standard = await create(client, admin)
    cheap = await create(
        client, admin, default_rule={"first": 1, "first_fee": "6", "additional": 1, "additional_fee": "1"}
    )

    made = await client.post(f"/freight/templates/{cheap['id']}/default", headers=admin)
    listed = await client.get("/freight/templates", headers=admin)
    refused = await client.delete(f"/freight/templates/{cheap['id']}", headers={**admin, "Accept-Language": "zh-CN"})
    await client.post(f"/freight/templates/{standard['id']}/default", headers=admin)
    async with shop.container.uow() as uow:
        fee = await freight.shipping_fee(
            uow,
            region_code="650102",
            items=[FreightItem(uuid4(), 2, 1200, Money(Decimal("40"), "CNY"))],
            currency="CNY",
        )
    by_default = await quote(client, admin, "650102")

    assert made.status_code == 200 and made.json()["is_default"] is True
    assert listed.json()["items"][0]["id"] == cheap["id"]
    assert [t["is_default"] for t in listed.json()["items"]].count(True) == 1
    assert refused.status_code == 409 and refused.headers["content-type"].startswith(PROBLEM)
    assert refused.json()["code"] == "freight.template_is_default"
    assert refused.json()["detail"] == "这是默认运费模板，请先将其他模板设为默认再删除"
    assert fee == Money(Decimal("40"), "CNY")  # 2.4 kg to Xinjiang: 20 the first kilo, 10 for each started kilo
    assert by_default.json()["template_id"] == standard["id"]


async def test_a_region_not_served_is_refused_in_the_readers_language(client: httpx.AsyncClient) -> None:
    admin = await admin_headers(client)
    template = await create(client, admin)

    refused = await quote(client, {**admin, "Accept-Language": "en"}, "710100", template_id=template["id"])
    repeated = await client.post(
        "/freight/templates",
        json=template_body(unique_code("运费"), unserved_region_codes=["650000"]),
        headers=admin,
    )

    assert refused.status_code == 422 and refused.json()["code"] == "freight.region_not_served"
    assert repeated.status_code == 422 and repeated.json()["code"] == "freight.region_repeated"
    assert repeated.json()["region_code"] == "650000"


async def test_order_staff_read_templates_but_only_settings_writers_change_them(client: httpx.AsyncClient) -> None:
    admin = await admin_headers(client)
    template = await create(client, admin)
    clerk = await staff(client, admin, "order_clerk")
    warehouse = await staff(client, admin, "warehouse")
    customer = await staff(client, admin, "customer")

    assert (await client.get("/freight/templates", headers=clerk)).status_code == 200
    assert (await quote(client, warehouse, "310101")).status_code == 200
    changed = await client.put(f"/freight/templates/{template['id']}", json=template_body("x"), headers=clerk)
    assert changed.status_code == 403 and changed.json()["code"] == "auth.forbidden"
    assert (await client.get("/freight/templates", headers=customer)).status_code == 403
    assert (await client.get("/freight/templates")).status_code == 401


async def test_the_demo_seed_charges_remote_provinces_more_and_runs_twice_without_copies(
    client: httpx.AsyncClient, shop: Shop
) -> None:
    admin = await admin_headers(client)

    await seed_freight(shop.container, Actor(user_id=None, name="seed"))
    await seed_freight(shop.container, Actor(user_id=None, name="seed"))
    found = (await client.get("/freight/templates", params={"name": "标准快递"}, headers=admin)).json()
    standard = found["items"][0]["id"]
    beijing = await quote(client, admin, "110105", template_id=standard)
    tibet = await quote(client, admin, "540102", template_id=standard)
    macao = await quote(client, admin, "820000", template_id=standard)

    assert found["total"] == 1
    assert beijing.json()["fee"]["amount"] == "20.00"  # 2.5 kg: 10 the first kilo, 5 for each started kilo
    assert tibet.json()["fee"]["amount"] == "40.00"
    assert macao.json()["code"] == "freight.region_not_served"
