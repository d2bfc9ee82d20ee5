"""A product's image gallery: upload (checked and re-encoded by the storage adapter), order, delete."""

from __future__ import annotations

from uuid import UUID

from domain.audit import service as audit
from domain.catalog import products as product_service
from domain.catalog.entities import Product, ProductImage
from domain.catalog.ports import CatalogUoW
from domain.errors import NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.ports import Clock

IMAGE_MAX_BYTES = 5 * 1024 * 1024
THUMBNAIL_PIXELS = 400
MAX_IMAGES = 20


async def check_room(uow: CatalogUoW, product_id: UUID) -> None:
    """Refuse an upload before storing it when the product is missing or its gallery is full."""
    _ensure_room(await product_service.load(uow, product_id))


async def add_image(
    uow: CatalogUoW, clock: Clock, actor: Actor, product_id: UUID, *, url: str, thumbnail_url: str
) -> ProductImage:
    """Append a stored picture to the product's gallery (checked again: another upload may have filled it)."""
    product = await product_service.load(uow, product_id, for_update=True)
    _ensure_room(product)
    now = clock.now()
    position = max((i.position for i in product.images), default=-1) + 1
    image = ProductImage(product_id=product.id, url=url, thumbnail_url=thumbnail_url, position=position, created_at=now)
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
    return image


async def order_images(
    uow: CatalogUoW, clock: Clock, actor: Actor, product_id: UUID, image_ids: list[UUID]
) -> list[ProductImage]:
    """Put the gallery in the given order; the list must name every image of the product exactly once."""
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
    return list(product.images)


async def delete_image(uow: CatalogUoW, clock: Clock, actor: Actor, product_id: UUID, image_id: UUID) -> None:
    """Remove an image from the gallery (the file stays: cached pages and old orders may still show it)."""
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


def _ensure_room(product: Product) -> None:
    if len(product.images) >= MAX_IMAGES:
        raise RuleViolation(
            f"A product has at most {MAX_IMAGES} images.", code="product.too_many_images", max_images=MAX_IMAGES
        )
