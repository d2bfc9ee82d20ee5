"""A customer pays an order online: starts a payment, pays on the sandbox's page (over HTTP), the sandbox calls our
webhook back and the job applies it. One attempt at a time, only on one's own order, never on a closed one."""

from __future__ import annotations

import pytest

from tests.conftest import Shop, new_ip
from tests.factories import admin_headers
from tests.paying import kinds, press, sandbox_behaviour, start, unpaid_order


@pytest.mark.parametrize(("method", "kind"), [("alipay", "redirect"), ("wechat_pay", "qr"), ("card", "redirect")])
async def test_a_customer_pays_an_order_through_the_provider_and_the_order_is_paid_once(
    shop: Shop, method: str, kind: str
) -> None:
    # given
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client, price="25.00", quantity=2)

    # when
    payment = await start(client, buyer, order["id"], method)
    await press(shop, payment)
    await shop.run_jobs()

    # then
    assert payment["status"] == "processing"
    assert payment["start"]["kind"] == kind
    assert payment["amount"] == {"amount": "50.00", "currency": "CNY"}
    assert payment["order_number"] == order["number"]
    paid = (await client.get(f"/me/payments/{payment['id']}", headers=buyer.headers)).json()
    assert paid["status"] == "succeeded" and paid["paid_at"] is not None
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert mine["status"] == "awaiting_shipment"
    assert mine["amounts"]["paid"] == {"amount": "50.00", "currency": "CNY"}
    assert mine["payment_method"] == method
    assert await kinds(shop, payment["id"]) == ["created", "started", "callback", "succeeded"]


async def test_asking_again_with_the_same_method_answers_the_same_attempt_and_another_method_replaces_it(
    shop: Shop,
) -> None:
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)

    first = await start(client, buyer, order["id"], "card")
    again = await start(client, buyer, order["id"], "card", expect=200)
    other = await start(client, buyer, order["id"], "alipay")

    assert again["id"] == first["id"] and again["start"] == first["start"]
    assert other["id"] != first["id"]
    replaced = (await client.get(f"/me/payments/{first['id']}", headers=buyer.headers)).json()
    assert replaced["status"] == "expired"
    assert await kinds(shop, first["id"]) == ["created", "started", "queried", "expired"]  # the provider asked first


async def test_another_customers_order_and_payment_are_not_found(shop: Shop) -> None:
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)
    stranger, _ = await unpaid_order(client)
    payment = await start(client, buyer, order["id"], "alipay")

    started = await client.post(
        f"/me/orders/{order['id']}/payments", json={"method": "alipay"}, headers=stranger.headers
    )
    read = await client.get(f"/me/payments/{payment['id']}", headers=stranger.headers)

    assert (started.status_code, started.json()["code"]) == (404, "order.not_found")
    assert (read.status_code, read.json()["code"]) == (404, "payment.not_found")


async def test_a_cancelled_order_cannot_be_paid_and_staff_recorded_methods_are_not_started_here(shop: Shop) -> None:
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)
    offline = await client.post(
        f"/me/orders/{order['id']}/payments", json={"method": "cash_on_delivery"}, headers=buyer.headers
    )
    cancelled = await client.post(
        f"/me/orders/{order['id']}/cancel", json={"reason": "changed my mind"}, headers=buyer.headers
    )
    assert cancelled.status_code == 200, cancelled.text

    refused = await client.post(
        f"/me/orders/{order['id']}/payments",
        json={"method": "card"},
        headers={**buyer.headers, "Accept-Language": "zh-CN"},
    )

    assert (offline.status_code, offline.json()["code"]) == (422, "payment.method_offline"), offline.text
    assert (refused.status_code, refused.json()["code"]) == (409, "payment.order_not_payable")
    assert refused.json()["detail"] == "该订单已不能支付"


async def test_bank_transfer_starts_here_and_shows_the_payee_while_another_method_replaces_it(shop: Shop) -> None:
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)
    card = await start(client, buyer, order["id"], "card")

    transfer = await client.post(
        f"/me/orders/{order['id']}/payments", json={"method": "bank_transfer"}, headers=buyer.headers
    )
    again = await client.post(
        f"/me/orders/{order['id']}/payments", json={"method": "bank_transfer"}, headers=buyer.headers
    )

    assert transfer.status_code == 201, transfer.text
    assert (transfer.json()["status"], transfer.json()["start"]["kind"]) == ("pending", "offline")
    assert (again.status_code, again.json()["id"]) == (200, transfer.json()["id"])
    replaced = (await client.get(f"/me/payments/{card['id']}", headers=buyer.headers)).json()
    assert replaced["status"] == "expired"


