"""The order aggregate: the order with its lines (price snapshots), its timeline and the staff's remarks.

Plain classes; infra/db maps them. Amounts are kept in minor units of the order's currency, as pricing computed
them at placement (`domain/orders/pricing.py`); the lines keep what the customer saw, whatever the catalog says
later.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from domain.money import Money


class OrderStatus(enum.StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    ON_HOLD = "on_hold"
    AWAITING_SHIPMENT = "awaiting_shipment"
    PARTIALLY_SHIPPED = "partially_shipped"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    CLOSED = "closed"


# The order still holds stock (its reservation is active) in these states, and only in these.
OPEN_STATUSES = frozenset(
    {
        OrderStatus.PENDING_PAYMENT,
        OrderStatus.PAID,
        OrderStatus.ON_HOLD,
        OrderStatus.AWAITING_SHIPMENT,
        OrderStatus.PARTIALLY_SHIPPED,
    }
)


class SalesChannel(enum.StrEnum):
    WEB = "web"  # the storefront
    MOBILE = "mobile"
    PHONE = "phone"  # staff taking an order on the phone
    POS = "pos"  # an offline sale keyed in by staff


class PaymentMethod(enum.StrEnum):
    """How an order is paid (domain/payments): through a provider, or confirmed by staff."""

    ALIPAY = "alipay"
    WECHAT_PAY = "wechat_pay"
    CARD = "card"
    BANK_TRANSFER = "bank_transfer"  # the customer transfers, finance confirms by hand (with the proof)
    CASH_ON_DELIVERY = "cash_on_delivery"  # collected by the courier, recorded by staff
    CASH = "cash"  # at a counter, recorded by staff


# methods a provider collects (through a PaymentGateway); the others are confirmed by staff
ONLINE_METHODS = frozenset({PaymentMethod.ALIPAY, PaymentMethod.WECHAT_PAY, PaymentMethod.CARD})
OFFLINE_METHODS = frozenset(PaymentMethod) - ONLINE_METHODS


class ActorKind(enum.StrEnum):
    CUSTOMER = "customer"
    STAFF = "staff"
    SYSTEM = "system"


@dataclass(eq=False)
class OrderLine:
    """One SKU of an order, with the catalog as it was when the order was placed."""

    order_id: UUID
    sku_id: UUID
    product_id: UUID
    product_name: str
    sku_code: str
    unit_price_minor: int
    quantity: int
    subtotal_minor: int
    discount_minor: int
    tax_minor: int
    total_minor: int
    product_name_en: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    image_url: str | None = None
    shipped_quantity: int = 0
    position: int = 0
    id: UUID = field(default_factory=uuid4)

    @property
    def outstanding(self) -> int:
        return self.quantity - self.shipped_quantity


@dataclass(eq=False)
class OrderEvent:
    """A row of the order's timeline: who moved it, when, from which state to which, and why."""

    order_id: UUID
    at: datetime
    action: str
    actor_kind: ActorKind
    to_status: str
    from_status: str | None = None
    actor_id: UUID | None = None
    actor_name: str | None = None
    note: str = ""
    note_params: dict[str, Any] | None = None  # set: `note` is a code shown in the reader's words (orders/notes.py)
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class OrderRemark:
    """A staff remark: shown to staff in the timeline, never to the customer."""

    order_id: UUID
    at: datetime
    text: str
    author_id: UUID | None = None
    author_name: str | None = None
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class Order:
    number: str
    channel: SalesChannel
    customer_id: UUID
    currency: str
    # the customer as they were when ordering (the list searches these)
    customer_name: str = ""
    customer_phone: str | None = None
    customer_email: str | None = None
    status: OrderStatus = OrderStatus.PENDING_PAYMENT
    subtotal_minor: int = 0
    discount_minor: int = 0
    points_deduction_minor: int = 0
    shipping_fee_minor: int = 0
    tax_minor: int = 0
    total_minor: int = 0
    paid_minor: int = 0
    refunded_minor: int = 0
    tax_inclusive: bool = True
    # the shipping address as it was when ordering
    address_id: UUID | None = None
    ship_recipient: str = ""
    ship_phone: str = ""
    ship_region_code: str = ""
    ship_province: str = ""
    ship_city: str = ""
    ship_district: str = ""
    ship_detail: str = ""
    ship_postal_code: str | None = None
    note: str = ""
    payment_method: str | None = None
    payment_reference: str | None = None
    needs_review: bool = False
    review_flags: list[str] = field(default_factory=list)
    hold_reason: str | None = None
    cancel_reason: str | None = None
    cancel_reason_params: dict[str, Any] | None = None  # set: `cancel_reason` is a code (orders/notes.py)
    carrier: str | None = None
    tracking_number: str | None = None
    reservation_id: UUID | None = None
    placed_by_id: UUID | None = None  # the staff member who keyed in a manual order
    split_from_id: UUID | None = None  # the order this one was split off (domain/orders/splitting.py)
    fingerprint: str = ""  # what the duplicate check compares (domain/orders/safety.py)
    # the list's columns, kept on the order so a page of orders is one query
    item_count: int = 0
    first_item_name: str = ""
    first_item_image_url: str | None = None
    expires_at: datetime | None = None
    paid_at: datetime | None = None
    shipped_at: datetime | None = None
    completed_at: datetime | None = None
    cancelled_at: datetime | None = None
    lines: list[OrderLine] = field(default_factory=list)
    events: list[OrderEvent] = field(default_factory=list)
    remarks: list[OrderRemark] = field(default_factory=list)
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def money(self, minor: int) -> Money:
        return Money.of_minor(minor, self.currency)

    @property
    def total(self) -> Money:
        return self.money(self.total_minor)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def snapshot(self) -> dict[str, Any]:
        """What the audit log keeps of an order before and after a staff change."""
        return {
            "number": self.number,
            "status": str(self.status),
            "total": str(self.total),
            "needs_review": self.needs_review,
            "hold_reason": self.hold_reason,
            "cancel_reason": self.cancel_reason,
            **({"cancel_reason_params": self.cancel_reason_params} if self.cancel_reason_params is not None else {}),
            "payment_method": self.payment_method,
            "lines": [
                {
                    "sku_code": line.sku_code,
                    "unit_price": str(self.money(line.unit_price_minor)),
                    "quantity": line.quantity,
                    "shipped": line.shipped_quantity,
                }
                for line in self.lines
            ],
        }
