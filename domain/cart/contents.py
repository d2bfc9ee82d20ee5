"""Reading a cart: every line re-priced for the buyer now and re-checked for sale status and stock, saying what
changed since it was added. Nothing is written: a change is shown, the shopper decides what to do about it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.cart.entities import Cart, CartLine
from domain.cart.ports import CartUoW
from domain.catalog import pricing
from domain.catalog.entities import Product, ProductStatus, Sku
from domain.money import Money, total


@dataclass(frozen=True)
class LineContents:
    line: CartLine
    sku: Sku | None  # None: the SKU was deleted
    product: Product | None
    unit_price: Money | None  # what the buyer pays now; None when the line cannot be bought
    available: int  # units that can be sold now

    @property
    def unavailable(self) -> bool:
        """The SKU was deleted or deactivated, or its product is no longer on sale."""
        return self.unit_price is None

    @property
    def added_price(self) -> Money:
        return Money.of_minor(self.line.added_price_minor, self.line.currency)

    @property
    def price_changed(self) -> bool:
        return self.unit_price is not None and self.unit_price != self.added_price

    @property
    def insufficient_stock(self) -> bool:
        return not self.unavailable and self.line.quantity > self.available

    @property
    def subtotal(self) -> Money | None:
        return None if self.unit_price is None else self.unit_price * self.line.quantity

    @property
    def counts_toward_total(self) -> bool:
        """Selected and still for sale: what a checkout of the selected lines would price."""
        return self.line.selected and self.unit_price is not None


@dataclass(frozen=True)
class CartContents:
    lines: list[LineContents]  # most recently added first
    currency: str

    @property
    def selected(self) -> list[LineContents]:
        return [c for c in self.lines if c.counts_toward_total]

    @property
    def selected_total(self) -> Money:
        return total((c.subtotal for c in self.selected if c.subtotal is not None), self.currency)

    @property
    def selected_quantity(self) -> int:
        return sum(c.line.quantity for c in self.selected)


def sellable(sku: Sku | None, product: Product | None) -> bool:
    return sku is not None and sku.active and product is not None and product.status == ProductStatus.ON_SALE


async def contents_of(
    uow: CartUoW, cart: Cart | None, *, buyer: pricing.Buyer, at: datetime, currency: str
) -> CartContents:
    """The cart's lines as the buyer would buy them at `at` (an empty cart when there is none)."""
    if cart is None or not cart.lines:
        return CartContents([], currency)
    sku_ids = [line.sku_id for line in cart.lines]
    skus = {sku.id: sku for sku in await uow.products.skus(sku_ids)}
    product_ids = sorted({sku.product_id for sku in skus.values()})
    products = {product.id: product for product in await uow.products.by_ids(product_ids)}
    available = await uow.stock.available_by_sku(sku_ids)
    lines: list[LineContents] = []
    for line in sorted(cart.lines, key=lambda line: (line.added_at, str(line.sku_id)), reverse=True):
        sku = skus.get(line.sku_id)
        product = products.get(sku.product_id) if sku else None
        price = pricing.effective_price(sku, buyer, at) if sku and sellable(sku, product) else None
        lines.append(LineContents(line, sku, product, price, max(available.get(line.sku_id, 0), 0)))
    return CartContents(lines, currency)
