"""The product state machine (see domain/state_machine.py): draft → on sale ⇄ off sale → draft."""

from __future__ import annotations

import enum

from domain.catalog.entities import ProductStatus
from domain.state_machine import StateMachine


class ProductAction(enum.StrEnum):
    PUT_ON_SALE = "put_on_sale"
    TAKE_OFF_SALE = "take_off_sale"
    RETURN_TO_DRAFT = "return_to_draft"


PRODUCT = StateMachine[ProductStatus, ProductAction](
    "product",
    {
        (ProductStatus.DRAFT, ProductAction.PUT_ON_SALE): ProductStatus.ON_SALE,
        (ProductStatus.ON_SALE, ProductAction.TAKE_OFF_SALE): ProductStatus.OFF_SALE,
        (ProductStatus.OFF_SALE, ProductAction.PUT_ON_SALE): ProductStatus.ON_SALE,
        (ProductStatus.OFF_SALE, ProductAction.RETURN_TO_DRAFT): ProductStatus.DRAFT,
    },
)

# Staff and import files ask for a status; this is the action that leads there.
ACTION_TO: dict[ProductStatus, ProductAction] = {
    ProductStatus.ON_SALE: ProductAction.PUT_ON_SALE,
    ProductStatus.OFF_SALE: ProductAction.TAKE_OFF_SALE,
    ProductStatus.DRAFT: ProductAction.RETURN_TO_DRAFT,
}
