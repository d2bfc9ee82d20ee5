"""Admins change a payment method's settings (`settings:write`): the switch, names, the bank-transfer payee,
provider settings and key references. Every change is audited with before and after; key references are audited
as "changed", never by value (a file path or variable name says where a secret lives)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from domain.audit import service as audit
from domain.errors import RuleViolation
from domain.identity.actor import Actor
from domain.orders.entities import ONLINE_METHODS, PaymentMethod
from domain.payments import methods
from domain.payments.method_ports import KeyRef, KeyState, MethodSetting, ProviderKeys
from domain.payments.ports import PaymentsUoW
from domain.ports import Clock

ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
MAX_PATH = 500
UNSET = None  # in `provider` and `key_refs` of a change: remove the override


@dataclass(frozen=True)
class MethodChange:
    """The fields an admin sends; None leaves a field as it is."""

    enabled: bool | None = None
    name_zh: str | None = None
    name_en: str | None = None
    payee_bank: str | None = None
    payee_account_name: str | None = None
    payee_account_number: str | None = None
    payee_note: str | None = None
    transfer_hours: int | None = None
    provider: dict[str, str | None] = field(default_factory=dict)  # a None value removes the override
    key_refs: dict[str, KeyRef | None] = field(default_factory=dict)  # a None value removes the reference


def snapshot(setting: MethodSetting) -> dict[str, Any]:
    """What the audit log keeps: everything but the key references, of which only the names of those set."""
    return {
        "name": setting.name_zh,
        "method": str(setting.method),
        "enabled": setting.enabled,
        "position": setting.position,
        "name_zh": setting.name_zh,
        "name_en": setting.name_en,
        "payee_bank": setting.payee_bank,
        "payee_account_name": setting.payee_account_name,
        "payee_account_number": setting.payee_account_number,
        "payee_note": setting.payee_note,
        "transfer_hours": setting.transfer_hours,
        "provider": dict(setting.provider),
        "key_refs_set": sorted(setting.key_refs),
    }


def key_states(keys: ProviderKeys, setting: MethodSetting) -> dict[str, KeyState]:
    refs = {name: ref for name in keys.keys(setting.method) if (ref := setting.key_ref(name)) is not None}
    return keys.key_states(setting.method, refs)


async def update(
    uow: PaymentsUoW, clock: Clock, actor: Actor, keys: ProviderKeys, method: PaymentMethod, change: MethodChange
) -> MethodSetting:
    """Apply an admin's change to one method; refused (422) when the result could not take payments while on."""
    setting = await _locked(uow, method)
    before, refs_before = snapshot(setting), dict(setting.key_refs)
    _apply(setting, change, keys)
    _check(setting, keys)
    after = snapshot(setting)
    if after != before or setting.key_refs != refs_before:
        setting.updated_at, setting.updated_by = clock.now(), actor.name
        if setting.key_refs != refs_before:
            changed = {n for n in {*refs_before, *setting.key_refs} if refs_before.get(n) != setting.key_refs.get(n)}
            after["key_refs_changed"] = sorted(changed)
        await audit.record(
            uow,
            actor,
            action="payment_method.update",
            target_type="payment_method",
            target_id=str(method),
            at=setting.updated_at,
            before=before,
            after=after,
        )
    return setting


async def reorder(uow: PaymentsUoW, clock: Clock, actor: Actor, order: list[PaymentMethod]) -> list[MethodSetting]:
    """Put the methods in this display order; the list names every method once."""
    if len(order) != len(set(order)) or set(order) != set(methods.DEFAULTS):
        raise RuleViolation(
            "List every payment method exactly once.", code="payment_method.order_mismatch", field="methods"
        )
    before = [str(s.method) for s in await methods.all_settings(uow)]
    locked = {method: await _locked(uow, method) for method in sorted(order)}  # rows locked in key order
    settings = [locked[method] for method in order]
    for position, setting in enumerate(settings):
        setting.position = position
    if before != [str(m) for m in order]:
        await audit.record(
            uow,
            actor,
            action="payment_method.order",
            target_type="payment_method",
            target_id="order",
            at=clock.now(),
            before={"methods": before},
            after={"methods": [str(m) for m in order]},
        )
    return settings


async def _locked(uow: PaymentsUoW, method: PaymentMethod) -> MethodSetting:
    """The method's row locked, written with its closed default first when it has none yet."""
    setting = await uow.payment_methods.get_for_update(method)
    if setting is None:
        setting = methods.default(method)
        await uow.payment_methods.add(setting)
        await uow.flush()
    return setting


def _apply(setting: MethodSetting, change: MethodChange, keys: ProviderKeys) -> None:
    for name in ("enabled", "payee_bank", "payee_account_name", "payee_account_number", "payee_note"):
        if (value := getattr(change, name)) is not None:
            setattr(setting, name, value)
    for name in ("name_zh", "name_en"):
        if (value := getattr(change, name)) is not None:
            if not value.strip():
                raise RuleViolation("Give the method a name.", code="payment_method.name_required", field=name)
            setattr(setting, name, value.strip())
    if change.transfer_hours is not None:
        if not 1 <= change.transfer_hours <= 24 * 14:
            raise RuleViolation(
                "Allow between 1 hour and 14 days for a transfer.",
                code="payment_method.transfer_hours_invalid",
                field="transfer_hours",
            )
        setting.transfer_hours = change.transfer_hours
    provider = dict(setting.provider)
    for name, value in change.provider.items():
        if name not in keys.fields(setting.method):
            raise RuleViolation(
                "This method has no such setting.", code="payment_method.unknown_setting", field=f"provider.{name}"
            )
        if value is None or not value.strip():
            provider.pop(name, None)
        else:
            provider[name] = value.strip()
    setting.provider = provider
    refs = dict(setting.key_refs)
    for name, ref in change.key_refs.items():
        if name not in keys.keys(setting.method):
            raise RuleViolation(
                "This method has no such key.", code="payment_method.unknown_setting", field=f"key_refs.{name}"
            )
        if ref is None:
            refs.pop(name, None)
        else:
            refs[name] = _checked_ref(name, ref)
    setting.key_refs = refs


def _checked_ref(name: str, ref: KeyRef) -> dict[str, str]:
    """A reference is a variable name or an absolute path, one of them; the key's text itself never fits."""
    invalid = RuleViolation(
        "Give the name of an environment variable or the absolute path of a file holding the key.",
        code="payment_method.key_ref_invalid",
        field=f"key_refs.{name}",
    )
    if (ref.env is None) == (ref.file is None):
        raise invalid
    if ref.env is not None:
        if not ENV_NAME.match(ref.env):
            raise invalid
        return {"env": ref.env}
    path = ref.file or ""
    if not path.startswith("/") or len(path) > MAX_PATH or "\n" in path or "\x00" in path or "-----" in path:
        raise invalid
    return {"file": path}


def _check(setting: MethodSetting, keys: ProviderKeys) -> None:
    if not setting.enabled:
        return
    if setting.method == PaymentMethod.BANK_TRANSFER:
        missing = [
            n for n in ("payee_bank", "payee_account_name", "payee_account_number") if not getattr(setting, n).strip()
        ]
        if missing:
            raise RuleViolation(
                "Bank transfer needs the bank, account name and account number customers pay to.",
                code="payment_method.payee_missing",
                field=missing[0],
                missing=missing,
            )
    if setting.method in ONLINE_METHODS:
        missing = [name for name, state in key_states(keys, setting).items() if not state.configured]
        if missing:
            raise RuleViolation(
                "This method's keys are not configured.",
                code="payment_method.keys_missing",
                field="enabled",
                missing=missing,
            )
