"""The category tree: sibling names unique, moves carry the subtree and never make a cycle, delete when empty."""

from __future__ import annotations

import pytest

from domain.catalog import use_cases as catalog
from domain.catalog.entities import MAX_CATEGORY_DEPTH, Category, ProductStatus
from domain.errors import DomainError
from domain.identity.actor import Actor
from tests.fakes import FakeClock, FakeUnitOfWork, given


def names(categories: list[Category]) -> list[str]:
    return [c.name for c in categories]


async def test_a_category_is_added_last_among_its_siblings_or_where_asked(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    audio = await catalog.create_category(uow, clock, clerk, name="Audio")
    await catalog.create_category(uow, clock, clerk, name="Phones")
    await catalog.create_category(uow, clock, clerk, name="Cables", position=0)
    earbuds = await catalog.create_category(uow, clock, clerk, name="Earbuds", parent_id=audio.id)

    roots = await uow.categories.children(None)
    assert names(roots) == ["Cables", "Audio", "Phones"] and [c.position for c in roots] == [0, 1, 2]
    assert earbuds.path == f"/{audio.id}/{earbuds.id}/" and earbuds.depth == 2
    assert [e.action for e in uow.tables.audit] == ["category.create"] * 4
    assert uow.tables.audit[-1].after == {
        "name": "Earbuds",
        "name_en": None,
        "parent_id": str(audio.id),
        "position": 0,
        "path": earbuds.path,
    }


async def test_sibling_names_are_unique_whatever_their_case_but_cousins_may_share_one(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    men, women = given.category(uow, "Men"), given.category(uow, "Women")
    await catalog.create_category(uow, clock, clerk, name="Shirts", parent_id=men.id)

    with pytest.raises(DomainError) as refused:
        await catalog.create_category(uow, clock, clerk, name="SHIRTS", parent_id=men.id)
    cousin = await catalog.create_category(uow, clock, clerk, name="Shirts", parent_id=women.id)

    assert (refused.value.code, refused.value.data["field"]) == ("category.name_taken", "name")
    assert cousin.parent_id == women.id and len(uow.tables.categories) == 4


async def test_renaming_to_a_siblings_name_is_refused_and_renaming_is_audited(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    audio, phones = given.category(uow, "Audio"), given.category(uow, "Phones")

    with pytest.raises(DomainError) as refused:
        await catalog.rename_category(uow, clock, clerk, phones.id, name="audio")
    renamed = await catalog.rename_category(uow, clock, clerk, audio.id, name="Sound")

    assert refused.value.code == "category.name_taken"
    assert renamed.name == "Sound" and uow.tables.categories[phones.id].name == "Phones"
    [entry] = uow.tables.audit
    assert (entry.action, entry.before and entry.before["name"], entry.after and entry.after["name"]) == (
        "category.rename",
        "Audio",
        "Sound",
    )


async def test_a_category_cannot_move_under_itself_or_its_own_descendant(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    clothes = given.category(uow, "Clothes")
    men = given.category(uow, "Men", clothes)
    shirts = given.category(uow, "Shirts", men)

    codes = []
    for target in (clothes, shirts):
        with pytest.raises(DomainError) as refused:
            await catalog.move_category(uow, clock, clerk, clothes.id, parent_id=target.id, position=0)
        codes.append(refused.value.code)

    assert codes == ["category.cycle", "category.cycle"]
    assert uow.tables.categories[clothes.id].parent_id is None and uow.tables.audit == []


async def test_moving_a_category_carries_its_whole_subtree(uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor) -> None:
    # given Clothes > Men > Shirts, and Sale > Outlet
    clothes, sale = given.category(uow, "Clothes"), given.category(uow, "Sale")
    men, outlet = given.category(uow, "Men", clothes), given.category(uow, "Outlet", sale)
    shirts = given.category(uow, "Shirts", men)

    # when Men moves under Outlet
    await catalog.move_category(uow, clock, clerk, men.id, parent_id=outlet.id, position=0)

    # then Men and everything under it are one level deeper, on Outlet's path
    moved, leaf = uow.tables.categories[men.id], uow.tables.categories[shirts.id]
    assert (moved.parent_id, moved.depth, moved.path) == (outlet.id, 3, f"{outlet.path}{men.id}/")
    assert (leaf.depth, leaf.path) == (4, f"{outlet.path}{men.id}/{shirts.id}/")
    assert await uow.categories.children(clothes.id) == []
    [entry] = uow.tables.audit
    assert entry.action == "category.move" and entry.before and entry.before["parent_id"] == str(clothes.id)


async def test_a_move_that_would_nest_too_deep_or_clash_with_a_sibling_is_refused(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given a chain as deep as allowed, and a two-level branch
    chain = [given.category(uow, "L1")]
    for level in range(2, MAX_CATEGORY_DEPTH + 1):
        chain.append(given.category(uow, f"L{level}", chain[-1]))
    branch = given.category(uow, "Branch")
    given.category(uow, "Leaf", branch)
    namesake = given.category(uow, "Branch", chain[0])

    with pytest.raises(DomainError) as too_deep:
        await catalog.move_category(uow, clock, clerk, branch.id, parent_id=chain[-2].id, position=0)
    with pytest.raises(DomainError) as clash:
        await catalog.move_category(uow, clock, clerk, branch.id, parent_id=chain[0].id, position=0)
    with pytest.raises(DomainError) as too_deep_to_create:
        await catalog.create_category(uow, clock, clerk, name="L6", parent_id=chain[-1].id)

    assert (too_deep.value.code, clash.value.code) == ("category.too_deep", "category.name_taken")
    assert too_deep_to_create.value.code == "category.too_deep"
    assert uow.tables.categories[branch.id].parent_id is None and namesake.parent_id == chain[0].id


async def test_only_an_empty_category_is_deleted(uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor) -> None:
    # given a category with a child, one with a product, and an empty one
    parent, stocked, empty = given.category(uow, "Parent"), given.category(uow, "Stocked"), given.category(uow, "Empty")
    given.category(uow, "Child", parent)
    given.product(uow, in_category=stocked)

    # when
    with pytest.raises(DomainError) as has_child:
        await catalog.delete_category(uow, clock, clerk, parent.id)
    with pytest.raises(DomainError) as has_product:
        await catalog.delete_category(uow, clock, clerk, stocked.id)
    await catalog.delete_category(uow, clock, clerk, empty.id)

    # then
    assert (has_child.value.code, has_child.value.data["children"], has_child.value.data["products"]) == (
        "category.not_empty",
        1,
        0,
    )
    assert (has_product.value.code, has_product.value.data["products"]) == ("category.not_empty", 1)
    assert empty.id not in uow.tables.categories and parent.id in uow.tables.categories
    assert [(e.action, e.target_id) for e in uow.tables.audit] == [("category.delete", str(empty.id))]


async def test_the_tree_counts_every_product_under_a_category_and_only_those_on_sale_for_the_storefront(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    clothes = given.category(uow, "Clothes")
    men = given.category(uow, "Men", clothes)
    given.product(uow, "A", skus=["A-1"], in_category=men)
    given.product(uow, "B", skus=["B-1"], in_category=clothes, status=ProductStatus.DRAFT)

    [staff_root] = await catalog.category_tree(uow)
    [shop_root] = await catalog.category_tree(uow, on_sale_only=True)

    assert (staff_root.product_count, staff_root.children[0].product_count) == (2, 1)
    assert shop_root.product_count == 1
