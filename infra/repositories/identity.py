"""Repositories for users, roles, credentials and addresses. They never commit."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.identity.entities import (
    Address,
    ExternalIdentity,
    LoginAttempt,
    OneTimeCode,
    RefreshToken,
    Role,
    User,
)
from infra import sessions
from infra.db.tables import identity as tables
from infra.repositories.listing import order_by


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, obj: Any) -> None:
        self.session.add(obj)


class UserRepository(_Repository):
    async def get(self, user_id: UUID) -> User | None:
        return await self.session.get(User, user_id)

    async def get_for_update(self, user_id: UUID) -> User | None:
        return await self.session.get(User, user_id, with_for_update=True, populate_existing=True)

    async def by_email(self, email: str) -> User | None:
        return await self.session.scalar(sa.select(User).where(tables.user_account.c.email == email.lower()))

    async def by_phone(self, phone: str) -> User | None:
        return await self.session.scalar(sa.select(User).where(tables.user_account.c.phone == phone))

    async def by_login(self, login: str) -> User | None:
        return await (self.by_email(login) if "@" in login else self.by_phone(login))

    async def end_sessions_of_role(self, role_id: UUID) -> None:
        u, ur = tables.user_account, tables.user_role
        holders = sa.select(ur.c.user_id).where(ur.c.role_id == role_id)
        stmt = (
            sa.update(u)
            .where(u.c.id.in_(holders))
            .values(token_version=u.c.token_version + 1)
            .returning(*sessions.COLUMNS)
        )
        changed = sessions.changed_users(self.session.sync_session)
        for row in await self.session.execute(stmt):
            changed[row.id] = sessions.SessionState.of(row)

    async def with_roles(self, role_ids: list[UUID]) -> list[User]:
        if not role_ids:
            return []
        ur = tables.user_role
        members = sa.select(ur.c.user_id).where(ur.c.role_id.in_(role_ids))
        u = tables.user_account
        stmt = sa.select(User).where(u.c.id.in_(members), u.c.status == "active").order_by(u.c.created_at)
        return list((await self.session.scalars(stmt)).all())

    async def list(
        self,
        *,
        query: str | None,
        status: str | None,
        role: str | None,
        kind: str | None,
        sort: str,
        offset: int,
        limit: int,
    ) -> tuple[list[User], int]:
        u = tables.user_account
        stmt = sa.select(User)
        if query:
            needle = query.lower()
            stmt = stmt.where(
                sa.or_(
                    sa.func.lower(u.c.email).contains(needle, autoescape=True),
                    u.c.phone.contains(needle, autoescape=True),
                    sa.func.lower(u.c.display_name).contains(needle, autoescape=True),
                )
            )
        if status:
            stmt = stmt.where(u.c.status == status)
        if role or kind:
            r, ur = tables.role, tables.user_role
            member = sa.select(ur.c.user_id).join(r, r.c.id == ur.c.role_id)
            if role:
                stmt = stmt.where(u.c.id.in_(member.where(r.c.name == role)))
            if kind == "staff":
                stmt = stmt.where(u.c.id.in_(member.where(r.c.name.not_in(["customer", "dealer"]))))
            elif kind in ("customer", "dealer"):
                stmt = stmt.where(u.c.id.in_(member.where(r.c.name == kind)))
        total = await self.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
        stmt = stmt.order_by(*order_by(u, sort)).offset(offset).limit(limit)
        return list((await self.session.scalars(stmt)).all()), total or 0


class RoleRepository(_Repository):
    async def get(self, role_id: UUID) -> Role | None:
        return await self.session.get(Role, role_id)

    async def by_name(self, name: str) -> Role | None:
        return await self.session.scalar(sa.select(Role).where(tables.role.c.name == name))

    async def by_names(self, names: list[str]) -> list[Role]:
        return list((await self.session.scalars(sa.select(Role).where(tables.role.c.name.in_(names)))).all())

    async def list(self) -> list[Role]:
        stmt = sa.select(Role).order_by(tables.role.c.builtin.desc(), tables.role.c.name)
        return list((await self.session.scalars(stmt)).all())

    async def delete(self, role: Role) -> None:
        await self.session.delete(role)

    async def count_users(self, role_id: UUID) -> int:
        stmt = sa.select(sa.func.count()).select_from(tables.user_role).where(tables.user_role.c.role_id == role_id)
        return (await self.session.scalar(stmt)) or 0


class CredentialRepository(_Repository):
    async def refresh_token(self, token_hash: str) -> RefreshToken | None:
        stmt = sa.select(RefreshToken).where(tables.refresh_token.c.token_hash == token_hash).with_for_update()
        return await self.session.scalar(stmt)

    async def revoke_family(self, family_id: UUID, at: datetime) -> None:
        t = tables.refresh_token
        await self.session.execute(
            sa.update(t)
            .where(t.c.family_id == family_id, t.c.revoked_at.is_(None))
            .values(revoked_at=at)
            .execution_options(synchronize_session="fetch")
        )

    async def revoke_all_for_user(self, user_id: UUID, at: datetime) -> None:
        t = tables.refresh_token
        await self.session.execute(
            sa.update(t)
            .where(t.c.user_id == user_id, t.c.revoked_at.is_(None))
            .values(revoked_at=at)
            .execution_options(synchronize_session="fetch")
        )

    async def latest_code(self, purpose: str, target: str) -> OneTimeCode | None:
        c = tables.one_time_code
        stmt = (
            sa.select(OneTimeCode)
            .where(c.c.purpose == purpose, c.c.target == target)
            .order_by(c.c.created_at.desc())
            .limit(1)
            .with_for_update()
        )
        return await self.session.scalar(stmt)

    async def count_codes_since(self, purpose: str, target: str, since: datetime) -> int:
        c = tables.one_time_code
        stmt = sa.select(sa.func.count()).where(c.c.purpose == purpose, c.c.target == target, c.c.created_at >= since)
        return (await self.session.scalar(stmt)) or 0

    async def code_by_hash(self, purpose: str, code_hash: str) -> OneTimeCode | None:
        c = tables.one_time_code
        stmt = sa.select(OneTimeCode).where(c.c.purpose == purpose, c.c.code_hash == code_hash).with_for_update()
        return await self.session.scalar(stmt)

    async def codes_of_user(
        self, user_id: UUID, purposes: Collection[str], *, since: datetime, lock: bool = True
    ) -> list[OneTimeCode]:
        c = tables.one_time_code
        stmt = (
            sa.select(OneTimeCode)
            .where(
                c.c.user_id == user_id,
                c.c.purpose.in_(list(purposes)),
                sa.or_(c.c.consumed_at.is_(None), c.c.created_at >= since),
            )
            .order_by(c.c.created_at.desc())
        )
        return list(await self.session.scalars(stmt.with_for_update() if lock else stmt))

    async def count_failures_since(self, user_id: UUID, since: datetime) -> int:
        a = tables.login_attempt
        # a successful sign-in wipes the slate: only failures after the last success count
        last_success = (
            sa.select(sa.func.max(a.c.at)).where(a.c.user_id == user_id, a.c.success.is_(True)).scalar_subquery()
        )
        stmt = sa.select(sa.func.count()).where(
            a.c.user_id == user_id,
            a.c.success.is_(False),
            a.c.at >= since,
            sa.or_(last_success.is_(None), a.c.at > last_success),
        )
        return (await self.session.scalar(stmt)) or 0

    async def failures_from(self, user_id: UUID, ip: str, since: datetime) -> tuple[int, datetime | None]:
        """Failed sign-ins to the account from one address since its last success there: how many, the latest."""
        a = tables.login_attempt
        last_success = (
            sa.select(sa.func.max(a.c.at))
            .where(a.c.user_id == user_id, a.c.ip == ip, a.c.success.is_(True))
            .scalar_subquery()
        )
        stmt = sa.select(sa.func.count(), sa.func.max(a.c.at)).where(
            a.c.user_id == user_id,
            a.c.ip == ip,
            a.c.success.is_(False),
            a.c.at >= since,
            sa.or_(last_success.is_(None), a.c.at > last_success),
        )
        count, latest = (await self.session.execute(stmt)).one()
        return int(count or 0), latest

    async def has_logged_in_from(self, user_id: UUID, ip: str) -> bool:
        a = tables.login_attempt
        stmt = sa.select(a.c.id).where(a.c.user_id == user_id, a.c.success.is_(True), a.c.ip == ip).limit(1)
        return (await self.session.scalar(stmt)) is not None

    async def has_any_login(self, user_id: UUID) -> bool:
        a = tables.login_attempt
        stmt = sa.select(a.c.id).where(a.c.user_id == user_id, a.c.success.is_(True)).limit(1)
        return (await self.session.scalar(stmt)) is not None

    async def external_identity(self, provider: str, subject: str) -> ExternalIdentity | None:
        e = tables.external_identity
        return await self.session.scalar(
            sa.select(ExternalIdentity).where(e.c.provider == provider, e.c.subject == subject)
        )


class AddressRepository(_Repository):
    async def get_owned(self, address_id: UUID, user_id: UUID) -> Address | None:
        a = tables.address
        return await self.session.scalar(sa.select(Address).where(a.c.id == address_id, a.c.user_id == user_id))

    async def list_for(self, user_id: UUID) -> list[Address]:
        a = tables.address
        stmt = sa.select(Address).where(a.c.user_id == user_id).order_by(a.c.is_default.desc(), a.c.created_at)
        return list((await self.session.scalars(stmt)).all())

    async def delete(self, address: Address) -> None:
        await self.session.delete(address)


# LoginAttempt is added through CredentialRepository.add.
__all__ = ["LoginAttempt"]
