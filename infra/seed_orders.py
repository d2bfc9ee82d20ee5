"""Demo orders: about 160 over the last 60 days, in every state, made through the order use cases with a clock
moved back in time, so lists, the home page's chart and the storefront's best sellers show real history.

Deterministic (one seeded random), skewed (the charger, the white tee and the phone case sell most, so best
sellers differ from new arrivals), and fast: one transaction per step, no waiting. Stock for what is sold is
received into the first warehouse beforehand, so every reservation succeeds and no level falls to its alert
threshold. Events are collected instead of dispatched while the history is written (nothing is sent about
orders of the past); at the end the ones that still matter go out once: the in-app delivery of the customers'
order messages, and the expiry jobs of the orders still unpaid. Skipped when any order exists. How each order is
paid and refunded is infra/seed_payments.py's, and the WeChat Pay bill finance reconciled infra/seed_statements.py's.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from domain.events import Event
from domain.identity import use_cases as identity
from domain.identity.actor import Actor
from domain.inventory import use_cases as inventory
from domain.inventory.stock import LineChange, Reference
from domain.orders import use_cases as orders
from domain.orders.entities import SalesChannel
from domain.orders.events import OrderClosed, OrderPlaced
from domain.orders.placing import LineRequest
from domain.orders.policy import OrderPolicy
from domain.orders.ports import OrderQuery
from domain.payments import events as payment_events
from infra.container import Container
from infra.db.unit_of_work import SqlAlchemyUnitOfWork
from infra.seed_payments import Payer
from infra.seed_statements import reconcile_a_day

SEED = 20261129
DAYS = 60
# what sells, and how much more than the rest: a few SKUs carry most of the sales
WEIGHTS = {
    "AO-PC-005-STD": 30,
    "AO-TS-001-WM": 14,
    "AO-CB-006-CL": 12,
    "AO-TS-001-BL": 7,
    "AO-JK-002-RM": 7,
    "AO-CB-006-BK": 6,
    "AO-EP-004-W": 5,
    "AO-JK-002-RS": 4,
    "AO-TS-001-WL": 3,
    "AO-SN-003-41": 2,
    "AO-SN-003-40": 2,
    "AO-WK-007-32": 2,
    "AO-TEA-008-250": 2,
    "AO-TEA-008-500": 1,
}
# demo customers who order (the blacklisted one cannot) and the address each ships to when they have none
BUYERS = {
    "customer@allorder.local": None,  # 张三 has his office address from infra/seed.py
    "lisi@allorder.local": (
        "李四",
        "13900000002",
        "440106",
        "广东省",
        "广州市",
        "天河区",
        "天河路 385 号 12 楼",
        "510620",
    ),
    "wangwu@allorder.local": (
        "王五",
        "13900000003",
        "110105",
        "北京市",
        "北京市",
        "朝阳区",
        "建国路 88 号 SOHO 3 座",
        "100022",
    ),
    "zhaoliu@allorder.local": ("赵六", "13900000004", "330106", "浙江省", "杭州市", "西湖区", "文三路 90 号", "310012"),
}
STAFF = {"clerk": "clerk@allorder.local", "warehouse": "warehouse@allorder.local", "finance": "finance@allorder.local"}
CARRIERS = [("顺丰速运", "SF"), ("中通快递", "ZTO"), ("京东物流", "JD")]
# a person reviews these: the demo's review queue is filled by a policy that sends every payment to it
MANUAL_REVIEW = OrderPolicy(auto_review=False)


class SeedClock:
    """The clock the use cases read while the history is written; moved by the seed, never by itself."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


@dataclass
class Customer:
    id: UUID
    name: str
    address_id: UUID


@dataclass(order=True)
class Step:
    at: datetime
    seq: int
    action: str = field(compare=False)
    plan: Plan = field(compare=False)


@dataclass
class Plan:
    """One order's life: who, what, when it is placed and what becomes of it."""

    customer: Customer
    lines: list[tuple[str, int]]
    placed_at: datetime
    fate: str
    steps: list[tuple[datetime, str]] = field(default_factory=list)
    order_id: UUID | None = None
    line_ids: list[UUID] = field(default_factory=list)


