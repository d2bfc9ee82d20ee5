"""The storefront's catalog: public, no sign-in needed; a signed-in dealer sees dealer prices."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.deps import ContainerDep, OptionalUser, Paging, ReadUoW
from api.schemas.catalog import NO_NUL, CategoryTreeOut, Price
from api.schemas.common import problems
from api.schemas.store import StoreProductCard, StoreProductPage, StoreSearchPage, StoreSort
from domain.catalog import pricing
from domain.catalog import use_cases as catalog

router = APIRouter(prefix="/store", tags=["store"])
# public, with the bearer optional: a signed-in buyer sees their own prices (`{}`: no credentials at all also do)
PUBLIC = {"x-permission": "public", "security": [{}]}


@router.get(
    "/categories",
    response_model=list[CategoryTreeOut],
    openapi_extra=PUBLIC,
    operation_id="store-categories",
    responses=problems(),
)
async def store_categories(uow: ReadUoW) -> list[CategoryTreeOut]:
    """The category tree for navigation, each node with how many of its products are on sale."""
    return [CategoryTreeOut.of_node(n) for n in await catalog.category_tree(uow, on_sale_only=True)]


@router.get(
    "/products",
    response_model=StoreSearchPage,
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
        str | None,
        Query(
            max_length=100,
            pattern=NO_NUL,
            description="Every word must appear in the name, brand, tags, codes, barcodes or specs; Chinese words "
            "of one or two characters (耳机) too",
        ),
    ] = None,
    category_id: Annotated[UUID | None, Query(description="The category and its sub-categories")] = None,
    price_min: Annotated[Price | None, Query()] = None,
    price_max: Annotated[Price | None, Query()] = None,
    in_stock: Annotated[bool, Query(description="Only products that can be bought now")] = False,
    sort: Annotated[StoreSort, Query(description="relevance: best sellers, then newest")] = "relevance",
) -> StoreSearchPage:
    """Search the products on sale; past 1,000 matches the total says '1,000+' (`total_capped`)."""
    found = await catalog.search_storefront(
        uow,
        c.clock,
        pricing.buyer_of(user),
        currency=c.settings.base_currency,
        keyword=q,
        category_id=category_id,
        price_min=price_min,
        price_max=price_max,
        in_stock=in_stock,
        sort=sort,
        offset=paging.offset,
        limit=paging.page_size,
    )
    return StoreSearchPage(
        items=[StoreProductCard.of(card) for card in found.cards],
        total=found.total,
        total_capped=found.capped,
        page=paging.page,
        page_size=paging.page_size,
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
    return StoreProductPage.of(await catalog.product_page(uow, c.clock, pricing.buyer_of(user), product_id))
