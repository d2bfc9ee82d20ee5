"""Staff change an unpaid order's total (edit, split) while the customer has an online payment open: pressing Pay
again hands back that attempt only while it still collects what is left to pay. A stale one, which the provider
holds, is asked of the provider first and then ends (`amount_outdated`); a new attempt collects the new total and
pays the order. Money paid at the stale page anyway pays nothing and goes back in full."""

from __future__ import annotations

from typing import Any

import httpx

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.paying import events, kinds, press, refunds_of, start


async def staff_order(client: httpx.AsyncClient, admin: dict[str, str], order_id: str) -> dict[str, Any]:
    response = await client.get(f"/orders/{order_id}", headers=admin)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_after_staff_change_the_total_pressing_pay_again_opens_an_attempt_for_the_new_amount(
    shop: Shop,
) -> None:
    # given: the customer is at Alipay's page for an order of 2 × 25.00
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 10, retail_price="25.00")
    buyer = await f.customer_with_address(client)
    order = await f.place_order(client, buyer, {sku["id"]: 2})
    first = await start(client, buyer, order["id"], "alipay")
    assert first["amount"] == {"amount": "50.00", "currency": "CNY"}

    # when: staff make it 3, and the customer presses Pay with Alipay again
    before = await staff_order(client, admin, order["id"])
    lines = [{"line_id": before["lines"][0]["id"], "quantity": 3}]
    edited = await client.patch(
        f"/orders/{order['id']}", json={"updated_at": before["updated_at"], "lines": lines}, headers=admin
    )
    assert edited.status_code == 200, edited.text
    total = edited.json()["amounts"]["total"]
    assert total == {"amount": "75.00", "currency": "CNY"}
    again = await start(client, buyer, order["id"], "alipay")

    # then: a new attempt for the new total; the old one was asked of the provider (the customer never opened
    # its page), then ended with why
    assert again["id"] != first["id"]
    assert (again["amount"], again["status"], again["start"]["kind"]) == (total, "processing", "redirect")
    old = (await client.get(f"/me/payments/{first['id']}", headers=buyer.headers)).json()
    assert old["status"] == "expired"
    log = await events(shop, first["id"])
    assert [str(e.kind) for e in log] == ["created", "started", "queried", "expired"]
    assert (log[2].raw, log[3].from_status, log[3].note) == ({"status": "not_found"}, "processing", "amount_outdated")
    twice = await start(client, buyer, order["id"], "alipay", expect=200)
    assert twice["id"] == again["id"]  # a double click still answers the same (right) attempt

    # when: the customer pays the new attempt at Alipay
    await press(shop, again)
    await shop.run_jobs()

    # then: the order is paid with the new total
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert (mine["status"], mine["amounts"]["paid"]) == ("awaiting_shipment", total)
    paid = (await client.get(f"/me/payments/{again['id']}", headers=buyer.headers)).json()
    assert paid["status"] == "succeeded"
    assert await refunds_of(shop, again["id"]) == []


async def test_money_paid_at_the_stale_page_anyway_pays_nothing_and_is_refunded(shop: Shop) -> None:
    # given: the customer opened Alipay's page; staff split a line off the order; the customer pressed Pay again
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 10, retail_price="25.00")
    buyer = await f.customer_with_address(client)
    order = await f.place_order(client, buyer, {sku["id"]: 3})
    first = await start(client, buyer, order["id"], "alipay")
    before = await staff_order(client, admin, order["id"])
    split = await client.post(
        f"/orders/{order['id']}/split",
        json={"updated_at": before["updated_at"], "lines": [{"line_id": before["lines"][0]["id"], "quantity": 1}]},
        headers=admin,
    )
    assert split.status_code == 200, split.text
    again = await start(client, buyer, order["id"], "alipay")

    # when: the customer pays at the old page after all (its tab was still open)
    await press(shop, first)
    await shop.run_jobs()

    # then: the old attempt's money is recorded and refunded in full; the order still waits for the new attempt
    assert again["amount"]["amount"] == "50.00"
    assert "late_payment" in await kinds(shop, first["id"])
    [refund] = await refunds_of(shop, first["id"])
    assert (refund.amount_minor, refund.reason) == (7500, "late_payment")
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert (mine["status"], mine["amounts"]["paid"]["amount"]) == ("pending_payment", "0.00")


async def test_the_order_a_merge_keeps_is_paid_again_with_its_new_total(shop: Shop) -> None:
    # given: the customer is at Alipay's page for their oldest order; staff merge a newer one into it
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 10, retail_price="25.00")
    buyer = await f.customer_with_address(client)
    survivor = await f.place_order(client, buyer, {sku["id"]: 1})
    other = await f.place_order(client, buyer, {sku["id"]: 2})
    first = await start(client, buyer, survivor["id"], "alipay")
    merged = await client.post("/orders/merge", json={"order_ids": [other["id"], survivor["id"]]}, headers=admin)
    assert (merged.status_code, merged.json()["id"]) == (200, survivor["id"]), merged.text

    # when: the customer presses Pay with Alipay again
    again = await start(client, buyer, survivor["id"], "alipay")

    # then: the new attempt collects the merged total; the old one ended
    assert again["id"] != first["id"]
    assert again["amount"] == merged.json()["amounts"]["total"] == {"amount": "75.00", "currency": "CNY"}
    assert ("expired", "amount_outdated") in {(e.kind, e.note) for e in await events(shop, first["id"])}
