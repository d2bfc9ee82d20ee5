"""What routers and the seed ask of payment methods and offline payments. Each opens its unit of work, runs
actions and commits once (the proof upload runs two short transactions around storing the picture)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from domain.errors import NotFound
from domain.identity.actor import Actor
from domain.orders.entities import PaymentMethod
from domain.payments import method_settings, methods, offline
from domain.payments.entities import Payment
from domain.payments.method_ports import BankTransferRow, KeyState, MethodSetting, PaymentProof, ProviderKeys
from domain.payments.ports import PaymentsUoW
from domain.ports import Clock, MediaStorage
from domain.unit_of_work import use_case


@dataclass(frozen=True)
class SettingView:
    """A method's setting as admins see it: the provider settings they may override, and each key's state."""

    setting: MethodSetting
    fields: tuple[str, ...]
    keys: dict[str, KeyState]


def _view(keys: ProviderKeys, setting: MethodSetting) -> SettingView:
    return SettingView(setting, keys.fields(setting.method), method_settings.key_states(keys, setting))


async def _settings(uow: PaymentsUoW, keys: ProviderKeys) -> list[SettingView]:
    return [_view(keys, s) for s in await methods.all_settings(uow)]


async def _update(
    uow: PaymentsUoW,
    clock: Clock,
    actor: Actor,
    keys: ProviderKeys,
    method: PaymentMethod,
    change: method_settings.MethodChange,
) -> SettingView:
    return _view(keys, await method_settings.update(uow, clock, actor, keys, method, change))


async def _reorder(
    uow: PaymentsUoW, clock: Clock, actor: Actor, keys: ProviderKeys, order: list[PaymentMethod]
) -> list[SettingView]:
    return [_view(keys, s) for s in await method_settings.reorder(uow, clock, actor, order)]


async def _bank_transfers(
    uow: PaymentsUoW, *, statuses: tuple[str, ...], offset: int, limit: int
) -> tuple[list[BankTransferRow], int]:
    return await uow.payment_proofs.bank_transfers(statuses=statuses, offset=offset, limit=limit)


async def _my_proofs(uow: PaymentsUoW, customer: Actor, payment_id: UUID) -> list[PaymentProof]:
    await offline.own_payment(uow, customer, payment_id)
    return await uow.payment_proofs.of_payment(payment_id)


offered_methods = use_case(methods.offered)
method_settings_view = use_case(_settings)
update_method = use_case(_update)
reorder_methods = use_case(_reorder)
ensure_method_defaults = use_case(methods.ensure_defaults)

confirm_bank_transfer = use_case(offline.confirm_transfer)
reject_bank_transfer = use_case(offline.reject_transfer)
bank_transfers = use_case(_bank_transfers)
my_proofs = use_case(_my_proofs)


async def _proof_to_show(uow: PaymentsUoW, viewer_id: UUID | None, *, granted: bool, proof_id: UUID) -> PaymentProof:
    """A receipt for its customer, or for a viewer `granted` it (finance with `payments:read`, or a link signed for
    whoever an answer showed it to); anyone else is answered as if it did not exist."""
    proof = await uow.payment_proofs.get(proof_id)
    payment = await uow.payments.get(proof.payment_id) if proof else None
    if proof is None or payment is None or not (granted or (viewer_id and payment.customer_id == viewer_id)):
        raise NotFound("No such proof of payment.", code="payment.proof_not_found")
    return proof


proof_to_show = use_case(_proof_to_show)


async def upload_proof(
    uows: Callable[[], PaymentsUoW],
    clock: Clock,
    customer: Actor,
    storage: MediaStorage,
    thumbnail_of: Callable[[str], str],
    payment_id: UUID,
    data: bytes,
) -> tuple[Payment, list[PaymentProof]]:
    """Store the customer's picture of their transfer (in private storage: it names them and their bank) and hand
    the attempt to finance. The picture is checked
    (JPEG, PNG or WebP, at most 5 MiB), decoded and re-encoded without its metadata between two short
    transactions, never inside one."""
    offline.proof_format(data)
    await use_case(offline.check_proof_upload)(uows(), customer, payment_id)
    url = await storage.save_image(
        "payment-proofs", data, max_bytes=offline.PROOF_MAX_BYTES, thumbnail=offline.PROOF_THUMBNAIL_PIXELS
    )
    return await use_case(offline.add_proof)(
        uows(), clock, customer, payment_id, url=url, thumbnail_url=thumbnail_of(url)
    )
