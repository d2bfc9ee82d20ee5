"""The transaction boundary: one use case is one unit of work, committed once.

*Actions* (the functions of each feature's modules) work inside a unit of work they are given and never commit,
so a checkout can reserve stock, lock coupons and write the order in one transaction. *Use cases* (each
feature's `use_cases.py`, called by routers, jobs and nothing below them) open the unit of work, run actions and
commit. A unit of work refuses to be entered twice: composing two use cases is a bug, composing actions is the
way. Events recorded by actions are dispatched after the commit (cosmicpython's message bus, Saleor's
`transaction.on_commit`).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Concatenate, ParamSpec, Protocol, Self, TypeVar

from domain.events import Event


class UnitOfWork(Protocol):
    async def __aenter__(self) -> Self:
        """Begin the transaction; raises AlreadyEntered when this unit of work is already in one."""
        ...

    async def __aexit__(self, exc_type: object, *exc: object) -> None: ...
    async def commit(self) -> None:
        """Commit, then dispatch the events recorded since the transaction began."""
        ...

    async def rollback(self) -> None: ...
    async def flush(self) -> None: ...
    def savepoint(self) -> AbstractAsyncContextManager[None]:
        """A nested transaction: an exception inside undoes only what was done inside, then propagates."""
        ...

    def record(self, event: Event) -> None:
        """Remember an event; its handlers and jobs run once the transaction has committed."""
        ...


class AlreadyEntered(RuntimeError):
    """A use case was run inside another's transaction: call the other feature's actions instead."""


P = ParamSpec("P")
T = TypeVar("T")
U = TypeVar("U", bound=UnitOfWork)


def use_case(action: Callable[Concatenate[U, P], Awaitable[T]]) -> Callable[Concatenate[U, P], Awaitable[T]]:
    """The use case of one action: open the unit of work, run the action, commit once (also for reads: a
    read-only unit of work commits nothing)."""

    @functools.wraps(action)
    async def run(uow: U, /, *args: P.args, **kwargs: P.kwargs) -> T:
        async with uow:
            result = await action(uow, *args, **kwargs)
            await uow.commit()
        return result

    return run
