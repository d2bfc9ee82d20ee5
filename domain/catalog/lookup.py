"""The catalog's part of the back office's global search (domain/search): products by name or code, SKUs by
code, SKUs by barcode. One product search serves all three: a product's search text holds its SKUs' codes and
barcodes."""

from __future__ import annotations

from uuid import UUID

from domain.catalog.entities import Product
from domain.catalog.ports import CatalogUoW, ProductQuery
from domain.search.hits import Hit

# products fetched to find SKUs and barcodes in: several per group, since a product may match through one
_CANDIDATES = 4


async def _matching(uow: CatalogUoW, text: str, limit: int) -> list[Product]:
    found, _ = await uow.products.search(
        ProductQuery(keyword=text, sort="name"), offset=0, limit=limit * _CANDIDATES, count_up_to=limit * _CANDIDATES
    )
    return found


async def products(uow: CatalogUoW, text: str, limit: int) -> list[Hit]:
    """Products whose name, code or brand hold every word."""
    words = text.lower().split()
    hits = []
    for product in await _matching(uow, text, limit):
        own = " ".join(filter(None, (product.name, product.code, product.brand))).lower()
        if all(word in own for word in words):
            hits.append(Hit(id=product.id, title=product.name, detail=product.code, opens=product.id))
    return hits[:limit]


async def skus(uow: CatalogUoW, text: str, limit: int) -> list[Hit]:
    """SKUs whose code holds the text, the exact code first."""
    needle = text.lower()
    exact = await uow.products.sku_by_code(text)
    found = [exact] if exact else []
    for product in await _matching(uow, text, limit):
        found += [s for s in product.skus if needle in s.code.lower() and (exact is None or s.id != exact.id)]
    names = {p.id: p.name for p in await _products_of(uow, [s.product_id for s in found[:limit]])}
    return [Hit(id=s.id, title=s.code, detail=names.get(s.product_id), opens=s.product_id) for s in found[:limit]]


async def barcodes(uow: CatalogUoW, text: str, limit: int) -> list[Hit]:
    """The SKU a scanner's barcode names, then SKUs whose barcode starts with the digits typed."""
    exact = await uow.products.sku_by_barcode(text)
    found = [exact] if exact else []
    if text.isdigit() and len(text) >= 4:  # a few digits are a prefix worth looking for, one or two are not
        for product in await _matching(uow, text, limit):
            found += [
                s
                for s in product.skus
                if s.barcode and s.barcode.startswith(text) and (exact is None or s.id != exact.id)
            ]
    names = {p.id: p.name for p in await _products_of(uow, [s.product_id for s in found[:limit]])}
    return [
        Hit(id=s.id, title=s.barcode or "", detail=f"{s.code} · {names.get(s.product_id, '')}", opens=s.product_id)
        for s in found[:limit]
    ]


async def _products_of(uow: CatalogUoW, product_ids: list[UUID]) -> list[Product]:
    found = []
    for product_id in dict.fromkeys(product_ids):
        product = await uow.products.get(product_id)
        if product:
            found.append(product)
    return found
