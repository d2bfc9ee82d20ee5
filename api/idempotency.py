"""`Idempotency-Key` for writes that move stock or money (DESIGN.md §3).

The same key from the same caller on the same operation with the same body gets the first response again (status
and body, marked `Idempotent-Replayed: true`); with another body a 409 `idempotency.conflict`. The key is claimed
and answered in the change's own transaction (see infra/repositories/idempotency.py): concurrent duplicates
apply once, and a crash leaves either the change with its answer or neither. A request that fails stores
nothing: nothing was changed, so sending it again is a fresh attempt.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Coroutine
from typing import Annotated, Any, TypeVar

from fastapi import Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import Bearer, current_user
from api.responses import OrjsonResponse
from domain.errors import Conflict
from infra.container import Container
from infra.db.unit_of_work import SqlAlchemyUnitOfWork
from infra.repositories.idempotency import KeyedUnitOfWork, KeyTaken, StoredResponse, stored_answer

T = TypeVar("T")

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
        apply: Callable[[SqlAlchemyUnitOfWork], Awaitable[T]],
        shape: Callable[[T], BaseModel],
        status_code: int,
    ) -> JSONResponse:
        """Run the use case `apply` on the given unit of work, `shape` its result into the response body."""
        if self.key is None:
            return OrjsonResponse(shape(await apply(self.container.uow())).model_dump(mode="json"), status_code)
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
        c = self.container  # no look-up first: claiming the key is the look-up, and a fresh key is the common case
        uow = KeyedUnitOfWork(c.sessions, c.dispatch, c.clock, scope=self.scope, key=self.key, request_hash=digest)
        try:
            result = await apply(uow)
            body = shape(result).model_dump(mode="json")
        except KeyTaken:
            stored = await self._stored()
            assert stored is not None  # the winner committed its claim together with its answer
            return self._replay(stored, digest)
        except BaseException:
            await uow.abandon()
            raise
        await uow.answer(status_code, body)
        return OrjsonResponse(body, status_code)

    async def _stored(self) -> StoredResponse | None:
        assert self.key is not None
        return await stored_answer(self.container.sessions, self.scope, self.key)

    def _replay(self, stored: StoredResponse, digest: str) -> JSONResponse:
        if stored.request_hash != digest:
            raise Conflict("This Idempotency-Key was used with another request.", code="idempotency.conflict")
        return OrjsonResponse(stored.body, stored.status_code, headers={"Idempotent-Replayed": "true"})


def idempotent(operation: str) -> Callable[..., Coroutine[Any, Any, IdempotentWrite]]:
    """Dependency for one operation: keys are scoped to the signed-in caller and this operation."""

    async def dependency(request: Request, credentials: Bearer, key: KeyHeader = None) -> IdempotentWrite:
        container: Container = request.app.state.container  # not ContainerDep: one step less (see api/deps.py)
        user = await current_user(request, container, credentials)  # checked already: the route's permission
        return IdempotentWrite(container, f"{user.id}:{operation}", key)

    dependency.__name__ = f"idempotent_{operation.replace('-', '_')}"
    return dependency
