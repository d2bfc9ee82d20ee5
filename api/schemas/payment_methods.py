"""Payment methods (what the storefront offers, what admins configure) and offline payments (bank-transfer
proofs, finance's confirmation). Key references are write-only: answers say whether a key resolves, never
where it is nor what it is."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictBool, StrictInt

from api.proof_links import ProofLinks
from api.schemas.common import MoneyOut, Schema
from domain.money import Money
from domain.orders.entities import ONLINE_METHODS, PaymentMethod
from domain.payments.entities import Payment
from domain.payments.method_ports import BankTransferRow, KeyState, MethodSetting, PaymentProof
from domain.payments.method_use_cases import SettingView
from domain.payments.methods import CUSTOMER_METHODS, START_KINDS
from domain.payments.paying import Links

StartKindName = Literal["redirect", "qr", "offline"]
Name = Annotated[str, Field(min_length=1, max_length=64)]


class BankTransferInstructionsOut(BaseModel):
    """Where the customer sends the money; the payment number goes in the transfer's remark (附言)."""

    bank: str
    account_name: str
    account_number: str
    note: str
    transfer_hours: int = Field(description="How long the order waits for the transfer and its proof")

    @classmethod
    def of(cls, s: MethodSetting) -> BankTransferInstructionsOut:
        return cls(
            bank=s.payee_bank,
            account_name=s.payee_account_name,
            account_number=s.payee_account_number,
            note=s.payee_note,
            transfer_hours=s.transfer_hours,
        )


class OfferedMethodOut(BaseModel):
    method: PaymentMethod
    name: str = Field(description="In the request's language")
    start_kind: StartKindName
    bank_transfer: BankTransferInstructionsOut | None = None

    @classmethod
    def of(cls, s: MethodSetting, locale: str) -> OfferedMethodOut:
        method = PaymentMethod(s.method)
        return cls(
            method=method,
            name=s.name_zh if locale.startswith("zh") else s.name_en,
            start_kind=START_KINDS[method].value,  # type: ignore[arg-type]
            bank_transfer=BankTransferInstructionsOut.of(s) if method == PaymentMethod.BANK_TRANSFER else None,
        )


class KeyStateOut(BaseModel):
    configured: bool
    source: Literal["database", "settings", "sandbox", "missing"] = Field(
        description="database: a reference set here; settings: the server's configuration; sandbox: development's "
        "generated keys; missing: none"
    )

    @classmethod
    def of(cls, state: KeyState) -> KeyStateOut:
        return cls(configured=state.configured, source=state.source)  # type: ignore[arg-type]


class PayeeOut(BaseModel):
    bank: str
    account_name: str
    account_number: str
    note: str


class MethodSettingOut(BaseModel):
    method: PaymentMethod
    enabled: bool
    position: int
    name_zh: str
    name_en: str
    start_kind: StartKindName
    online: bool
    offered_to_customers: bool = Field(description="False for cash and cash on delivery: staff record those")
    payee: PayeeOut | None = Field(description="Bank transfer only")
    transfer_hours: int | None = Field(description="Bank transfer only")
    provider_fields: list[str] = Field(description="The provider settings that may be overridden here")
    provider: dict[str, str] = Field(description="The overrides set here (not secret)")
    keys: dict[str, KeyStateOut] = Field(description="Each key's state; never the key nor its reference")
    callback_url: str | None = Field(description="Online methods: the notify URL to configure at the provider")
    updated_at: datetime | None
    updated_by: str | None

    @classmethod
    def of(cls, view: SettingView, links: Links) -> MethodSettingOut:
        s, method = view.setting, PaymentMethod(view.setting.method)
        bank = method == PaymentMethod.BANK_TRANSFER
        return cls(
            method=method,
            enabled=s.enabled,
            position=s.position,
            name_zh=s.name_zh,
            name_en=s.name_en,
            start_kind=START_KINDS[method].value,  # type: ignore[arg-type]
            online=method in ONLINE_METHODS,
            offered_to_customers=method in CUSTOMER_METHODS,
            payee=PayeeOut(
                bank=s.payee_bank,
                account_name=s.payee_account_name,
                account_number=s.payee_account_number,
                note=s.payee_note,
            )
            if bank
            else None,
            transfer_hours=s.transfer_hours if bank else None,
            provider_fields=list(view.fields),
            provider=dict(s.provider),
            keys={name: KeyStateOut.of(state) for name, state in view.keys.items()},
            callback_url=links.notify_url(str(method)) if method in ONLINE_METHODS else None,
            updated_at=s.updated_at,
            updated_by=s.updated_by,
        )


