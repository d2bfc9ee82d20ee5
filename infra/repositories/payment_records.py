"""The statements behind the payment and refund lists (PaymentRepository.search / search_refunds): each row joined
with its order for the order number and the customer's name, filters that combine, a sort the indexes serve
(`ix_payment_created_at_id`, `ix_payment_paid_at_id`, `ix_refund_created_at_id`), and a count that stops at
TOTAL_CAP + 1 like the order list's."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import RuleViolation
from domain.orders.ports import TOTAL_CAP
from domain.payments.entities import Payment, Refund
from domain.payments.queries import PAYMENT_SORTS, REFUND_SORTS, PaymentQuery, PaymentRow, RefundQuery, RefundRow
from infra.db.tables import orders as order_tables
from infra.db.tables import payments as tables

pay, ref, so = tables.payment, tables.refund, order_tables.sales_order
_PAYMENT_SORT = {"created_at": pay.c.created_at, "paid_at": pay.c.paid_at, "amount": pay.c.amount_minor}
_REFUND_SORT = {"created_at": ref.c.created_at, "succeeded_at": ref.c.succeeded_at, "amount": ref.c.amount_minor}
assert set(_PAYMENT_SORT) == set(PAYMENT_SORTS) and set(_REFUND_SORT) == set(REFUND_SORTS)


def _between(column: Any, start: Any, end: Any) -> list[Any]:
    return [*([column >= start] if start is not None else []), *([column < end] if end is not None else [])]


def _shared_conditions(c: Any, q: PaymentQuery | RefundQuery) -> list[Any]:
    """The filters finance's payment and refund lists share: method, status, order number, creation, amount."""
    where: list[Any] = []
    if q.methods:
        where.append(c.method.in_(list(q.methods)))
    if q.statuses:
        where.append(c.status.in_([str(s) for s in q.statuses]))
    if q.order_number:
        where.append(so.c.number.startswith(q.order_number.strip(), autoescape=True))
    where += _between(c.created_at, q.created_from, q.created_to)
    if q.amount_min_minor is not None:
        where.append(c.amount_minor >= q.amount_min_minor)
    if q.amount_max_minor is not None:
        where.append(c.amount_minor <= q.amount_max_minor)
    return where


def payment_conditions(q: PaymentQuery) -> list[Any]:
    c = pay.c
    where = _shared_conditions(c, q)
    for column, value in ((c.id, q.payment_id), (c.customer_id, q.customer_id), (c.order_id, q.order_id)):
        if value is not None:
            where.append(column == value)
    if q.payment_no:
        where.append(c.payment_no.startswith(q.payment_no.strip(), autoescape=True))
    where += _between(c.paid_at, q.paid_from, q.paid_to)
    return where


def refund_conditions(q: RefundQuery) -> list[Any]:
    c = ref.c
    where = _shared_conditions(c, q)
    if q.order_id is not None:
        where.append(c.order_id == q.order_id)
    if q.payment_ids:
        where.append(c.payment_id.in_(list(q.payment_ids)))
    if q.refund_no:
        where.append(c.refund_no.startswith(q.refund_no.strip(), autoescape=True))
    return where


def _order_by(sort: str, columns: dict[str, Any], id_column: Any) -> list[Any]:
    name = sort.lstrip("-+")
    if name not in columns:
        raise RuleViolation(f"Cannot sort by '{name}'.", code="validation.sort", field="sort")
    column = columns[name]
    descending = sort.startswith("-")
    clause = column.desc() if descending else column.asc()
    if column.nullable:  # unpaid payments and unfinished refunds last, whichever the direction
        clause = clause.nulls_last()
    return [clause, id_column.desc() if descending else id_column.asc()]


async def _count(session: AsyncSession, base: sa.Select[Any]) -> int:
    """Counted up to TOTAL_CAP + 1 only: past ten thousand nobody pages, and exact counts cost on every page."""
    matching = base.with_only_columns(sa.literal(1)).limit(TOTAL_CAP + 1).subquery()
    return int(await session.scalar(sa.select(sa.func.count()).select_from(matching)) or 0)


async def search_payments(
    session: AsyncSession, q: PaymentQuery, *, offset: int, limit: int
) -> tuple[list[PaymentRow], int]:
    base = sa.select(Payment, so.c.number, so.c.customer_name).join(so, so.c.id == pay.c.order_id)
    base = base.where(*payment_conditions(q))
    total = await _count(session, base)
    if limit <= 0 or (offset and offset >= total and total <= TOTAL_CAP):
        return [], total
    stmt = base.order_by(*_order_by(q.sort, _PAYMENT_SORT, pay.c.id)).offset(offset).limit(limit)
    rows = (await session.execute(stmt)).all()
    return [PaymentRow(payment, number, name or "") for payment, number, name in rows], total


async def search_refunds(
    session: AsyncSession, q: RefundQuery, *, offset: int, limit: int
) -> tuple[list[RefundRow], int]:
    base = (
        sa.select(Refund, pay.c.payment_no, so.c.number, so.c.customer_name)
        .join(pay, pay.c.id == ref.c.payment_id)
        .join(so, so.c.id == ref.c.order_id)
        .where(*refund_conditions(q))
    )
    total = await _count(session, base)
    if limit <= 0 or (offset and offset >= total and total <= TOTAL_CAP):
        return [], total
    stmt = base.order_by(*_order_by(q.sort, _REFUND_SORT, ref.c.id)).offset(offset).limit(limit)
    rows = (await session.execute(stmt)).all()
    return [RefundRow(refund, payment_no, number, name or "") for refund, payment_no, number, name in rows], total