# the last four days' orders take these fates in turn
RECENT: tuple[str, ...] = ("awaiting_shipment", "paid_review", "on_hold", "partially_shipped", "shipped", "closed")
RECENT += ("awaiting_shipment", "paid_review", "cancelled", "on_hold", "partially_shipped", "expired", "completed")


def _fate(rng: random.Random, days_ago: float, recent: Iterator[str]) -> str:
    """What becomes of an order of this age: old ones are done, recent ones are still being worked on."""
    if days_ago >= 8:
        table = [("completed", 78), ("cancelled", 8), ("expired", 6), ("closed", 5), ("reviewed_completed", 3)]
    elif days_ago >= 4:
        table = [("shipped", 35), ("completed", 25), ("partially_shipped", 10), ("cancelled", 8), ("expired", 5)]
        table += [("closed", 5), ("on_hold", 5), ("awaiting_shipment", 7)]
    else:  # the work in progress, in turn, so that every state has a few whatever the dice say
        return next(recent)
    return rng.choices([fate for fate, _ in table], [weight for _, weight in table])[0]


def _lines(rng: random.Random, count: int) -> list[tuple[str, int]]:
    codes = list(WEIGHTS)
    chosen: list[str] = []
    while len(chosen) < count:
        code = rng.choices(codes, [WEIGHTS[c] for c in codes])[0]
        if code not in chosen:
            chosen.append(code)
    return [
        (code, rng.choice((1, 1, 1, 2, 2, 3)) if code.startswith("AO-PC") else rng.choice((1, 1, 2))) for code in chosen
    ]


def plan_orders(rng: random.Random, now: datetime, customers: list[Customer]) -> list[Plan]:
    """Every order of the history with its steps, from 60 days ago to a few minutes ago (more lately: the shop
    grows), all steps in the past."""
    plans: list[Plan] = []
    recent = itertools.cycle(RECENT)
    for days_ago in range(DAYS, -1, -1):
        per_day = rng.randint(0, 1) + (DAYS - days_ago) // 20  # 0-1 a day two months ago, 3-4 this week
        if days_ago == DAYS:
            per_day = 1  # the history spans the whole sixty days whatever the hour it is seeded at
        for _ in range(per_day):
            # between 09:00 and 22:00 Beijing time (01:00-14:00 UTC) that day; today only hours already past
            placed = (now - timedelta(days=days_ago)).replace(hour=1, minute=0, second=0, microsecond=0)
            placed += timedelta(minutes=rng.randint(0, 13 * 60))
            if placed > now - timedelta(hours=3):
                placed = now - timedelta(hours=3, minutes=rng.randint(0, 180))
            age = (now - placed).total_seconds() / 86400
            fate = _fate(rng, age, recent)
            count = 2 if fate == "partially_shipped" else rng.choice((1, 1, 1, 2, 2, 3))
            plans.append(Plan(rng.choice(customers), _lines(rng, count), placed, fate))
    # unpaid just now: some expire within ten minutes (placed 21-28 minutes ago), the others later
    for minutes in (28, 25, 23, 21, 14, 9, 5, 2):
        customer = customers[minutes % len(customers)]
        plans.append(Plan(customer, _lines(rng, rng.choice((1, 2))), now - timedelta(minutes=minutes), "pending"))
    for plan in plans:
        plan.steps = _steps(rng, plan, now)
    return plans


