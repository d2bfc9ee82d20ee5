"""Staff edit an order before it ships: its lines (add, remove, quantity, unit price), the address, the customer's
note, a staff remark. One transaction re-prices it, makes its reservation hold exactly the new lines, writes the
timeline and the audit row. A paid order whose total changes keeps what was paid: the difference (to pay or to
refund) is `balance_due` until the payments issue settles it; its sales counts follow the new lines and it goes
through the automatic review again (domain/orders/after_payment.py).

Concurrency: the order row is locked, and the client sends the `updated_at` it last saw; a change made meanwhile
by someone else (an edit, a cancel, a payment) answers 409 `order.modified` instead of being overwritten.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.audit import service as audit
from domain.catalog import pricing as catalog_pricing
from domain.errors import Conflict, NotFound, PermissionDenied, RuleViolation
from domain.identity.actor import Actor
from domain.identity.entities import Address
from domain.inventory import reservation_changes
from domain.inventory.stock import Reference
from domain.money import Money
from domain.orders import after_payment, notes, placing, repricing, safety, timeline, transitions
from domain.orders.entities import Order, OrderLine, OrderRemark, OrderStatus
from domain.orders.policy import OrderPolicy
from domain.orders.ports import OrdersUoW
from domain.ports import Clock

# Before anything has shipped; `partially_shipped` and later are refused.
EDITABLE = frozenset(
    {OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.ON_HOLD, OrderStatus.AWAITING_SHIPMENT}
)


class NotEditable(Conflict):
    code = "order.not_editable"
    message = "This order can no longer be changed: part of it has shipped, or it is closed."


class Modified(Conflict):
    code = "order.modified"
    message = "Someone changed this order meanwhile. Reload it and make your change again."


class PriceOverrideForbidden(PermissionDenied):
    code = "order.price_override_forbidden"
    message = "Changing a unit price needs the orders:review permission."


@dataclass(frozen=True)
class LineEdit:
    """A line the order should have: an existing one (`line_id`) or a SKU to add (`sku_id`)."""

    quantity: int
    line_id: UUID | None = None
    sku_id: UUID | None = None
    unit_price: Decimal | None = None  # a new agreed price; None keeps the line's (a new line: the catalog's)


@dataclass(frozen=True)
class AddressEdit:
    """A new shipping address: one from the customer's address book, or typed in full."""

    address_id: UUID | None = None
    recipient: str = ""
    phone: str = ""
    region_code: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    detail: str = ""
    postal_code: str | None = None


@dataclass(frozen=True)
class OrderEdit:
    expected_updated_at: datetime | None  # what the editor saw; None only for callers that hold the lock already
    lines: list[LineEdit] | None = None  # the order's lines after the edit; lines left out are removed
    address: AddressEdit | None = None
    note: str | None = None
    remark: str = ""


def balance_due_minor(order: Order) -> int:
    """What the customer still owes (positive) or is owed back (negative) after staff changed a paid order. A
    refund settles only what an edit made owing back: a goodwill or after-sales refund on top of that is not a
    debt of the customer's. A cancelled or closed order owes nothing either way: its refunds (domain/payments)
    give back what it holds."""
    if not order.paid_minor or order.status in (OrderStatus.CANCELLED, OrderStatus.CLOSED):
        return 0
    owed_back = max(order.paid_minor - order.total_minor, 0)
    return order.total_minor - order.paid_minor + min(order.refunded_minor, owed_back)


def ensure_changeable(order: Order, expected_updated_at: datetime | None) -> None:
    if expected_updated_at is not None and order.updated_at != expected_updated_at:
        raise Modified(updated_at=order.updated_at.isoformat() if order.updated_at else None)
    if order.status not in EDITABLE or any(line.shipped_quantity for line in order.lines):
        raise NotEditable(status=str(order.status))


def touch(order: Order, clock: Clock, previous: datetime | None) -> None:
    """A new `updated_at` even when the clock has not moved since the last change (it is the concurrency token)."""
    now = clock.now()
    order.updated_at = now if previous is None or now > previous else previous + timedelta(microseconds=1)


