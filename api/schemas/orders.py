"""Orders as the API shows them (ORDERS.md "Shapes"), and what placing and acting on them takes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import DecimalText, MoneyOut, Page, Schema, WholeNumber, money_json
from domain.orders import editing
from domain.orders.entities import ActorKind, Order, OrderEvent, OrderLine, OrderRemark, OrderStatus
from domain.orders.placing import Preview
from domain.orders.ports import TOTAL_CAP
from domain.orders.reading import StatusGroup
from domain.orders.state import OrderAction

Quantity = Annotated[int, Field(ge=1, le=1_000_000, strict=True), WholeNumber]
Reason = Annotated[str, Field(min_length=1, max_length=500)]
Note = Annotated[str, Field(max_length=500)]


class CheckoutLineIn(Schema):
    sku_id: UUID
    quantity: Quantity


class CheckoutPreviewIn(Schema):
    lines: Annotated[list[CheckoutLineIn], Field(min_length=1, max_length=100)]
    address_id: UUID | None = None


class MyOrderIn(Schema):
    lines: Annotated[list[CheckoutLineIn], Field(min_length=1, max_length=100)]
    address_id: UUID
    note: Note = ""


class ManualLineIn(Schema):
    sku_id: UUID
    quantity: Quantity
    unit_price: DecimalText | None = None  # an agreed price instead of the catalog's (audited)


class ManualPreviewIn(Schema):
    customer_id: UUID
    lines: Annotated[list[ManualLineIn], Field(min_length=1, max_length=100)]
    address_id: UUID | None = None


class ManualOrderIn(Schema):
    customer_id: UUID
    channel: Literal["phone", "pos"]
    lines: Annotated[list[ManualLineIn], Field(min_length=1, max_length=100)]
    address_id: UUID
    note: Note = ""
    remark: Annotated[str, Field(max_length=1000)] = ""


class PayIn(Schema):
    # staff record only offline payments; online ones are paid through their provider
    method: Literal["bank_transfer", "cash_on_delivery", "cash"]
    reference: Annotated[str, Field(max_length=128)] | None = None
    note: Note = ""


class NoteIn(Schema):
    note: Note = ""


class ReasonIn(Schema):
    reason: Reason


class ConfirmIn(Schema):
    pass


class ShipLineIn(Schema):
    line_id: UUID
    quantity: Quantity


class ShipIn(Schema):
    lines: Annotated[list[ShipLineIn], Field(min_length=1, max_length=100)] | None = None
    carrier: Annotated[str, Field(min_length=1, max_length=64)]
    tracking_number: Annotated[str, Field(min_length=1, max_length=64)]


class RemarkIn(Schema):
    text: Annotated[str, Field(min_length=1, max_length=1000)]


class OrderLineOut(BaseModel):
    id: UUID
    sku_id: UUID
    product_id: UUID
    product_name: str
    product_name_en: str | None
    sku_code: str
    attributes: dict[str, str]
    image_url: str | None
    unit_price: MoneyOut
    quantity: int
    subtotal: MoneyOut
    discount: MoneyOut
    total: MoneyOut
    shipped_quantity: int

    @classmethod
    def of(cls, line: OrderLine, currency: str) -> OrderLineOut:
        def money(minor: int) -> MoneyOut:
            out = MoneyOut.minor(minor, currency)
            assert out is not None
            return out

        return cls(
            id=line.id,
            sku_id=line.sku_id,
            product_id=line.product_id,
            product_name=line.product_name,
            product_name_en=line.product_name_en,
            sku_code=line.sku_code,
            attributes=dict(line.attributes),
            image_url=line.image_url,
            unit_price=money(line.unit_price_minor),
            quantity=line.quantity,
            subtotal=money(line.subtotal_minor),
            discount=money(line.discount_minor),
            total=money(line.total_minor),
            shipped_quantity=line.shipped_quantity,
        )


class OrderAmountsOut(BaseModel):
    subtotal: MoneyOut
    discount: MoneyOut
    points_deduction: MoneyOut
    shipping_fee: MoneyOut
    tax: MoneyOut
    total: MoneyOut
    paid: MoneyOut
    refunded: MoneyOut
    tax_inclusive: bool
    # after a staff edit or merge of a paid order: positive still to pay, negative to refund (None: settled)
    balance_due: MoneyOut | None = None


class CustomerRefOut(BaseModel):
    id: UUID
    name: str
    phone: str | None
    email: str | None


class ShippingAddressOut(BaseModel):
    recipient: str
    phone: str
    region_code: str
    province: str
    city: str
    district: str
    detail: str
    postal_code: str | None


class OrderEventOut(BaseModel):
    id: UUID
    at: datetime
    actor_name: str | None  # None: staff, as the customer sees it
    actor_kind: ActorKind
    action: str
    from_status: OrderStatus | None
    to_status: OrderStatus
    note: str
    # set: `note` is a code (split_from, merged, changed…) the SPA shows in the reader's words with these
    # parameters (order numbers, money as MoneyOut); null: `note` is shown as it is
    note_params: dict[str, Any] | None = None

    @classmethod
    def of(cls, event: OrderEvent, *, for_customer: bool) -> OrderEventOut:
        # the failed review rules (review_again) are the staff's business too, like a staff member's name and note
        hidden = for_customer and (event.actor_kind == ActorKind.STAFF or event.action == OrderAction.REVIEW_AGAIN)
        return cls(
            id=event.id,
            at=event.at,
            actor_name=None if hidden or event.actor_kind == ActorKind.SYSTEM else event.actor_name,
            actor_kind=ActorKind(event.actor_kind),
            action=event.action,
            from_status=OrderStatus(event.from_status) if event.from_status else None,
            to_status=OrderStatus(event.to_status),
            note="" if hidden else event.note,
            note_params=None if hidden else event.note_params,
        )


class OrderRemarkOut(BaseModel):
    id: UUID
    at: datetime
    author_name: str | None
    text: str

    @classmethod
    def of(cls, remark: OrderRemark) -> OrderRemarkOut:
        return cls(id=remark.id, at=remark.at, author_name=remark.author_name, text=remark.text)


def amounts_of(order: Order) -> OrderAmountsOut:
    def money(minor: int) -> MoneyOut:
        out = MoneyOut.minor(minor, order.currency)
        assert out is not None
        return out

    return OrderAmountsOut(
        subtotal=money(order.subtotal_minor),
        discount=money(order.discount_minor),
        points_deduction=money(order.points_deduction_minor),
        shipping_fee=money(order.shipping_fee_minor),
        tax=money(order.tax_minor),
        total=money(order.total_minor),
        paid=money(order.paid_minor),
        refunded=money(order.refunded_minor),
        tax_inclusive=order.tax_inclusive,
        balance_due=MoneyOut.minor(balance, order.currency) if (balance := editing.balance_due_minor(order)) else None,
    )


class OrderOut(BaseModel):
    id: UUID
    number: str
    status: OrderStatus
    channel: str
    customer: CustomerRefOut
    currency: str
    lines: list[OrderLineOut]
    amounts: OrderAmountsOut
    tax_inclusive: bool
    address: ShippingAddressOut
    note: str
    payment_method: str | None
    needs_review: bool
    review_flags: list[str]
    hold_reason: str | None
    cancel_reason: str | None
    cancel_reason_params: dict[str, Any] | None = None  # set: `cancel_reason` is a code, as an event's note
    carrier: str | None
    tracking_number: str | None
    expires_at: datetime | None
    paid_at: datetime | None
    shipped_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    created_at: datetime
    updated_at: datetime | None  # send it back with an edit, split or merge: a stale one is 409 order.modified
    split_from_id: UUID | None = None  # the order this one was split off
    allowed_actions: list[str]
    events: list[OrderEventOut]
    remarks: list[OrderRemarkOut]

    @classmethod
    def of(cls, order: Order, *, allowed_actions: list[str], for_customer: bool = False) -> OrderOut:
        assert order.created_at is not None
        return cls(
            id=order.id,
            number=order.number,
            status=OrderStatus(order.status),
            channel=str(order.channel),
            customer=CustomerRefOut(
                id=order.customer_id, name=order.customer_name, phone=order.customer_phone, email=order.customer_email
            ),
            currency=order.currency,
            lines=[OrderLineOut.of(line, order.currency) for line in order.lines],
            amounts=amounts_of(order),
            tax_inclusive=order.tax_inclusive,
            address=ShippingAddressOut(
                recipient=order.ship_recipient,
                phone=order.ship_phone,
                region_code=order.ship_region_code,
                province=order.ship_province,
                city=order.ship_city,
                district=order.ship_district,
                detail=order.ship_detail,
                postal_code=order.ship_postal_code,
            ),
            note=order.note,
            payment_method=order.payment_method,
            needs_review=order.needs_review,
            review_flags=list(order.review_flags),
            hold_reason=None if for_customer else order.hold_reason,
            cancel_reason=order.cancel_reason,
            cancel_reason_params=order.cancel_reason_params,
            carrier=order.carrier,
            tracking_number=order.tracking_number,
            expires_at=order.expires_at,
            paid_at=order.paid_at,
            shipped_at=order.shipped_at,
            completed_at=order.completed_at,
            cancelled_at=order.cancelled_at,
            created_at=order.created_at,
            updated_at=order.updated_at,
            split_from_id=order.split_from_id,
            allowed_actions=allowed_actions,
            events=[OrderEventOut.of(e, for_customer=for_customer) for e in order.events],
            remarks=[] if for_customer else [OrderRemarkOut.of(r) for r in order.remarks],
        )


class OrderSummaryOut(BaseModel):
    id: UUID
    number: str
    status: OrderStatus
    channel: str
    customer_name: str
    total: MoneyOut
    item_count: int
    first_item_name: str
    first_item_image_url: str | None
    needs_review: bool
    payment_method: str | None
    created_at: datetime
    paid_at: datetime | None
    expires_at: datetime | None

    @classmethod
    def of(cls, order: Order) -> OrderSummaryOut:
        assert order.created_at is not None
        return cls(
            id=order.id,
            number=order.number,
            status=OrderStatus(order.status),
            channel=str(order.channel),
            customer_name=order.customer_name,
            total=MoneyOut.of(order.total),
            item_count=order.item_count,
            first_item_name=order.first_item_name,
            first_item_image_url=order.first_item_image_url,
            needs_review=order.needs_review,
            payment_method=order.payment_method,
            created_at=order.created_at,
            paid_at=order.paid_at,
            expires_at=order.expires_at,
        )


def order_summary_json(order: Order) -> dict[str, Any]:
    """OrderSummaryOut as plain data for orjson: the order list's 20 models cost a third of its CPU
    (tests/unit/test_order_page_json.py holds the two shapes equal)."""
    return {
        "id": order.id,
        "number": order.number,
        "status": str(order.status),
        "channel": str(order.channel),
        "customer_name": order.customer_name,
        "total": money_json(order.total),
        "item_count": order.item_count,
        "first_item_name": order.first_item_name,
        "first_item_image_url": order.first_item_image_url,
        "needs_review": order.needs_review,
        "payment_method": order.payment_method,
        "created_at": order.created_at,
        "paid_at": order.paid_at,
        "expires_at": order.expires_at,
    }


class OrderPage(Page[OrderSummaryOut]):
    total_capped: bool = Field(
        False, description=f"More than {TOTAL_CAP} orders match: `total` is {TOTAL_CAP}, shown as '{TOTAL_CAP:,}+'."
    )

    @staticmethod
    def json_of(orders: list[Order], counted: int, *, page: int, page_size: int) -> dict[str, Any]:
        """The page as plain data; `counted` is the repository's count, which stops at TOTAL_CAP + 1."""
        return {
            "items": [order_summary_json(o) for o in orders],
            "total": min(counted, TOTAL_CAP),
            "total_capped": counted > TOTAL_CAP,
            "page": page,
            "page_size": page_size,
        }


