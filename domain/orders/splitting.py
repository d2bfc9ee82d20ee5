"""Split an order before it ships (by warehouse, or chosen lines and quantities) and merge a customer's orders.

Amounts stay exact to the fen. A split does not price again: each line's subtotal, discount, points and tax are
divided over the parts by quantity with `Money.allocate`, and the shipping fee and what was paid by the parts'
totals, so the parts add up to the original exactly (pricing again could move a fen of rounded tax). A merge adds
the lines up (same SKU at the same price becomes one line) and prices only the shipping again, as one parcel.

Stock: the units stay reserved in their warehouses; only which order's reservation holds them changes
(`domain/inventory/reservation_changes.py`), so nothing is released for someone else to take in between.
Locks: the orders in id order, then their reservations, as cancel does.

Paid orders: the sales counts do not move (the same units only change order; domain/orders/after_payment.py). A
merged order waiting for shipment is reviewed again, since together the orders may fail a rule (the amount limit)
that each passed; a split part holds less of the same goods to the same address, so it is not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from uuid import UUID, uuid4

from domain.errors import NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.inventory import reservation_changes
from domain.inventory.stock import Reference
from domain.locking import ids_in_lock_order
from domain.money import Money
from domain.orders import after_payment, checkout, editing, notes, numbers, repricing, timeline
from domain.orders.entities import Order, OrderLine, OrderStatus
from domain.orders.events import OrderPlaced
from domain.orders.policy import OrderPolicy
from domain.orders.ports import OrdersUoW
from domain.orders.state import ORDER, OrderAction
from domain.ports import Clock

UNPAID = frozenset({OrderStatus.PENDING_PAYMENT})
PAID_NOT_SHIPPED = frozenset({OrderStatus.PAID, OrderStatus.AWAITING_SHIPMENT})  # held orders: release them first

# a part of a split: (original line, units, warehouse the units come from or None for wherever they are held)
Portion = tuple[OrderLine, int, UUID | None]


def _line_parts(line: OrderLine, quantities: list[int], currency: str, inclusive: bool) -> list[OrderLine]:
    """The line divided into lines of these quantities, every amount split by quantity (they add up exactly)."""
    payable = line.total_minor - (0 if inclusive else line.tax_minor)
    points = line.subtotal_minor - line.discount_minor - payable

    def split(minor: int) -> list[int]:
        return [m.minor for m in Money.of_minor(minor, currency).allocate(quantities)]

    parts = []
    for quantity, discount, tax, point in zip(
        quantities, split(line.discount_minor), split(line.tax_minor), split(points), strict=True
    ):
        subtotal = line.unit_price_minor * quantity
        total = subtotal - discount - point + (0 if inclusive else tax)
        parts.append(
            replace(line, id=uuid4(), quantity=quantity, subtotal_minor=subtotal, discount_minor=discount,
                    tax_minor=tax, total_minor=total, shipped_quantity=0)
        )  # fmt: skip
    return parts


def _sum_amounts(order: Order, shipping_minor: int) -> None:
    inclusive = order.tax_inclusive
    order.subtotal_minor = sum(x.subtotal_minor for x in order.lines)
    order.discount_minor = sum(x.discount_minor for x in order.lines)
    order.tax_minor = sum(x.tax_minor for x in order.lines)
    payable = sum(x.total_minor - (0 if inclusive else x.tax_minor) for x in order.lines)
    order.points_deduction_minor = order.subtotal_minor - order.discount_minor - payable
    order.shipping_fee_minor = shipping_minor
    order.total_minor = sum(x.total_minor for x in order.lines) + shipping_minor
    repricing.refresh_list_columns(order)


def _allocate(amount: int, currency: str, weights: list[int]) -> list[int]:
    if sum(weights) <= 0:
        weights = [1] + [0] * (len(weights) - 1)  # nothing to weigh by: it stays on the original
    return [m.minor for m in Money.of_minor(amount, currency).allocate(weights)]


def _copy_header(order: Order, now: datetime) -> Order:
    part = Order(number=numbers.order_number(now), channel=order.channel, customer_id=order.customer_id,
                 currency=order.currency, created_at=now, updated_at=now, split_from_id=order.id)  # fmt: skip
    for name in (
        "customer_name", "customer_phone", "customer_email", "status", "tax_inclusive", "address_id",
        "ship_recipient", "ship_phone", "ship_region_code", "ship_province", "ship_city", "ship_district",
        "ship_detail", "ship_postal_code", "note", "payment_method", "payment_reference", "needs_review",
        "hold_reason", "placed_by_id", "expires_at", "paid_at",
    ):  # fmt: skip
        setattr(part, name, getattr(order, name))
    part.review_flags = list(order.review_flags)
    return part


def _by_warehouse(order: Order, held: list[tuple[UUID, UUID, int]]) -> list[list[Portion]]:
    """One part per warehouse the reservation draws from; the original keeps the one holding most units."""
    units: dict[UUID, dict[UUID, int]] = defaultdict(lambda: defaultdict(int))
    for sku_id, warehouse_id, quantity in held:
        units[warehouse_id][sku_id] += quantity
    if len(units) < 2:
        raise RuleViolation("All of this order ships from one warehouse.", code="order.split_one_warehouse")
    keep = max(sorted(units), key=lambda w: sum(units[w].values()))
    parts: list[list[Portion]] = []
    for warehouse_id in sorted(w for w in units if w != keep):
        portions: list[Portion] = []
        for sku_id, quantity in units[warehouse_id].items():
            for line in (x for x in order.lines if x.sku_id == sku_id):
                take = min(quantity, line.quantity - sum(n for x, n, _ in _all(parts, portions) if x is line))
                if take > 0:
                    portions.append((line, take, warehouse_id))
                    quantity -= take
        parts.append(portions)
    return parts


def _all(parts: list[list[Portion]], current: list[Portion]) -> list[Portion]:
    return [p for part in parts for p in part] + current


def _by_lines(order: Order, chosen: dict[UUID, int]) -> list[list[Portion]]:
    by_id = {line.id: line for line in order.lines}
    portions: list[Portion] = []
    for line_id, quantity in chosen.items():
        line = by_id.get(line_id)
        if line is None:
            raise NotFound("No such line on this order.", code="order.line_not_found", line_id=str(line_id))
        if quantity <= 0 or quantity > line.quantity:
            raise RuleViolation("Move a positive quantity, no more than the line has.", code="order.split_quantity")
        portions.append((line, quantity, None))
    if not portions or sum(n for _, n, _ in portions) == sum(x.quantity for x in order.lines):
        raise RuleViolation("Leave something on the original order.", code="order.split_everything")
    return [portions]


async def split(
    uow: OrdersUoW,
    clock: Clock,
    actor: Actor,
    order_id: UUID,
    *,
    expected_updated_at: datetime | None,
    lines: dict[UUID, int] | None = None,
) -> list[Order]:
    """Split the order: chosen `lines` (line id → units) go to one new order, or, without them, one new order
    per further warehouse its stock is reserved in. The original first, then the new ones."""
    order = await _locked(uow, order_id)
    editing.ensure_changeable(order, expected_updated_at)
    before = editing.full_snapshot(order)
    held: list[tuple[UUID, UUID, int]] = []
    if order.reservation_id is not None:
        reservation = await uow.stock.reservation_for_update(order.reservation_id)
        held = [(x.sku_id, x.warehouse_id, x.outstanding) for x in reservation.lines] if reservation else []
    plan = _by_lines(order, lines) if lines else _by_warehouse(order, held)
    now = clock.now()
    new_orders = [_copy_header(order, now) for _ in plan]
    kept_lines: list[OrderLine] = []
    for line in list(order.lines):
        quantities = [sum(n for x, n, _ in part if x is line) for part in plan]
        kept = line.quantity - sum(quantities)
        pieces = _line_parts(line, [kept, *quantities], order.currency, order.tax_inclusive)
        if kept:  # the original keeps its line (same id), with the kept share of every amount
            line.quantity, line.subtotal_minor = kept, pieces[0].subtotal_minor
            line.discount_minor, line.tax_minor, line.total_minor = (
                pieces[0].discount_minor,
                pieces[0].tax_minor,
                pieces[0].total_minor,
            )
            kept_lines.append(line)
        for part, piece in zip(new_orders, pieces[1:], strict=True):
            if piece.quantity:
                piece.order_id = part.id
                part.lines.append(piece)
    order.lines[:] = kept_lines
    everyone = [order, *new_orders]
    goods = [sum(x.total_minor for x in o.lines) for o in everyone]
    shipping = _allocate(order.shipping_fee_minor, order.currency, goods)
    totals = [g + s for g, s in zip(goods, shipping, strict=True)]
    paid = _allocate(order.paid_minor, order.currency, totals) if order.paid_minor else [0] * len(everyone)
    refunded = _allocate(order.refunded_minor, order.currency, totals) if order.refunded_minor else paid[:0]
    for index, (part, fee) in enumerate(zip(everyone, shipping, strict=True)):
        _sum_amounts(part, fee)
        part.paid_minor = paid[index]
        part.refunded_minor = refunded[index] if refunded else 0
    for part, portions in zip(new_orders, plan, strict=True):
        await uow.orders.add(part)
        if order.reservation_id is not None:
            take = [(line.sku_id, warehouse, n) for line, n, warehouse in portions]
            held_part = await reservation_changes.split_off(
                uow, clock, order.reservation_id, take=take, reference=Reference("order", part.number)
            )
            part.reservation_id = held_part.id
        await editing.record_change(uow, clock, actor, part, "split", None, notes.split_from(order.number))
        if part.status == OrderStatus.PENDING_PAYMENT and part.expires_at is not None:
            uow.record(OrderPlaced(part.id, part.expires_at))  # its own expiry job
    split_into = notes.split_into([p.number for p in new_orders])
    await editing.record_change(uow, clock, actor, order, "split", before, split_into)
    await timeline.tell_customer(uow, clock, order, "order.split")
    return everyone


async def _locked(uow: OrdersUoW, order_id: UUID) -> Order:
    order = await uow.orders.get_for_update(order_id)
    if order is None:
        raise NotFound("No such order.", code="order.not_found", order_id=str(order_id))
    return order


def _survivor_first(orders: list[Order]) -> list[Order]:
    """The least advanced order survives (a paid one still in review keeps the merged order in review), the oldest
    among equals."""
    rank = {OrderStatus.PENDING_PAYMENT: 0, OrderStatus.PAID: 1, OrderStatus.AWAITING_SHIPMENT: 2}
    return sorted(
        orders,
        key=lambda o: (rank.get(OrderStatus(o.status), 9), o.created_at or datetime.max.replace(tzinfo=UTC), o.number),
    )


def _check_mergeable(orders: list[Order]) -> None:
    first = orders[0]
    if len({o.customer_id for o in orders}) > 1:
        raise RuleViolation("Only one customer's orders merge.", code="order.merge_customers_differ")
    address = (first.ship_recipient, first.ship_phone, first.ship_region_code, first.ship_detail)
    if any((o.ship_recipient, o.ship_phone, o.ship_region_code, o.ship_detail) != address for o in orders):
        raise RuleViolation("Only orders to the same address merge.", code="order.merge_addresses_differ")
    if len({o.currency for o in orders}) > 1:
        raise RuleViolation("Only orders in one currency merge.", code="order.merge_currencies_differ")
    for o in orders:
        editing.ensure_changeable(o, None)
        ORDER.next_state(OrderStatus(o.status), OrderAction.MERGE)  # on hold: 409 order.invalid_transition
    statuses = {OrderStatus(o.status) for o in orders}
    if not (statuses <= UNPAID or statuses <= PAID_NOT_SHIPPED):
        raise RuleViolation("Merge unpaid orders together, or paid ones.", code="order.merge_status_differs")


async def merge(
    uow: OrdersUoW,
    clock: Clock,
    actor: Actor,
    policy: OrderPolicy,
    *,
    order_ids: list[UUID],
    expected: dict[UUID, datetime] | None = None,
) -> Order:
    """Merge a customer's orders to one address into one (module docstring); the others end as cancelled (unpaid)
    or closed (paid), their cancel reason `merged_into` with its number, their payment moved to it, not refunded."""
    ids = ids_in_lock_order(order_ids)
    if len(ids) < 2:
        raise RuleViolation("Choose at least two orders.", code="order.merge_too_few")
    orders = [await _locked(uow, order_id) for order_id in ids]
    for o in orders:
        if expected and o.id in expected:
            editing.ensure_changeable(o, expected[o.id])
    _check_mergeable(orders)
    survivor, *others = _survivor_first(orders)
    before = editing.full_snapshot(survivor)
    for other in others:
        other_before = editing.full_snapshot(other)
        for line in other.lines:  # copied: the merged order keeps its lines as history (reports skip it)
            _absorb_line(survivor, line)
        survivor.paid_minor += other.paid_minor
        survivor.refunded_minor += other.refunded_minor
        survivor.needs_review = survivor.needs_review or other.needs_review
        survivor.review_flags = list(dict.fromkeys([*survivor.review_flags, *other.review_flags]))
        if survivor.note != other.note and other.note:
            survivor.note = "\n".join(x for x in (survivor.note, other.note) if x)[:500]
        if other.reservation_id is not None and survivor.reservation_id is not None:
            await reservation_changes.absorb(uow, clock, survivor.reservation_id, other.reservation_id)
        reason = notes.merged_into(survivor.number)
        from_status = str(other.status)
        _end(uow, other, clock, reason)
        other.paid_minor = other.refunded_minor = 0
        await editing.record_change(uow, clock, actor, other, "merge", other_before, reason, from_status=from_status)
        await timeline.tell_customer(uow, clock, other, "order.merged")
    fee = await checkout.shipping_fee(
        uow, address=repricing.shipping_address(survivor),
        items=[(x.sku_id, x.quantity, survivor.money(x.subtotal_minor)) for x in survivor.lines],
        currency=survivor.currency,
    )  # fmt: skip
    _sum_amounts(survivor, fee.minor)
    balance = editing.balance_due_minor(survivor)
    note = notes.merged([o.number for o in others], survivor.total, survivor.money(balance) if balance else None)
    await editing.record_change(uow, clock, actor, survivor, "merge", before, note)
    await after_payment.review_again(uow, clock, policy, survivor)
    return survivor


def _absorb_line(survivor: Order, line: OrderLine) -> None:
    """The line joins the survivor: added to its line of the same SKU at the same price, else as a new line."""
    same = next(
        (x for x in survivor.lines if x.sku_id == line.sku_id and x.unit_price_minor == line.unit_price_minor), None
    )
    if same is None:
        survivor.lines.append(replace(line, id=uuid4(), order_id=survivor.id))
        return
    same.quantity += line.quantity
    same.subtotal_minor += line.subtotal_minor
    same.discount_minor += line.discount_minor
    same.tax_minor += line.tax_minor
    same.total_minor += line.total_minor


def _end(uow: OrdersUoW, order: Order, clock: Clock, reason: notes.Note) -> None:
    """Moved by `merge` without the customer being told it was cancelled or refunded: its goods live on."""
    uow.record(ORDER.apply(order, OrderAction.MERGE, order_id=str(order.id)))
    order.cancel_reason, order.cancel_reason_params = reason.text, reason.params
    order.cancelled_at, order.needs_review = clock.now(), False
