"""Products, their SKUs, prices and image galleries in the back office (`catalog:read`, `catalog:write`).

SKU routes live here too (`/skus/...`): a SKU is always edited as part of its product."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, File, Header, HTTPException, Query, Request, Response, UploadFile, status

from api.deps import NOT_ALLOWED, ContainerDep, Paging, ReadUoW, UoW, actor_of, require
from api.i18n import translate
from api.schemas.catalog import (
    NO_NUL,
    BatchPricesIn,
    BatchStatusIn,
    ImageOrderIn,
    ImageOut,
    Price,
    ProductCreate,
    ProductDetail,
    ProductSaveIn,
    ProductSummary,
    ProductUpdate,
    SkuCreate,
    SkuOut,
    SkuUpdate,
    StaffSort,
    StatusIn,
    Updated,
)
from api.schemas.common import Page, problems
from domain.catalog import images, product_save, skus
from domain.catalog import use_cases as catalog
from domain.catalog.entities import ProductStatus
from domain.errors import RuleViolation
from domain.identity.principal import Principal
from infra.providers.storage.local import thumbnail_name

router = APIRouter(tags=["products"])
READ = {"x-permission": "catalog:read"}
WRITE = {"x-permission": "catalog:write"}
Reader = Annotated[Principal, Depends(require("catalog:read"))]
Writer = Annotated[Principal, Depends(require("catalog:write"))]
_IMAGE_READ_LIMIT = images.IMAGE_MAX_BYTES + 1  # one byte more than allowed is enough to refuse


async def _detail(uow: ReadUoW, product_id: UUID) -> ProductDetail:
    return ProductDetail.of_view(await catalog.product_view(uow, product_id))


@router.get(
    "/products",
    response_model=Page[ProductSummary],
    openapi_extra=READ,
    operation_id="products-list",
    responses=problems(401, 403, 404, 422),
)
async def list_products(
    _: Reader,
    uow: ReadUoW,
    c: ContainerDep,
    paging: Paging,
    q: Annotated[
        str | None, Query(max_length=100, pattern=NO_NUL, description="Words in name, brand, code, barcode, specs")
    ] = None,
    category_id: Annotated[UUID | None, Query(description="The category and its sub-categories")] = None,
    status_: Annotated[ProductStatus | None, Query(alias="status")] = None,
    brand: Annotated[str | None, Query(max_length=64, pattern=NO_NUL)] = None,
    tag: Annotated[str | None, Query(max_length=32, pattern=NO_NUL)] = None,
    price_min: Annotated[Price | None, Query()] = None,
    price_max: Annotated[Price | None, Query()] = None,
    in_stock: Annotated[bool, Query(description="Only products with sellable stock")] = False,
    sort: Annotated[StaffSort, Query()] = "-created_at",
) -> Page[ProductSummary]:
    """Products filtered, sorted and paginated, with stock and cover thumbnail."""
    views, total = await catalog.list_products(
        uow,
        category_id=category_id,
        currency=c.settings.base_currency,
        keyword=q,
        status=status_,
        brand=brand,
        tag=tag,
        price_min=price_min,
        price_max=price_max,
        in_stock=in_stock,
        sort=sort,
        offset=paging.offset,
        limit=paging.page_size,
    )
    return Page(items=[ProductSummary.of(v) for v in views], total=total, page=paging.page, page_size=paging.page_size)


@router.post(
    "/products",
    status_code=status.HTTP_201_CREATED,
    response_model=ProductDetail,
    openapi_extra=WRITE,
    operation_id="products-create",
    responses=problems(401, 403, 409, 422),
)
async def create_product(
    body: ProductCreate, request: Request, writer: Writer, uow: UoW, c: ContainerDep
) -> ProductDetail:
    """Create a product with its SKUs (status draft, or on_sale when it is sellable)."""
    fields = body.model_dump(exclude={"skus"})
    product = await catalog.create_product(
        uow,
        c.clock,
        actor_of(request, writer),
        currency=c.settings.base_currency,
        skus=[s.as_input() for s in body.skus],
        **fields,
    )
    return await _detail(c.uow(read_only=True), product.id)


# before /products/{product_id}/…: otherwise `batch` would be read as a product id
@router.post(
    "/products/batch/status",
    response_model=Updated,
    openapi_extra=WRITE,
    operation_id="products-batch-status",
    responses=problems(401, 403, 404, 409, 422),
)
async def batch_status(body: BatchStatusIn, request: Request, writer: Writer, uow: UoW, c: ContainerDep) -> Updated:
    """Set the status of many products: all change, or none when one of them cannot."""
    changed = await catalog.set_status_of_many(uow, c.clock, actor_of(request, writer), body.product_ids, body.status)
    return Updated(updated=changed)


@router.get(
    "/products/{product_id}",
    response_model=ProductDetail,
    openapi_extra=READ,
    operation_id="products-get",
    responses=problems(401, 403, 404, 422),
)
async def get_product(product_id: UUID, _: Reader, uow: ReadUoW, response: Response) -> ProductDetail:
    """One product with its SKUs (and their sellable stock) and images; the ETag is its version."""
    detail = await _detail(uow, product_id)
    response.headers["ETag"] = f'"{detail.version}"'
    return detail


@router.put(
    "/products/{product_id}",
    response_model=ProductDetail,
    openapi_extra=WRITE,
    operation_id="products-save",
    responses=problems(401, 403, 404, 409, 422),
)
async def save_product(
    product_id: UUID,
    body: ProductSaveIn,
    request: Request,
    response: Response,
    writer: Writer,
    uow: UoW,
    c: ContainerDep,
    if_match: Annotated[str | None, Header(description='The version you loaded as an ETag, `"3"`')] = None,
) -> ProductDetail:
    """Save a product with its whole SKU list: every change or none; SKUs left out are deleted (409 when stocked)."""
    version = body.version if body.version is not None else _version_of(if_match)
    if version is None:
        raise RuleViolation(
            "Send the version of the product you loaded (`version` or If-Match).",
            code="product.version_required",
            field="version",
        )
    try:
        await catalog.save_product(uow, c.clock, actor_of(request, writer), product_id, body.as_save(), version=version)
    except product_save.SaveRefused as refused:
        locale = getattr(request.state, "locale", "zh_CN")
        refused.data["errors"] = [
            {"field": p.field, "message": translate(p.code, p.message, locale, p.params), "code": p.code}
            for p in refused.problems
        ]
        raise
    detail = await _detail(c.uow(read_only=True), product_id)
    response.headers["ETag"] = f'"{detail.version}"'
    return detail


def _version_of(if_match: str | None) -> int | None:
    value = (if_match or "").strip().removeprefix("W/").strip('"')
    return int(value) if value.isdigit() else None


@router.patch(
    "/products/{product_id}",
    response_model=ProductDetail,
    openapi_extra=WRITE,
    operation_id="products-update",
    responses=problems(401, 403, 404, 409, 422),
)
async def update_product(
    product_id: UUID, body: ProductUpdate, request: Request, writer: Writer, uow: UoW, c: ContainerDep
) -> ProductDetail:
    """Edit a product's code, name, category, brand, description or tags."""
    changes = body.model_dump(exclude_unset=True)
    await catalog.update_product(uow, c.clock, actor_of(request, writer), product_id, **changes)
    return await _detail(c.uow(read_only=True), product_id)


