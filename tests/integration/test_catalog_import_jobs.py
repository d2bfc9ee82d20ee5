"""Large catalog imports (issue 7, item 6): applying a file of more rows than `background_rows` answers 202 with
an import id; a job applies it all or nothing and records the outcome, on both job runners. The rows are kept
with the import, so a lost enqueue or a restart is caught up by the sweep, and a second run changes nothing."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from domain.catalog import use_cases as catalog
from infra.jobs import catalog as catalog_jobs
from tests.conftest import Shop, new_ip
from tests.factories import admin_headers
from tests.integration.test_catalog_import_export import category_path, csv_file, products_matching, row, upload


@pytest.fixture(autouse=True)
def small_background_threshold(shop: Shop, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three rows count as large here, so the tests stay quick; the default is 2,000."""
    monkeypatch.setattr(shop.container.settings.catalog_import, "background_rows", 3)


async def large_file(client: httpx.AsyncClient, admin: dict[str, str], **bad: str) -> tuple[bytes, str]:
    path, _ = await category_path(client, admin)
    code = f"BIG{uuid.uuid4().hex[:8].upper()}"
    rows = [row(path, f"{code}-{n}", f"{code}-{n}-M") for n in range(5)]
    rows[3].update(bad)
    return csv_file(rows), code


async def status_of(client: httpx.AsyncClient, admin: dict[str, str], location: str) -> dict[str, Any]:
    response = await client.get(location.removeprefix("/api/v1"), headers=admin)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def accepted_without_its_job(
    shop: Shop, client: httpx.AsyncClient, admin: dict[str, str], content: bytes
) -> httpx.Response:
    """Upload a large file as if the process died between the commit and the enqueue: the import stays queued."""
    c = shop.container

    async def enqueue_nothing(events: list[Any]) -> None:
        return None

    c.dispatch = enqueue_nothing  # type: ignore[method-assign]
    try:
        return await upload(client, admin, content, dry_run=False)
    finally:
        del c.dispatch


async def test_a_large_file_is_accepted_at_once_and_applied_by_a_job(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    content, code = await large_file(client, admin)

    # when
    accepted = await upload(client, admin, content, dry_run=False)

    # then: 202 with the import to follow; once the job has run, all five products are in the catalog
    assert accepted.status_code == 202, accepted.text
    assert (accepted.json()["status"], accepted.json()["rows"]) == ("queued", 5)
    await shop.run_jobs()
    done = await status_of(client, admin, accepted.headers["Location"])
    assert (done["status"], done["products_created"], done["skus_created"], done["error_count"]) == (
        "succeeded",
        5,
        5,
        0,
    )
    assert done["finished_at"] is not None
    assert len(await products_matching(client, admin, code)) == 5


async def test_running_the_import_job_a_second_time_changes_nothing(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    content, code = await large_file(client, admin)
    accepted = await upload(client, admin, content, dry_run=False)
    await shop.run_jobs()
    first = await status_of(client, admin, accepted.headers["Location"])

    again = await catalog_jobs.apply_catalog_import(
        {"container": shop.container}, import_id=uuid.UUID(accepted.json()["id"])
    )

    assert again is None
    assert await status_of(client, admin, accepted.headers["Location"]) == first
    assert len(await products_matching(client, admin, code)) == 5


async def test_two_runs_at_once_apply_the_import_once(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    content, code = await large_file(client, admin)
    c = shop.container
    accepted = await accepted_without_its_job(shop, client, admin, content)
    import_id = uuid.UUID(accepted.json()["id"])

    outcomes = await asyncio.gather(
        *(catalog.run_import(c.uow, c.clock, import_id, currency=c.settings.base_currency) for _ in range(2))
    )

    assert sorted(map(str, outcomes)) == ["None", "succeeded"]
    assert len(await products_matching(client, admin, code)) == 5


async def test_a_large_file_with_a_bad_row_fails_as_a_whole_and_names_the_line(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(
        client,
    )
    content, code = await large_file(client, admin, retail_price="12.345")

    accepted = await upload(client, admin, content, dry_run=False)
    await shop.run_jobs()

    failed = await status_of(client, admin, accepted.headers["Location"])
    assert (failed["status"], failed["error_count"], failed["products_created"]) == ("failed", 1, 0)
    assert [(e["line"], e["column"], e["code"]) for e in failed["errors"]] == [(5, "retail_price", "import.bad_price")]
    assert await products_matching(client, admin, code) == []


async def test_an_import_whose_job_was_lost_is_picked_up_by_the_sweep(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    content, code = await large_file(client, admin)
    c = shop.container
    accepted = await accepted_without_its_job(shop, client, admin, content)
    await shop.run_jobs()
    assert (await status_of(client, admin, accepted.headers["Location"]))["status"] == "queued"

    # when: the minute's sweep runs
    resumed = await catalog_jobs.resume_catalog_imports({"container": c})
    await shop.run_jobs()

    # then
    assert resumed >= 1
    assert (await status_of(client, admin, accepted.headers["Location"]))["status"] == "succeeded"
    assert len(await products_matching(client, admin, code)) == 5


async def test_small_files_keep_their_immediate_answer_and_unknown_imports_are_404(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    path, _ = await category_path(client, admin)
    code = f"SM{uuid.uuid4().hex[:8].upper()}"

    applied = await upload(client, admin, csv_file([row(path, code, f"{code}-M")]), dry_run=False)
    unknown = await client.get(f"/catalog/imports/{uuid.uuid4()}", headers=admin)

    assert (applied.status_code, applied.json()["products_created"]) == (200, 1)
    assert (unknown.status_code, unknown.json()["code"]) == (404, "import.not_found")


async def test_an_import_left_running_by_a_dead_worker_is_taken_over_once_stale(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    content, code = await large_file(client, admin)
    c = shop.container
    # given: an import a worker claimed 16 minutes ago and then died with (its apply never committed)
    accepted = await accepted_without_its_job(shop, client, admin, content)
    import_id = uuid.UUID(accepted.json()["id"])
    async with c.uow() as uow:
        claimed = await uow.catalog_imports.claim(
            import_id, at=c.clock.now() - timedelta(minutes=16), stale_before=c.clock.now()
        )
        await uow.commit()
    assert claimed == 1
    assert (await status_of(client, admin, accepted.headers["Location"]))["status"] == "running"

    # when
    await catalog_jobs.resume_catalog_imports({"container": c})
    await shop.run_jobs()

    # then
    assert (await status_of(client, admin, accepted.headers["Location"]))["status"] == "succeeded"
    assert len(await products_matching(client, admin, code)) == 5


async def test_an_import_running_for_less_than_the_stale_time_is_left_to_its_worker(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    content, _ = await large_file(client, admin)
    c = shop.container
    accepted = await accepted_without_its_job(shop, client, admin, content)
    import_id = uuid.UUID(accepted.json()["id"])
    async with c.uow() as uow:
        await uow.catalog_imports.claim(import_id, at=c.clock.now(), stale_before=c.clock.now())
        await uow.commit()

    second = await catalog.run_import(c.uow, c.clock, import_id, currency=c.settings.base_currency)

    assert second is None
    assert (await status_of(client, admin, accepted.headers["Location"]))["status"] == "running"
