"""What routers and jobs ask of the catalog. Each opens its unit of work, runs actions and commits once; inside
another feature's transaction, call the actions instead. Every staff write is audited by its action."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from domain.catalog import (
    categories,
    images,
    import_export,
    import_jobs,
    listing,
    product_save,
    products,
    skus,
    storefront,
)
from domain.catalog.entities import ProductImage
from domain.catalog.ports import CatalogUoW
from domain.identity.actor import Actor
from domain.ports import Clock, MediaStorage
from domain.unit_of_work import use_case

category_tree = use_case(categories.tree)
get_category = use_case(categories.get_category)
create_category = use_case(categories.create_category)
rename_category = use_case(categories.rename_category)
move_category = use_case(categories.move_category)
delete_category = use_case(categories.delete_category)

list_products = use_case(listing.list_products)
product_view = use_case(listing.product_view)
category_path_of = use_case(listing.category_path_of)
refresh_listing_prices = use_case(listing.refresh_listing_prices)
get_product = use_case(products.get_product)
create_product = use_case(products.create_product)
update_product = use_case(products.update_product)
save_product = use_case(product_save.save_product)
set_product_status = use_case(products.set_status)
set_status_of_many = use_case(products.set_status_of_many)
delete_product = use_case(products.delete_product)

add_sku = use_case(skus.add_sku)
update_sku = use_case(skus.update_sku)
delete_sku = use_case(skus.delete_sku)
change_prices = use_case(skus.change_prices)

order_images = use_case(images.order_images)
delete_image = use_case(images.delete_image)

import_catalog = use_case(import_export.import_catalog)
export_query = use_case(import_export.export_query)
export_rows = import_export.export_rows  # a use case of its own: one short read per batch
queue_import = use_case(import_jobs.queue_import)
get_import = use_case(import_jobs.get_import)
imports_to_resume = use_case(import_jobs.imports_to_resume)
run_import = import_jobs.run_import  # a use case of its own: claim, then apply, in two transactions

search_storefront = use_case(storefront.search)
product_page = use_case(storefront.product_page)


async def add_product_image(
    uows: Callable[[], CatalogUoW],
    clock: Clock,
    actor: Actor,
    storage: MediaStorage,
    thumbnail_of: Callable[[str], str],
    product_id: UUID,
    data: bytes,
) -> ProductImage:
    """Store an uploaded picture and append it to the gallery; `thumbnail_of` maps its URL to the thumbnail's.
    Refused (422) when the file is not an image. Decoding and resizing happen between two short transactions,
    never inside one."""
    await use_case(images.check_room)(uows(), product_id)
    url = await storage.save_image(
        f"products/{product_id.hex}", data, max_bytes=images.IMAGE_MAX_BYTES, thumbnail=images.THUMBNAIL_PIXELS
    )
    return await use_case(images.add_image)(uows(), clock, actor, product_id, url=url, thumbnail_url=thumbnail_of(url))
