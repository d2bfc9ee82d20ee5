"""The back-office customer list as staff see it: customers only (never staff), their addresses, tags, notes and
blacklist flag; who may read and who may change them; the audit trail; and the global search."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Shop
from tests.factories import (
    PASSWORD,
    admin_headers,
    bearer,
    create_product,
    create_staff,
    login,
    register_customer,
    sku_body,
    unique_code,
    unique_email,
)

PROBLEM = "application/problem+json"


async def new_customer(client: httpx.AsyncClient, name: str | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """A customer who signed up on the storefront: their /me and their headers."""
    email = unique_email("shopper")
    headers = bearer(await register_customer(client, email=email))
    if name:
        assert (await client.patch("/me", json={"display_name": name}, headers=headers)).status_code == 200
    me = await client.get("/me", headers=headers)
    return dict(me.json()), headers


async def staff_session(client: httpx.AsyncClient, admin: dict[str, str], *roles: str) -> dict[str, str]:
    user = await create_staff(client, admin, *roles)
    return bearer(await login(client, user["email"], PASSWORD))


async def customers_matching(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> list[str]:
    response = await client.get("/customers", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [c["email"] for c in response.json()["items"]]


async def test_the_customer_list_shows_customers_and_never_staff(client: httpx.AsyncClient) -> None:
    admin = await admin_headers(client)
    marker = unique_code("m").lower()
    shopper, _ = await new_customer(client, f"Wang {marker}")
    clerk = await create_staff(client, admin, "order_clerk", email=f"clerk-{marker}@example.com")

    found = await customers_matching(client, admin, q=marker)
    staff_page = await client.get(f"/customers/{clerk['id']}", headers=admin)

    assert found == [shopper["email"]]
    assert staff_page.status_code == 404 and staff_page.json()["code"] == "customer.not_found"
    assert (await client.get("/users", params={"q": marker, "kind": "staff"}, headers=admin)).json()["total"] == 1


async def test_a_customer_page_shows_the_profile_and_the_customers_own_addresses(client: httpx.AsyncClient) -> None:
    admin = await admin_headers(client)
    shopper, headers = await new_customer(client, "Zhao")
    address = {
        "recipient": "赵六",
        "phone": "13900000001",
        "region_code": "310115",
        "province": "上海市",
        "city": "上海市",
        "district": "浦东新区",
        "detail": "世纪大道 1 号",
    }
    assert (await client.post("/me/addresses", json=address, headers=headers)).status_code == 201

    page = await client.get(f"/customers/{shopper['id']}", headers=admin)

    assert page.status_code == 200, page.text
    body = page.json()
    assert (body["display_name"], body["email"], body["blacklisted"], body["tags"]) == (
        "Zhao",
        shopper["email"],
        False,
        [],
    )
    assert [(a["recipient"], a["detail"]) for a in body["addresses"]] == [("赵六", "世纪大道 1 号")]


async def test_staff_tag_note_and_blacklist_a_customer_and_the_audit_log_says_so(client: httpx.AsyncClient) -> None:
    admin = await admin_headers(client)
    shopper, _ = await new_customer(client)
    cid = shopper["id"]
    tag = f"vip-{unique_code('t')[-4:]}"

    tagged = await client.post(f"/customers/{cid}/tags", json={"tag": tag}, headers=admin)
    noted = await client.post(f"/customers/{cid}/notes", json={"body": "Wants invoices by post."}, headers=admin)
    flagged = await client.put(f"/customers/{cid}/blacklist", json={"reason": "Chargeback fraud"}, headers=admin)

    assert (tagged.status_code, tagged.json()["tags"]) == (200, [tag])
    assert noted.status_code == 201 and noted.json()["author_name"] == "admin@allorder.local"
    assert flagged.status_code == 200
    assert flagged.json()["blacklist"]["reason"] == "Chargeback fraud"
    assert await customers_matching(client, admin, tag=tag, blacklisted="true") == [shopper["email"]]
    assert await customers_matching(client, admin, tag=tag, blacklisted="false") == []
    tags = (await client.get("/customers/tags", headers=admin)).json()
    assert {"name": tag, "customers": 1} in tags
    notes = (await client.get(f"/customers/{cid}/notes", headers=admin)).json()
    assert [(n["body"], n["author_name"]) for n in notes] == [("Wants invoices by post.", "admin@allorder.local")]
    audit = await client.get("/audit-log", params={"target_type": "customer", "target_id": cid}, headers=admin)
    assert sorted(e["action"] for e in audit.json()["items"]) == [
        "customer.blacklist",
        "customer.note_add",
        "customer.tag_add",
    ]

    untagged = await client.delete(f"/customers/{cid}/tags/{tag}", headers=admin)
    cleared = await client.delete(f"/customers/{cid}/blacklist", headers=admin)
    assert (untagged.json()["tags"], cleared.json()["blacklisted"], cleared.json()["blacklist"]) == ([], False, None)


async def test_a_blacklist_without_a_reason_is_refused(client: httpx.AsyncClient) -> None:
    admin = await admin_headers(client)
    shopper, _ = await new_customer(client)

    response = await client.put(
        f"/customers/{shopper['id']}/blacklist",
        json={"reason": "   "},
        headers={**admin, "Accept-Language": "zh-CN"},
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert [e["field"] for e in response.json()["errors"]] == ["reason"]


async def test_the_list_filters_by_registration_time_and_status_and_sorts(client: httpx.AsyncClient) -> None:
    admin = await admin_headers(client)
    marker = unique_code("r").lower()
    first, _ = await new_customer(client, f"A {marker}")
    second, _ = await new_customer(client, f"B {marker}")

    newest_first = await customers_matching(client, admin, q=marker, sort="-created_at")
    by_name = await customers_matching(client, admin, q=marker, sort="display_name")
    since_second = await customers_matching(client, admin, q=marker, registered_from=second["created_at"])
    disabled = await customers_matching(client, admin, q=marker, status="disabled")
    paged = await client.get("/customers", params={"q": marker, "page_size": 1, "page": 2}, headers=admin)

    assert newest_first == [second["email"], first["email"]]
    assert by_name == [first["email"], second["email"]]
    assert since_second == [second["email"]]
    assert disabled == []
    assert (paged.json()["total"], len(paged.json()["items"])) == (2, 1)


async def test_who_may_read_and_change_customers(client: httpx.AsyncClient) -> None:
    admin = await admin_headers(client)
    shopper, customer = await new_customer(client)
    cid = shopper["id"]
    analyst = await staff_session(client, admin, "analyst")
    warehouse = await staff_session(client, admin, "warehouse")

    by_customer = [
        await client.get("/customers", headers=customer),
        await client.get(f"/customers/{cid}", headers=customer),
        await client.post(f"/customers/{cid}/notes", json={"body": "me"}, headers=customer),
        await client.get("/search", params={"q": "a"}, headers=customer),
    ]
    analyst_reads = await client.get(f"/customers/{cid}", headers=analyst)
    analyst_writes = await client.put(f"/customers/{cid}/blacklist", json={"reason": "x"}, headers=analyst)
    warehouse_reads = await client.get("/customers", headers=warehouse)
    anonymous = await client.get("/customers")
    unknown = await client.get("/customers/00000000-0000-4000-8000-000000000000", headers=admin)
    unknown_note = await client.post(
        "/customers/00000000-0000-4000-8000-000000000000/notes", json={"body": "x"}, headers=admin
    )

    assert [r.status_code for r in by_customer] == [403, 403, 403, 403]
    assert (analyst_reads.status_code, analyst_writes.status_code) == (200, 403)
    assert analyst_writes.json()["code"] == "auth.forbidden"
    assert (warehouse_reads.status_code, anonymous.status_code) == (403, 401)
    assert (unknown.status_code, unknown_note.status_code) == (404, 404)


async def test_the_global_search_groups_what_the_reader_may_read(client: httpx.AsyncClient, shop: Shop) -> None:
    admin = await admin_headers(client)
    marker = unique_code("g").lower().replace("-", "")
    sku = sku_body(f"SKU-{marker.upper()}")
    product = await create_product(client, admin, name=f"Kettle {marker}", skus=[sku])
    shopper, _ = await new_customer(client, f"Kettle fan {marker}")
    await create_staff(client, admin, "warehouse", email=f"{marker}@example.com")
    warehouse = await staff_session(client, admin, "warehouse")

    async def groups(headers: dict[str, str], q: str) -> dict[str, list[tuple[str, str]]]:
        response = await client.get("/search", params={"q": q}, headers=headers)
        assert response.status_code == 200, response.text
        return {g["name"]: [(h["title"], h["opens"]) for h in g["hits"]] for g in response.json()["groups"]}

    everything = await groups(admin, marker)
    by_barcode = await groups(admin, sku["barcode"])
    for_warehouse = await groups(warehouse, marker)

    assert everything["products"] == [(f"Kettle {marker}", product["id"])]
    assert everything["skus"] == [(sku["code"], product["id"])]
    assert everything["customers"] == [(f"Kettle fan {marker}", shopper["id"])]
    assert [title for title, _ in everything["staff"]] == ["Staff"]
    assert by_barcode["barcodes"] == [(sku["barcode"], product["id"])]
    assert set(for_warehouse) == {"products", "skus"}  # catalog:read, but neither customers nor users
    assert (await client.get("/search", params={"q": ""}, headers=admin)).status_code == 422
