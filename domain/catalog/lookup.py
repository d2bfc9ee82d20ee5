"""The catalog's part of the back office's global search (domain/search): products by name or code, SKUs by
code, SKUs by barcode. One product search serves all three groups, since a product's search text holds its SKUs'
codes and barcodes; the exact code and barcode are looked up besides, so a scan always finds its SKU."""

from __future__ import annotations

from uuid import UUID

from domain.catalog.entities import Product, Sku
from domain.catalog.ports import CatalogUoW, ProductQuery
from domain.search.hits import Group, Hit

# products fetched to find SKUs and barcodes in: several per group, since a product may match through one SKU
_CANDIDATES = 4
# digits typed before barcodes are looked for by prefix (one or two digits match half the catalog)
_BARCODE_PREFIX = 4


async def find(uow: CatalogUoW, text: str, limit: int) -> list[Group]:
    fetched = limit * _CANDIDATES
    found, _ = await uow.products.search(ProductQuery(keyword=text, sort="name"), offset=0, limit=fetched)
    by_code = await uow.products.sku_by_code(text)
    by_barcode = await uow.products.sku_by_barcode(text)
    names = {p.id: p.name for p in found}
    for sku in (by_code, by_barcode):
        if sku and sku.product_id not in names:
            product = await uow.products.get(sku.product_id)
            names[sku.product_id] = product.name if product else ""
    return [
        Group("products", _products(found, text)[:limit]),
        Group("skus", [_sku_hit(s, names) for s in _skus(found, text, by_code)][:limit]),
        Group("barcodes", [_barcode_hit(s, names) for s in _barcodes(found, text, by_barcode)][:limit]),
    ]


def _products(found: list[Product], text: str) -> list[Hit]:
    """Products whose name, code or brand hold every word."""
    words = text.lower().split()
    hits = []
    for product in found:
        own = " ".join(filter(None, (product.name, product.code, product.brand))).lower()
        if all(word in own for word in words):
            hits.append(Hit(id=product.id, title=product.name, detail=product.code, opens=product.id))
    return hits


def _skus(found: list[Product], text: str, exact: Sku | None) -> list[Sku]:
    """SKUs whose code holds the text, the exact code first."""
    needle = text.lower()
    others = [s for p in found for s in p.skus if needle in s.code.lower() and (exact is None or s.id != exact.id)]
    return [exact, *others] if exact else others


def _barcodes(found: list[Product], text: str, exact: Sku | None) -> list[Sku]:
    """The SKU a scanner's barcode names, then SKUs whose barcode starts with the digits typed."""
    if not (text.isdigit() and len(text) >= _BARCODE_PREFIX):
        return [exact] if exact else []
    others = [
        s
        for p in found
        for s in p.skus
        if s.barcode and s.barcode.startswith(text) and (exact is None or s.id != exact.id)
    ]
    return [exact, *others] if exact else others


def _sku_hit(sku: Sku, names: dict[UUID, str]) -> Hit:
    return Hit(id=sku.id, title=sku.code, detail=names.get(sku.product_id) or None, opens=sku.product_id)


def _barcode_hit(sku: Sku, names: dict[UUID, str]) -> Hit:
    return Hit(
        id=sku.id, title=sku.barcode or "", detail=f"{sku.code} · {names.get(sku.product_id, '')}", opens=sku.product_id
    )
