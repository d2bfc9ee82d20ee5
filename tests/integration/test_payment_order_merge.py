"""Orders merged into another end their open payment attempts in the merge's transaction, as a cancelled order does
(domain/payments/closing.py): a bank transfer leaves finance's queue at once (expired, `order_merged`), and an
online attempt the provider holds is asked first by the active query. Money that arrives for an order merged away
pays neither it nor the order it joined: it is refunded in full."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.payments import use_cases as payments
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.fakes.clock import FakeClock
from tests.integration.test_bank_transfer import finance_headers, picture, upload
from tests.paying import (
    assert_transfer_ended_with_its_order,
    events,
    kinds,
    payment_row,
    press,
    refunds_of,
    sandbox_behaviour,
    start,
)


async def test_merging_orders_ends_the_open_attempts_of_the_orders_merged_away(shop: Shop) -> None:
    # given: one customer's unpaid orders to one address: the oldest (it survives a merge), one at Alipay's page,
    # one whose bank transfer finance checks, one whose Alipay page the customer left
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    finance = await finance_headers(client, admin)
    sku = await f.stocked_sku(client, admin, 10, retail_price="12.00")
    buyer = await f.customer_with_address(client)
    survivor = await f.place_order(client, buyer, {sku["id"]: 1})
    paid_late, transferred, left = [await f.place_order(client, buyer, {sku["id"]: n}) for n in (2, 3, 4)]
    at_alipay = await start(client, buyer, paid_late["id"], "alipay")
    transfer = await start(client, buyer, transferred["id"], "bank_transfer")
    assert (await upload(client, buyer, transfer["id"], picture())).status_code == 200
    abandoned = await start(client, buyer, left["id"], "alipay")

    # when: staff merge the four orders
    ids = [o["id"] for o in (paid_late, transferred, left, survivor)]
    merged = await client.post("/orders/merge", json={"order_ids": ids}, headers=admin)

    # then: the transfer ended with its order, logged with why; the customer's list says so, finance's queue has
    # it no more, and no receipt is taken for it
    assert (merged.status_code, merged.json()["id"]) == (200, survivor["id"]), merged.text
    mine = (await client.get("/me/payments", params={"page_size": 200}, headers=buyer.headers)).json()["items"]
    status = {p["id"]: p["status"] for p in mine}
    assert status[transfer["id"]] == "expired"
    await assert_transfer_ended_with_its_order(
        shop, client, finance, transfer["id"], note="order_merged", actor_kind="staff"
    )
    again = await upload(client, buyer, transfer["id"], picture())
    assert (again.status_code, again.json()["code"]) == (409, "payment.invalid_transition")

    # when: the customer pays at the Alipay page of a merged order anyway, and the active query asks about the
    # page the customer left
    held = [status[at_alipay["id"]], status[abandoned["id"]]]
    await press(shop, at_alipay)
    await shop.run_jobs()
    c, clock = shop.container, FakeClock(datetime.now(UTC) + timedelta(minutes=3))
    async with sandbox_behaviour(shop, drop_callbacks=True):
        await payments.query_processing_payments(c.uow, clock, c.settings.orders.policy(), c.payment_gateways)
    await shop.run_jobs()

    # then: nothing at the provider was ended before it was asked; the money paid neither the merged order nor the
    # one it joined, and goes back in full; the left page ended with the merge's note
    assert held == ["processing", "processing"]
    gone = (await client.get(f"/me/orders/{paid_late['id']}", headers=buyer.headers)).json()
    assert (gone["status"], gone["amounts"]["paid"]["amount"]) == ("cancelled", "0.00")
    joined = (await client.get(f"/me/orders/{survivor['id']}", headers=buyer.headers)).json()
    assert (joined["status"], joined["amounts"]["paid"]["amount"]) == ("pending_payment", "0.00")
    assert (await payment_row(shop, at_alipay["id"])).status == "succeeded"
    assert "late_payment" in await kinds(shop, at_alipay["id"])
    [refund] = await refunds_of(shop, at_alipay["id"])
    assert (refund.amount_minor, refund.reason) == (2400, "late_payment")
    assert (await payment_row(shop, abandoned["id"])).status == "expired"
    assert ("expired", "order_merged") in {(e.kind, e.note) for e in await events(shop, abandoned["id"])}
