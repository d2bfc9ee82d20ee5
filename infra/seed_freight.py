"""The demo shop's freight: a standard template by weight (10 CNY the first kilo, 5 CNY each further kilo, free
from 99 CNY), dearer to remote provinces, not delivered to Hong Kong, Macao and Taiwan; and an express template
staff can switch to. Safe to run again: a template whose name exists is left as it is."""

from __future__ import annotations

from domain.freight import use_cases as freight
from domain.freight.entities import FreightBasis
from domain.freight.templates import RuleDraft, TemplateDraft
from domain.identity.actor import Actor
from infra.container import Container

XINJIANG, TIBET = "650000", "540000"
INNER_MONGOLIA, GANSU, QINGHAI, NINGXIA = "150000", "620000", "630000", "640000"
HONG_KONG, MACAO, TAIWAN = "810000", "820000", "710000"

STANDARD = TemplateDraft(
    name="标准快递",
    currency="CNY",
    basis=FreightBasis.BY_WEIGHT,
    default_rule=RuleDraft([], first=1000, first_fee_minor=1000, additional=1000, additional_fee_minor=500),
    region_rules=[
        RuleDraft([XINJIANG, TIBET], first=1000, first_fee_minor=2000, additional=1000, additional_fee_minor=1000),
        RuleDraft(
            [INNER_MONGOLIA, GANSU, QINGHAI, NINGXIA],
            first=1000,
            first_fee_minor=1500,
            additional=1000,
            additional_fee_minor=800,
        ),
    ],
    free_over_minor=9900,
    unserved_region_codes=(HONG_KONG, MACAO, TAIWAN),
)

EXPRESS = TemplateDraft(
    name="顺丰特快",
    currency="CNY",
    basis=FreightBasis.BY_WEIGHT,
    default_rule=RuleDraft([], first=1000, first_fee_minor=2300, additional=1000, additional_fee_minor=1200),
    region_rules=[
        RuleDraft([XINJIANG, TIBET], first=1000, first_fee_minor=3500, additional=1000, additional_fee_minor=2000),
    ],
    free_over_minor=29900,
    unserved_region_codes=(HONG_KONG, MACAO, TAIWAN),
)


async def seed_freight(container: Container, actor: Actor) -> None:
    """The first template seeded becomes the shop's default (when the shop has none yet)."""
    for draft in (STANDARD, EXPRESS):
        async with container.uow() as uow:
            if await uow.freight_templates.by_name(draft.name) is not None:
                continue
        await freight.create_template(container.uow(), container.clock, actor, draft)
