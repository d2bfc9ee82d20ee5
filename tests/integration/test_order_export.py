"""Exporting the back-office order list: a small result is the file itself (CSV with a BOM, or XLSX with money
as numbers and a sheet of lines), a large one an export job with progress that only its requester may fetch;
every export is audited. Each test filters on SKUs of its own, as the database is shared."""

from __future__ import annotations

import asyncio
import csv
import io
import os
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from uuid import UUID

import httpx
import pytest
from openpyxl import load_workbook

from domain.events import Event
from domain.identity.actor import Actor
from domain.order_exports import use_cases as exports
from domain.order_exports.entities import ExportFormat, OrderExport
from domain.orders.entities import Order
from domain.orders.ports import OrderQuery
from infra.db.unit_of_work import SqlAlchemyUnitOfWork
from infra.jobs import order_exports as export_jobs
from infra.order_export_files import LocalExportFiles, local_files
from tests.conftest import REDIS_URL, Shop, new_ip
from tests.factories import (
    PASSWORD,
    admin_headers,
    bearer,
    create_staff,
    customer_with_address,
    login,
    pay_order,
    place_order,
    stocked_sku,
)
from tests.fakes.clock import FakeClock

SHANGHAI = timedelta(hours=8)


async def staff(client: httpx.AsyncClient, admin: dict[str, str], *roles: str, locale: str | None = None) -> Any:
    user = await create_staff(client, admin, *roles)
    headers = bearer(await login(client, user["email"], PASSWORD))
    if locale:
        assert (await client.patch("/me", json={"locale": locale}, headers=headers)).status_code == 200
    return SimpleNamespace(id=user["id"], headers=headers)


async def three_orders(client: httpx.AsyncClient, admin: dict[str, str]) -> tuple[dict[str, Any], list[Any]]:
    """Three orders of one SKU (one of them paid, one with a second SKU) and one order without it."""
    sku = await stocked_sku(client, admin, 50, retail_price="99.00", attributes={"颜色": "红"})
    other = await stocked_sku(client, admin, 50, retail_price="10.50")
    buyer = await customer_with_address(client, name="导出客户")
    first = await place_order(client, buyer, {sku["id"]: 2})
    second = await place_order(client, buyer, {sku["id"]: 1, other["id"]: 1})
    third = await place_order(client, buyer, {sku["id"]: 3})
    await place_order(client, buyer, {other["id"]: 2})
    await pay_order(client, admin, second["id"])
    return sku, [first, second, third]


def csv_rows(response: httpx.Response) -> list[list[str]]:
    assert response.content.startswith("\ufeff".encode())  # Excel reads the Chinese right
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


async def test_a_small_export_is_a_csv_of_the_filtered_orders_in_the_readers_language(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku, (first, second, third) = await three_orders(client, admin)

    # when
    response = await client.get("/orders/export", params={"format": "csv", "product": sku["code"]}, headers=admin)
    paid_only = await client.get(
        "/orders/export", params={"product": sku["code"], "status": "awaiting_shipment"}, headers=admin
    )

    # then
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="orders-' in response.headers["content-disposition"]
    header, *rows = csv_rows(response)
    assert header[:5] == ["订单号", "状态", "渠道", "客户", "电话"]
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_number) == {first["number"], second["number"], third["number"]}
    assert by_number[first["number"]]["状态"] == "待付款"
    assert by_number[second["number"]]["状态"] == "待发货"
    assert by_number[first["number"]]["应付金额"] == "198.00"
    assert by_number[second["number"]]["已付金额"] == "109.50"
    assert by_number[first["number"]]["客户"] == "导出客户"
    assert "上海市 上海市 浦东新区 世纪大道 100 号" in by_number[first["number"]]["收货地址"]
    placed = datetime.fromisoformat(first["created_at"]).astimezone(UTC) + SHANGHAI
    assert by_number[first["number"]]["下单时间"] == placed.strftime("%Y-%m-%d %H:%M:%S")
    assert [row[0] for row in csv_rows(paid_only)[1:]] == [second["number"]]