class PayeeIn(Schema):
    bank: Annotated[str, Field(max_length=128)] | None = None
    account_name: Annotated[str, Field(max_length=128)] | None = None
    account_number: Annotated[str, Field(max_length=64, pattern=r"^[0-9A-Za-z \-]*$")] | None = None
    note: Annotated[str, Field(max_length=500)] | None = None


class KeyRefIn(Schema):
    """Exactly one: the environment variable or the absolute file path holding the key (never the key)."""

    env: Annotated[str, Field(max_length=128)] | None = None
    file: Annotated[str, Field(max_length=500)] | None = None


class MethodSettingIn(Schema):
    """Fields left out stay as they are. In `provider` and `key_refs`, null removes an override."""

    enabled: StrictBool | None = None
    name_zh: Name | None = None
    name_en: Name | None = None
    payee: PayeeIn | None = None
    transfer_hours: StrictInt | None = None  # 1 to 336 (payment_method.transfer_hours_invalid)
    provider: dict[str, Annotated[str, Field(max_length=128)] | None] = Field(default_factory=dict, max_length=10)
    key_refs: dict[str, KeyRefIn | None] = Field(default_factory=dict, max_length=10)


class MethodOrderIn(Schema):
    methods: Annotated[list[PaymentMethod], Field(min_length=1, max_length=20)]


class ProofOut(BaseModel):
    """A receipt picture. Its links are signed for whoever was shown them and valid 15 minutes (api/proof_links.py):
    fetch the list again for fresh ones."""

    id: str
    url: str
    thumbnail_url: str
    uploaded_at: datetime

    @classmethod
    def of(cls, p: PaymentProof, links: ProofLinks) -> ProofOut:
        return cls(
            id=str(p.id),
            url=links.url(p.id, "full"),
            thumbnail_url=links.url(p.id, "thumbnail"),
            uploaded_at=p.uploaded_at,
        )


class OfflinePaymentOut(BaseModel):
    """An offline payment after a proof upload, a confirmation or a rejection."""

    id: str
    payment_no: str
    order_id: str
    method: PaymentMethod
    status: str
    amount: MoneyOut
    failure_code: str | None
    created_at: datetime
    paid_at: datetime | None
    proofs: list[ProofOut] = Field(default_factory=list)

    @classmethod
    def of(
        cls, p: Payment, proofs: list[PaymentProof] | None = None, links: ProofLinks | None = None
    ) -> OfflinePaymentOut:
        return cls(
            id=str(p.id),
            payment_no=p.payment_no,
            order_id=str(p.order_id),
            method=PaymentMethod(p.method),
            status=str(p.status),
            amount=MoneyOut.of(p.amount),
            failure_code=p.failure_code,
            created_at=p.created_at,
            paid_at=p.paid_at,
            proofs=[ProofOut.of(x, links) for x in proofs or []] if links else [],
        )


class CustomerOut(BaseModel):
    id: str
    name: str | None


class BankTransferOut(BaseModel):
    """A line of finance's "bank transfers to confirm" list."""

    id: str
    payment_no: str
    order_id: str
    order_number: str
    customer: CustomerOut
    status: str
    amount: MoneyOut
    failure_code: str | None
    created_at: datetime
    paid_at: datetime | None
    proofs: list[ProofOut]

    @classmethod
    def of(cls, r: BankTransferRow, links: ProofLinks) -> BankTransferOut:
        return cls(
            id=str(r.payment_id),
            payment_no=r.payment_no,
            order_id=str(r.order_id),
            order_number=r.order_number,
            customer=CustomerOut(id=str(r.customer_id), name=r.customer_name),
            status=r.status,
            amount=MoneyOut.of(Money.of_minor(r.amount_minor, r.currency)),
            failure_code=r.failure_code,
            created_at=r.created_at,
            paid_at=r.paid_at,
            proofs=[ProofOut.of(p, links) for p in r.proofs],
        )


class ConfirmTransferIn(Schema):
    reference: Annotated[str, Field(max_length=128)] | None = None
    note: Annotated[str, Field(max_length=500)] = ""


class RejectTransferIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=500)]
