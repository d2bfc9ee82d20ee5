"""What the customer is told about their payments: a receipt by e-mail when one succeeds, a message with a link to
pay again when one fails or expires while the order can still be paid (and only then), in their language."""

from __future__ import annotations

from uuid import UUID

from domain.payments.entities import PaymentStatus
from domain.payments.events import PaymentFailed, PaymentSucceeded
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.payments_support import attempt, paid_payment


async def inbox_events(client: f.httpx.AsyncClient, buyer: f.Buyer) -> list[dict[str, str]]:
    items = (await client.get("/me/notifications", headers=buyer.headers)).json()["items"]
    return [item for item in items if item["event"].startswith("payment.")]


async def test_a_failed_payment_of_an_order_still_to_pay_brings_a_link_to_pay_again(shop: Shop) -> None:
    # given an unpaid order whose card payment was declined
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 5, retail_price="18.00")
    buyer = await f.customer_with_address(client, locale="zh_CN")
    order = await f.place_order(client, buyer, {sku["id"]: 1})
    declined = await attempt(shop.container, order["id"], "card", PaymentStatus.FAILED)

    # when the payment flow says so
    await shop.container.dispatch([PaymentFailed(declined.id, UUID(order["id"]))])
    await shop.run_jobs()

    # then the inbox and the mailbox have the way back to paying, in Chinese
    [message] = await inbox_events(client, buyer)
    link = f"{shop.container.settings.public_base_url}/orders/{order['id']}/pay"
    assert message["event"] == "payment.failed" and order["number"] in message["title"]
    assert "付款未成功" in message["title"] and link in message["body"]
    mail = await f._queued_body(client, buyer.email, "payment.failed", "email")
    assert mail is not None and link in mail


async def test_no_pay_again_message_once_the_order_is_paid_or_another_attempt_is_under_way(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 5, retail_price="18.00")
    buyer = await f.customer_with_address(client)
    switched = await f.place_order(client, buyer, {sku["id"]: 1})
    paid = await f.place_order(client, buyer, {sku["id"]: 2})  # not a duplicate of the first
    replaced = await attempt(shop.container, switched["id"], "alipay", PaymentStatus.EXPIRED)
    await attempt(shop.container, switched["id"], "wechat_pay", PaymentStatus.PROCESSING)  # the customer switched
    failed_then_paid = await attempt(shop.container, paid["id"], "card", PaymentStatus.FAILED)
    await paid_payment(shop.container, paid["id"], "bank_transfer")

    await shop.container.dispatch(
        [
            PaymentFailed(replaced.id, UUID(switched["id"])),
            PaymentFailed(failed_then_paid.id, UUID(paid["id"])),
        ]
    )
    await shop.run_jobs()

    assert await inbox_events(client, buyer) == []


async def test_a_succeeded_payment_mails_a_receipt(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 5, retail_price="18.00")
    buyer = await f.customer_with_address(client, locale="en")
    order = await f.place_order(client, buyer, {sku["id"]: 1})
    payment = await paid_payment(shop.container, order["id"], "bank_transfer")

    await shop.container.dispatch([PaymentSucceeded(payment.id, UUID(order["id"]))])
    await shop.run_jobs()

    mail = await f._queued_body(client, buyer.email, "payment.succeeded", "email")
    assert mail is not None and payment.payment_no in mail and str(payment.amount) in mail
    assert "We received your payment" in mail
    assert await inbox_events(client, buyer) == []  # the inbox has the order's own "paid" message
