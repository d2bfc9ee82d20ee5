"""How the demo's orders are paid and refunded, as infra/seed_orders.py writes their history with its seed clock.

Every payment and refund is made by the payment use cases, as customers, finance and the providers did it; only the
provider is a stand-in (infra/seed_provider.py: the seed runs before the sandbox is up). Methods, in proportions a
Chinese shop sees: mostly Alipay and WeChat Pay, card, bank transfer with a receipt picture confirmed by finance, a
few cash on delivery recorded by staff. Around them the stories finance looks at:
- a declined card before Alipay paid; a WeChat QR code left for Alipay (the first attempt expires);
- expired orders whose attempt the active query closed, and one whose money arrived late (refunded automatically);
- cancelled paid orders refunded in full (`order_closed`), the first one by a transfer that finance confirmed;
- goodwill refunds by finance on completed orders: through the provider, one the provider never answered
  (failed, retries exhausted), and one of a bank transfer still waiting for finance to pay it back;
- on the orders placed minutes ago: WeChat QR codes shown and not yet scanned, a transfer receipt to confirm.
Orders placed two to five days ago are paid by WeChat Pay, so the day's bill (infra/seed_statements.py) has
enough lines to show each kind of difference. Own seeded random: the order history is the same as without it.
"""

from __future__ import annotations

import io
import random
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from PIL import Image, ImageDraw, ImageFont

from domain.events import Event
from domain.identity.actor import Actor
from domain.money import Money
from domain.orders.entities import PaymentMethod
from domain.orders.policy import OrderPolicy
from domain.payments import method_use_cases as offline
from domain.payments import paying
from domain.payments import refund_use_cases as refunds
from domain.payments import use_cases as payments
from domain.payments.entities import Payment, RefundStatus
from domain.payments.events import CallbackStored, RefundRequested
from domain.payments.gateway import ProviderStatus
from infra.container import Container
from infra.db.unit_of_work import SqlAlchemyUnitOfWork
from infra.providers.storage.local import thumbnail_name
from infra.seed_provider import RecordedProvider

if TYPE_CHECKING:
    from infra.seed_orders import Plan, SeedClock

SEED = 20261130
M = PaymentMethod
ONLINE = (M.ALIPAY, M.WECHAT_PAY, M.CARD)
ONLINE_WEIGHTS = (45, 35, 20)
BILL_DAYS = (2, 3, 4, 5)  # days ago whose online payments are WeChat Pay's (the reconciled bill's day is one of them)
GOODWILL = {2: "goodwill_unanswered", 4: "goodwill", 6: "goodwill_transfer", 9: "goodwill"}  # nth completed order
GOODWILL_REASON = "商品有轻微瑕疵，协商补偿部分货款"


