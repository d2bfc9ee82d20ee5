"""The customer list: accounts without a staff role, beside the back office's record of each. Never commits."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers.entities import Buyer, Customer, CustomerNote, CustomerRecord, TagCount, is_customer
from domain.customers.ports import CustomerQuery
from domain.identity.entities import User
from domain.identity.principal import CUSTOMER_ROLES
from infra.db.tables import customers as tables
from infra.db.tables import identity as identity_tables
from infra.repositories.listing import order_by

u = identity_tables.user_account
r = tables.customer_record


def _is_customer() -> sa.ColumnElement[bool]:
    """No role other than customer or dealer (what Principal.is_staff says of a token)."""
    ur, role = identity_tables.user_role, identity_tables.role
    staff_role = (
        sa.select(ur.c.user_id)
        .join(role, role.c.id == ur.c.role_id)
        .where(ur.c.user_id == u.c.id, role.c.name.not_in(sorted(CUSTOMER_ROLES)))
    )
    return ~staff_role.exists()


def _buyer_statement(*, locked: bool) -> sa.Select[Any]:
    """Checkout's read of the buyer, one row per role; built once (checkout runs it on every order)."""
    ur, role = identity_tables.user_role, identity_tables.role
    people = u.outerjoin(r, r.c.user_id == u.c.id).outerjoin(ur, ur.c.user_id == u.c.id)
    stmt = (
        sa.select(
            u.c.display_name, u.c.email, u.c.phone, u.c.locale, r.c.blacklisted, r.c.blacklist_reason, role.c.name
        )
        .select_from(people.outerjoin(role, role.c.id == ur.c.role_id))
        .where(u.c.id == sa.bindparam("user_id", type_=u.c.id.type))
    )
    # FOR NO KEY UPDATE, not FOR UPDATE: rows that merely reference the account (an order, a notification, a cart)
    # take FOR KEY SHARE on it and need not wait for this transaction. SQLite renders no lock clause; its writing
    # transactions begin IMMEDIATE and so run one at a time already (infra/db/engine.py).
    return stmt.with_for_update(of=u, key_share=True) if locked else stmt


_BUYER, _BUYER_LOCKED = _buyer_statement(locked=False), _buyer_statement(locked=True)


class CustomerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: UUID) -> Customer | None:
        account = await self.session.get(User, user_id)
        if account is None or not is_customer(account):
            return None
        return Customer(account=account, record=await self.session.get(CustomerRecord, user_id))

    async def buyer(self, user_id: UUID, *, locked: bool = False) -> Buyer | None:
        stmt = _BUYER_LOCKED if locked else _BUYER
        rows = (await self.session.execute(stmt, {"user_id": user_id})).all()
        if not rows:
            return None
        first = rows[0]
        found = Buyer(
            id=user_id,
            display_name=first.display_name,
            email=first.email,
            phone=first.phone,
            locale=first.locale,
            role_names=frozenset(row.name for row in rows if row.name is not None),
            blacklisted=bool(first.blacklisted),
            blacklist_reason=first.blacklist_reason,
        )
        return found if found.is_customer else None

    async def record_for_update(self, user_id: UUID) -> CustomerRecord | None:
        return await self.session.get(CustomerRecord, user_id, with_for_update=True, populate_existing=True)

    async def add(self, record: CustomerRecord) -> None:
        self.session.add(record)

    async def tags(self) -> list[TagCount]:
        t = tables.customer_tag
        stmt = sa.select(t.c.name, sa.func.count()).group_by(t.c.name).order_by(t.c.name)
        return [TagCount(name=name, customers=count) for name, count in await self.session.execute(stmt)]

    async def add_note(self, note: CustomerNote) -> None:
        self.session.add(note)

    async def notes(self, user_id: UUID) -> list[CustomerNote]:
        n = tables.customer_note
        stmt = sa.select(CustomerNote).where(n.c.user_id == user_id).order_by(n.c.created_at.desc(), n.c.id)
        return list((await self.session.scalars(stmt)).all())

    async def find(self, query: CustomerQuery, *, offset: int, limit: int) -> tuple[list[Customer], int]:
        conditions = [_is_customer(), *self._filters(query)]
        joined = u.outerjoin(r, r.c.user_id == u.c.id)
        total = await self.session.scalar(sa.select(sa.func.count()).select_from(joined).where(*conditions))
        stmt = (
            sa.select(User, CustomerRecord)
            .select_from(joined)
            .where(*conditions)
            .order_by(*order_by(u, query.sort))
            .offset(offset)
            .limit(limit)
        )
        rows = (await self.session.execute(stmt)).all()
        return [Customer(account=account, record=record) for account, record in rows], total or 0

    def _filters(self, query: CustomerQuery) -> list[sa.ColumnElement[bool]]:
        found: list[sa.ColumnElement[bool]] = []
        if query.text:
            needle = query.text.strip().lower()
            found.append(
                sa.or_(
                    sa.func.lower(u.c.email).contains(needle, autoescape=True),
                    u.c.phone.contains(needle, autoescape=True),
                    sa.func.lower(u.c.display_name).contains(needle, autoescape=True),
                )
            )
        if query.tag:
            t = tables.customer_tag
            found.append(u.c.id.in_(sa.select(t.c.user_id).where(t.c.name == query.tag)))
        if query.blacklisted is True:
            found.append(r.c.blacklisted.is_(True))
        elif query.blacklisted is False:
            found.append(sa.or_(r.c.blacklisted.is_(None), r.c.blacklisted.is_(False)))
        if query.status:
            found.append(u.c.status == query.status)
        if query.registered_from:
            found.append(u.c.created_at >= query.registered_from)
        if query.registered_to:
            found.append(u.c.created_at < query.registered_to)
        return found