def _steps(rng: random.Random, plan: Plan, now: datetime) -> list[tuple[datetime, str]]:
    def after(start: datetime, low: timedelta, high: timedelta) -> datetime:
        """A moment between start+low and start+high, but before now."""
        room = min(high, (now - start) * 0.9)
        return start + low + (room - low) * rng.random() if room > low else start + room * rng.random()

    t, fate = plan.placed_at, plan.fate
    if fate == "pending":
        return []
    if fate == "cancelled":
        return [(after(t, timedelta(minutes=3), timedelta(minutes=25)), "cancel_by_customer")]
    if fate == "expired":
        return [(t + timedelta(minutes=31), "expire")]
    reviewed = fate in ("paid_review", "reviewed_completed") or rng.random() < 0.1
    paid = after(t, timedelta(minutes=1), timedelta(minutes=20))
    steps = [(paid, "pay_for_review" if reviewed else "pay")]
    if fate == "paid_review":
        return steps
    t = paid
    if reviewed:
        t = after(t, timedelta(minutes=10), timedelta(hours=3))
        steps.append((t, "approve"))
    if fate == "on_hold":
        return [*steps, (after(t, timedelta(minutes=5), timedelta(hours=2)), "hold")]
    if fate == "closed":
        return [*steps, (after(t, timedelta(minutes=30), timedelta(hours=6)), "close")]
    if fate == "awaiting_shipment":
        return steps
    shipped = after(t, timedelta(hours=2), timedelta(hours=30))
    if fate == "partially_shipped":
        return [*steps, (shipped, "ship_part")]
    steps.append((shipped, "ship"))
    if fate == "shipped":
        return steps
    # completed: the customer confirms within a week, or the system does after seven days
    confirmed = after(shipped, timedelta(days=2), timedelta(days=7, hours=1))
    steps.append((confirmed, "confirm"))
    return steps


async def seed_orders(container: Container, system: Actor) -> None:
    """The demo's order history, once."""
    _, total = await orders.list_orders(container.uow(read_only=True), OrderQuery(), offset=0, limit=1)
    if total:
        return
    rng = random.Random(SEED)  # noqa: S311 (demo data, the same every time on purpose)
    now = container.clock.now().replace(microsecond=0)
    clock = SeedClock(now - timedelta(days=DAYS + 1))
    collected: list[Event] = []

    async def collect(events: list[Event]) -> None:
        collected.extend(events)

    def uow() -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(container.sessions, collect)

    customers = [await _customer(container, uow, email, address) for email, address in BUYERS.items()]
    staff = {role: await _staff(container, email) for role, email in STAFF.items()}
    skus = await _skus(container)
    plans = plan_orders(rng, now, customers)

    # the stock the history sells, received before it into the first warehouse (every order is served whole
    # from there, and no level ends lower than it began)
    sold: Counter[str] = Counter()
    for plan in plans:
        for code, quantity in plan.lines:
            sold[code] += quantity
    warehouses = await inventory.list_warehouses(container.uow(read_only=True))
    first = min(warehouses, key=lambda w: (w.priority, w.code))
    await inventory.receive_stock(
        uow(),
        clock,
        staff["warehouse"],
        [LineChange(skus[code], first.id, quantity) for code, quantity in sorted(sold.items())],
        reason="采购入库 Restock",
        reference=Reference("receipt", "PO-DEMO-0002"),
    )

    policy = container.settings.orders.policy()
    payer = Payer(container, uow, clock, collected, staff, now)
    steps: list[Step] = []
    for seq, plan in enumerate(sorted(plans, key=lambda p: p.placed_at)):
        steps.append(Step(plan.placed_at, seq * 10, "place", plan))
        steps += [Step(at, seq * 10 + n, action, plan) for n, (at, action) in enumerate(plan.steps, 1)]
    heapq.heapify(steps)
    while steps:
        step = heapq.heappop(steps)
        clock.at = step.at
        await _run(step, uow, clock, policy, staff, skus, payer)
    await reconcile_a_day(uow, clock, staff["finance"], now)

    # what is still live goes out once: the expiry of the unpaid orders and the delivery of the messages. The
    # payments' own jobs (callbacks, refunds, the customers' payment messages) ran in the history already.
    pending = {p.order_id for p in plans if p.fate == "pending"}
    live = [
        e
        for e in collected
        if (not isinstance(e, OrderPlaced) or e.order_id in pending)
        and not isinstance(e, OrderClosed)
        and type(e).__module__ != payment_events.__name__
    ]
    await container.dispatch(live)


