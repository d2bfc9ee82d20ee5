"""Payment and refund records: finance's lists with their filters and exports, a payment's detail with its log, a
customer's own payment history, and an order's payments for its detail page (PAYMENTS.md, part E)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import asdict, dataclass
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Annotated, Literal, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from api import i18n
from api.deps import ContainerDep, CurrentUser, Paging, ReadUoW, require
from api.downloads import FILE_RESPONSE, Format, spreadsheet
from api.schemas.common import AwareIsoTime, DecimalText, problems
from api.schemas.payments import (
    MyPaymentPage,
    OrderPaymentOut,
    PaymentDetailOut,
    PaymentPage,
    RefundPage,
)
from domain import money
from domain.errors import RuleViolation
from domain.identity.principal import Principal
from domain.orders.entities import PaymentMethod
from domain.payments import exports
from domain.payments import reading as records
from domain.payments import record_use_cases as use_cases
from domain.payments.entities import PaymentStatus, RefundStatus
from domain.payments.queries import PaymentQuery, RefundQuery
from infra.order_export_files import shop_zone

router = APIRouter(tags=["payments"])
Finance = Annotated[Principal, Depends(require("payments:read"))]
OrderReader = Annotated[Principal, Depends(require("orders:read"))]
READ = {"x-permission": "payments:read"}
PaymentSort = Literal["-created_at", "created_at", "-paid_at", "paid_at", "-amount", "amount"]
RefundSort = Literal["-created_at", "created_at", "-succeeded_at", "succeeded_at", "-amount", "amount"]
T = TypeVar("T")
Number = Annotated[str | None, Query(max_length=32, description="The whole number or its start")]


def _minor(amount: Decimal | None, currency: str) -> int | None:
    return None if amount is None else money.Money(amount, currency).minor


@dataclass(frozen=True)
class ListFilters:
    """The filters finance's payment and refund lists share."""

    methods: tuple[str, ...]
    order_number: str | None
    created_from: datetime | None
    created_to: datetime | None
    amount_min_minor: int | None
    amount_max_minor: int | None


async def list_filters(
    c: ContainerDep,
    method: Annotated[list[PaymentMethod] | None, Query()] = None,
    order_number: Number = None,
    created_from: AwareIsoTime | None = None,
    created_to: AwareIsoTime | None = None,
    amount_min: DecimalText | None = None,
    amount_max: DecimalText | None = None,
) -> ListFilters:
    currency = c.settings.base_currency
    return ListFilters(
        methods=tuple(str(m) for m in method or ()),
        order_number=order_number or None,
        created_from=created_from,
        created_to=created_to,
        amount_min_minor=_minor(amount_min, currency),
        amount_max_minor=_minor(amount_max, currency),
    )


Shared = Annotated[ListFilters, Depends(list_filters)]


async def payment_filters(
    shared: Shared,
    status_: Annotated[list[PaymentStatus] | None, Query(alias="status")] = None,
    payment_no: Number = None,
    paid_from: AwareIsoTime | None = None,
    paid_to: AwareIsoTime | None = None,
    sort: PaymentSort = "-created_at",
) -> PaymentQuery:
    return PaymentQuery(
        **asdict(shared),
        statuses=tuple(status_ or ()),
        payment_no=payment_no or None,
        paid_from=paid_from,
        paid_to=paid_to,
        sort=sort,
    )


async def refund_filters(
    shared: Shared,
    status_: Annotated[list[RefundStatus] | None, Query(alias="status")] = None,
    refund_no: Number = None,
    sort: RefundSort = "-created_at",
) -> RefundQuery:
    return RefundQuery(**asdict(shared), statuses=tuple(status_ or ()), refund_no=refund_no or None, sort=sort)


async def _export(
    request: Request,
    c: ContainerDep,
    format: Format,
    title: str,
    rows: int,
    batches: AsyncIterator[list[T]],
    cells_of: Callable[[T, str, tzinfo], list[exports.Cell]],
    columns: tuple[exports.Column, ...],
) -> Response:
    """A list's `rows` matching rows (`batches`) as a spreadsheet named after `title` and the time; 422 past the
    export limit."""
    if rows > exports.EXPORT_LIMIT:
        raise RuleViolation(
            f"More than {exports.EXPORT_LIMIT} rows match: narrow the filters (e.g. a shorter time range).",
            code="payment.export_too_large",
            limit=exports.EXPORT_LIMIT,
        )
    locale, zone = _locale(request), shop_zone(c.settings.order_export.timezone)

    async def cells() -> AsyncIterator[list[list[exports.Cell]]]:
        async for batch in batches:
            yield [cells_of(row, locale, zone) for row in batch]

    name = f"{title}-{c.clock.now():%Y%m%d-%H%M%S}"
    return await spreadsheet(name, format, exports.header(columns, locale), cells(), title=title)


