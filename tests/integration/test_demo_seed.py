"""`make run` seeds a demo shop: the catalog and stock it shows must be there, consistent, and seeded once."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from domain.catalog import use_cases as catalog
from domain.catalog.pricing import Buyer
from domain.inventory.ports import StockQuery
from infra.container import Container
from infra.db.engine import create_engine
from infra.db.tables import inventory as inventory_tables
from infra.db.tables import notifications as notifications_tables
from infra.seed import seed
from infra.settings import ROOT, Settings
from tests.conftest import POSTGRES_URL


async def _fresh_database(tmp: Path) -> str:
    """An empty database of the kind under test, migrated to head."""
    if POSTGRES_URL:
        name = f"allorder_seed_{uuid.uuid4().hex[:8]}"
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        async with admin.connect() as conn:
            await conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        await admin.dispose()
        url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    else:
        url = f"sqlite+aiosqlite:///{tmp / 'demo.db'}"
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["configure_logging"] = False
    await asyncio.to_thread(command.upgrade, config, "head")
    return url


@pytest.fixture(scope="module")
async def demo(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Container]:
    tmp_path = tmp_path_factory.mktemp("demo")
    url = await _fresh_database(tmp_path)
    container = Container(
        Settings(
            database_url=url,
            media_dir=tmp_path / "media",
            mail_dir=tmp_path / "mail",
            cron_enabled=False,
            app_env="development",  # as `make run` seeds it
            var_dir=tmp_path / "var",
        )
    )
    await seed(container)
    await seed(container)  # `make run` seeds at every start
    await container.queue.drain()  # type: ignore[union-attr]
    yield container
    await container.close()


async def test_the_demo_shop_has_a_catalog_with_stock_a_low_item_and_a_stocktake(demo: Container) -> None:
    # the storefront shows the products on sale, each with a picture
    found = await catalog.search_storefront(
        demo.uow(read_only=True), demo.clock, Buyer.RETAIL, currency="CNY", offset=0, limit=50
    )
    on_sale, total = found.cards, found.total
    assert total == 8
    assert all(card.product.thumbnail_url for card in on_sale)

    # stock: the black earbuds are low and their alert went to the warehouse staff once
    rows, _ = await _stock(demo, StockQuery(low_only=True))
    assert [row.sku_code for row in rows] == ["AO-EP-004-B"]
    async with demo.uow(read_only=True) as uow:
        alerts = await uow.session.scalar(  # type: ignore[attr-defined]
            sa.select(sa.func.count())
            .select_from(notifications_tables.outbox_message)
            .where(notifications_tables.outbox_message.c.event == "inventory.low_stock")
        )
        stocktakes, count = await uow.stocktakes.list(warehouse_id=None, status=None, offset=0, limit=10)
    assert alerts and alerts > 0
    assert count == 1 and stocktakes[0].status == "open"


async def test_the_demo_ledger_adds_up_to_the_stock_levels(demo: Container) -> None:
    async with demo.uow(read_only=True) as uow:
        session = uow.session  # type: ignore[attr-defined]
        movements = (await session.execute(sa.select(inventory_tables.stock_movement))).mappings().all()
        levels = (await session.execute(sa.select(inventory_tables.stock_level))).mappings().all()
    sums: dict[tuple[object, object], list[int]] = defaultdict(lambda: [0, 0])
    for m in movements:
        sums[(m["sku_id"], m["warehouse_id"])][0] += m["on_hand_delta"]
        sums[(m["sku_id"], m["warehouse_id"])][1] += m["reserved_delta"]
    assert levels
    assert all(sums[(lv["sku_id"], lv["warehouse_id"])] == [lv["on_hand"], lv["reserved"]] for lv in levels)


async def _stock(container: Container, query: StockQuery) -> tuple[list, int]:  # type: ignore[type-arg]
    async with container.uow(read_only=True) as uow:
        return await uow.stock.rows(query, offset=0, limit=100)