def full_snapshot(order: Order) -> dict[str, Any]:
    """The audit's before/after of a change: the order's snapshot, its address, note and balance."""
    return order.snapshot() | {
        "address": " ".join(
            x
            for x in (
                order.ship_recipient,
                order.ship_phone,
                order.ship_province,
                order.ship_city,
                order.ship_district,
                order.ship_detail,
            )
            if x
        ),
        "note": order.note,
        "balance_due": str(order.money(balance_due_minor(order))),
    }


async def record_change(
    uow: OrdersUoW,
    clock: Clock,
    actor: Actor,
    order: Order,
    action: str,
    before: dict[str, Any] | None,
    note: notes.Note,
    *,
    from_status: str | None = None,
) -> None:
    """A timeline row (from `from_status`, by default the state it stays in) and the audit row of a staff change."""
    previous = order.updated_at
    status = from_status or str(order.status)
    timeline.add_event(order, clock, actor, action, from_status=status, note=note.text[:500], note_params=note.params)
    touch(order, clock, previous)
    await audit.record(
        uow,
        actor,
        # spelled out so the audit label check sees every action this records
        action="order.edit" if action == "edit" else "order.split" if action == "split" else "order.merge",
        target_type="order",
        target_id=order.id,
        at=clock.now(),
        before=before,
        after=full_snapshot(order),
    )


async def _new_lines(
    uow: OrdersUoW, clock: Clock, order: Order, edits: list[LineEdit], may_override_prices: bool
) -> tuple[list[OrderLine], list[notes.Change]]:
    """The order's lines after the edit, and what changed (for the timeline)."""
    customer = await uow.customers.get(order.customer_id)
    is_dealer = bool(customer and customer.is_dealer)
    buyer = catalog_pricing.Buyer.DEALER if is_dealer else catalog_pricing.Buyer.RETAIL
    by_id = {line.id: line for line in order.lines}
    added = [e.sku_id for e in edits if e.line_id is None and e.sku_id is not None]
    goods = await placing.goods_of(uow, [sku for sku in added if sku is not None]) if added else {}
    result: list[OrderLine] = []
    changes: list[notes.Change] = []
    seen: set[UUID] = set()
    for edit in edits:
        goods_floor: int | None = None  # the dealers' price: a retail customer pays more than that
        if edit.quantity <= 0:
            raise RuleViolation("Quantities must be positive.", code="order.quantity_not_positive")
        if edit.line_id is not None:
            line = by_id.get(edit.line_id)
            if line is None:
                raise NotFound("No such line on this order.", code="order.line_not_found", line_id=str(edit.line_id))
            if edit.quantity != line.quantity:
                changes.append(notes.quantity_changed(line.sku_code, line.quantity, edit.quantity))
            line.quantity = edit.quantity
        elif edit.sku_id is not None:
            item = goods.get(edit.sku_id)
            if item is None:
                raise NotFound("No such SKU.", code="sku.not_found", sku_id=str(edit.sku_id))
            if item.problem:
                raise RuleViolation("This SKU is not for sale.", code=item.problem, sku_id=str(edit.sku_id))
            price = catalog_pricing.effective_price(item, buyer, clock.now())
            line = OrderLine(
                order.id, item.sku_id, item.product_id, item.product_name, item.sku_code, price.minor,
                edit.quantity, 0, 0, 0, 0, product_name_en=item.product_name_en,
                attributes=dict(item.attributes), image_url=item.image_url,
            )  # fmt: skip
            changes.append(notes.line_added(line.sku_code, edit.quantity))
            goods_floor = item.wholesale_price_minor
        else:
            raise RuleViolation("Name the line or the SKU.", code="order.line_required")
        if line.sku_id in seen:
            raise RuleViolation("One line per SKU.", code="order.line_duplicate", sku_id=str(line.sku_id))
        seen.add(line.sku_id)
        if edit.unit_price is not None and Money(edit.unit_price, order.currency).minor != line.unit_price_minor:
            if not may_override_prices:
                raise PriceOverrideForbidden()
            if edit.line_id is not None:
                catalog = await uow.products.skus([line.sku_id])
                goods_floor = catalog[0].wholesale_price_minor if catalog else None
            agreed = Money(edit.unit_price, order.currency)
            floor = order.money(goods_floor + 1 if goods_floor is not None else 0)
            safety.check_price_override(agreed, floor, is_dealer=is_dealer)
            changes.append(notes.unit_price_changed(line.sku_code, order.money(line.unit_price_minor), agreed))
            line.unit_price_minor = agreed.minor
        result.append(line)
    if not result:
        raise RuleViolation("An order needs at least one line.", code="order.no_lines")
    kept = {line.id for line in result}
    changes += [notes.line_removed(line.sku_code) for line in order.lines if line.id not in kept]
    return result, changes


