"""Cart bodies: a cart as the shopper sees it now, each line saying what changed since it was added."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field, StrictBool

from api.schemas.common import MoneyOut, Schema, WholeNumber
from domain.cart.contents import CartContents, LineContents
from domain.cart.entities import MAX_LINE_QUANTITY

Quantity = Annotated[int, Field(strict=True, ge=1, le=MAX_LINE_QUANTITY), WholeNumber]


class CartLineIn(Schema):
    sku_id: UUID
    quantity: Quantity = Field(description="Added to the units already in the cart; a line holds 1 to 99")


class CartLineUpdate(Schema):
    quantity: Quantity | None = None
    selected: StrictBool | None = Field(default=None, description="Whether the line goes to checkout")


class CartSelection(Schema):
    selected: StrictBool = Field(description="Select (true) or deselect (false) every line")


class CartLineOut(Schema):
    sku_id: UUID
    product_id: UUID | None = Field(description="Null when the SKU was deleted")
    product_name: str | None
    product_name_en: str | None
    sku_code: str | None
    attributes: dict[str, str]
    title: str = Field(description="The SKU's values, e.g. `红 / M`")
    title_en: str = Field(description="The same with each value in English where given")
    image_url: str | None
    quantity: int
    selected: bool
    unit_price: MoneyOut | None = Field(description="What the buyer pays now; null when the line cannot be bought")
    added_unit_price: MoneyOut = Field(description="The unit price when the line was last added")
    subtotal: MoneyOut | None
    available_quantity: int = Field(description="Units that can be sold now")
    price_changed: bool = Field(description="`unit_price` differs from `added_unit_price`")
    unavailable: bool = Field(description="The SKU was deactivated or deleted, or its product is off sale")
    insufficient_stock: bool = Field(description="`quantity` is more than `available_quantity`")

    @classmethod
    def of(cls, c: LineContents) -> CartLineOut:
        sku, product = c.sku, c.product
        image = product.images[0] if product and product.images else None
        return cls(
            sku_id=c.line.sku_id,
            product_id=sku.product_id if sku else None,
            product_name=product.name if product else None,
            product_name_en=product.name_en if product else None,
            sku_code=sku.code if sku else None,
            attributes=dict(sku.attributes) if sku else {},
            title=sku.title if sku else "",
            title_en=sku.title_en if sku else "",
            image_url=image.thumbnail_url if image else None,
            quantity=c.line.quantity,
            selected=c.line.selected,
            unit_price=MoneyOut.of(c.unit_price) if c.unit_price else None,
            added_unit_price=MoneyOut.of(c.added_price),
            subtotal=MoneyOut.of(c.subtotal) if c.subtotal else None,
            available_quantity=c.available,
            price_changed=c.price_changed,
            unavailable=c.unavailable,
            insufficient_stock=c.insufficient_stock,
        )


class CartOut(Schema):
    lines: list[CartLineOut] = Field(description="Most recently added first")
    line_count: int = Field(description="How many different items the cart holds (the header's badge)")
    selected_quantity: int = Field(description="Units in the selected lines that can be bought")
    selected_total: MoneyOut = Field(description="What the selected lines that can be bought cost now")
    guest_token: str | None = Field(
        description="Set only when this request started a guest cart: keep it and send it as `X-Cart-Token`"
    )

    @classmethod
    def of(cls, contents: CartContents, guest_token: str | None = None) -> CartOut:
        return cls(
            lines=[CartLineOut.of(c) for c in contents.lines],
            line_count=len(contents.lines),
            selected_quantity=contents.selected_quantity,
            selected_total=MoneyOut.of(contents.selected_total),
            guest_token=guest_token,
        )
