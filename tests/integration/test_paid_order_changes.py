"""Staff changing orders that are already paid, through the API: the products' sales counts follow (an edit by the
difference, a split or merge not at all, a close takes the units back), and an approved order changed so that it
fails the automatic review is back in the review queue."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Shop, new_ip
from tests.factories import admin_headers, customer_with_address, pay_order, place_order, stocked_sku
from tests.integration.test_order_changes import edit


async def sales_count(client: httpx.AsyncClient, admin: dict[str, str], sku: dict[str, Any]) -> int:
    response = await client.get(f"/products/{sku['product_id']}", headers=admin)
    assert response.status_code == 200, response.text
    return int(response.json()["sales_count"])


async def listed(client: httpx.AsyncClient, admin: dict[str, str], **filters: Any) -> tuple[list[str], int]:
    """The numbers on the first page of the staff's order list with these filters, and its total."""
    response = await client.get("/orders", params={"page_size": 100, **filters}, headers=admin)
    assert response.status_code == 200, response.text
    return [o["number"] for o in response.json()["items"]], response.json()["total"]


async def test_the_sales_counts_follow_an_edit_of_a_paid_order_and_its_close(shop: Shop) -> None:
    # given: a paid order of 2 A and 1 B, and an unpaid one of 3 A
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    a = await stocked_sku(client, admin, 20, retail_price="10.00")
    b = await stocked_sku(client, admin, 20, retail_price="2.00")
    buyer = await customer_with_address(client)
    order = await pay_order(client, admin, (await place_order(client, buyer, {a["id"]: 2, b["id"]: 1}))["id"])
    unpaid = await place_order(client, buyer, {a["id"]: 3})
    line_a = next(x for x in order["lines"] if x["sku_id"] == a["id"])
    counted_at_payment = [await sales_count(client, admin, s) for s in (a, b)]

    # when: A 2 → 5 and B removed; the unpaid order edited too; then the paid one cancelled
    edited = await edit(client, admin, order, lines=[{"line_id": line_a["id"], "quantity": 5}])
    more = await edit(client, admin, unpaid, lines=[{"line_id": unpaid["lines"][0]["id"], "quantity": 4}])
    after_edit = [await sales_count(client, admin, s) for s in (a, b)]
    closed = await client.post(f"/orders/{order['id']}/cancel", json={"reason": "out of budget"}, headers=admin)

    # then
    assert counted_at_payment == [2, 1]
    assert (edited.status_code, more.status_code) == (200, 200), (edited.text, more.text)
    assert after_edit == [5, 0]
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    assert [await sales_count(client, admin, s) for s in (a, b)] == [0, 0]


async def test_an_approved_order_edited_over_the_review_limit_is_back_in_the_review_queue(shop: Shop) -> None:
    # given: 3,000.00 passes the automatic review (the limit is 5,000.00) and waits for shipment
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    a = await stocked_sku(client, admin, 5, retail_price="3000.00")
    buyer = await customer_with_address(client)
    order = await pay_order(client, admin, (await place_order(client, buyer, {a["id"]: 1}))["id"])
    assert (order["status"], order["needs_review"]) == ("awaiting_shipment", False)
    _, queued_before = await listed(client, admin, needs_review="true")

    # when: two units
    response = await edit(client, admin, order, lines=[{"line_id": order["lines"][0]["id"], "quantity": 2}])

    # then: staff see it in the review queue with the reason, and the timeline says how it got there
    assert response.status_code == 200, response.text
    edited = response.json()
    assert (edited["status"], edited["needs_review"], edited["review_flags"]) == ("paid", True, ["amount_limit"])
    assert "approve" in edited["allowed_actions"]
    last = edited["events"][-1]
    assert (last["action"], last["from_status"], last["to_status"]) == ("review_again", "awaiting_shipment", "paid")
    assert (last["actor_kind"], last["note"]) == ("system", "review_failed")
    assert last["note_params"] == {"flags": ["amount_limit"]}
    queue, _ = await listed(client, admin, needs_review="true", customer=buyer.email)
    assert order["number"] in queue
    assert (await listed(client, admin, needs_review="true"))[1] == queued_before + 1
    waiting, _ = await listed(client, admin, status="awaiting_shipment", customer=buyer.email)
    assert order["number"] not in waiting
    # the customer is told it is checked again, not which rule it failed
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert (mine["events"][-1]["action"], mine["events"][-1]["note"], mine["events"][-1]["note_params"]) == (
        "review_again",
        "",
        None,
    )
    assert await sales_count(client, admin, a) == 2

    # and a reviewer's approval sends it on again
    approved = await client.post(f"/orders/{order['id']}/approve", json={}, headers=admin)
    assert (approved.status_code, approved.json()["status"]) == (200, "awaiting_shipment")
    assert (await listed(client, admin, needs_review="true"))[1] == queued_before


