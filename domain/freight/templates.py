"""Freight templates as staff edit them: create, replace, delete, pick the shop's default. Every write is audited.

The first template a shop creates becomes its default, so orders are charged from the moment one exists. The
default cannot be deleted while other templates exist (pick another default first): without a default, orders
would ship free without anyone having decided so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.audit import service as audit
from domain.errors import Conflict, NotFound, RuleViolation
from domain.freight.calculation import is_region_code
from domain.freight.entities import FreightBasis, FreightRegionRule, FreightTemplate
from domain.freight.ports import FreightUoW
from domain.identity.actor import Actor
from domain.money import is_known_currency
from domain.ports import Clock

MAX_REGION_RULES = 50


@dataclass(frozen=True)
class RuleDraft:
    region_codes: list[str]
    first: int
    first_fee_minor: int
    additional: int
    additional_fee_minor: int


@dataclass(frozen=True)
class TemplateDraft:
    """A whole template as the editor sends it; `default_rule` carries no regions."""

    name: str
    currency: str
    basis: FreightBasis
    default_rule: RuleDraft
    region_rules: list[RuleDraft]
    free_over_minor: int | None = None
    unserved_region_codes: tuple[str, ...] = ()


def snapshot(template: FreightTemplate) -> dict[str, Any]:
    """What the audit log keeps of a template (its `name` names it once the template is gone)."""
    return {
        "name": template.name,
        "currency": template.currency,
        "basis": str(template.basis),
        "default_rule": _charge(template),
        "region_rules": [{"region_codes": list(r.region_codes), **_charge(r)} for r in template.region_rules],
        "free_over_minor": template.free_over_minor,
        "unserved_region_codes": list(template.unserved_region_codes),
        "is_default": template.is_default,
    }


async def list_templates(
    uow: FreightUoW, *, name: str | None = None, offset: int = 0, limit: int = 20
) -> tuple[list[FreightTemplate], int]:
    """Templates, the default first, then by name."""
    return await uow.freight_templates.list(name=name, offset=offset, limit=limit)


async def get_template(uow: FreightUoW, template_id: UUID) -> FreightTemplate:
    return await _template(uow, template_id)


async def create_template(uow: FreightUoW, /, clock: Clock, actor: Actor, draft: TemplateDraft) -> FreightTemplate:
    """Add a template; the shop's first becomes its default."""
    _check(draft)
    await _ensure_name_free(uow, draft.name)
    now = clock.now()
    template = FreightTemplate(
        name=draft.name,
        currency=draft.currency,
        basis=draft.basis,
        first=draft.default_rule.first,
        first_fee_minor=draft.default_rule.first_fee_minor,
        additional=draft.default_rule.additional,
        additional_fee_minor=draft.default_rule.additional_fee_minor,
        is_default=await uow.freight_templates.default() is None,
        created_at=now,
        updated_at=now,
    )
    _apply(template, draft)
    await uow.freight_templates.add(template)
    await uow.flush()
    await _audit(uow, actor, "freight_template.create", template, at=now, after=snapshot(template))
    return template


async def update_template(
    uow: FreightUoW, /, clock: Clock, actor: Actor, template_id: UUID, draft: TemplateDraft
) -> FreightTemplate:
    """Replace a template's settings and rules with the draft's."""
    _check(draft)
    template = await _template(uow, template_id)
    if draft.name != template.name:
        await _ensure_name_free(uow, draft.name)
    before = snapshot(template)
    _apply(template, draft)
    after = snapshot(template)
    if after != before:
        template.updated_at = clock.now()
        await uow.flush()
        await _audit(
            uow, actor, "freight_template.update", template, at=template.updated_at, before=before, after=after
        )
    return template


async def delete_template(uow: FreightUoW, /, clock: Clock, actor: Actor, template_id: UUID) -> None:
    """Remove a template; the default only when it is the last one (then orders ship free)."""
    template = await _template(uow, template_id)
    if template.is_default:
        _, count = await uow.freight_templates.list(name=None, offset=0, limit=1)
        if count > 1:
            raise Conflict(
                "Make another template the default before deleting this one.", code="freight.template_is_default"
            )
    before = snapshot(template)
    await uow.freight_templates.delete(template)
    await uow.flush()
    await _audit(uow, actor, "freight_template.delete", template, at=clock.now(), before=before)