PaymentFilters = Annotated[PaymentQuery, Depends(payment_filters)]
RefundFilters = Annotated[RefundQuery, Depends(refund_filters)]


def _locale(request: Request) -> str:
    return getattr(request.state, "locale", None) or i18n.negotiate(request.headers.get("accept-language"))


@router.get(
    "/payments",
    response_model=PaymentPage,
    openapi_extra=READ,
    operation_id="payments-list",
    responses=problems(401, 403, 422),
)
async def list_payments(_: Finance, uow: ReadUoW, paging: Paging, query: PaymentFilters) -> PaymentPage:
    """Payments matching every given filter, with their order's number and customer, sorted and paginated."""
    rows, counted = await use_cases.list_payments(uow, query, offset=paging.offset, limit=paging.page_size)
    return PaymentPage.of(rows, counted, page=paging.page, page_size=paging.page_size)


@router.get(
    "/payments/export",
    response_class=Response,
    response_model=None,
    openapi_extra=READ,
    operation_id="payments-export",
    responses={**FILE_RESPONSE, **problems(401, 403, 422)},
)
async def export_payments(
    request: Request, _: Finance, c: ContainerDep, query: PaymentFilters, format: Format = "csv"
) -> Response:
    """The payments matching the list's filters, in its order, as CSV or XLSX (at most 10,000 rows: 422 past it)."""
    rows = await use_cases.count_payments(c.uow(read_only=True), query)
    batches = records.payment_batches(lambda: c.uow(read_only=True), query, limit=exports.EXPORT_LIMIT)
    return await _export(request, c, format, "payments", rows, batches, exports.payment_cells, exports.PAYMENT_COLUMNS)


@router.get(
    "/payments/{payment_id}",
    response_model=PaymentDetailOut,
    openapi_extra=READ,
    operation_id="payments-get",
    responses=problems(401, 403, 404, 422),
)
async def get_payment(_: Finance, uow: ReadUoW, payment_id: UUID) -> PaymentDetailOut:
    """One payment with its provider reference, its log (oldest first) and its refunds."""
    return PaymentDetailOut.of_record(await use_cases.get_payment(uow, payment_id))


@router.get(
    "/refunds",
    response_model=RefundPage,
    openapi_extra=READ,
    operation_id="refunds-list",
    responses=problems(401, 403, 422),
)
async def list_refunds(_: Finance, uow: ReadUoW, paging: Paging, query: RefundFilters) -> RefundPage:
    """Refunds matching every given filter, with their payment and order numbers, sorted and paginated."""
    rows, counted = await use_cases.list_refunds(uow, query, offset=paging.offset, limit=paging.page_size)
    return RefundPage.of(rows, counted, page=paging.page, page_size=paging.page_size)


@router.get(
    "/refunds/export",
    response_class=Response,
    response_model=None,
    openapi_extra=READ,
    operation_id="refunds-export",
    responses={**FILE_RESPONSE, **problems(401, 403, 422)},
)
async def export_refunds(
    request: Request, _: Finance, c: ContainerDep, query: RefundFilters, format: Format = "csv"
) -> Response:
    """The refunds matching the list's filters, in its order, as CSV or XLSX (at most 10,000 rows: 422 past it)."""
    rows = await use_cases.count_refunds(c.uow(read_only=True), query)
    batches = records.refund_batches(lambda: c.uow(read_only=True), query, limit=exports.EXPORT_LIMIT)
    return await _export(request, c, format, "refunds", rows, batches, exports.refund_cells, exports.REFUND_COLUMNS)


@router.get(
    "/me/payments",
    response_model=MyPaymentPage,
    openapi_extra={"x-permission": "authenticated"},
    operation_id="me-payments-list",
    responses=problems(401, 422),
)
async def my_payments(user: CurrentUser, uow: ReadUoW, paging: Paging) -> MyPaymentPage:
    """Your own payments, newest first."""
    rows, counted = await use_cases.list_my_payments(uow, user.id, offset=paging.offset, limit=paging.page_size)
    return MyPaymentPage.of(rows, counted, page=paging.page, page_size=paging.page_size)


@router.get(
    "/orders/{order_id}/payments",
    response_model=list[OrderPaymentOut],
    openapi_extra={"x-permission": "orders:read"},
    operation_id="orders-payments",
    responses=problems(401, 403, 404, 422),
)
async def order_payments(_: OrderReader, uow: ReadUoW, order_id: UUID) -> list[OrderPaymentOut]:
    """Every attempt to pay the order (oldest first), each with its refunds and what may still be refunded."""
    return [OrderPaymentOut.of_record(r) for r in await use_cases.order_payments(uow, order_id)]
