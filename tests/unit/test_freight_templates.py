"""Staff keep freight templates: the first is the shop's default, names and regions are checked, every write is
audited, and checkout's `shipping_fee` charges by the default template (nothing when there is none)."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

import pytest

from domain.errors import Conflict, RuleViolation
from domain.freight import quote as freight
from domain.freight import use_cases as templates
from domain.freight.entities import FreightBasis
from domain.freight.errors import RegionNotServed
from domain.freight.quote import FreightItem
from domain.freight.templates import RuleDraft, TemplateDraft
from domain.identity.actor import Actor
from domain.money import Money
from tests.fakes import FakeClock, FakeUnitOfWork


def draft(name: str = "标准快递", **changes: object) -> TemplateDraft:
    fields: dict[str, object] = {
        "name": name,
        "currency": "CNY",
        "basis": FreightBasis.BY_WEIGHT,
        "default_rule": RuleDraft([], 1000, 1000, 1000, 500),
        "region_rules": [RuleDraft(["650000", "540000"], 1000, 2000, 1000, 1000)],
        "free_over_minor": 9900,
        "unserved_region_codes": ("710000",),
    }
    fields.update(changes)
    return TemplateDraft(**fields)  # type: ignore[arg-type]


def parcel(grams: int, subtotal: str = "20") -> list[FreightItem]:
    return [FreightItem(sku_id=uuid4(), quantity=1, weight_grams=grams, subtotal=Money(Decimal(subtotal), "CNY"))]


async def fee(uow: FakeUnitOfWork, region: str, items: list[FreightItem]) -> Money:
    async with uow:  # checkout calls the action inside its own transaction
        return await freight.shipping_fee(uow, region_code=region, items=items, currency="CNY")


async def test_without_a_template_checkout_charges_no_shipping(uow: FakeUnitOfWork) -> None:
    assert await fee(uow, "310101", parcel(5000)) == Money.zero("CNY")


async def test_the_first_template_becomes_the_default_and_prices_checkout(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    template = await templates.create_template(uow, clock, clerk, draft())

    assert template.is_default
    assert await fee(uow, "310101", parcel(2500)) == Money(Decimal("20"), "CNY")
    assert await fee(uow, "650102", parcel(2500)) == Money(Decimal("40"), "CNY")
    assert await fee(uow, "650102", parcel(2500, "99")) == Money.zero("CNY")
    with pytest.raises(RegionNotServed):
        await fee(uow, "710100", parcel(100))


async def test_setting_another_default_moves_the_mark_and_is_audited(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    first = await templates.create_template(uow, clock, clerk, draft())
    cheap = await templates.create_template(
        uow, clock, clerk, draft("包邮", default_rule=RuleDraft([], 1, 0, 1, 0), region_rules=[])
    )
    assert not cheap.is_default

    await templates.set_default(uow, clock, clerk, cheap.id)

    assert [t.name for t in (await templates.list_templates(uow))[0]] == ["包邮", "标准快递"]
    assert not uow.tables.freight_templates[first.id].is_default
    assert await fee(uow, "310101", parcel(9000)) == Money.zero("CNY")
    assert [e.action for e in uow.tables.audit] == [
        "freight_template.create",
        "freight_template.create",
        "freight_template.set_default",
    ]
    assert uow.tables.audit[-1].after == {"name": "包邮", "default": "包邮"}


async def test_an_update_replaces_the_rules_and_keeps_before_and_after_in_the_log(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    template = await templates.create_template(uow, clock, clerk, draft())

    await templates.update_template(
        uow, clock, clerk, template.id, draft(region_rules=[RuleDraft(["650000"], 1000, 2500, 1000, 1000)])
    )

    assert await fee(uow, "540102", parcel(500)) == Money(Decimal("10"), "CNY")  # Tibet is back to the default
    assert await fee(uow, "650102", parcel(500)) == Money(Decimal("25"), "CNY")
    entry = uow.tables.audit[-1]
    assert entry.action == "freight_template.update"
    assert entry.before is not None and entry.before["region_rules"][0]["region_codes"] == ["650000", "540000"]
    assert entry.after is not None and entry.after["region_rules"][0]["first_fee_minor"] == 2500


async def test_a_region_in_two_rules_or_an_unknown_code_is_refused(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    with pytest.raises(RuleViolation) as twice:
        await templates.create_template(uow, clock, clerk, draft(unserved_region_codes=("650000",)))
    with pytest.raises(RuleViolation) as unknown:
        await templates.create_template(uow, clock, clerk, draft(unserved_region_codes=("71",)))
    with pytest.raises(RuleViolation) as empty:
        await templates.create_template(uow, clock, clerk, draft(region_rules=[RuleDraft([], 1, 1, 1, 1)]))

    assert (twice.value.code, twice.value.data["region_code"]) == ("freight.region_repeated", "650000")
    assert unknown.value.code == "freight.region_invalid"
    assert empty.value.code == "freight.rule_without_region"
    assert uow.tables.freight_templates == {}


async def test_names_are_unique(uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor) -> None:
    await templates.create_template(uow, clock, clerk, draft())

    with pytest.raises(Conflict) as taken:
        await templates.create_template(uow, clock, clerk, draft(" 标准快递 "))

    assert taken.value.code == "freight.name_taken"


async def test_the_default_is_deleted_only_as_the_last_template(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    default = await templates.create_template(uow, clock, clerk, draft())
    other = await templates.create_template(uow, clock, clerk, draft("顺丰"))

    with pytest.raises(Conflict) as refused:
        await templates.delete_template(uow, clock, clerk, default.id)
    await templates.delete_template(uow, clock, clerk, other.id)
    await templates.delete_template(uow, clock, clerk, default.id)

    assert refused.value.code == "freight.template_is_default"
    assert uow.tables.freight_templates == {}
    assert uow.tables.audit[-1].action == "freight_template.delete"
    assert uow.tables.audit[-1].before is not None and uow.tables.audit[-1].before["name"] == "标准快递"


async def test_staff_try_a_template_that_is_not_the_default(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    await templates.create_template(uow, clock, clerk, draft())
    express = await templates.create_template(
        uow, clock, clerk, draft("顺丰", basis=FreightBasis.BY_QUANTITY, region_rules=[], free_over_minor=None)
    )

    quote = await templates.quote(
        uow, region_code="650102", items=parcel(100, "500"), currency="CNY", template_id=express.id
    )

    assert quote.fee == Money(Decimal("10"), "CNY") and quote.applied == "default"
    assert quote.template is not None and quote.template.name == "顺丰"
