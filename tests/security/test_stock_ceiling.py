"""Stock quantities (issue 7, item 11): a receipt that would take a level past what the database holds is a 422
on both databases alike, never a 500 (PostgreSQL's integer overflow) nor a silent success (SQLite)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from domain.inventory.stock import MAX_QUANTITY
from infra.db.tables import inventory as tables
from tests import factories as f
from tests.conftest import Shop, new_ip


async def test_a_receipt_past_the_ceiling_is_refused_and_changes_nothing(shop: Shop) -> None:
    # given: a level already holding close to the most a level may hold
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product, warehouse = await f.create_product(client, admin), await f.create_warehouse(client, admin)
    sku_id = product["skus"][0]["id"]
    await f.receive_stock(client, admin, warehouse["id"], {sku_id: 1})
    level = tables.stock_level
    async with shop.container.engine.begin() as conn:
        await conn.execute(
            sa.update(level)
            .where(level.c.sku_id == uuid.UUID(sku_id), level.c.warehouse_id == uuid.UUID(warehouse["id"]))
            .values(on_hand=MAX_QUANTITY - 5)
        )

    # when: receipts of a million, then of exactly what still fits
    lines = [{"sku_id": sku_id, "quantity": 1_000_000}]
    too_much = await client.post(
        "/stock/receipts", json={"warehouse_id": warehouse["id"], "lines": lines}, headers=admin
    )
    lines = [{"sku_id": sku_id, "quantity": 5}]
    just_fits = await client.post(
        "/stock/receipts", json={"warehouse_id": warehouse["id"], "lines": lines}, headers=admin
    )

    # then
    assert too_much.status_code == 422, too_much.text
    assert too_much.json()["code"] == "stock.quantity_too_large"
    assert just_fits.status_code == 201, just_fits.text
    stock = await client.get("/stock", params={"sku_id": sku_id, "warehouse_id": warehouse["id"]}, headers=admin)
    assert stock.json()["items"][0]["on_hand"] == MAX_QUANTITY
