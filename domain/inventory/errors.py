"""Inventory errors with stable codes."""

from __future__ import annotations

from uuid import UUID

from domain.errors import Conflict


class InsufficientStock(Conflict):
    code = "stock.insufficient"
    message = "Not enough stock."

    def __init__(self, sku_id: UUID, requested: int, available: int, warehouse_id: UUID | None = None) -> None:
        super().__init__(
            f"Only {max(available, 0)} left of what was asked ({requested}).",
            sku_id=str(sku_id),
            requested=requested,
            available=max(available, 0),
            warehouse_id=str(warehouse_id) if warehouse_id else None,
        )


class InvalidStocktakeTransition(Conflict):
    code = "stocktake.invalid_transition"
    message = "The stocktake cannot go there from its current state."

    def __init__(self, current: str, wanted: str) -> None:
        super().__init__(f"A stocktake that is {current} cannot become {wanted}.", status=current, to=wanted)