class PreviewLineOut(OrderLineOut):
    problem: Literal["sku.inactive", "stock.insufficient", "sku.not_found"] | None


class CheckoutPreviewOut(BaseModel):
    currency: str
    lines: list[PreviewLineOut]
    amounts: OrderAmountsOut
    problems: list[str]

    @classmethod
    def of(cls, preview: Preview) -> CheckoutPreviewOut:
        b = preview.amounts
        zero = MoneyOut.of(b.total - b.total)
        return cls(
            currency=preview.currency,
            lines=[
                PreviewLineOut(**OrderLineOut.of(line, preview.currency).model_dump(), problem=problem)  # type: ignore[arg-type]
                for line, problem in preview.lines
            ],
            amounts=OrderAmountsOut(
                subtotal=MoneyOut.of(b.subtotal),
                discount=MoneyOut.of(b.discount),
                points_deduction=MoneyOut.of(b.points_deduction),
                shipping_fee=MoneyOut.of(b.shipping_fee),
                tax=MoneyOut.of(b.tax),
                total=MoneyOut.of(b.total),
                paid=zero,
                refunded=zero,
                tax_inclusive=preview.tax_inclusive,
            ),
            problems=list(preview.problems),
        )


class MyOrderCountsOut(BaseModel):
    all: int
    unpaid: int
    to_ship: int
    shipped: int
    completed: int
    cancelled: int

    @classmethod
    def of(cls, counts: dict[StatusGroup, int]) -> MyOrderCountsOut:
        return cls(**{str(group): count for group, count in counts.items()})
