"""The storefront's catalog: public, no sign-in needed; a signed-in dealer sees dealer prices."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.deps import ContainerDep, OptionalUser, Paging, ReadUoW
from api.schemas.catalog import NO_NUL, CategoryTreeOut, Price
from api.schemas.common import Page, problems
from api.schemas.store import StoreProductCard, StoreProductPage, StoreSort
from domain.catalog import categories, storefront
from domain.catalog.pricing import Buyer
from domain.identity.principal import Principal

router = APIRouter(prefix="/store", tags=["store"])
PUBLIC = {"x-permission": "public"}


def buyer_of(user: Principal | None) -> Buyer:
    return Buyer.DEALER if user is not None and "dealer" in user.role_names else Buyer.RETAIL


@router.get(
    "/categories",
    response_model=list[CategoryTreeOut],
    openapi_extra=PUBLIC,
    operation_id="store-categories",
    responses=problems(),
)
async def store_categories(uow: ReadUoW) -> list[CategoryTreeOut]:
    """The category tree for navigation, each node with how many of its products are on sale."""
    return [CategoryTreeOut.of_node(n) for n in await categories.tree(uow, on_sale_only=True)]


@router.get(
    "/products",
    response_model=Page[StoreProductCard],
    openapi_extra=PUBLIC,
    operation_id="store-search",
    responses=problems(404, 422),
)
async def search_products(
    uow: ReadUoW,
    c: ContainerDep,
    user: OptionalUser,
    paging: Paging,
    q: Annotated[
        str | None, Query(max_length=100, pattern=NO_NUL, description="Every word must match: name, brand, barcode…")
    ] = None,
    category_id: Annotated[UUID | None, Query(description="The category and its sub-categories")] = None,
    price_min: Annotated[Price | None, Query()] = None,
    price_max: Annotated[Price | None, Query()] = None,
    in_stock: Annotated[bool, Query(description="Only products that can be bought now")] = False,
    sort: Annotated[StoreSort, Query(description="relevance: best sellers, then newest")] = "relevance",
) -> Page[StoreProductCard]:
    """Search the products on sale."""
    cards, total = await storefront.search(
        uow,
        c.clock,
        buyer_of(user),
        keyword=q,
        category_id=category_id,
        price_min=price_min,
        price_max=price_max,
        in_stock=in_stock,
        sort=sort,
        offset=paging.offset,
        limit=paging.page_size,
    )
    return Page(
        items=[StoreProductCard.of(card) for card in cards], total=total, page=paging.page, page_size=paging.page_size
    )


@router.get(
    "/products/{product_id}",
    response_model=StoreProductPage,
    openapi_extra=PUBLIC,
    operation_id="store-product",
    responses=problems(404, 422),
)
async def product_page(product_id: UUID, uow: ReadUoW, c: ContainerDep, user: OptionalUser) -> StoreProductPage:
    """A product on sale with its SKU picker: options, price and stock status per SKU."""
    return StoreProductPage.of(await storefront.product_page(uow, c.clock, buyer_of(user), product_id))
