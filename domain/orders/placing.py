"""Placing an order, and the preview checkout shows before it: one transaction that checks the customer and the
order's safety rules, prices the lines from the catalog at this moment, snapshots them, reserves the stock and
writes the order with its first timeline row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from domain.cart import actions as cart
from domain.catalog import pricing as catalog_pricing
from domain.customers import standing
from domain.customers.entities import Buyer
from domain.errors import NotFound, RuleViolation
from domain.freight.errors import RegionNotServed
from domain.identity.actor import Actor
from domain.identity.entities import Address
from domain.inventory import reservations
from domain.inventory.stock import Reference
from domain.money import Money
from domain.orders import checkout, numbers, pricing, safety, timeline
from domain.orders.entities import Order, OrderLine, OrderRemark, OrderStatus, SalesChannel
from domain.orders.events import OrderPlaced
from domain.orders.policy import OrderPolicy
from domain.orders.ports import Goods, OrdersUoW
from domain.ports import Clock


@dataclass(frozen=True)
class LineRequest:
    sku_id: UUID
    quantity: int
    unit_price: Decimal | None = None  # staff may agree another price on a manual order (audited)


@dataclass
class Preview:
    """What checkout shows before placing: each line priced (or its problem), the amounts, every problem."""

    currency: str
    lines: list[tuple[OrderLine, str | None]]
    amounts: pricing.Breakdown
    tax_inclusive: bool
    problems: list[str] = field(default_factory=list)


def merged(lines: list[LineRequest]) -> list[LineRequest]:
    """One line per SKU: the same SKU twice is one line of the summed quantity (checked against stock once)."""
    by_sku: dict[UUID, LineRequest] = {}
    for line in lines:
        if line.quantity <= 0:
            raise RuleViolation("Quantities must be positive.", code="order.quantity_not_positive")
        seen = by_sku.get(line.sku_id)
        quantity = line.quantity + (seen.quantity if seen else 0)
        by_sku[line.sku_id] = LineRequest(line.sku_id, quantity, line.unit_price if seen is None else seen.unit_price)
    if not by_sku:
        raise RuleViolation("An order needs at least one line.", code="order.no_lines")
    return list(by_sku.values())


async def goods_of(uow: OrdersUoW, sku_ids: list[UUID]) -> dict[UUID, Goods]:
    return {goods.sku_id: goods for goods in await uow.products.goods(sku_ids)}


def _line(order_id: UUID, goods: Goods, quantity: int, unit_price: Money, position: int) -> OrderLine:
    return OrderLine(
        order_id=order_id,
        sku_id=goods.sku_id,
        product_id=goods.product_id,
        product_name=goods.product_name,
        product_name_en=goods.product_name_en,
        sku_code=goods.sku_code,
        attributes=dict(goods.attributes),
        image_url=goods.image_url,
        unit_price_minor=unit_price.minor,
        quantity=quantity,
        subtotal_minor=0,
        discount_minor=0,
        tax_minor=0,
        total_minor=0,
        position=position,
    )


async def _priced(
    uow: OrdersUoW,
    policy: OrderPolicy,
    lines: list[OrderLine],
    currency: str,
    address: Address | None,
    goods: dict[UUID, Goods],
) -> pricing.Breakdown:
    """Price the lines (writing each line's amounts) with the shipping fee to the address."""
    items = [
        (line.sku_id, line.quantity, Money.of_minor(line.unit_price_minor, currency) * line.quantity) for line in lines
    ]
    weights = {sku_id: item.weight_grams for sku_id, item in goods.items()}
    fee = await checkout.shipping_fee(uow, address=address, items=items, currency=currency, weights=weights)
    breakdown = pricing.price(
        [pricing.PriceLine(Money.of_minor(line.unit_price_minor, currency), line.quantity) for line in lines],
        currency=currency,
        shipping_fee=fee,
        tax=pricing.TaxRule(policy.tax_rate, policy.tax_inclusive),
    )
    for line, amounts in zip(lines, breakdown.lines, strict=True):
        line.subtotal_minor = amounts.subtotal.minor
        line.discount_minor = amounts.discount.minor
        line.tax_minor = amounts.tax.minor
        line.total_minor = amounts.total.minor
    return breakdown


async def preview(
    uow: OrdersUoW,
    clock: Clock,
    policy: OrderPolicy,
    *,
    customer_id: UUID,
    is_dealer: bool,
    lines: list[LineRequest],
    address_id: UUID | None,
    currency: str,
) -> Preview:
    """The checkout page's numbers, without side effects: a line that cannot be bought says why, the others are
    priced as the order would be."""
    wanted = merged(lines)
    goods = await goods_of(uow, [line.sku_id for line in wanted])
    available = await uow.stock.available_by_sku([line.sku_id for line in wanted])
    address = await uow.addresses.get_owned(address_id, customer_id) if address_id else None
    buyer = catalog_pricing.Buyer.DEALER if is_dealer else catalog_pricing.Buyer.RETAIL
    known = [goods[line.sku_id] for line in wanted if line.sku_id in goods]
    currency = known[0].currency if known else currency
    shown: list[tuple[OrderLine, str | None]] = []
    priced: list[OrderLine] = []
    order_id = UUID(int=0)
    for position, request in enumerate(wanted):
        item = goods.get(request.sku_id)
        if item is None:
            missing = OrderLine(order_id, request.sku_id, UUID(int=0), "", "", 0, request.quantity, 0, 0, 0, 0)
            shown.append((missing, "sku.not_found"))
            continue
        price = catalog_pricing.effective_price(item, buyer, clock.now())
        if request.unit_price is not None:
            price = _agreed_price(request.unit_price, item, currency, is_dealer=is_dealer)
        line = _line(order_id, item, request.quantity, price, position)
        problem = item.problem or (
            "stock.insufficient" if available.get(request.sku_id, 0) < request.quantity else None
        )
        shown.append((line, problem))
        if problem != "sku.inactive":
            priced.append(line)
    try:
        breakdown = await _priced(uow, policy, priced, currency, address, goods)
        undeliverable = []
    except RegionNotServed as refused:  # shown with the goods priced, so the customer can pick another address
        breakdown = await _priced(uow, policy, priced, currency, None, goods)
        undeliverable = [refused.code]
    problems = list(dict.fromkeys([*(problem for _, problem in shown if problem), *undeliverable]))
    return Preview(currency, shown, breakdown, policy.tax_inclusive, problems)


async def staff_preview(
    uow: OrdersUoW,
    clock: Clock,
    policy: OrderPolicy,
    *,
    customer_id: UUID,
    lines: list[LineRequest],
    address_id: UUID | None,
    currency: str,
) -> Preview:
    """The manual order form's numbers for this customer (their price list, staff's agreed prices, shipping to
    their address), without side effects."""
    customer = await _customer(uow, customer_id)
    return await preview(
        uow,
        clock,
        policy,
        customer_id=customer_id,
        is_dealer=customer.is_dealer,
        lines=lines,
        address_id=address_id,
        currency=currency,
    )


def _agreed_price(unit_price: Decimal, sku: catalog_pricing.Priced, currency: str, *, is_dealer: bool) -> Money:
    """A price staff agreed on a manual order: never the dealers' (wholesale) price or less for a retail customer."""
    agreed = Money(unit_price, currency)
    wholesale = sku.wholesale_price_minor
    floor = Money.of_minor(wholesale + 1 if wholesale is not None else 0, currency)
    safety.check_price_override(agreed, floor, is_dealer=is_dealer)
    return agreed


async def _customer(uow: OrdersUoW, customer_id: UUID, *, locked: bool = False) -> Buyer:
    customer = await uow.customers.buyer(customer_id, locked=locked)
    if customer is None:
        raise NotFound("No such customer.", code="customer.not_found", customer_id=str(customer_id))
    return customer


async def _check_safety(
    uow: OrdersUoW, clock: Clock, policy: OrderPolicy, order: Order, wanted: list[LineRequest]
) -> None:
    now = clock.now()
    pairs = [(line.sku_id, line.quantity) for line in wanted]
    order.fingerprint = safety.fingerprint(pairs, order.address_id)
    history = await uow.orders.history(
        order.customer_id, units_since=now - timedelta(days=1), orders_since=now - policy.duplicate_window
    )
    safety.check_order(policy, pairs, history, order.fingerprint)


def _snapshot_address(order: Order, address: Address) -> None:
    order.address_id = address.id
    order.ship_recipient = address.recipient
    order.ship_phone = address.phone
    order.ship_region_code = address.region_code
    order.ship_province = address.province
    order.ship_city = address.city
    order.ship_district = address.district
    order.ship_detail = address.detail
    order.ship_postal_code = address.postal_code


async def place(
    uow: OrdersUoW,
    clock: Clock,
    actor: Actor,
    policy: OrderPolicy,
    *,
    customer_id: UUID,
    channel: SalesChannel,
    lines: list[LineRequest],
    address_id: UUID,
    note: str = "",
    remark: str = "",
) -> Order:
    """Take an order for a customer, from the storefront or keyed in by staff: all of it or nothing."""
    now = clock.now()
    # The customer's lock, first (domain/locking.py): their checkouts run one at a time from here on, so the safety
    # counts see every order placed before this one, and two at once cannot both pass a limit.
    customer = await _customer(uow, customer_id, locked=True)
    standing.ensure_standing_may_order(customer.standing)  # read with the customer, not again
    address = await uow.addresses.get_owned(address_id, customer_id)
    if address is None:
        raise NotFound("No such address.", code="address.not_found", address_id=str(address_id))
    wanted = merged(lines)
    goods = await goods_of(uow, [line.sku_id for line in wanted])
    for request in wanted:
        item = goods.get(request.sku_id)
        if item is None:
            raise NotFound("No such SKU.", code="sku.not_found", sku_id=str(request.sku_id))
        if item.problem:
            raise RuleViolation("This SKU is not for sale.", code=item.problem, sku_id=str(request.sku_id))
    currency = goods[wanted[0].sku_id].currency
    order = Order(
        number=numbers.order_number(now),
        channel=channel,
        customer_id=customer_id,
        currency=currency,
        customer_name=customer.display_name,
        customer_phone=customer.phone,
        customer_email=customer.email,
        tax_inclusive=policy.tax_inclusive,
        note=note,
        placed_by_id=actor.user_id if actor.user_id != customer_id else None,
        expires_at=now + policy.unpaid_timeout,
        created_at=now,
        updated_at=now,
        reservation_id=uuid4(),  # known before the order row is written, so no UPDATE follows the reservation
    )
    _snapshot_address(order, address)
    await _check_safety(uow, clock, policy, order, wanted)
    price_list = catalog_pricing.Buyer.DEALER if customer.is_dealer else catalog_pricing.Buyer.RETAIL
    for position, request in enumerate(wanted):
        item = goods[request.sku_id]
        price = catalog_pricing.effective_price(item, price_list, now)
        if request.unit_price is not None:
            price = _agreed_price(request.unit_price, item, currency, is_dealer=customer.is_dealer)
        order.lines.append(_line(order.id, item, request.quantity, price, position))
    breakdown = await _priced(uow, policy, order.lines, currency, address, goods)
    _set_amounts(order, breakdown)
    timeline.add_event(order, clock, actor, "place", from_status=None, note=note)
    if remark:
        order.remarks.append(OrderRemark(order.id, now, remark, actor.user_id, actor.name))
    await uow.orders.add(order)
    await timeline.tell_customer(uow, clock, order, "order.placed", customer)
    await timeline.audit_staff(uow, clock, actor, "order.create", order, None)
    if order.placed_by_id is None:  # the customer's own checkout: what they bought leaves their cart
        await cart.remove_ordered(uow, customer_id, [line.sku_id for line in order.lines])
    # The stock comes last: every other row is written first and the conditional stock updates are the last
    # statements before COMMIT, so a popular SKU's row is locked for as short as possible (its buyers queue on it).
    await uow.flush()
    await reservations.reserve(
        uow,
        clock,
        actor,
        lines=[(line.sku_id, line.quantity) for line in order.lines],
        reference=Reference("order", order.number),
        reservation_id=order.reservation_id,
    )
    assert order.expires_at is not None and order.status == OrderStatus.PENDING_PAYMENT
    uow.record(OrderPlaced(order.id, order.expires_at))
    return order


def _set_amounts(order: Order, breakdown: pricing.Breakdown) -> None:
    order.subtotal_minor = breakdown.subtotal.minor
    order.discount_minor = breakdown.discount.minor
    order.points_deduction_minor = breakdown.points_deduction.minor
    order.shipping_fee_minor = breakdown.shipping_fee.minor
    order.tax_minor = breakdown.tax.minor
    order.total_minor = breakdown.total.minor
    order.item_count = sum(line.quantity for line in order.lines)
    first = order.lines[0]
    order.first_item_name = first.product_name
    order.first_item_image_url = first.image_url
