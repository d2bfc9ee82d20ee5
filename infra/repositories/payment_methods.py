"""Payment-method settings and bank-transfer proofs, with finance's list of transfers. They never commit."""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.orders.entities import PaymentMethod
from domain.payments.method_ports import BankTransferRow, MethodSetting, PaymentProof
from infra.db.tables import identity, orders, payments
from infra.db.tables import payment_methods as tables

pay, proof = payments.payment, tables.payment_proof


class MethodSettingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> list[MethodSetting]:
        return list((await self.session.scalars(sa.select(MethodSetting))).all())

    async def get(self, method: PaymentMethod) -> MethodSetting | None:
        return await self.session.get(MethodSetting, str(method))

    async def get_for_update(self, method: PaymentMethod) -> MethodSetting | None:
        return await self.session.get(MethodSetting, str(method), with_for_update=True, populate_existing=True)

    async def add(self, setting: MethodSetting) -> None:
        self.session.add(setting)


class PaymentProofRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, item: PaymentProof) -> None:
        self.session.add(item)

    async def get(self, proof_id: UUID) -> PaymentProof | None:
        return await self.session.get(PaymentProof, proof_id)

    async def of_payment(self, payment_id: UUID) -> list[PaymentProof]:
        stmt = sa.select(PaymentProof).where(proof.c.payment_id == payment_id)
        return list((await self.session.scalars(stmt.order_by(proof.c.uploaded_at.desc(), proof.c.id))).all())

    async def bank_transfers(
        self, *, statuses: tuple[str, ...], offset: int, limit: int
    ) -> tuple[list[BankTransferRow], int]:
        order, user = orders.sales_order, identity.user_account
        where = [pay.c.method == PaymentMethod.BANK_TRANSFER]
        if statuses:
            where.append(pay.c.status.in_(statuses))
        total = await self.session.scalar(sa.select(sa.func.count()).select_from(pay).where(*where)) or 0
        stmt = (
            sa.select(pay, order.c.number, user.c.display_name)
            .join(order, order.c.id == pay.c.order_id)
            .join(user, user.c.id == pay.c.customer_id)
            .where(*where)
            .order_by(pay.c.created_at, pay.c.id)
            .offset(offset)
            .limit(limit)
        )
        rows = (await self.session.execute(stmt)).all()
        pictures: dict[UUID, list[PaymentProof]] = defaultdict(list)
        if rows:
            found = sa.select(PaymentProof).where(proof.c.payment_id.in_([r.id for r in rows]))
            for item in (await self.session.scalars(found.order_by(proof.c.uploaded_at.desc()))).all():
                pictures[item.payment_id].append(item)
        return [
            BankTransferRow(
                payment_id=r.id,
                payment_no=r.payment_no,
                order_id=r.order_id,
                order_number=r.number,
                customer_id=r.customer_id,
                customer_name=r.display_name or None,
                status=r.status,
                currency=r.currency,
                amount_minor=r.amount_minor,
                failure_code=r.failure_code,
                created_at=r.created_at,
                paid_at=r.paid_at,
                proofs=tuple(pictures[r.id]),
            )
            for r in rows
        ], int(total)
