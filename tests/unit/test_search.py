"""The back office's global search: grouped hits from every feature, only the groups the reader may read."""

from __future__ import annotations

from domain.search import use_cases as search
from domain.search.hits import Group
from domain.search.sources import Source
from tests.fakes import FakeUnitOfWork, given


def allowing(*held: str):  # type: ignore[no-untyped-def]
    return lambda permission: permission in held


async def test_a_search_groups_products_skus_barcodes_customers_and_staff(uow: FakeUnitOfWork) -> None:
    kettle = given.product(uow, "KETTLE", skus=["KETTLE-RED"])
    shopper = given.user(uow, "kettle-fan", role="customer")
    given.user(uow, "kettle-clerk", role="order_clerk")
    everything = allowing("catalog:read", "customers:read", "users:manage")

    groups = {g.name: g.hits for g in await search.search(uow, "kettle", may_read=everything)}
    barcode = kettle.skus[0].barcode or ""
    scanned = {g.name: g.hits for g in await search.search(uow, barcode, may_read=everything)}

    assert [h.opens for h in groups["products"]] == [kettle.id]
    assert [(h.title, h.opens) for h in groups["skus"]] == [("KETTLE-RED", kettle.id)]
    assert [h.opens for h in groups["customers"]] == [shopper.id]
    assert [h.title for h in groups["staff"]] == ["kettle-clerk"]
    assert [(h.title, h.opens) for h in scanned["barcodes"]] == [(barcode, kettle.id)]


async def test_a_group_the_reader_may_not_read_is_neither_searched_nor_shown(uow: FakeUnitOfWork) -> None:
    asked: list[str] = []

    async def finder(_: object, text: str, limit: int) -> list[Group]:
        asked.append(text)
        return []

    sources = [Source("customers:read", finder)]
    given.product(uow, "KETTLE")

    groups = await search.search(uow, "  kettle   red ", may_read=allowing("catalog:read"), sources=sources)
    blank = await search.search(uow, "   ", may_read=allowing("customers:read"), sources=sources)

    assert (groups, blank, asked) == ([], [], [])


async def test_each_group_holds_a_few_hits(uow: FakeUnitOfWork) -> None:
    for n in range(8):
        given.product(uow, f"KETTLE{n}", skus=[f"KETTLE{n}-RED"])

    groups = await search.search(uow, "kettle", may_read=allowing("catalog:read"), limit=3)

    assert [(g.name, len(g.hits)) for g in groups] == [("products", 3), ("skus", 3)]