async def test_a_held_order_edited_over_the_review_limit_is_back_in_the_review_queue_when_released(shop: Shop) -> None:
    # given: 3,000.00, approved automatically (the limit is 5,000.00), then held and edited to 6,000.00 while held
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    a = await stocked_sku(client, admin, 5, retail_price="3000.00")
    buyer = await customer_with_address(client)
    order = await pay_order(client, admin, (await place_order(client, buyer, {a["id"]: 1}))["id"])
    held = await client.post(f"/orders/{order['id']}/hold", json={"reason": "customer asked to wait"}, headers=admin)
    assert held.status_code == 200, held.text
    edited = await edit(client, admin, held.json(), lines=[{"line_id": order["lines"][0]["id"], "quantity": 2}])
    assert (edited.status_code, edited.json()["status"]) == (200, "on_hold"), edited.text

    # when
    released = await client.post(f"/orders/{order['id']}/release", json={"note": "go ahead"}, headers=admin)

    # then: in the review queue with the reason, not waiting for shipment
    assert released.status_code == 200, released.text
    body = released.json()
    assert (body["status"], body["needs_review"], body["review_flags"]) == ("paid", True, ["amount_limit"])
    assert (body["events"][-1]["action"], body["events"][-1]["note_params"]) == (
        "review_again",
        {"flags": ["amount_limit"]},
    )
    assert order["number"] in (await listed(client, admin, needs_review="true", customer=buyer.email))[0]
    assert order["number"] not in (await listed(client, admin, status="awaiting_shipment", customer=buyer.email))[0]


async def test_a_merge_of_approved_orders_over_the_limit_is_reviewed_again_and_split_and_merge_move_no_count(
    shop: Shop,
) -> None:
    # given: 4,000.00 and 2,000.00, each approved automatically
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    a = await stocked_sku(client, admin, 10, retail_price="2000.00")
    buyer = await customer_with_address(client)
    first = await pay_order(client, admin, (await place_order(client, buyer, {a["id"]: 2}))["id"])
    second = await pay_order(client, admin, (await place_order(client, buyer, {a["id"]: 1}))["id"])
    assert [first["status"], second["status"]] == ["awaiting_shipment", "awaiting_shipment"]

    # when: merged (6,000.00), then one unit split off again and that part cancelled
    merged = await client.post("/orders/merge", json={"order_ids": [first["id"], second["id"]]}, headers=admin)
    after_merge = await sales_count(client, admin, a)
    survivor = merged.json()
    split = await client.post(
        f"/orders/{survivor['id']}/split",
        json={"updated_at": survivor["updated_at"], "lines": [{"line_id": survivor["lines"][0]["id"], "quantity": 1}]},
        headers=admin,
    )
    after_split = await sales_count(client, admin, a)
    part = split.json()["orders"][1]
    closed = await client.post(f"/orders/{part['id']}/cancel", json={"reason": "split off by mistake"}, headers=admin)

    # then
    assert merged.status_code == 200, merged.text
    assert (survivor["status"], survivor["review_flags"]) == ("paid", ["amount_limit"])
    assert survivor["events"][-1]["action"] == "review_again"
    assert survivor["number"] in (await listed(client, admin, needs_review="true", customer=buyer.email))[0]
    assert split.status_code == 200, split.text
    assert after_merge == after_split == 3
    assert closed.status_code == 200, closed.text
    assert await sales_count(client, admin, a) == 2