async def _apply_address(uow: OrdersUoW, order: Order, edit: AddressEdit) -> Address:
    if edit.address_id is not None:
        address = await uow.addresses.get_owned(edit.address_id, order.customer_id)
        if address is None:
            raise NotFound("No such address.", code="address.not_found", address_id=str(edit.address_id))
    else:
        if not (edit.recipient.strip() and edit.phone.strip() and edit.detail.strip()):
            raise RuleViolation("Give the recipient, phone and address.", code="order.address_incomplete")
        address = Address(
            order.customer_id, edit.recipient, edit.phone, edit.region_code, edit.province, edit.city,
            edit.district, edit.detail, edit.postal_code,
        )  # fmt: skip
    placing._snapshot_address(order, address)
    if edit.address_id is None:
        order.address_id = None  # typed in: not from the address book
    return address


async def edit(
    uow: OrdersUoW,
    clock: Clock,
    actor: Actor,
    policy: OrderPolicy,
    order_id: UUID,
    change: OrderEdit,
    *,
    may_override_prices: bool = False,
) -> Order:
    """Change an order before it ships (module docstring); all of it or nothing."""
    order = await transitions.locked(uow, order_id)
    ensure_changeable(order, change.expected_updated_at)
    sold_before, reviewed_before = after_payment.units_sold(order), after_payment.reviewed_terms(order)
    before = full_snapshot(order)
    total_before, units_before = order.total_minor, {x.sku_id: x.quantity for x in order.lines}
    changes: list[notes.Change] = []
    address: Address | None = None
    if change.address is not None:
        address = await _apply_address(uow, order, change.address)
        changes.append(notes.address_changed())
    if change.note is not None and change.note != order.note:
        order.note = change.note
        changes.append(notes.note_changed())
    if change.lines is not None:
        order.lines[:], line_changes = await _new_lines(uow, clock, order, change.lines, may_override_prices)
        changes += line_changes
        over = [x for x in order.lines if x.quantity > policy.max_quantity_per_line]
        if over:  # the per-order limit of checkout holds for staff too (the per-day one is the customer's)
            raise safety.QuantityLimit(
                f"At most {policy.max_quantity_per_line} units of one item per order.",
                limit=policy.max_quantity_per_line,
                skus=[{"sku_id": str(x.sku_id), "quantity": x.quantity} for x in over],
            )
    if change.lines is not None or change.address is not None:
        await repricing.reprice(uow, policy, order, address or repricing.shipping_address(order))
    wanted: dict[UUID, int] = defaultdict(int)
    for line in order.lines:
        wanted[line.sku_id] += line.quantity
    if order.reservation_id is not None and dict(wanted) != units_before:
        await reservation_changes.adjust(
            uow, clock, actor, order.reservation_id, wanted=dict(wanted),
            reference=Reference("order", order.number), reason="order edited",
        )  # fmt: skip
    await after_payment.follow_sales(uow, order, sold_before)
    if change.remark.strip():
        order.remarks.append(OrderRemark(order.id, clock.now(), change.remark, actor.user_id, actor.name))
        changes.append(notes.remark_added())
    if order.total_minor != total_before:
        changes.append(notes.total_changed(order.money(total_before), order.total))
        balance = balance_due_minor(order)
        if balance:
            changes.append(notes.balance(order.money(balance)))
    await record_change(uow, clock, actor, order, "edit", before, notes.changed(changes))
    if notes.tells_customer(changes):
        await timeline.tell_customer(uow, clock, order, "order.changed")
    if after_payment.reviewed_terms(order) != reviewed_before:
        await after_payment.review_again(uow, clock, policy, order)
    return order