@router.post(
    "/products/{product_id}/status",
    response_model=ProductDetail,
    openapi_extra=WRITE,
    operation_id="products-set-status",
    responses=problems(401, 403, 404, 409, 422),
)
async def set_product_status(
    product_id: UUID, body: StatusIn, request: Request, writer: Writer, uow: UoW, c: ContainerDep
) -> ProductDetail:
    """Put on sale (needs a category and an active SKU), take off sale, or return an off-sale product to draft."""
    await catalog.set_product_status(uow, c.clock, actor_of(request, writer), product_id, body.status)
    return await _detail(c.uow(read_only=True), product_id)


@router.delete(
    "/products/{product_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=WRITE,
    operation_id="products-delete",
    responses=problems(401, 403, 404, 409, 422),
)
async def delete_product(product_id: UUID, request: Request, writer: Writer, uow: UoW, c: ContainerDep) -> None:
    """Delete a draft product (409 `product.not_draft` otherwise)."""
    await catalog.delete_product(uow, c.clock, actor_of(request, writer), product_id)


@router.post(
    "/products/{product_id}/skus",
    status_code=status.HTTP_201_CREATED,
    response_model=SkuOut,
    openapi_extra=WRITE,
    operation_id="products-add-sku",
    responses=problems(401, 403, 404, 409, 422),
)
async def add_sku(
    product_id: UUID, body: SkuCreate, request: Request, writer: Writer, uow: UoW, c: ContainerDep
) -> SkuOut:
    """Add a SKU to a product."""
    return SkuOut.of(await catalog.add_sku(uow, c.clock, actor_of(request, writer), product_id, body.as_input()))


