"""Staff changing orders before shipment through the API: edit, split, merge, with the stock they hold, the
amounts to the fen, the refusals a user sees and the audit rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx

from tests.conftest import Shop, new_ip
from tests.factories import (
    admin_headers,
    create_warehouse,
    customer_with_address,
    pay_order,
    place_order,
    receive_stock,
    stocked_sku,
)
from tests.integration.test_orders_placing import available


async def edit(
    client: httpx.AsyncClient, headers: dict[str, str], order: dict[str, Any], **body: Any
) -> httpx.Response:
    return await client.patch(
        f"/orders/{order['id']}", json={"updated_at": order["updated_at"], **body}, headers=headers
    )


def cents(money: dict[str, str]) -> int:
    return int(Decimal(money["amount"]) * 100)


async def test_editing_lines_reprices_the_order_and_the_stock_follows(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    a = await stocked_sku(client, admin, 10, retail_price="10.00")
    b = await stocked_sku(client, admin, 10, retail_price="3.33")
    c = await stocked_sku(client, admin, 10, retail_price="1.00")
    buyer = await customer_with_address(client)
    order = await place_order(client, buyer, {a["id"]: 2, b["id"]: 1})
    line_a = next(x for x in order["lines"] if x["sku_id"] == a["id"])

    # when: A 2 → 5, B removed, C added
    lines = [{"line_id": line_a["id"], "quantity": 5}, {"sku_id": c["id"], "quantity": 4}]
    response = await edit(client, admin, order, lines=lines, note="leave at the door", remark="asked by phone")

    # then
    assert response.status_code == 200, response.text
    edited = response.json()
    assert sorted((x["sku_id"], x["quantity"]) for x in edited["lines"]) == sorted([(a["id"], 5), (c["id"], 4)])
    assert edited["amounts"]["total"]["amount"] == "54.00" and edited["note"] == "leave at the door"
    assert [await available(client, admin, s["id"]) for s in (a, b, c)] == [5, 10, 6]
    assert edited["remarks"][-1]["text"] == "asked by phone"
    event = edited["events"][-1]
    assert (event["action"], event["note"]) == ("edit", "changed")  # a code, worded by the SPA for each reader
    assert [change["kind"] for change in event["note_params"]["changes"]] == [
        "note",
        "quantity",
        "added",
        "removed",
        "remark",
        "total",
    ]
    assert event["note_params"]["changes"][1] == {"kind": "quantity", "sku": a["code"], "from": 2, "to": 5}
    assert event["note_params"]["changes"][-1] == {
        "kind": "total",
        "from": {"amount": "23.33", "currency": "CNY"},
        "to": {"amount": "54.00", "currency": "CNY"},
    }
    log = await client.get("/audit-log", params={"target_type": "order", "target_id": order["id"]}, headers=admin)
    entry = next(e for e in log.json()["items"] if e["action"] == "order.edit")
    assert entry["before"]["total"] != entry["after"]["total"]


async def test_a_stale_version_is_refused_and_changes_nothing(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    a = await stocked_sku(client, admin, 10)
    buyer = await customer_with_address(client)
    order = await place_order(client, buyer, {a["id"]: 1})
    first = await edit(client, admin, order, note="first")

    late = await edit(client, admin, order, lines=[{"line_id": order["lines"][0]["id"], "quantity": 3}])

    assert first.status_code == 200
    assert (late.status_code, late.json()["code"]) == (409, "order.modified")
    assert await available(client, admin, a["id"]) == 9


async def test_a_paid_order_edited_shows_what_is_left_to_pay_also_after_a_reviewer_lowers_the_price(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    a = await stocked_sku(client, admin, 10, retail_price="10.00")
    buyer = await customer_with_address(client)
    order = await pay_order(client, admin, (await place_order(client, buyer, {a["id"]: 1}))["id"])

    more = await edit(client, admin, order, lines=[{"line_id": order["lines"][0]["id"], "quantity": 3}])
    cheaper = await edit(
        client, admin, more.json(), lines=[{"line_id": order["lines"][0]["id"], "quantity": 3, "unit_price": "9.00"}]
    )

    assert more.status_code == 200, more.text
    assert more.json()["amounts"]["balance_due"] == {"amount": "20.00", "currency": "CNY"}
    assert more.json()["events"][-1]["note_params"]["changes"][-1] == {
        "kind": "to_pay",
        "amount": {"amount": "20.00", "currency": "CNY"},
    }
    assert cheaper.status_code == 200, cheaper.text
    assert cheaper.json()["amounts"]["balance_due"]["amount"] == "17.00"


async def test_nothing_is_edited_or_split_after_a_shipment(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    a = await stocked_sku(client, admin, 10)
    buyer = await customer_with_address(client)
    order = await pay_order(client, admin, (await place_order(client, buyer, {a["id"]: 2}))["id"])
    line = order["lines"][0]["id"]
    shipped = await client.post(
        f"/orders/{order['id']}/ship",
        json={"lines": [{"line_id": line, "quantity": 1}], "carrier": "SF", "tracking_number": "1"},
        headers=admin,
    )

    edited = await edit(client, admin, shipped.json(), note="too late")
    split = await client.post(
        f"/orders/{order['id']}/split",
        json={"updated_at": shipped.json()["updated_at"], "lines": [{"line_id": line, "quantity": 1}]},
        headers={**admin, "Accept-Language": "zh-CN"},
    )

    assert (edited.status_code, edited.json()["code"]) == (409, "order.not_editable")
    assert (split.status_code, split.json()["code"]) == (409, "order.not_editable")
    assert "不能再修改" in split.json()["detail"]


async def test_a_split_by_warehouse_gives_parts_that_sum_to_the_original_to_the_fen(shop: Shop) -> None:
    # given: 4 units in one warehouse, 3 in another; the order takes all 7
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    a = await stocked_sku(client, admin, 4, retail_price="3.33")
    other = await create_warehouse(client, admin)
    await receive_stock(client, admin, other["id"], {a["id"]: 3})
    buyer = await customer_with_address(client)
    order = await pay_order(client, admin, (await place_order(client, buyer, {a["id"]: 7}))["id"])

    # when
    response = await client.post(
        f"/orders/{order['id']}/split", json={"updated_at": order["updated_at"]}, headers=admin
    )

    # then
    assert response.status_code == 200, response.text
    parts = response.json()["orders"]
    assert parts[0]["id"] == order["id"] and parts[1]["split_from_id"] == order["id"]
    assert sorted(p["lines"][0]["quantity"] for p in parts) == [3, 4]
    assert sum(cents(p["amounts"]["total"]) for p in parts) == cents(order["amounts"]["total"])
    assert sum(cents(p["amounts"]["paid"]) for p in parts) == cents(order["amounts"]["paid"])
    assert all(p["status"] == "awaiting_shipment" and p["events"][-1]["action"] == "split" for p in parts)
    assert [(p["events"][-1]["note"], p["events"][-1]["note_params"]) for p in parts] == [
        ("split_into", {"numbers": [parts[1]["number"]]}),
        ("split_from", {"number": order["number"]}),
    ]
    assert await available(client, admin, a["id"]) == 0


async def test_merging_combines_lines_and_closes_the_others_with_the_stock_unchanged(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    a = await stocked_sku(client, admin, 10, retail_price="10.00")
    b = await stocked_sku(client, admin, 10, retail_price="2.50")
    buyer = await customer_with_address(client)
    first = await place_order(client, buyer, {a["id"]: 1})
    second = await place_order(client, buyer, {a["id"]: 2, b["id"]: 1})

    response = await client.post("/orders/merge", json={"order_ids": [second["id"], first["id"]]}, headers=admin)

    assert response.status_code == 200, response.text
    merged = response.json()
    assert merged["id"] == first["id"]
    assert sorted((x["sku_id"], x["quantity"]) for x in merged["lines"]) == sorted([(a["id"], 3), (b["id"], 1)])
    assert merged["amounts"]["total"]["amount"] == "32.50"
    assert (merged["events"][-1]["note"], merged["events"][-1]["note_params"]["numbers"]) == (
        "merged",
        [second["number"]],
    )
    gone = (await client.get(f"/orders/{second['id']}", headers=admin)).json()
    merged_into = ("merged_into", {"number": first["number"]})
    assert (gone["status"], gone["cancel_reason"], gone["cancel_reason_params"]) == ("cancelled", *merged_into)
    # the customer reads the same code and number (the SPA words it in their language); staff notes stay hidden
    theirs = (await client.get(f"/me/orders/{second['id']}", headers=buyer.headers)).json()
    assert (theirs["cancel_reason"], theirs["cancel_reason_params"]) == merged_into
    assert (theirs["events"][-1]["note"], theirs["events"][-1]["note_params"]) == ("", None)
    log = await client.get("/audit-log", params={"target_type": "order", "target_id": second["id"]}, headers=admin)
    after = next(e for e in log.json()["items"] if e["action"] == "order.merge")["after"]
    assert (after["cancel_reason"], after["cancel_reason_params"]) == merged_into
    assert [await available(client, admin, s["id"]) for s in (a, b)] == [7, 9]
    again = await client.post("/orders/merge", json={"order_ids": [second["id"], first["id"]]}, headers=admin)
    assert again.status_code == 409


async def test_orders_to_different_addresses_do_not_merge(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    a = await stocked_sku(client, admin, 10)
    buyer = await customer_with_address(client)
    first = await place_order(client, buyer, {a["id"]: 1})
    second = await place_order(client, buyer, {a["id"]: 2})
    moved = await edit(
        client,
        admin,
        second,
        address={"recipient": "李四", "phone": "13800000000", "region_code": "110101", "province": "北京市",
                 "city": "北京市", "district": "东城区", "detail": "2 号"},
    )  # fmt: skip

    response = await client.post("/orders/merge", json={"order_ids": [first["id"], second["id"]]}, headers=admin)

    assert moved.status_code == 200, moved.text
    assert (response.status_code, response.json()["code"]) == (422, "order.merge_addresses_differ")
