"""The staff actions on one order that share one route shape (approve, hold, release, cancel, confirm receipt,
remark): each checks its own permission and body, and answers the order as the staff member sees it."""

from __future__ import annotations

import pytest

from tests.conftest import Shop, new_ip
from tests.factories import admin_headers, customer_with_address, pay_order, place_order, stocked_sku
from tests.integration.test_orders_lifecycle import act, staff_with, timeline

ACTIONS = [
    ("approve", {}, "orders:review"),
    ("hold", {"reason": "check the address"}, "orders:review"),
    ("release", {}, "orders:review"),
    ("cancel", {"reason": "duplicate"}, "orders:write"),
    ("confirm-receipt", {}, "orders:write"),
    ("remarks", {"text": "called the customer"}, "orders:write"),
]


@pytest.mark.parametrize(("action", "body", "permission"), ACTIONS)
async def test_staff_without_the_actions_permission_are_refused_and_the_order_stays_as_it_was(
    shop: Shop, action: str, body: dict[str, str], permission: str
) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    warehouse = await staff_with(client, admin, "warehouse")  # reads orders, may neither write nor review them
    sku = await stocked_sku(client, admin, 5)
    order = await place_order(client, await customer_with_address(client), {sku["id"]: 1})

    refused = await act(client, warehouse, order["id"], action, body)
    after = await client.get(f"/orders/{order['id']}", headers=admin)

    assert refused.status_code == 403, refused.text
    assert (refused.json()["code"], refused.json()["permission"]) == ("auth.forbidden", permission)
    assert after.json()["status"] == "pending_payment" and after.json()["remarks"] == []


async def test_a_hold_without_a_reason_or_an_empty_remark_is_refused_field_by_field(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 5)
    order = await place_order(client, await customer_with_address(client), {sku["id"]: 1})

    hold = await act(client, admin, order["id"], "hold", {})
    remark = await act(client, admin, order["id"], "remarks", {"text": ""})
    unknown = await act(client, admin, order["id"], "approve", {"note": "ok", "extra": 1})

    assert hold.status_code == 422 and [e["field"] for e in hold.json()["errors"]] == ["reason"]
    assert remark.status_code == 422 and [e["field"] for e in remark.json()["errors"]] == ["text"]
    assert unknown.status_code == 422


async def test_a_reviewer_approves_with_a_note_remarks_and_confirms_receipt_for_the_customer(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    clerk = await staff_with(client, admin, "order_clerk")
    sku = await stocked_sku(client, admin, 5, retail_price="6000.00")  # over the review limit: waits for a reviewer
    order = await place_order(client, await customer_with_address(client), {sku["id"]: 1})
    await pay_order(client, admin, order["id"])

    approved = await act(client, clerk, order["id"], "approve", {"note": "customer known"})
    remarked = await act(client, clerk, order["id"], "remarks", {"text": "gift wrap"})
    await act(client, admin, order["id"], "ship", {"carrier": "SF", "tracking_number": "SF100"})
    confirmed = await act(client, clerk, order["id"], "confirm-receipt")

    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["needs_review"]) == ("awaiting_shipment", False)
    assert approved.json()["events"][-1]["note"] == "customer known"
    assert "cancel" in approved.json()["allowed_actions"]  # the staff view: the actions this reader may take
    assert [r["text"] for r in remarked.json()["remarks"]] == ["gift wrap"]
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "completed"
    assert timeline(confirmed.json())[-3:] == [
        ("approve", "paid", "awaiting_shipment"),
        ("ship_rest", "awaiting_shipment", "shipped"),
        ("confirm", "shipped", "completed"),
    ]