class Payer:
    """Pays and refunds the plans' orders at their steps (called by seed_orders._run, clock already moved)."""

    def __init__(
        self,
        container: Container,
        uow: Callable[[], SqlAlchemyUnitOfWork],
        clock: SeedClock,
        collected: list[Event],
        staff: dict[str, Actor],
        now: datetime,
    ) -> None:
        self.c, self.uow, self.clock, self.collected, self.staff, self.now = (
            container,
            uow,
            clock,
            collected,
            staff,
            now,
        )
        self.rng = random.Random(SEED)  # noqa: S311 (demo data, the same every time on purpose)
        self.providers = {str(m): RecordedProvider(m, self.rng) for m in ONLINE}
        self.links = paying.Links(container.settings.public_base_url)
        self.refund_policy = container.settings.payments.refunds.policy()
        self.counts: Counter[str] = Counter()
        self.stories: dict[UUID, str] = {}
        self.bill_days = {(now - timedelta(days=d)).date() for d in BILL_DAYS}

    def _at(self, moment: datetime) -> None:
        self.clock.at = min(moment, self.now - timedelta(seconds=30))

    def _customer(self, plan: Plan) -> Actor:
        return Actor(user_id=plan.customer.id, name=plan.customer.name)

    def _order(self, plan: Plan) -> UUID:
        assert plan.order_id is not None
        return plan.order_id

    # paying

    def _method(self, plan: Plan) -> PaymentMethod:
        """How this order is paid; the stories that need a method of their own get it."""
        story = ""
        if plan.fate == "closed" and not self.counts["closed"]:
            story = "closed_transfer"
        if plan.fate in ("completed", "reviewed_completed"):
            story = GOODWILL.get(self.counts["completed"], "")
            self.counts["completed"] += 1
        if plan.fate == "closed":
            self.counts["closed"] += 1
        if story:
            self.stories[self._order(plan)] = story
        if story in ("closed_transfer", "goodwill_transfer"):
            return M.BANK_TRANSFER
        if story == "goodwill_unanswered":
            return M.CARD
        if plan.placed_at.date() in self.bill_days:
            return M.WECHAT_PAY
        roll = self.rng.random()
        if plan.fate != "closed" and not story and roll < 0.04:
            return M.CASH_ON_DELIVERY
        if plan.fate != "closed" and not story and roll < 0.14:
            return M.BANK_TRANSFER
        return self.rng.choices(ONLINE, ONLINE_WEIGHTS)[0]

    async def pay(self, plan: Plan, policy: OrderPolicy) -> None:
        """The order is paid at the clock's time: by the customer online or by transfer, or recorded by staff."""
        method, paid, placed, order_id = self._method(plan), self.clock.at, plan.placed_at, self._order(plan)

        def between(share: float) -> datetime:
            return placed + (paid - placed) * share

        if method == M.CASH_ON_DELIVERY:
            await payments.record_offline_payment(self.uow, self.clock, self.providers, self.staff["clerk"], policy,
                                                  order_id, method=method, note="货到付款，快递员代收")  # fmt: skip
            return
        if method == M.BANK_TRANSFER:
            await self.transfer(plan, between(0.2), between(0.6), confirm_at=paid, policy=policy)
            return
        self.counts["online"] += 1
        if self.counts["online"] % 11 == 5:  # a declined card first
            method = M.ALIPAY if method == M.CARD else method
            await self.attempt(plan, M.CARD, between(0.2), ProviderStatus.FAILED, between(0.35), policy)
        elif self.counts["online"] % 13 == 8:  # a QR code left for another method (it expires)
            method = M.ALIPAY if method == M.WECHAT_PAY else method
            await self.attempt(plan, M.WECHAT_PAY, between(0.3), None, None, policy)
        await self.attempt(plan, method, between(0.6), ProviderStatus.SUCCEEDED, paid, policy)

    async def attempt(
        self,
        plan: Plan,
        method: PaymentMethod,
        opened: datetime,
        outcome: ProviderStatus | None,
        reported: datetime | None,
        policy: OrderPolicy,
    ) -> Payment:
        """The customer chooses `method` and the provider takes it; with an outcome, its callback arrives then."""
        self._at(opened)
        view, _ = await payments.start_payment(self.uow, self.clock, self.providers, self.links, self._customer(plan),
                                               customer_id=plan.customer.id, order_id=self._order(plan),
                                               method=method, policy=policy)  # fmt: skip
        if outcome is not None and reported is not None:
            await self.callback(view.payment, outcome, reported, policy)
        return view.payment

    async def callback(self, payment: Payment, status: ProviderStatus, at: datetime, policy: OrderPolicy) -> None:
        """The provider's callback reaches the webhook (stored), and its job applies it a moment later."""
        provider = self.providers[str(payment.method)]
        self._at(at)
        seen = len(self.collected)
        body = provider.callback(payment.payment_no, status, payment.amount, self.clock.at)
        await payments.receive_callback(self.uow(), self.clock, provider, {}, body)
        stored = [e.event_id for e in self.collected[seen:] if isinstance(e, CallbackStored)]
        assert stored, f"the seeded callback of {payment.payment_no} was refused"
        self._at(at + timedelta(seconds=2))
        await payments.apply_callback(self.uow(), self.clock, policy, stored[0])
        await self.send_refunds(seen, at + timedelta(minutes=2))  # a late payment's automatic refund

    async def _choose_transfer(self, plan: Plan, policy: OrderPolicy) -> Payment:
        """The customer chooses bank transfer at the pay page (the payment flow's start, for bank_transfer)."""
        customer = self._customer(plan)
        view, _ = await payments.start_payment(self.uow, self.clock, self.providers, self.links, customer,
                                               customer_id=plan.customer.id, order_id=self._order(plan),
                                               method=M.BANK_TRANSFER, policy=policy)  # fmt: skip
        return view.payment

    async def transfer(
        self, plan: Plan, chosen: datetime, proof: datetime, *, confirm_at: datetime | None, policy: OrderPolicy
    ) -> None:
        """Bank transfer: the customer chooses it, uploads the receipt; finance confirms the money arrived."""
        customer = self._customer(plan)
        self._at(chosen)
        payment = await self._choose_transfer(plan, policy)
        self._at(proof)
        await offline.upload_proof(self.uow, self.clock, customer, self.c.storage, thumbnail_name, payment.id,
                                   receipt(payment.amount, self.clock.at))  # fmt: skip
        if confirm_at is not None:
            self._at(confirm_at)
            reference = f"CMB{self.rng.randrange(10**12):012d}"
            await offline.confirm_bank_transfer(self.uow(), self.clock, self.staff["finance"], policy, payment.id,
                                                reference=reference, note="已到账")  # fmt: skip

    # what follows an order's steps

    async def after(self, action: str, plan: Plan, policy: OrderPolicy) -> None:
        step_at = self.clock.at
        if action == "place" and plan.fate == "pending":
            await self._waiting(plan, policy)
        elif action == "place" and plan.fate == "expired":
            self.counts["expired"] += 1
            if self.counts["expired"] == 1:  # paid at the very last minute: the money arrives after the expiry
                self.stories[self._order(plan)] = "late"
                await self.attempt(plan, M.ALIPAY, step_at + timedelta(minutes=26), None, None, policy)
            elif self.counts["expired"] % 2 == 0:  # a QR code opened and never scanned
                await self.attempt(plan, M.WECHAT_PAY, step_at + timedelta(minutes=4), None, None, policy)
        elif action == "expire":
            await self._after_expiry(plan, policy, step_at)
        elif action == "close":
            await self._refund_closed(plan, step_at)
        elif action == "confirm" and self.stories.get(self._order(plan), "").startswith("goodwill"):
            await self._goodwill(plan, step_at)

    async def _waiting(self, plan: Plan, policy: OrderPolicy) -> None:
        """The orders placed minutes ago: a transfer's receipt waiting for finance, a transfer chosen and not sent
        yet; the others wait for the visitor to pay them (no online attempt is seeded open: the sandbox the server
        runs would not know it, and the visitor could not pay the code it showed)."""
        self.counts["pending"] += 1
        opened = plan.placed_at + timedelta(minutes=1)
        if self.counts["pending"] == 4:
            await self.transfer(plan, opened, opened + timedelta(seconds=40), confirm_at=None, policy=policy)
        elif self.counts["pending"] == 7:  # chose bank transfer, has not sent the money yet
            self._at(opened)
            await self._choose_transfer(plan, policy)

    async def _after_expiry(self, plan: Plan, policy: OrderPolicy, expired: datetime) -> None:
        async with self.uow() as uow:
            attempts = await uow.payments.for_order(self._order(plan))
        if self.stories.get(self._order(plan)) == "late" and attempts:
            await self.callback(attempts[0], ProviderStatus.SUCCEEDED, expired + timedelta(minutes=3), policy)
        elif attempts:  # the active query finds the attempt unpaid and its order gone: it expires
            self._at(expired + timedelta(minutes=2))
            await payments.query_processing_payments(self.uow, self.clock, policy, self.providers)

    async def _refund_closed(self, plan: Plan, closed: datetime) -> None:
        """The cancellation's job refunds everything; the provider sends it back, or finance does by hand."""
        seen = len(self.collected)
        self._at(closed + timedelta(minutes=1))
        asked = await refunds.refund_closed_order(self.uow(), self.clock, self._order(plan))
        await self.send_refunds(seen, closed + timedelta(minutes=2))
        for one in asked:
            if one.refund.status == RefundStatus.PENDING and one.refund.next_attempt_at is None:
                self._at(closed + timedelta(hours=20))
                await refunds.confirm_offline_refund(self.uow(), self.clock, self.staff["finance"], one.refund.id,
                                                     note="已通过网银原路退回客户账户")  # fmt: skip

    async def _goodwill(self, plan: Plan, confirmed: datetime) -> None:
        """Finance gives part of the money back for a small flaw the customer reported after receiving it."""
        story = self.stories[self._order(plan)]
        async with self.uow() as uow:
            order = await uow.orders.get(self._order(plan))
        assert order is not None
        amount = Money.of_minor(max(order.paid_minor // 1000 * 100, 100), order.currency).amount  # ~10%, whole yuan
        seen = len(self.collected)
        self._at(confirmed + timedelta(hours=3))
        asked = await refunds.refund_order(self.uow(), self.clock, self.staff["finance"], self._order(plan),
                                           amount=Decimal(amount), reason=GOODWILL_REASON)  # fmt: skip
        if story == "goodwill_unanswered":
            self.providers[str(M.CARD)].unreachable.update(one.refund.refund_no for one in asked)
        await self.send_refunds(seen, self.clock.at + timedelta(minutes=1))

    async def send_refunds(self, since: int, at: datetime) -> None:
        """Send the refunds asked for since `since` as the refund job does, again while the provider does not
        answer, until it does or the tries run out (then the refund fails for finance)."""
        asked = [e.refund_id for e in self.collected[since:] if isinstance(e, RefundRequested)]
        for refund_id in asked:
            self._at(at)
            for _ in range(self.refund_policy.max_attempts):
                sent = await refunds.send_refund(self.uow, self.clock, self.providers, self.refund_policy, refund_id)
                if sent is None or sent.status != RefundStatus.PENDING or sent.next_attempt_at is None:
                    break
                self._at(sent.next_attempt_at)


def receipt(amount: Money, at: datetime) -> bytes:
    """A picture of an online-banking transfer receipt, as a customer uploads it."""
    image = Image.new("RGB", (640, 400), "#f5f7fa")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 640, 64), fill="#c8102e")
    draw.text((24, 18), "Online banking - transfer receipt", fill="white", font=ImageFont.load_default(24))
    font = ImageFont.load_default(20)
    rows = [("Amount", f"{amount.currency} {amount.amount}"), ("Payee", "AllOrder Trading Co., Ltd."),
            ("Time", f"{at:%Y-%m-%d %H:%M} UTC"), ("Status", "Successful")]  # fmt: skip
    for n, (label, value) in enumerate(rows):
        draw.text((40, 100 + n * 60), label, fill="#607d8b", font=font)
        draw.text((220, 100 + n * 60), value, fill="#263238", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