@pytest.mark.parametrize("then_chosen", ["bank_transfer", "wechat_pay"])
async def test_money_paid_at_a_page_the_customer_left_for_another_method_pays_the_order(
    shop: Shop, then_chosen: str
) -> None:
    # given: the customer paid on Alipay's page, and Alipay's callback never came
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)
    alipay = await start(client, buyer, order["id"], "alipay")
    async with sandbox_behaviour(shop, drop_callbacks=True):
        await press(shop, alipay)

    # when: not seeing the order paid, they choose another method
    other = await client.post(f"/me/orders/{order['id']}/payments", json={"method": then_chosen}, headers=buyer.headers)

    # then: Alipay was asked first; the order is paid by that money, and there is nothing left to pay
    assert (other.status_code, other.json()["code"]) == (409, "payment.order_not_payable"), other.text
    paid = (await client.get(f"/me/payments/{alipay['id']}", headers=buyer.headers)).json()
    assert paid["status"] == "succeeded"
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert (mine["status"], mine["payment_method"]) == ("awaiting_shipment", "alipay")


async def test_staff_recording_cash_for_an_order_paid_at_the_provider_meanwhile_are_told_it_is_paid(
    shop: Shop,
) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    buyer, order = await unpaid_order(client)
    card = await start(client, buyer, order["id"], "card")
    async with sandbox_behaviour(shop, drop_callbacks=True):
        await press(shop, card)

    recorded = await client.post(f"/orders/{order['id']}/pay", json={"method": "cash"}, headers=admin)

    assert (recorded.status_code, recorded.json()["code"]) == (409, "order.invalid_transition"), recorded.text
    staff_view = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
    assert (staff_view["status"], staff_view["payment_method"]) == ("awaiting_shipment", "card")


async def test_another_method_goes_ahead_when_the_provider_of_the_page_it_replaces_cannot_be_asked(
    shop: Shop,
) -> None:
    # given: the customer left the card page unpaid, and the card provider cannot be asked right now
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)
    card = await start(client, buyer, order["id"], "card")

    async with sandbox_behaviour(shop, refuse_queries=True):
        transfer = await client.post(
            f"/me/orders/{order['id']}/payments", json={"method": "bank_transfer"}, headers=buyer.headers
        )

    # then: bank transfer starts (money paid at the card page later is refunded when its callback comes)
    assert transfer.status_code == 201, transfer.text
    replaced = (await client.get(f"/me/payments/{card['id']}", headers=buyer.headers)).json()
    assert replaced["status"] == "expired"


async def test_staff_record_cash_when_the_provider_of_the_open_page_cannot_be_asked(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    buyer, order = await unpaid_order(client)
    card = await start(client, buyer, order["id"], "card")

    async with sandbox_behaviour(shop, refuse_queries=True):
        recorded = await client.post(f"/orders/{order['id']}/pay", json={"method": "cash"}, headers=admin)

    assert recorded.status_code == 200, recorded.text
    assert (recorded.json()["status"], recorded.json()["payment_method"]) == ("awaiting_shipment", "cash")
    replaced = (await client.get(f"/me/payments/{card['id']}", headers=buyer.headers)).json()
    assert replaced["status"] == "expired"


async def test_a_provider_that_cannot_be_reached_fails_the_attempt_and_answers_503(shop: Shop) -> None:
    from tests.paying import sandbox_behaviour

    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)

    async with sandbox_behaviour(shop, refuse_creation=True):
        refused = await client.post(
            f"/me/orders/{order['id']}/payments", json={"method": "card"}, headers=buyer.headers
        )
    retried = await start(client, buyer, order["id"], "card")

    assert (refused.status_code, refused.json()["code"]) == (503, "payment.provider_unavailable")
    assert retried["status"] == "processing"
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert mine["status"] == "pending_payment"