@router.patch(
    "/skus/{sku_id}",
    response_model=SkuOut,
    openapi_extra=WRITE,
    operation_id="products-update-sku",
    responses=problems(401, 403, 404, 409, 422),
)
async def update_sku(
    sku_id: UUID, body: SkuUpdate, request: Request, writer: Writer, uow: UoW, c: ContainerDep
) -> SkuOut:
    """Edit a SKU: code, barcode, specs, prices, promotion, weight, active (null clears an optional price)."""
    changes = body.model_dump(exclude_unset=True)
    sku = await catalog.update_sku(uow, c.clock, actor_of(request, writer), sku_id, **changes)
    return SkuOut.of(sku)


@router.delete(
    "/skus/{sku_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=WRITE,
    operation_id="products-delete-sku",
    responses=problems(401, 403, 404, 409, 422),
)
async def delete_sku(sku_id: UUID, request: Request, writer: Writer, uow: UoW, c: ContainerDep) -> None:
    """Delete a SKU that never held stock (409 `sku.has_stock` otherwise: deactivate it instead)."""
    await catalog.delete_sku(uow, c.clock, actor_of(request, writer), sku_id)


@router.post(
    "/skus/batch/prices",
    response_model=Updated,
    openapi_extra=WRITE,
    operation_id="products-batch-prices",
    responses=problems(401, 403, 404, 422),
)
async def batch_prices(body: BatchPricesIn, request: Request, writer: Writer, uow: UoW, c: ContainerDep) -> Updated:
    """Edit the prices of many SKUs: every line valid, or nothing changes."""
    items = [skus.PriceChange(**item.model_dump(exclude_unset=True)) for item in body.items]
    return Updated(updated=await catalog.change_prices(uow, c.clock, actor_of(request, writer), items))


@router.post(
    "/products/{product_id}/images",
    status_code=status.HTTP_201_CREATED,
    response_model=ImageOut,
    openapi_extra=WRITE,
    operation_id="products-upload-image",
    responses=problems(401, 403, 404, 422),
)
async def upload_image(
    product_id: UUID,
    file: Annotated[UploadFile, File(description="JPEG, PNG, WEBP or GIF, at most 5 MiB")],
    request: Request,
    writer: Writer,
    uow: UoW,
    c: ContainerDep,
) -> ImageOut:
    """Add a picture to the end of the product's gallery (a 400 px thumbnail is made)."""
    data = await file.read(_IMAGE_READ_LIMIT)
    if not data:
        raise RuleViolation("The file is empty.", code="media.invalid_image", field="file")
    image = await catalog.add_product_image(
        c.uow, c.clock, actor_of(request, writer), c.storage, thumbnail_name, product_id, data
    )
    return ImageOut.of(image)


@router.put(
    "/products/{product_id}/images/order",
    response_model=list[ImageOut],
    openapi_extra=WRITE,
    operation_id="products-order-images",
    responses=problems(401, 403, 404, 422),
)
async def order_images(
    product_id: UUID, body: ImageOrderIn, request: Request, writer: Writer, uow: UoW, c: ContainerDep
) -> list[ImageOut]:
    """Put the gallery in this order; the first image is the cover."""
    ordered = await catalog.order_images(uow, c.clock, actor_of(request, writer), product_id, body.image_ids)
    return [ImageOut.of(i) for i in ordered]


# Before the route below: `/images/order` is the image order, not an image whose id is "order", so DELETE there
# is a 405 naming PUT rather than a malformed image id. Hidden from the schema, and from the Allow header.
@router.delete("/products/{product_id}/images/order", include_in_schema=False, name=NOT_ALLOWED)
async def delete_image_order(product_id: UUID) -> None:
    raise HTTPException(status.HTTP_405_METHOD_NOT_ALLOWED, "Method Not Allowed", headers={"Allow": "PUT"})


@router.delete(
    "/products/{product_id}/images/{image_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=WRITE,
    operation_id="products-delete-image",
    responses=problems(401, 403, 404, 422),
)
async def delete_image(
    product_id: UUID, image_id: UUID, request: Request, writer: Writer, uow: UoW, c: ContainerDep
) -> None:
    """Remove an image from the gallery."""
    await catalog.delete_image(uow, c.clock, actor_of(request, writer), product_id, image_id)
