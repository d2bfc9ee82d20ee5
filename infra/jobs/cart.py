"""Cart jobs: guest carts nobody touched for a month are purged once an hour (customers' carts are kept)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.cart import use_cases as cart
from domain.events import Event
from infra.jobs.queue import EventHandler, Job

if TYPE_CHECKING:
    from infra.container import Container


async def purge_guest_carts(ctx: dict[str, Any]) -> int:
    """Delete idle guest carts; running it twice deletes nothing more."""
    c: Container = ctx["container"]
    return await cart.purge_guest_carts(c.uow(), c.clock)


JOBS = [Job(purge_guest_carts, every_minutes=60)]
ON_EVENT: dict[type[Event], EventHandler] = {}
