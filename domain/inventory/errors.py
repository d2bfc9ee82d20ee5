"""Inventory errors with stable codes."""

from __future__ import annotations

from uuid import UUID

from domain.errors import Conflict


class InsufficientStock(Conflict):
    code = "stock.insufficient"
    message = "Not enough stock."

    def __init__(
        self,
        sku_id: UUID,
        requested: int,
        available: int,
        warehouse_id: UUID | None = None,
        *,
        also_short: dict[UUID, tuple[int, int]] | None = None,
    ) -> None:
        """The first short SKU is named in the message; `lines` lists every short SKU of the request (one
        answer tells a customer all they must change), `also_short` maps the others to (requested, available)."""
        short = {sku_id: (requested, available), **(also_short or {})}
        super().__init__(
            f"Only {max(available, 0)} left of what was asked ({requested}).",
            sku_id=str(sku_id),
            requested=requested,
            available=max(available, 0),
            warehouse_id=str(warehouse_id) if warehouse_id else None,
            lines=[{"sku_id": str(s), "requested": r, "available": max(a, 0)} for s, (r, a) in short.items()],
        )
