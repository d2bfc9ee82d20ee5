"""What payment-method settings and offline payments need from storage and from the provider configuration
(infra/repositories/payment_methods.py, infra/payments/method_keys.py). The settings and the proofs are their own
rows beside the payment aggregate; PaymentsUoW offers them (domain/payments/ports.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID, uuid4

from domain.orders.entities import PaymentMethod


@dataclass(frozen=True)
class KeyRef:
    """Where a provider key is kept: the name of an environment variable or a file path, never the key itself."""

    env: str | None = None
    file: str | None = None


@dataclass(frozen=True)
class KeyState:
    """Whether a key resolves, and from where: `database` (a reference admins set here), `settings` (the server's
    configuration), `sandbox` (development's generated keys) or `missing`."""

    configured: bool
    source: str


@dataclass(eq=False)
class MethodSetting:
    """How the shop offers one payment method (one row per method)."""

    method: PaymentMethod
    enabled: bool
    position: int
    name_zh: str
    name_en: str
    # bank transfer: where the customer sends the money, shown on the pay page
    payee_bank: str = ""
    payee_account_name: str = ""
    payee_account_number: str = ""
    payee_note: str = ""
    transfer_hours: int = 24  # how long a customer who chose bank transfer has to send it (the order waits)
    provider: dict[str, str] = field(default_factory=dict)  # non-secret provider settings admins override
    key_refs: dict[str, dict[str, str]] = field(default_factory=dict)  # key name → {"env": …} or {"file": …}
    updated_at: datetime | None = None
    updated_by: str | None = None

    def key_ref(self, name: str) -> KeyRef | None:
        ref = self.key_refs.get(name)
        return KeyRef(env=ref.get("env"), file=ref.get("file")) if ref else None


@dataclass(eq=False)
class PaymentProof:
    """A picture of a bank transfer's receipt the customer uploaded (several per payment: the newest counts).
    `url` and `thumbnail_url` are the private files' keys (`payment-proofs/<name>`), never served as they are: the
    API links to them through an authorised endpoint."""

    payment_id: UUID
    url: str
    thumbnail_url: str
    uploaded_at: datetime
    uploaded_by: UUID | None
    id: UUID = field(default_factory=uuid4)


@dataclass(frozen=True)
class BankTransferRow:
    """One line of finance's "bank transfers to confirm" list."""

    payment_id: UUID
    payment_no: str
    order_id: UUID
    order_number: str
    customer_id: UUID
    customer_name: str | None
    status: str
    currency: str
    amount_minor: int
    failure_code: str | None
    created_at: datetime
    paid_at: datetime | None
    proofs: tuple[PaymentProof, ...] = ()


class MethodSettingRepository(Protocol):
    async def all(self) -> list[MethodSetting]: ...
    async def get(self, method: PaymentMethod) -> MethodSetting | None: ...
    async def get_for_update(self, method: PaymentMethod) -> MethodSetting | None: ...
    async def add(self, setting: MethodSetting) -> None: ...


class PaymentProofRepository(Protocol):
    async def add(self, proof: PaymentProof) -> None: ...
    async def get(self, proof_id: UUID) -> PaymentProof | None: ...
    async def of_payment(self, payment_id: UUID) -> list[PaymentProof]:
        """The payment's proofs, newest first."""
        ...

    async def bank_transfers(
        self, *, statuses: tuple[str, ...], offset: int, limit: int
    ) -> tuple[list[BankTransferRow], int]:
        """Bank-transfer payments in these states (all when empty), oldest first (the queue finance works
        through), with their order number, customer and proofs, and how many match."""
        ...


class ProviderKeys(Protocol):
    """The provider configuration behind the online methods (infra knows each provider's settings)."""

    def fields(self, method: PaymentMethod) -> tuple[str, ...]:
        """The non-secret settings admins may override (e.g. `app_id`, `mchid`)."""
        ...

    def keys(self, method: PaymentMethod) -> tuple[str, ...]:
        """The method's keys, by name (e.g. `app_private_key`)."""
        ...

    def key_states(self, method: PaymentMethod, refs: Mapping[str, KeyRef]) -> dict[str, KeyState]:
        """Each key's state with these references (admins' references win over the server's settings)."""
        ...