async def _run(
    step: Step,
    uow: Callable[[], SqlAlchemyUnitOfWork],
    clock: SeedClock,
    policy: OrderPolicy,
    staff: dict[str, Actor],
    skus: dict[str, UUID],
    payer: Payer,
) -> None:
    plan, action = step.plan, step.action
    customer = Actor(user_id=plan.customer.id, name=plan.customer.name)
    if action == "place":
        order = await orders.place_order(
            uow(),
            clock,
            customer,
            policy,
            customer_id=plan.customer.id,
            channel=SalesChannel.WEB,
            lines=[LineRequest(skus[code], quantity) for code, quantity in plan.lines],
            address_id=plan.customer.address_id,
        )
        plan.order_id, plan.line_ids = order.id, [line.id for line in order.lines]
        await payer.after(action, plan, policy)
        return
    order_id = plan.order_id
    assert order_id is not None
    carrier, tracking = _parcel(step)
    calls: dict[str, Callable[[], Awaitable[Any]]] = {
        "pay": lambda: payer.pay(plan, policy),  # online, by transfer or cash on delivery (infra/seed_payments.py)
        "pay_for_review": lambda: payer.pay(plan, MANUAL_REVIEW),
        "approve": lambda: orders.approve_order(uow(), clock, staff["clerk"], order_id, note="已核实"),
        "hold": lambda: orders.hold_order(
            uow(), clock, staff["clerk"], order_id, reason="客户来电要求修改地址，待确认"
        ),
        "close": lambda: orders.cancel_order(uow(), clock, staff["clerk"], order_id, reason="客户来电取消，原路退款"),
        "cancel_by_customer": lambda: orders.cancel_order(
            uow(), clock, customer, order_id, reason="不想要了", customer_id=plan.customer.id
        ),
        "expire": lambda: orders.expire_order(uow(), clock, order_id),
        "ship": lambda: orders.ship_order(
            uow(), clock, staff["warehouse"], order_id, carrier=carrier, tracking_number=tracking
        ),
        "ship_part": lambda: orders.ship_order(
            uow(),
            clock,
            staff["warehouse"],
            order_id,
            lines={plan.line_ids[0]: plan.lines[0][1]},
            carrier=carrier,
            tracking_number=tracking,
        ),
        "confirm": lambda: orders.confirm_receipt(uow(), clock, customer, order_id, customer_id=plan.customer.id),
    }
    await calls[action]()
    await payer.after(action, plan, policy)


def _parcel(step: Step) -> tuple[str, str]:
    """The carrier and a tracking number of the order's parcel."""
    carrier, prefix = CARRIERS[step.seq // 10 % len(CARRIERS)]
    return carrier, f"{prefix}{7300000000 + step.seq:010d}"


async def _customer(
    container: Container, uow: Callable[[], SqlAlchemyUnitOfWork], email: str, address: tuple[str, ...] | None
) -> Customer:
    async with container.uow(read_only=True) as read:
        user = await read.users.by_email(email)
        assert user is not None, f"the demo customer {email} is seeded first"
        addresses = await read.addresses.list_for(user.id)
    if not addresses and address is not None:
        recipient, phone, region, province, city, district, detail, postal = address
        await identity.add_address(
            container.uow(),
            container.auth,
            user.id,
            recipient=recipient,
            phone=phone,
            region_code=region,
            province=province,
            city=city,
            district=district,
            detail=detail,
            postal_code=postal,
            tag="家",
            is_default=True,
        )
        async with container.uow(read_only=True) as read:
            addresses = await read.addresses.list_for(user.id)
    return Customer(id=user.id, name=user.display_name, address_id=addresses[0].id)


async def _staff(container: Container, email: str) -> Actor:
    async with container.uow(read_only=True) as uow:
        user = await uow.users.by_email(email)
    assert user is not None, f"the demo staff member {email} is seeded first"
    return Actor(user_id=user.id, name=email)


async def _skus(container: Container) -> dict[str, UUID]:
    found: dict[str, UUID] = {}
    async with container.uow(read_only=True) as uow:
        for code in {code.rsplit("-", 1)[0] for code in WEIGHTS}:
            product = await uow.products.by_code(code)
            assert product is not None, f"the demo product {code} is seeded first"
            found |= {sku.code: sku.id for sku in product.skus}
    return found
