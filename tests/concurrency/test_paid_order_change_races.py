"""Changes of a paid order racing each other on PostgreSQL, through the HTTP API: the products' sales counts end
exactly as the changes that won leave the order, never counted twice."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from tests import factories as f
from tests.conftest import Shop, new_ip

pytestmark = pytest.mark.postgres


async def test_edits_and_a_cancel_of_one_paid_order_at_once_leave_the_sales_count_exact(shop: Shop) -> None:
    # given: a paid order of 2 units
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 50)
    buyer = await f.customer_with_address(client)
    order = await f.pay_order(client, admin, (await f.place_order(client, buyer, {sku["id"]: 2}))["id"])
    line = order["lines"][0]["id"]

    # when: five edits from the same version (to 3 … 7 units) and a cancel, all at once
    edits = [
        client.patch(
            f"/orders/{order['id']}",
            json={"updated_at": order["updated_at"], "lines": [{"line_id": line, "quantity": n}]},
            headers=admin,
        )
        for n in range(3, 8)
    ]
    cancel = client.post(f"/orders/{order['id']}/cancel", json={"reason": "changed their mind"}, headers=admin)
    *edited, cancelled = await asyncio.gather(*edits, cancel)

    # then: at most one edit wins, the rest see the order changed; the count is what the order holds now
    assert Counter(r.status_code for r in edited) in ({200: 1, 409: 4}, {409: 5})
    assert {r.json()["code"] for r in edited if r.status_code == 409} <= {"order.modified", "order.not_editable"}
    now = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
    product = (await client.get(f"/products/{sku['product_id']}", headers=admin)).json()
    assert cancelled.status_code == 200 and now["status"] == "closed"
    assert product["sales_count"] == 0  # whatever the edit made it, the close took exactly that back
