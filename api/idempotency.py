"""`Idempotency-Key` for writes that move stock or money (DESIGN.md §3).

The same key from the same caller on the same operation with the same body gets the first response again (status
and body, marked `Idempotent-Replayed: true`); with another body a 409 `idempotency.conflict`. The key is claimed
in the change's own transaction (see infra/repositories/idempotency.py), so concurrent duplicates apply once. A
request that fails stores nothing: nothing was changed, so sending it again is a fresh attempt.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable, Coroutine
from typing import Annotated, Any, TypeVar

from fastapi import Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import ContainerDep, CurrentUser
from domain.errors import Conflict
from domain.ports import UnitOfWork
from infra.container import Container
from infra.repositories.idempotency import IdempotencyRepository, KeyedUnitOfWork, KeyTaken, StoredResponse

T = TypeVar("T")
WAIT_SECONDS = 10.0  # how long a duplicate waits for the first request to store its response
POLL_SECONDS = 0.02

KeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=128,
        description="Send the same key again to get the first response instead of repeating the change.",
    ),
]


class IdempotentWrite:
    """Runs one write under the caller's key (or plainly, without one)."""

    def __init__(self, container: Container, scope: str, key: str | None) -> None:
        self.container, self.scope, self.key = container, scope, key

    async def run(
        self,
        payload: dict[str, Any],
        apply: Callable[[UnitOfWork], Awaitable[T]],
        shape: Callable[[T], BaseModel],
        status_code: int,
    ) -> JSONResponse:
        """`apply` the change through the given unit of work, `shape` its result into the response body."""
        if self.key is None:
            return JSONResponse(shape(await apply(self.container.uow())).model_dump(mode="json"), status_code)
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
        if (stored := await self._stored()) is not None:
            return await self._replay(stored, digest)
        c = self.container
        uow = KeyedUnitOfWork(c.sessions, c.queue, c.clock, scope=self.scope, key=self.key, request_hash=digest)
        try:
            result = await apply(uow)
        except KeyTaken:
            stored = await self._stored()
            assert stored is not None  # the winner committed its claim
            return await self._replay(stored, digest)
        body = shape(result).model_dump(mode="json")
        async with c.uow() as store:
            await IdempotencyRepository(store.session).complete(self.scope, self.key, status_code, body)
            await store.commit()
        return JSONResponse(body, status_code)

    async def _stored(self) -> StoredResponse | None:
        assert self.key is not None
        async with self.container.uow(read_only=True) as uow:
            return await IdempotencyRepository(uow.session).get(self.scope, self.key)

    async def _replay(self, stored: StoredResponse, digest: str) -> JSONResponse:
        if stored.request_hash != digest:
            raise Conflict("This Idempotency-Key was used with another request.", code="idempotency.conflict")
        waited = 0.0
        while stored.pending:  # the first request committed and is writing its response now
            if waited >= WAIT_SECONDS:
                raise Conflict("The first request with this key is still running.", code="idempotency.in_progress")
            await asyncio.sleep(POLL_SECONDS)
            waited += POLL_SECONDS
            stored = await self._stored() or stored
        return JSONResponse(stored.body, stored.status_code, headers={"Idempotent-Replayed": "true"})


def idempotent(operation: str) -> Callable[..., Coroutine[Any, Any, IdempotentWrite]]:
    """Dependency for one operation: keys are scoped to the signed-in caller and this operation."""

    async def dependency(user: CurrentUser, container: ContainerDep, key: KeyHeader = None) -> IdempotentWrite:
        return IdempotentWrite(container, f"{user.id}:{operation}", key)

    dependency.__name__ = f"idempotent_{operation.replace('-', '_')}"
    return dependency
