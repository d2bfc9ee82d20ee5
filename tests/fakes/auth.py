"""What sign-in needs besides storage: a password hasher, a token issuer and sign-in providers, all instant, and
the container's factory of units of work (each call a fresh one on the same tables)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from domain.errors import AuthenticationFailed
from domain.identity.entities import OAuthProfile, User
from domain.identity.policy import AuthContext, AuthPolicy
from tests.fakes.clock import FakeClock
from tests.fakes.tables import Tables
from tests.fakes.unit_of_work import FakeUnitOfWork


class UnitsOfWork:
    """Hands out fresh units of work on one set of tables, like `Container.uow`, and remembers them."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.made: list[FakeUnitOfWork] = []

    def __call__(self) -> FakeUnitOfWork:
        uow = FakeUnitOfWork(self.tables)
        self.made.append(uow)
        return uow

    def in_transaction(self) -> bool:
        return any(uow.in_transaction for uow in self.made)


class FakeHasher:
    """'Hashes' at once. Fails the test when asked to hash inside a transaction: argon2 takes ~0.1 s of CPU and
    must never hold a transaction (on SQLite, the write lock) that long."""

    def __init__(self, uows: UnitsOfWork) -> None:
        self._uows = uows

    async def hash(self, password: str) -> str:
        self._outside_transactions()
        return f"hashed:{password}"

    async def verify(self, password: str, hashed: str) -> bool:
        self._outside_transactions()
        return hashed == f"hashed:{password}"

    def _outside_transactions(self) -> None:
        assert not self._uows.in_transaction(), "a password was hashed inside a transaction"


class FakeTokens:
    def issue_access(self, user: User) -> tuple[str, int]:
        return f"access:{user.id}:{user.token_version}", 900


class FakeOAuth:
    """A provider that knows one authorisation code per profile."""

    def __init__(self, name: str, profiles: dict[str, OAuthProfile]) -> None:
        self.name = name
        self._profiles = profiles

    def authorize_url(self, *, redirect_uri: str, state: str) -> str:
        return f"https://{self.name}.example/authorize?state={state}"

    async def exchange(self, *, code: str, redirect_uri: str) -> OAuthProfile:
        if code not in self._profiles:
            raise AuthenticationFailed("The provider refused the sign-in.", code="auth.oauth_failed")
        return self._profiles[code]


def auth_context(clock: FakeClock, uows: UnitsOfWork, *, oauth: dict[str, FakeOAuth] | None = None) -> AuthContext:
    return AuthContext(
        clock=clock,
        hasher=FakeHasher(uows),
        tokens=FakeTokens(),
        policy=AuthPolicy(public_base_url="https://shop.example"),
        oauth=dict(oauth or {}),
    )


def texted_code(tables: Tables, phone: str) -> str:
    """The six digits in the latest SMS sent to a phone, as its owner reads them."""
    sms = [m for m in tables.outbox if m.recipient == phone and m.event == "auth.sms_code"]
    found = re.search(r"\b(\d{6})\b", sms[-1].body)
    assert found, sms[-1].body
    return found.group(1)


def link_token(tables: Tables, event: str) -> str:
    """The token in the latest link sent for `event` (password reset, e-mail verification)."""
    mail = [m for m in tables.outbox if m.event == event]
    found = re.search(r"token=([\w\-%.~]+)", mail[-1].body)
    assert found, mail[-1].body
    return unquote(found.group(1))
