"""Editing a product's own fields and its image gallery; every change audited."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.catalog import images
from domain.catalog import use_cases as catalog
from domain.catalog.entities import ProductImage
from domain.errors import DomainError
from domain.identity.actor import Actor
from tests.fakes import FakeClock, FakeUnitOfWork, given


class RecordingStorage:
    """Stores nothing; remembers what it was asked to store."""

    def __init__(self) -> None:
        self.saved: list[str] = []

    async def save_image(self, folder: str, data: bytes, *, max_bytes: int, thumbnail: int | None) -> str:
        self.saved.append(folder)
        return f"/media/{folder}/{len(self.saved)}.webp"


def thumbnail_of(url: str) -> str:
    return url.replace(".webp", ".thumb.webp")


async def test_editing_a_product_is_audited_with_before_and_after(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    tee, shirts = given.product(uow, "TEE", skus=["TEE-M"]), given.category(uow, "Shirts")

    await catalog.update_product(uow, clock, clerk, tee.id, name="Linen tee", category_id=shirts.id, tags=["summer"])

    stored = uow.tables.products[tee.id]
    assert (stored.name, stored.category_id, stored.tags) == ("Linen tee", shirts.id, ["summer"])
    assert "linen" in stored.search_text and "summer" in stored.search_text
    [entry] = uow.tables.audit
    assert entry.action == "product.update" and entry.before and entry.after
    assert (entry.before["name"], entry.after["name"]) == ("Product TEE", "Linen tee")


async def test_a_product_cannot_take_a_used_code_or_a_missing_category(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    tee = given.product(uow, "TEE", skus=["TEE-M"])
    given.product(uow, "CAP", skus=["CAP-1"])

    with pytest.raises(DomainError) as code_taken:
        await catalog.update_product(uow, clock, clerk, tee.id, code="CAP")
    with pytest.raises(DomainError) as no_category:
        await catalog.update_product(uow, clock, clerk, tee.id, category_id=uuid4())

    assert (code_taken.value.code, no_category.value.code) == ("product.code_taken", "product.category_not_found")
    assert uow.tables.products[tee.id].code == "TEE" and uow.tables.audit == []


async def test_an_uploaded_image_is_stored_then_added_last_to_the_gallery(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    tee, storage = given.product(uow, "TEE", skus=["TEE-M"]), RecordingStorage()

    first = await catalog.add_product_image(uow.another, clock, clerk, storage, thumbnail_of, tee.id, b"img")
    second = await catalog.add_product_image(uow.another, clock, clerk, storage, thumbnail_of, tee.id, b"img")

    assert [(i.position, i.url) for i in uow.tables.products[tee.id].images] == [(0, first.url), (1, second.url)]
    assert second.thumbnail_url.endswith(".thumb.webp")
    assert [e.action for e in uow.tables.audit] == ["product.image_add", "product.image_add"]


async def test_a_full_gallery_refuses_an_upload_before_the_file_is_stored(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    tee, storage = given.product(uow, "TEE", skus=["TEE-M"]), RecordingStorage()
    tee.images = [ProductImage(tee.id, f"/m/{i}", f"/t/{i}", position=i) for i in range(images.MAX_IMAGES)]

    with pytest.raises(DomainError) as refused:
        await catalog.add_product_image(uow.another, clock, clerk, storage, thumbnail_of, tee.id, b"img")

    assert refused.value.code == "product.too_many_images" and storage.saved == []


async def test_the_gallery_is_reordered_only_by_a_list_naming_every_image_once(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    tee = given.product(uow, "TEE", skus=["TEE-M"])
    tee.images = [ProductImage(tee.id, f"/m/{i}", f"/t/{i}", position=i) for i in range(3)]
    a, b, c = (i.id for i in tee.images)

    with pytest.raises(DomainError) as refused:
        await catalog.order_images(uow, clock, clerk, tee.id, [c, a, a])
    ordered = await catalog.order_images(uow, clock, clerk, tee.id, [c, a, b])

    assert refused.value.code == "product.image_order_mismatch"
    assert [i.id for i in ordered] == [c, a, b] and [i.position for i in ordered] == [0, 1, 2]
    [entry] = uow.tables.audit
    assert entry.action == "product.image_order" and entry.after == {"images": [str(c), str(a), str(b)]}


async def test_deleting_an_image_closes_the_gap_and_an_unknown_one_is_not_found(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    tee = given.product(uow, "TEE", skus=["TEE-M"])
    tee.images = [ProductImage(tee.id, f"/m/{i}", f"/t/{i}", position=i) for i in range(3)]
    first, middle, last = tee.images

    await catalog.delete_image(uow, clock, clerk, tee.id, middle.id)
    with pytest.raises(DomainError) as missing:
        await catalog.delete_image(uow, clock, clerk, tee.id, middle.id)

    gallery = uow.tables.products[tee.id].images
    assert [(i.id, i.position) for i in gallery] == [(first.id, 0), (last.id, 1)]
    assert missing.value.code == "product.image_not_found"
