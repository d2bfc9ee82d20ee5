"""Cart errors with stable codes (translated in api/locales/zh_CN/cart.po)."""

from __future__ import annotations

from uuid import UUID

from domain.cart.entities import MAX_LINE_QUANTITY, MAX_LINES
from domain.errors import NotFound, RuleViolation


class QuantityOutOfRange(RuleViolation):
    code = "cart.quantity_out_of_range"
    message = f"A cart line holds 1 to {MAX_LINE_QUANTITY} units."

    def __init__(self, quantity: int) -> None:
        super().__init__(field="quantity", quantity=quantity, min=1, max=MAX_LINE_QUANTITY)


class TooManyLines(RuleViolation):
    code = "cart.too_many_lines"
    message = f"A cart holds at most {MAX_LINES} different items."

    def __init__(self) -> None:
        super().__init__(limit=MAX_LINES)


class SkuUnavailable(RuleViolation):
    """The SKU exists but cannot be bought: deactivated, or its product is not on sale."""

    code = "sku.inactive"
    message = "This item is not for sale at the moment."

    def __init__(self, sku_id: UUID) -> None:
        super().__init__(field="sku_id", sku_id=str(sku_id))


class LineNotFound(NotFound):
    code = "cart.line_not_found"
    message = "This item is not in the cart."

    def __init__(self, sku_id: UUID) -> None:
        super().__init__(sku_id=str(sku_id))
