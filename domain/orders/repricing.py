"""Pricing a changed order again: its lines and amounts through `domain/orders/pricing.price`, the shipping fee
through checkout's one function, and the list columns kept on the order (used by editing.py and splitting.py)."""

from __future__ import annotations

from domain.identity.entities import Address
from domain.money import Money
from domain.orders import checkout, pricing, safety
from domain.orders.entities import Order
from domain.orders.policy import OrderPolicy
from domain.orders.ports import OrdersUoW


async def reprice(uow: OrdersUoW, policy: OrderPolicy, order: Order, address: Address | None) -> None:
    """Price the order's lines again (the shipping fee through checkout's one function), keeping its discount and
    points deduction as inputs, and write every amount on the lines and the order."""
    currency = order.currency
    items = [(x.sku_id, x.quantity, Money.of_minor(x.unit_price_minor, currency) * x.quantity) for x in order.lines]
    fee = await checkout.shipping_fee(uow, address=address, items=items, currency=currency)
    breakdown = pricing.price(
        [pricing.PriceLine(Money.of_minor(x.unit_price_minor, currency), x.quantity) for x in order.lines],
        currency=currency,
        shipping_fee=fee,
        tax=pricing.TaxRule(policy.tax_rate, order.tax_inclusive),
        discount=order.money(order.discount_minor),
        points_deduction=order.money(order.points_deduction_minor),
    )
    for line, amounts in zip(order.lines, breakdown.lines, strict=True):
        line.subtotal_minor, line.discount_minor = amounts.subtotal.minor, amounts.discount.minor
        line.tax_minor, line.total_minor = amounts.tax.minor, amounts.total.minor
    order.subtotal_minor, order.discount_minor = breakdown.subtotal.minor, breakdown.discount.minor
    order.points_deduction_minor, order.shipping_fee_minor = breakdown.points_deduction.minor, fee.minor
    order.tax_minor, order.total_minor = breakdown.tax.minor, breakdown.total.minor
    refresh_list_columns(order)


def refresh_list_columns(order: Order) -> None:
    for position, line in enumerate(order.lines):
        line.position = position
    order.item_count = sum(line.quantity for line in order.lines)
    order.first_item_name = order.lines[0].product_name if order.lines else ""
    order.first_item_image_url = order.lines[0].image_url if order.lines else None
    order.fingerprint = safety.fingerprint([(x.sku_id, x.quantity) for x in order.lines], order.address_id)


def shipping_address(order: Order) -> Address:
    """The order's own address snapshot, as the shipping fee reads an address."""
    return Address(
        user_id=order.customer_id,
        recipient=order.ship_recipient,
        phone=order.ship_phone,
        region_code=order.ship_region_code,
        province=order.ship_province,
        city=order.ship_city,
        district=order.ship_district,
        detail=order.ship_detail,
        postal_code=order.ship_postal_code,
        id=order.address_id or order.id,
    )
