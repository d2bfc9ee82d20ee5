"""A product's image gallery: upload (checked and re-encoded by the storage adapter), order, delete."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from domain.audit import service as audit
from domain.catalog import products as product_service
from domain.catalog.entities import Product, ProductImage
from domain.errors import NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.ports import Clock, MediaStorage, UnitOfWork

IMAGE_MAX_BYTES = 5 * 1024 * 1024
THUMBNAIL_PIXELS = 400
MAX_IMAGES = 20


async def add_image(
    uow: UnitOfWork,
    clock: Clock,
    actor: Actor,
    storage: MediaStorage,
    thumbnail_of: Callable[[str], str],
    product_id: UUID,
    data: bytes,
) -> ProductImage:
    """Store an uploaded picture and append it to the product's gallery; `thumbnail_of` maps its URL to the
    thumbnail's URL. Refused (422) when the file is not an image."""
    async with uow:
        product = await product_service.load(uow, product_id)
        _ensure_room(product)
    # outside any transaction: decoding and resizing take a while and must not hold the database
    url = await storage.save_image(
        f"products/{product_id.hex}", data, max_bytes=IMAGE_MAX_BYTES, thumbnail=THUMBNAIL_PIXELS
    )
    async with uow:
        product = await product_service.load(uow, product_id, for_update=True)
        _ensure_room(product)
        now = clock.now()
        position = max((i.position for i in product.images), default=-1) + 1
        image = ProductImage(
            product_id=product.id, url=url, thumbnail_url=thumbnail_of(url), position=position, created_at=now
        )
        product.images.append(image)
        product.updated_at = now
        await audit.record(
            uow,
            actor,
            action="product.image_add",
            target_type="product",
            target_id=product.id,
            at=now,
            after={"image_id": str(image.id), "url": url},
        )
        await uow.commit()
        return image


async def order_images(
    uow: UnitOfWork, clock: Clock, actor: Actor, product_id: UUID, image_ids: list[UUID]
) -> list[ProductImage]:
    """Put the gallery in the given order; the list must name every image of the product exactly once."""
    async with uow:
        product = await product_service.load(uow, product_id, for_update=True)
        current = {i.id: i for i in product.images}
        if len(image_ids) != len(set(image_ids)) or set(image_ids) != set(current):
            raise RuleViolation(
                "List every image of the product exactly once.", code="product.image_order_mismatch", field="image_ids"
            )
        before = [str(i.id) for i in product.images]
        for position, image_id in enumerate(image_ids):
            current[image_id].position = position
        product.images.sort(key=lambda i: i.position)
        now = clock.now()
        product.updated_at = now
        await audit.record(
            uow,
            actor,
            action="product.image_order",
            target_type="product",
            target_id=product.id,
            at=now,
            before={"images": before},
            after={"images": [str(i) for i in image_ids]},
        )
        await uow.commit()
        return list(product.images)


async def delete_image(uow: UnitOfWork, clock: Clock, actor: Actor, product_id: UUID, image_id: UUID) -> None:
    """Remove an image from the gallery (the file stays: cached pages and old orders may still show it)."""
    async with uow:
        product = await product_service.load(uow, product_id, for_update=True)
        image = next((i for i in product.images if i.id == image_id), None)
        if image is None:
            raise NotFound("The image does not exist.", code="product.image_not_found", image_id=str(image_id))
        product.images.remove(image)
        for position, rest in enumerate(product.images):
            rest.position = position
        now = clock.now()
        product.updated_at = now
        await audit.record(
            uow,
            actor,
            action="product.image_delete",
            target_type="product",
            target_id=product.id,
            at=now,
            before={"image_id": str(image.id), "url": image.url},
        )
        await uow.commit()


def _ensure_room(product: Product) -> None:
    if len(product.images) >= MAX_IMAGES:
        raise RuleViolation(
            f"A product has at most {MAX_IMAGES} images.", code="product.too_many_images", max_images=MAX_IMAGES
        )
