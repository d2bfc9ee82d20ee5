"""An order's life after checkout: payment with the automatic review, the review queue, hold and release,
shipping in parts, receipt, cancellation with its stock, and the actions each reader is offered."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx

from tests.conftest import Shop, new_ip
from tests.factories import (
    PASSWORD,
    admin_headers,
    bearer,
    create_staff,
    customer_with_address,
    login,
    pay_order,
    place_order,
    stocked_sku,
)
from tests.integration.test_orders_placing import available


async def act(
    client: httpx.AsyncClient, headers: dict[str, str], order_id: str, action: str, body: dict[str, Any] | None = None
) -> httpx.Response:
    return await client.post(f"/orders/{order_id}/{action}", json=body or {}, headers=headers)


def timeline(order: dict[str, Any]) -> list[tuple[str, str | None, str]]:
    return [(e["action"], e["from_status"], e["to_status"]) for e in order["events"]]


async def staff_with(client: httpx.AsyncClient, admin: dict[str, str], *roles: str) -> dict[str, str]:
    user = await create_staff(client, admin, *roles)
    return bearer(await login(client, user["email"], PASSWORD))


async def test_a_paid_order_that_passes_the_review_goes_to_the_warehouse_and_counts_its_sales(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 10, retail_price="50.00")
    buyer = await customer_with_address(client)
    order = await place_order(client, buyer, {sku["id"]: 3})

    # when
    paid = await pay_order(client, admin, order["id"])

    # then
    assert paid["status"] == "awaiting_shipment"
    assert (paid["needs_review"], paid["review_flags"]) == (False, [])
    assert paid["payment_method"] == "bank_transfer"
    assert paid["amounts"]["paid"]["amount"] == "150.00"
    assert timeline(paid) == [
        ("place", None, "pending_payment"),
        ("pay", "pending_payment", "paid"),
        ("approve", "paid", "awaiting_shipment"),
    ]
    assert paid["events"][2]["actor_kind"] == "system"
    product = (await client.get(f"/products/{sku['product_id']}", headers=admin)).json()
    assert product["sales_count"] == 3
    assert await available(client, admin, sku["id"]) == 7  # still held until it ships


async def test_an_order_over_the_amount_limit_waits_for_a_reviewer_and_a_hold_does_not_get_it_past_review(
    shop: Shop,
) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 10, retail_price="6000.00")
    buyer = await customer_with_address(client)
    order = await place_order(client, buyer, {sku["id"]: 1})

    paid = await pay_order(client, admin, order["id"])
    queue = await client.get("/orders", params={"needs_review": "true", "status": "paid"}, headers=admin)
    held = await act(client, admin, order["id"], "hold", {"reason": "call the customer first"})
    released = await act(client, admin, order["id"], "release", {"note": "confirmed by phone"})
    approved = await act(client, admin, order["id"], "approve", {"note": "amount confirmed"})

    assert (paid["status"], paid["needs_review"], paid["review_flags"]) == ("paid", True, ["amount_limit"])
    assert order["id"] in [o["id"] for o in queue.json()["items"]]
    assert (held.json()["status"], held.json()["hold_reason"]) == ("on_hold", "call the customer first")
    # still over the limit when released: back in the queue for a reviewer's approval, not to the warehouse
    assert (released.json()["status"], released.json()["needs_review"]) == ("paid", True)
    assert timeline(released.json())[-3:] == [
        ("hold", "paid", "on_hold"),
        ("release", "on_hold", "awaiting_shipment"),
        ("review_again", "awaiting_shipment", "paid"),
    ]
    assert approved.json()["status"] == "awaiting_shipment"
    log = await client.get("/audit-log", params={"target_type": "order", "target_id": order["id"]}, headers=admin)
    assert log.status_code == 200, log.text
    assert {e["action"] for e in log.json()["items"]} == {"order.pay", "order.hold", "order.release", "order.approve"}


async def test_shipping_part_then_the_rest_and_confirming_receipt_completes_the_order(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    a = await stocked_sku(client, admin, 10)
    b = await stocked_sku(client, admin, 10)
    buyer = await customer_with_address(client)
    order = await place_order(client, buyer, {a["id"]: 2, b["id"]: 1})
    await pay_order(client, admin, order["id"])
    first_line = order["lines"][0]["id"]

    part = await act(
        client,
        admin,
        order["id"],
        "ship",
        {"lines": [{"line_id": first_line, "quantity": 1}], "carrier": "SF", "tracking_number": "SF001"},
    )
    on_hand_a = (await client.get("/stock", params={"sku_id": a["id"]}, headers=admin)).json()["items"][0]
    rest = await act(client, admin, order["id"], "ship", {"carrier": "SF", "tracking_number": "SF002"})
    confirmed = await client.post(f"/me/orders/{order['id']}/confirm-receipt", json={}, headers=buyer.headers)

    assert part.status_code == 200, part.text
    assert part.json()["status"] == "partially_shipped"
    assert part.json()["lines"][0]["shipped_quantity"] == 1
    assert (on_hand_a["on_hand"], on_hand_a["reserved"]) == (9, 1)
    assert rest.json()["status"] == "shipped" and rest.json()["shipped_at"]
    assert [line["shipped_quantity"] for line in rest.json()["lines"]] == [2, 1]
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "completed"
    assert confirmed.json()["allowed_actions"] == []
    assert await available(client, admin, a["id"]) == 8


async def test_cancelling_an_unpaid_order_releases_its_stock_and_a_second_cancel_is_a_conflict(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 5)
    buyer = await customer_with_address(client)
    order = await place_order(client, buyer, {sku["id"]: 4})

    cancelled = await client.post(
        f"/me/orders/{order['id']}/cancel", json={"reason": "changed my mind"}, headers=buyer.headers
    )
    again = await act(client, admin, order["id"], "cancel", {"reason": "duplicate"})

    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == ("cancelled", "changed my mind")
    assert cancelled.json()["events"][-1]["actor_kind"] == "customer"
    assert await available(client, admin, sku["id"]) == 5
    assert (again.status_code, again.json()["code"]) == (409, "order.invalid_transition")


async def test_staff_cancelling_a_paid_order_close_it_and_give_back_its_stock(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 5)
    buyer = await customer_with_address(client)
    order = await place_order(client, buyer, {sku["id"]: 2})
    await pay_order(client, admin, order["id"])

    closed = await act(client, admin, order["id"], "cancel", {"reason": "out of delivery area"})
    seen = await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)

    assert closed.json()["status"] == "closed"
    assert await available(client, admin, sku["id"]) == 5
    assert seen.json()["status"] == "closed"
    staff_event = seen.json()["events"][-1]
    assert (staff_event["actor_kind"], staff_event["actor_name"]) == ("staff", None)  # staff names hidden


async def test_the_offered_actions_follow_the_state_and_the_readers_permissions(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    warehouse = await staff_with(client, admin, "warehouse")
    finance = await staff_with(client, admin, "finance")
    sku = await stocked_sku(client, admin, 5)
    buyer = await customer_with_address(client)
    order = await place_order(client, buyer, {sku["id"]: 1})

    as_admin = (await client.get(f"/orders/{order['id']}", headers=admin)).json()["allowed_actions"]
    as_finance = (await client.get(f"/orders/{order['id']}", headers=finance)).json()["allowed_actions"]
    as_warehouse = (await client.get(f"/orders/{order['id']}", headers=warehouse)).json()["allowed_actions"]
    refused = await act(client, warehouse, order["id"], "pay", {"method": "cash"})
    await act(client, finance, order["id"], "pay", {"method": "cash"})
    after_pay = (await client.get(f"/orders/{order['id']}", headers=warehouse)).json()["allowed_actions"]

    assert set(as_admin) == {"pay", "cancel"}
    assert as_finance == ["pay"]
    assert as_warehouse == []
    assert refused.status_code == 403
    assert set(after_pay) == {"ship_part", "ship_rest"}


async def test_the_staff_list_combines_its_filters_and_the_customer_sees_tabs_with_counts(shop: Shop) -> None:
    # given: three orders of one customer, one paid, one cancelled
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 20, retail_price="10.00")
    buyer = await customer_with_address(client, name="Filter Tester")
    unpaid = await place_order(client, buyer, {sku["id"]: 1})
    paid = await place_order(client, buyer, {sku["id"]: 2})
    cancelled = await place_order(client, buyer, {sku["id"]: 3})
    await pay_order(client, admin, paid["id"])
    await act(client, admin, cancelled["id"], "cancel", {"reason": "test"})

    async def ids(**params: Any) -> list[str]:
        response = await client.get("/orders", params={"customer": buyer.email, **params}, headers=admin)
        assert response.status_code == 200, response.text
        return [o["id"] for o in response.json()["items"]]

    # then
    assert await ids() == [cancelled["id"], paid["id"], unpaid["id"]]
    assert await ids(sort="total") == [unpaid["id"], paid["id"], cancelled["id"]]
    assert await ids(status=["pending_payment", "awaiting_shipment"]) == [paid["id"], unpaid["id"]]
    assert await ids(number=paid["number"]) == [paid["id"]]
    assert await ids(product=sku["code"], amount_min="15", amount_max="25") == [paid["id"]]
    assert await ids(payment_method="bank_transfer") == [paid["id"]]
    assert await ids(paid_from=paid["created_at"]) == [paid["id"]]
    assert await ids(customer="nobody-like-this") == []
    soon = (datetime.fromisoformat(unpaid["expires_at"]) + timedelta(seconds=1)).isoformat()
    assert await ids(expiring_before=soon) == [unpaid["id"]]
    assert await ids(created_to=paid["created_at"]) == [unpaid["id"]]  # `_to` is exclusive
    page = await client.get("/orders", params={"customer": buyer.email, "page_size": 2, "page": 2}, headers=admin)
    assert (page.json()["total"], len(page.json()["items"])) == (3, 1)
    summary = (await client.get("/orders", params={"number": unpaid["number"]}, headers=admin)).json()["items"][0]
    assert (summary["customer_name"], summary["item_count"], summary["total"]["amount"]) == (
        "Filter Tester",
        1,
        "10.00",
    )

    counts = (await client.get("/me/orders/counts", headers=buyer.headers)).json()
    assert counts == {"all": 3, "unpaid": 1, "to_ship": 1, "shipped": 0, "completed": 0, "cancelled": 1}
    tab = (await client.get("/me/orders", params={"status_group": "to_ship"}, headers=buyer.headers)).json()
    assert [o["id"] for o in tab["items"]] == [paid["id"]]
