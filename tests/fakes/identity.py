"""In-memory users, roles, credentials and addresses (infra/repositories/identity.py)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from uuid import UUID

from domain.identity.entities import (
    Address,
    ExternalIdentity,
    LoginAttempt,
    OneTimeCode,
    RefreshToken,
    Role,
    User,
    UserStatus,
)
from tests.fakes.tables import Tables, page, sort_by

_NEVER = datetime.min.replace(tzinfo=UTC)


class FakeUserRepository:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, user: User) -> None:
        self._t.users[user.id] = user

    async def get(self, user_id: UUID) -> User | None:
        return self._t.users.get(user_id)

    async def get_for_update(self, user_id: UUID) -> User | None:
        return self._t.users.get(user_id)

    async def by_email(self, email: str) -> User | None:
        return next((u for u in self._t.users.values() if u.email == email.lower()), None)

    async def by_phone(self, phone: str) -> User | None:
        return next((u for u in self._t.users.values() if u.phone == phone), None)

    async def by_login(self, login: str) -> User | None:
        return await (self.by_email(login) if "@" in login else self.by_phone(login))

    async def end_sessions_of_role(self, role_id: UUID) -> None:
        for user in self._t.users.values():
            if any(r.id == role_id for r in user.roles):
                user.end_sessions()

    async def with_roles(self, role_ids: list[UUID]) -> list[User]:
        wanted = set(role_ids)
        members = [
            u for u in self._t.users.values() if u.status == UserStatus.ACTIVE and any(r.id in wanted for r in u.roles)
        ]
        return sorted(members, key=lambda u: u.created_at or _NEVER)

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
        needle = (query or "").lower()
        found = [
            u
            for u in self._t.users.values()
            if (not needle or any(needle in (v or "").lower() for v in (u.email, u.phone, u.display_name)))
            and (not status or u.status == status)
            and (not role or role in u.role_names)
            and (kind != "staff" or u.is_staff)
            and (kind not in ("customer", "dealer") or kind in u.role_names)
        ]
        return page(sort_by(found, sort), offset, limit)


class FakeRoleRepository:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, role: Role) -> None:
        self._t.roles[role.id] = role

    async def get(self, role_id: UUID) -> Role | None:
        return self._t.roles.get(role_id)

    async def by_name(self, name: str) -> Role | None:
        return next((r for r in self._t.roles.values() if r.name == name), None)

    async def by_names(self, names: list[str]) -> list[Role]:
        return [r for r in self._t.roles.values() if r.name in names]

    async def list(self) -> list[Role]:
        return sorted(self._t.roles.values(), key=lambda r: (not r.builtin, r.name))

    async def delete(self, role: Role) -> None:
        del self._t.roles[role.id]

    async def count_users(self, role_id: UUID) -> int:
        return sum(1 for u in self._t.users.values() if any(r.id == role_id for r in u.roles))


class FakeCredentialRepository:
    """Refresh tokens, one-time codes, sign-in attempts and third-party identities, each in its own table."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, obj: object) -> None:
        match obj:
            case RefreshToken():
                self._t.refresh_tokens.append(obj)
            case OneTimeCode():
                self._t.codes.append(obj)
            case LoginAttempt():
                self._t.sign_ins.append(obj)
            case ExternalIdentity():
                self._t.external_identities.append(obj)
            case _:
                raise TypeError(f"not a credential: {obj!r}")

    async def refresh_token(self, token_hash: str) -> RefreshToken | None:
        return next((t for t in self._t.refresh_tokens if t.token_hash == token_hash), None)

    async def revoke_family(self, family_id: UUID, at: datetime) -> None:
        for token in self._t.refresh_tokens:
            if token.family_id == family_id and token.revoked_at is None:
                token.revoked_at = at

    async def revoke_all_for_user(self, user_id: UUID, at: datetime) -> None:
        for token in self._t.refresh_tokens:
            if token.user_id == user_id and token.revoked_at is None:
                token.revoked_at = at

    async def latest_code(self, purpose: str, target: str) -> OneTimeCode | None:
        mine = [c for c in self._t.codes if c.purpose == purpose and c.target == target]
        return max(mine, key=lambda c: c.created_at or _NEVER, default=None)

    async def count_codes_since(self, purpose: str, target: str, since: datetime) -> int:
        return sum(
            1
            for c in self._t.codes
            if c.purpose == purpose and c.target == target and (c.created_at or _NEVER) >= since
        )

    async def code_by_hash(self, purpose: str, code_hash: str) -> OneTimeCode | None:
        return next((c for c in self._t.codes if c.purpose == purpose and c.code_hash == code_hash), None)

    async def codes_of_user(
        self, user_id: UUID, purposes: Collection[str], *, since: datetime, lock: bool = True
    ) -> list[OneTimeCode]:
        mine = [
            c
            for c in self._t.codes
            if c.user_id == user_id
            and c.purpose in purposes
            and (c.consumed_at is None or (c.created_at or _NEVER) >= since)
        ]
        return sorted(mine, key=lambda c: c.created_at or _NEVER, reverse=True)

    async def count_failures_since(self, user_id: UUID, since: datetime) -> int:
        mine = [a for a in self._t.sign_ins if a.user_id == user_id]
        return len(_failures_since_last_success(mine, since))

    async def failures_from(self, user_id: UUID, ip: str, since: datetime) -> tuple[int, datetime | None]:
        mine = [a for a in self._t.sign_ins if a.user_id == user_id and a.ip == ip]
        failures = _failures_since_last_success(mine, since)
        return len(failures), max((a.at for a in failures), default=None)

    async def has_logged_in_from(self, user_id: UUID, ip: str) -> bool:
        return any(a.user_id == user_id and a.success and a.ip == ip for a in self._t.sign_ins)

    async def has_any_login(self, user_id: UUID) -> bool:
        return any(a.user_id == user_id and a.success for a in self._t.sign_ins)

    async def external_identity(self, provider: str, subject: str) -> ExternalIdentity | None:
        return next((e for e in self._t.external_identities if e.provider == provider and e.subject == subject), None)


def _failures_since_last_success(attempts: list[LoginAttempt], since: datetime) -> list[LoginAttempt]:
    """A successful sign-in wipes the slate: only failures after the last success count."""
    last_success = max((a.at for a in attempts if a.success), default=None)
    return [a for a in attempts if not a.success and a.at >= since and (last_success is None or a.at > last_success)]


class FakeAddressRepository:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, address: Address) -> None:
        self._t.addresses[address.id] = address

    async def get_owned(self, address_id: UUID, user_id: UUID) -> Address | None:
        address = self._t.addresses.get(address_id)
        return address if address is not None and address.user_id == user_id else None

    async def list_for(self, user_id: UUID) -> list[Address]:
        mine = [a for a in self._t.addresses.values() if a.user_id == user_id]
        return sorted(mine, key=lambda a: (not a.is_default, a.created_at or _NEVER))

    async def delete(self, address: Address) -> None:
        del self._t.addresses[address.id]
