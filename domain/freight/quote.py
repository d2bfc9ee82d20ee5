"""The action checkout calls for an order's shipping fee, and the staff's "try a template" quote."""

from __future__ import annotations

from uuid import UUID

from domain.errors import NotFound
from domain.freight.calculation import FreightItem, FreightQuote, calculate
from domain.freight.ports import FreightUoW
from domain.money import Money

__all__ = ["FreightItem", "quote", "shipping_fee"]


async def shipping_fee(uow: FreightUoW, *, region_code: str, items: list[FreightItem], currency: str) -> Money:
    """The fee under the shop's default template (zero when none is configured); raises RegionNotServed."""
    return (await quote(uow, region_code=region_code, items=items, currency=currency)).fee


async def quote(
    uow: FreightUoW,
    *,
    region_code: str,
    items: list[FreightItem],
    currency: str,
    template_id: UUID | None = None,
) -> FreightQuote:
    """The fee with the rule that applied, under `template_id` or else the shop's default template."""
    if template_id is None:
        template = await uow.freight_templates.default()
    else:
        template = await uow.freight_templates.get(template_id)
        if template is None:
            raise NotFound("No such freight template.", code="freight.template_not_found")
    return calculate(template, region_code=region_code, items=items, currency=currency)
