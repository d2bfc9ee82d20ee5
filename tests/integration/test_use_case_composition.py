"""Use cases compose actions of several features in one transaction: all of it commits, or none of it does.

This is how checkout will reserve stock, write the order and notify the customer at once."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest
import sqlalchemy as sa

from domain.audit import service as audit
from domain.errors import RuleViolation
from domain.identity.actor import Actor
from domain.inventory import reservations
from domain.inventory import use_cases as inventory
from domain.inventory.ports import InventoryUoW
from domain.inventory.stock import Reference
from domain.notifications import service as notifications
from domain.notifications.entities import Channel
from domain.unit_of_work import AlreadyEntered, use_case
from infra.db.tables import notifications as notification_tables
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.integration.test_inventory_reservations import level_of, stocked

SYSTEM = Actor(user_id=None, name="test")


async def reserve_notify_and_audit(uow: InventoryUoW, shop: Shop, *, sku_id: UUID, user_id: UUID, order: str) -> None:
    """A checkout in miniature: three features' actions inside the one unit of work it is given."""
    clock = shop.container.clock
    await reservations.reserve(uow, clock, SYSTEM, lines=[(sku_id, 3)], reference=Reference("order", order))
    staff = await uow.users.with_roles([r.id for r in await uow.roles.list() if r.name == "admin"])
    recipient = next(u for u in staff if u.id == user_id)
    await notifications.notify(uow, clock, recipient, "inventory.low_stock", channels=[Channel.IN_APP], **_alert())
    await audit.record(uow, SYSTEM, action="order.create", target_type="order", target_id=order, at=clock.now())


def _alert() -> dict[str, Any]:
    return {
        "product": "P",
        "sku": "S",
        "warehouse": "W",
        "available": 1,
        "threshold": 2,
        "sku_id": "",
        "warehouse_id": "",
    }


async def traces(shop: Shop, *, user_id: UUID, order: str) -> tuple[int, int]:
    """Low-stock outbox rows for the user and audit rows for the order."""
    outbox = notification_tables.outbox_message
    async with shop.container.uow(read_only=True) as uow:
        messages = await uow.session.scalar(
            sa.select(sa.func.count()).where(outbox.c.user_id == user_id, outbox.c.event == "inventory.low_stock")
        )
        _, audited = await uow.audit.list(
            actor_id=None,
            action=None,
            target_type="order",
            target_id=order,
            since=None,
            until=None,
            sort="-at",
            offset=0,
            limit=10,
        )
    return int(messages or 0), audited


async def test_a_use_case_that_fails_after_reserving_notifying_and_auditing_leaves_nothing_behind(shop: Shop) -> None:
    # given 10 units and an admin to tell
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, warehouse_id = await stocked(client, admin, 10)
    staff = await f.create_staff(client, admin, "admin")
    order = f"SO-{uuid4().hex[:8]}"

    async def checkout_refused_at_the_end(uow: InventoryUoW) -> None:
        await reserve_notify_and_audit(uow, shop, sku_id=UUID(sku_id), user_id=UUID(staff["id"]), order=order)
        raise RuleViolation("The payment was refused.", code="test.refused")

    # when
    with pytest.raises(RuleViolation):
        await use_case(checkout_refused_at_the_end)(shop.container.uow())
    await shop.run_jobs()

    # then
    assert await level_of(client, admin, sku_id, warehouse_id) == (10, 0)
    movements = await client.get("/stock/movements", params={"sku_id": sku_id, "kind": "reserve"}, headers=admin)
    assert movements.json()["total"] == 0
    assert await traces(shop, user_id=UUID(staff["id"]), order=order) == (0, 0)


async def test_the_same_use_case_commits_all_three_features_at_once_and_notifies_after_commit(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, warehouse_id = await stocked(client, admin, 10)
    staff = await f.create_staff(client, admin, "admin")
    order = f"SO-{uuid4().hex[:8]}"

    await use_case(reserve_notify_and_audit)(
        shop.container.uow(), shop, sku_id=UUID(sku_id), user_id=UUID(staff["id"]), order=order
    )
    await shop.run_jobs()  # the outbox is delivered by the job the commit's event enqueued

    assert await level_of(client, admin, sku_id, warehouse_id) == (10, 3)
    assert await traces(shop, user_id=UUID(staff["id"]), order=order) == (1, 1)
    inbox = await client.get("/me/notifications", headers=f.bearer(await f.login(client, staff["email"], f.PASSWORD)))
    assert [n["event"] for n in inbox.json()["items"]].count("inventory.low_stock") == 1


async def test_a_use_case_run_inside_another_use_cases_transaction_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, warehouse_id = await stocked(client, admin, 10)

    async def nested(uow: InventoryUoW) -> None:
        # a use case opens its own transaction: inside another one it must be an action instead
        await inventory.reserve_stock(
            uow, shop.container.clock, SYSTEM, lines=[(UUID(sku_id), 1)], reference=Reference()
        )

    with pytest.raises(AlreadyEntered):
        await use_case(nested)(shop.container.uow())
    assert await level_of(client, admin, sku_id, warehouse_id) == (10, 0)