async def test_an_xlsx_export_has_money_as_numbers_english_headers_and_a_sheet_of_lines(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku, (first, second, _) = await three_orders(client, admin)
    reader = await staff(client, admin, "customer_service", locale="en")

    response = await client.get(
        "/orders/export",
        params={"format": "xlsx", "product": sku["code"], "sort": "created_at"},
        headers=reader.headers,
    )

    assert response.status_code == 200, response.text
    book = load_workbook(io.BytesIO(response.content))
    orders, lines = book.worksheets
    assert (orders.title, lines.title) == ("Orders", "Order lines")
    header = [c.value for c in orders[1]]
    assert header[:3] == ["Order number", "Status", "Channel"]
    first_row = {h: c for h, c in zip(header, orders[2], strict=True)}
    assert first_row["Order number"].value == first["number"]
    assert first_row["Status"].value == "Pending payment"
    assert first_row["Total"].value == 198 and first_row["Total"].number_format == "0.00"
    assert first_row["Shipping"].data_type == "n"  # a number a spreadsheet sums, not text
    placed = datetime.fromisoformat(first["created_at"]).astimezone(UTC) + SHANGHAI
    assert abs(first_row["Placed at"].value - placed.replace(tzinfo=None)) < timedelta(seconds=1)  # Shanghai time
    assert orders.max_row == 4
    line_rows = [[c.value for c in row] for row in lines.iter_rows(min_row=2)]
    assert [c.value for c in lines[1]] == [
        "Order number",
        "SKU code",
        "Product",
        "Attributes",
        "Quantity",
        "Unit price",
        "Line total",
    ]
    assert [first["number"], sku["code"], sku["product_name"], "颜色: 红", 2, 99, 198] in line_rows
    assert sum(1 for row in line_rows if row[0] == second["number"]) == 2


async def test_a_large_export_runs_as_a_job_that_only_its_requester_may_follow_and_fetch(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: more orders than may be answered at once
    monkeypatch.setattr(shop.container.settings.order_export, "inline_limit", 2)
    monkeypatch.setattr(shop.container.settings.order_export, "batch_size", 2)
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku, placed = await three_orders(client, admin)
    clerk = await staff(client, admin, "order_clerk")
    colleague = await staff(client, admin, "order_clerk")
    params = {"format": "csv", "product": sku["code"]}

    # when
    asked = await client.get("/orders/export", params=params, headers=clerk.headers)
    await shop.run_jobs()  # the in-process runner, or a burst ARQ worker on Redis

    # then
    assert asked.status_code == 202, asked.text
    export = asked.json()
    assert (export["status"], export["rows_total"], export["rows_done"]) == ("queued", 3, 0)
    assert export["filters"] == {"product": sku["code"]}
    assert asked.headers["location"].endswith(f"/order-exports/{export['id']}")
    done = (await client.get(f"/order-exports/{export['id']}", headers=clerk.headers)).json()
    assert (done["status"], done["rows_done"], done["rows_total"]) == ("done", 3, 3)
    assert done["download_url"].endswith(f"/order-exports/{export['id']}/file")
    file = await client.get(f"/order-exports/{export['id']}/file", headers=clerk.headers)
    assert file.status_code == 200
    assert sorted(row[0] for row in csv_rows(file)[1:]) == sorted(o["number"] for o in placed)

    # someone else, even with orders:read, finds no such export
    for path in (f"/order-exports/{export['id']}", f"/order-exports/{export['id']}/file"):
        refused = await client.get(path, headers=colleague.headers)
        assert (refused.status_code, refused.json()["code"]) == (404, "order_export.not_found")


async def _nothing(events: list[Event]) -> None:
    """No dispatch: the test runs the job itself, so no runner races it."""


class WatchedFiles:
    """The real export files, reading the export's progress (as its requester would) before each batch."""

    def __init__(self, files: LocalExportFiles, watch: Any) -> None:
        self._files, self._watch = files, watch

    def open(self, export: OrderExport) -> Any:
        sink = self._files.open(export)
        watch = self._watch

        class Sink:
            async def write(self, orders: Sequence[Order]) -> None:
                await watch()
                await sink.write(orders)

            async def close(self) -> str:
                return await sink.close()

            async def abort(self) -> None:
                await sink.abort()

        return Sink()

    def remove(self, path: str) -> None:
        self._files.remove(path)


async def test_the_job_counts_progress_batch_by_batch_and_running_it_again_changes_nothing(shop: Shop) -> None:
    # given: an export queued without its job
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku, placed = await three_orders(client, admin)
    clerk = await staff(client, admin, "order_clerk")
    c = shop.container
    uows = lambda: SqlAlchemyUnitOfWork(c.sessions, _nothing)  # noqa: E731
    actor = Actor(user_id=UUID(clerk.id), name="Staff")
    query = OrderQuery(product=sku["code"])
    export = await exports.queue_export(uows(), c.clock, actor, query, format=ExportFormat.XLSX, locale="zh_CN", rows=3)
    same = await exports.queue_export(uows(), c.clock, actor, query, format=ExportFormat.XLSX, locale="zh_CN", rows=3)
    assert same.id == export.id  # asked again while it waits: the same export
    seen: list[tuple[str, int]] = []

    async def watch() -> None:
        body = (await client.get(f"/order-exports/{export.id}", headers=clerk.headers)).json()
        seen.append((body["status"], body["rows_done"]))

    files = WatchedFiles(local_files(c.settings), watch)

    # when
    first = await exports.run_export(uows, c.clock, files, export.id, batch_size=2, keep=timedelta(days=1))
    second = await exports.run_export(uows, c.clock, files, export.id, batch_size=2, keep=timedelta(days=1))

    # then
    assert (str(first), second) == ("done", None)
    assert seen == [("running", 0), ("running", 2)]
    done = (await client.get(f"/order-exports/{export.id}", headers=clerk.headers)).json()
    assert (done["status"], done["rows_done"]) == ("done", 3)
    file = await client.get(f"/order-exports/{export.id}/file", headers=clerk.headers)
    book = load_workbook(io.BytesIO(file.content))
    numbers = [row[0].value for row in book.worksheets[0].iter_rows(min_row=2)]
    assert sorted(numbers) == sorted(o["number"] for o in placed)
    assert book.worksheets[0]["A1"].value == "订单号"
    names = await asyncio.to_thread(os.listdir, c.settings.var_dir / "order-exports")
    assert [n for n in names if n.endswith(".part")] == []  # no half-written file is left behind


async def test_a_file_is_purged_after_a_day_and_then_refused(shop: Shop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shop.container.settings.order_export, "inline_limit", 0)
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku, _ = await three_orders(client, admin)
    clerk = await staff(client, admin, "order_clerk")
    export = (await client.get("/orders/export", params={"product": sku["code"]}, headers=clerk.headers)).json()
    await shop.run_jobs()
    done = (await client.get(f"/order-exports/{export['id']}", headers=clerk.headers)).json()
    expires_at = datetime.fromisoformat(done["expires_at"])
    assert expires_at - datetime.fromisoformat(done["finished_at"]) == timedelta(hours=24)
    ctx = {"container": SimpleNamespace(uow=shop.container.uow, settings=shop.container.settings)}

    ctx["container"].clock = FakeClock(expires_at - timedelta(minutes=1))
    await export_jobs.purge_order_exports(ctx)
    kept = await client.get(f"/order-exports/{export['id']}/file", headers=clerk.headers)
    ctx["container"].clock = FakeClock(expires_at + timedelta(minutes=1))
    assert await export_jobs.purge_order_exports(ctx) >= 1
    assert await export_jobs.purge_order_exports(ctx) == 0  # twice: nothing more to do

    assert kept.status_code == 200
    gone = await client.get(f"/order-exports/{export['id']}/file", headers=clerk.headers)
    assert (gone.status_code, gone.json()["code"]) == (409, "order_export.expired")
    assert (await client.get(f"/order-exports/{export['id']}", headers=clerk.headers)).json()["status"] == "expired"


async def test_every_export_is_audited_with_who_asked_and_the_filters(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku, _ = await three_orders(client, admin)
    clerk = await staff(client, admin, "order_clerk")

    await client.get(
        "/orders/export", params={"product": sku["code"], "status": "pending_payment"}, headers=clerk.headers
    )

    log = await client.get("/audit-log", params={"action": "order.export", "actor_id": clerk.id}, headers=admin)
    [entry] = log.json()["items"]
    assert entry["target_type"] == "order_export"
    assert entry["after"]["filters"] == {"product": sku["code"], "statuses": ["pending_payment"]}
    assert entry["after"]["rows"] == 2


async def test_exporting_needs_orders_read(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    buyer = await customer_with_address(client)

    assert (await client.get("/orders/export")).status_code == 401
    refused = await client.get("/orders/export", headers=buyer.headers)
    assert (refused.status_code, refused.json()["code"]) == (403, "auth.forbidden")
    assert (await client.get(f"/order-exports/{UUID(int=1)}", headers=buyer.headers)).status_code == 403
    assert (await client.get(f"/order-exports/{UUID(int=1)}", headers=admin)).status_code == 404


@pytest.mark.postgres
async def test_on_arq_a_large_export_is_queued_once_in_redis_under_its_own_job_id(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert REDIS_URL
    monkeypatch.setattr(shop.container.settings.order_export, "inline_limit", 1)
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku, _ = await three_orders(client, admin)
    clerk = await staff(client, admin, "order_clerk")
    params = {"format": "xlsx", "product": sku["code"]}

    asked = (await client.get("/orders/export", params=params, headers=clerk.headers)).json()
    again = (await client.get("/orders/export", params=params, headers=clerk.headers)).json()

    redis = shop.container._arq
    assert redis is not None
    jobs = [job for job in await redis.queued_jobs() if job.job_id == f"order-export:{asked['id']}"]
    assert [(job.function, job.kwargs) for job in jobs] == [("write_order_export", {"export_id": asked["id"]})]
    assert again["id"] == asked["id"]  # still queued: the same export
    await shop.run_jobs()
    done = (await client.get(f"/order-exports/{asked['id']}", headers=clerk.headers)).json()
    assert (done["status"], done["rows_done"]) == ("done", 3)