async def set_default(uow: FreightUoW, /, clock: Clock, actor: Actor, template_id: UUID) -> FreightTemplate:
    """Make this template the one every order is charged by."""
    template = await _template(uow, template_id)
    if template.is_default:
        return template
    now = clock.now()
    previous = await uow.freight_templates.default()
    if previous is not None:
        previous.is_default = False
        previous.updated_at = now
        await uow.flush()  # the partial unique index allows one default at a time, even within a transaction
    template.is_default = True
    template.updated_at = now
    await uow.flush()
    await _audit(
        uow,
        actor,
        "freight_template.set_default",
        template,
        at=now,
        before={"name": template.name, "default": previous.name if previous else None},
        after={"name": template.name, "default": template.name},
    )
    return template


def _check(draft: TemplateDraft) -> None:
    if not draft.name.strip():
        raise RuleViolation("Give the template a name.", code="freight.name_required", field="name")
    if not is_known_currency(draft.currency):
        raise RuleViolation("Unknown currency.", code="freight.currency_unknown", field="currency")
    if len(draft.region_rules) > MAX_REGION_RULES:
        raise RuleViolation(
            "Too many region rules.", code="freight.too_many_rules", field="region_rules", limit=MAX_REGION_RULES
        )
    for rule in (draft.default_rule, *draft.region_rules):
        if rule.first < 1 or rule.additional < 1 or rule.first_fee_minor < 0 or rule.additional_fee_minor < 0:
            raise RuleViolation(
                "Units are at least 1 and fees are not negative.", code="freight.rule_invalid", field="region_rules"
            )
    if draft.free_over_minor is not None and draft.free_over_minor < 0:
        raise RuleViolation("The threshold is not negative.", code="freight.rule_invalid", field="free_over_minor")
    for index, rule in enumerate(draft.region_rules):
        if not rule.region_codes:
            raise RuleViolation(
                "A region rule names at least one region.", code="freight.rule_without_region", rule=index + 1
            )
    codes = [code for rule in draft.region_rules for code in rule.region_codes] + list(draft.unserved_region_codes)
    for code in codes:
        if not is_region_code(code):
            raise RuleViolation(f"Not a region code: {code}.", code="freight.region_invalid", region_code=code)
    repeated = sorted(code for code, n in Counter(codes).items() if n > 1)
    if repeated:
        raise RuleViolation(
            f"A region may appear once per template: {repeated[0]}.",
            code="freight.region_repeated",
            region_code=repeated[0],
        )


def _apply(template: FreightTemplate, draft: TemplateDraft) -> None:
    template.name = draft.name.strip()
    template.currency = draft.currency
    template.basis = FreightBasis(draft.basis)
    template.first = draft.default_rule.first
    template.first_fee_minor = draft.default_rule.first_fee_minor
    template.additional = draft.default_rule.additional
    template.additional_fee_minor = draft.default_rule.additional_fee_minor
    template.free_over_minor = draft.free_over_minor
    template.unserved_region_codes = list(draft.unserved_region_codes)
    # new rule objects rather than edits in place: the list is replaced (the mapping deletes the old rows)
    template.region_rules = [
        FreightRegionRule(
            region_codes=list(rule.region_codes),
            first=rule.first,
            first_fee_minor=rule.first_fee_minor,
            additional=rule.additional,
            additional_fee_minor=rule.additional_fee_minor,
            position=position,
            template_id=template.id,
        )
        for position, rule in enumerate(draft.region_rules)
    ]


def _charge(rule: FreightTemplate | FreightRegionRule) -> dict[str, int]:
    return {
        "first": rule.first,
        "first_fee_minor": rule.first_fee_minor,
        "additional": rule.additional,
        "additional_fee_minor": rule.additional_fee_minor,
    }


async def _audit(
    uow: FreightUoW,
    actor: Actor,
    action: str,
    template: FreightTemplate,
    *,
    at: datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    await audit.record(
        uow,
        actor,
        action=action,
        target_type="freight_template",
        target_id=template.id,
        at=at,
        before=before,
        after=after,
    )


async def _ensure_name_free(uow: FreightUoW, name: str) -> None:
    if await uow.freight_templates.by_name(name.strip()) is not None:
        raise Conflict("A template with this name exists.", code="freight.name_taken", field="name")


async def _template(uow: FreightUoW, template_id: UUID) -> FreightTemplate:
    template = await uow.freight_templates.get(template_id)
    if template is None:
        raise NotFound("No such freight template.", code="freight.template_not_found")
    return template
