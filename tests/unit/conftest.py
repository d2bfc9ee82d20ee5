"""Unit tests run domain rules on the in-memory fakes: no database, no network, no sleeping."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.identity.actor import Actor
from domain.identity.policy import AuthContext
from tests.fakes import FakeClock, FakeUnitOfWork
from tests.fakes.auth import UnitsOfWork, auth_context


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def clerk() -> Actor:
    return Actor(user_id=uuid4(), name="Li Clerk", ip="10.0.0.8", request_id="req-1")


@pytest.fixture
def uows(uow: FakeUnitOfWork) -> UnitsOfWork:
    """The factory hand-written use cases take: fresh units of work on the same tables as `uow`."""
    return UnitsOfWork(uow.tables)


@pytest.fixture
def ctx(clock: FakeClock, uows: UnitsOfWork) -> AuthContext:
    return auth_context(clock, uows)
