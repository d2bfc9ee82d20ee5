"""Categories and products (with SKUs and images). They never commit."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from domain.catalog import search_tokens
from domain.catalog.entities import BARCODE_SHAPE, Category, Product, ProductStatus, Sku
from domain.catalog.ports import ListedProduct, ProductQuery, SkuPrices
from infra.db.tables import catalog as catalog_tables
from infra.repositories.category_cache import subtrees

c, p, s = catalog_tables.category, catalog_tables.product, catalog_tables.sku
image = catalog_tables.product_image

PRODUCT_SORTS = {"created_at", "price_minor", "sales_count", "name", "updated_at", "code", "published_at"}


class CategoryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, category: Category) -> None:
        self.session.add(category)

    async def get(self, category_id: UUID) -> Category | None:
        return await self.session.get(Category, category_id)

    async def all(self) -> list[Category]:
        stmt = sa.select(Category).order_by(c.c.depth, c.c.position, c.c.name)
        return list((await self.session.scalars(stmt)).all())

    async def by_ids(self, category_ids: list[UUID]) -> list[Category]:
        if not category_ids:
            return []
        return list((await self.session.scalars(sa.select(Category).where(c.c.id.in_(category_ids)))).all())

    async def children(self, parent_id: UUID | None) -> list[Category]:
        parent = c.c.parent_id.is_(None) if parent_id is None else c.c.parent_id == parent_id
        stmt = sa.select(Category).where(parent).order_by(c.c.position, c.c.name, c.c.id)
        return list((await self.session.scalars(stmt)).all())

    async def product_counts(self, status: ProductStatus | None = None) -> dict[UUID, int]:
        stmt = sa.select(p.c.category_id, sa.func.count()).where(p.c.category_id.is_not(None)).group_by(p.c.category_id)
        if status is not None:
            stmt = stmt.where(p.c.status == status)
        return {category_id: int(n) for category_id, n in (await self.session.execute(stmt)).all()}

    async def by_name(self, parent_id: UUID | None, name: str) -> Category | None:
        parent = c.c.parent_id.is_(None) if parent_id is None else c.c.parent_id == parent_id
        return await self.session.scalar(sa.select(Category).where(parent, sa.func.lower(c.c.name) == name.lower()))

    async def subtree(self, path: str) -> list[Category]:
        stmt = sa.select(Category).where(c.c.path.startswith(path, autoescape=True)).order_by(c.c.depth, c.c.position)
        return list((await self.session.scalars(stmt)).all())

    async def subtree_ids(self, category_id: UUID) -> list[UUID] | None:
        cached = subtrees.get(category_id)
        if cached is not None:
            return cached
        generation = subtrees.generation
        # one round trip: the category's own path selects itself and its descendants; none when it does not exist
        root = sa.select(c.c.path).where(c.c.id == category_id).scalar_subquery()
        under = sa.select(c.c.id).where(c.c.path.startswith(root))
        ids = list((await self.session.scalars(under)).all())
        if not ids:
            return None
        subtrees.put(category_id, ids, generation)
        return ids

    async def count_children(self, category_id: UUID) -> int:
        return (await self.session.scalar(sa.select(sa.func.count()).where(c.c.parent_id == category_id))) or 0

    async def count_products(self, category_id: UUID) -> int:
        return (await self.session.scalar(sa.select(sa.func.count()).where(p.c.category_id == category_id))) or 0

    async def delete(self, category: Category) -> None:
        await self.session.delete(category)


class ProductRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, product: Product) -> None:
        self.session.add(product)

    async def get(self, product_id: UUID) -> Product | None:
        return await self.session.get(Product, product_id)

    async def get_for_update(self, product_id: UUID) -> Product | None:
        return await self.session.get(Product, product_id, with_for_update=True, populate_existing=True)

    async def by_code(self, code: str) -> Product | None:
        return await self.session.scalar(sa.select(Product).where(p.c.code == code))

    async def by_codes(self, codes: list[str]) -> list[Product]:
        if not codes:
            return []
        return list((await self.session.scalars(sa.select(Product).where(p.c.code.in_(codes)))).all())

    async def get_sku(self, sku_id: UUID) -> Sku | None:
        return await self.session.get(Sku, sku_id)

    async def skus(self, sku_ids: list[UUID]) -> list[Sku]:
        if not sku_ids:
            return []
        return list((await self.session.scalars(sa.select(Sku).where(s.c.id.in_(sku_ids)))).all())

    async def sku_by_code(self, code: str) -> Sku | None:
        return await self.session.scalar(sa.select(Sku).where(s.c.code == code))

    async def sku_by_barcode(self, barcode: str) -> Sku | None:
        return await self.session.scalar(sa.select(Sku).where(s.c.barcode == barcode))

    async def sku_codes_taken(self, codes: list[str]) -> dict[str, UUID]:
        if not codes:
            return {}
        stmt = sa.select(s.c.code, s.c.product_id).where(s.c.code.in_(codes))
        return {code: product_id for code, product_id in (await self.session.execute(stmt)).all()}

    async def barcodes_taken(self, barcodes: list[str]) -> dict[str, UUID]:
        if not barcodes:
            return {}
        stmt = sa.select(s.c.barcode, s.c.product_id).where(s.c.barcode.in_(barcodes))
        return {code: product_id for code, product_id in (await self.session.execute(stmt)).all()}

    async def search(self, query: ProductQuery, *, offset: int, limit: int) -> tuple[list[Product], int]:
        conditions, by_tokens = await self._conditions(query)
        found = await self._page(query, [*conditions, *by_tokens], offset=offset, limit=limit)
        if len(found) < limit and (found or offset == 0):  # an exact count, spared on the last page
            return found, offset + len(found)
        return found, await self._count([*conditions, *by_tokens])

    async def listed(
        self, query: ProductQuery, *, offset: int, limit: int, count_up_to: int
    ) -> tuple[list[ListedProduct], int]:
        conditions, by_tokens = await self._conditions(query)
        # Count first, through the bigram index, stopping past the cap. A broad word's bigrams are estimated far
        # rarer than they are (they come together), so PostgreSQL would fetch and sort every match; knowing it
        # is broad, the page leaves the tokens out and walks the sort order's index, confirming words as it goes.
        total = await self._count([*conditions, *by_tokens], up_to=count_up_to)
        broad = total > count_up_to
        thumbnail = (
            sa.select(image.c.thumbnail_url)
            .where(image.c.product_id == p.c.id)
            .order_by(image.c.position)
            .limit(1)
            .scalar_subquery()
        )
        # only the card's columns: no entities, SKUs, images or JSON columns to load and track
        stmt = (
            sa.select(p.c.id, p.c.code, p.c.name, p.c.brand, p.c.currency, p.c.sales_count, p.c.in_stock, thumbnail)
            .where(*(conditions if broad else [*conditions, *by_tokens]))
            .order_by(*_sort(query.sort))
            .offset(offset)
            .limit(limit)
        )
        rows = (await self.session.execute(stmt)).all()
        if not rows:
            return [], total
        prices: dict[UUID, list[SkuPrices]] = {row[0]: [] for row in rows}
        active_skus = (
            sa.select(
                s.c.product_id,
                s.c.position,
                s.c.currency,
                s.c.retail_price_minor,
                s.c.wholesale_price_minor,
                s.c.promo_price_minor,
                s.c.promo_starts_at,
                s.c.promo_ends_at,
            )
            .where(s.c.product_id.in_(list(prices)), s.c.active == sa.true())
            .order_by(s.c.product_id, s.c.position, s.c.code)
        )
        for product_id, *columns in (await self.session.execute(active_skus)).all():
            prices[product_id].append(SkuPrices(*columns))
        return [ListedProduct(*row, skus=prices[row[0]]) for row in rows], total

    async def _page(self, query: ProductQuery, conditions: list[Any], *, offset: int, limit: int) -> list[Product]:
        stmt = sa.select(Product).where(*conditions).order_by(*_sort(query.sort)).offset(offset).limit(limit)
        return list((await self.session.scalars(stmt)).all())

    async def _count(self, conditions: list[Any], *, up_to: int | None = None) -> int:
        matching = sa.select(sa.literal(1)).select_from(p).where(*conditions)
        if up_to is not None:
            matching = matching.limit(up_to + 1)
        return (await self.session.scalar(sa.select(sa.func.count()).select_from(matching.subquery()))) or 0

    async def _conditions(self, query: ProductQuery) -> tuple[list[Any], list[Any]]:
        """The filters, and apart from them the bigram-index conditions that only narrow the candidates."""
        conditions: list[Any] = []
        by_tokens: list[Any] = []
        words = query.keyword.split() if query.keyword else []
        could_scan = len(words) == 1 and re.fullmatch(BARCODE_SHAPE, words[0])
        scanned = await self._product_of_barcode(words[0]) if could_scan else None
        if scanned:  # a scanner's exact barcode: one index lookup instead of a text search
            conditions.append(p.c.id == scanned)
        for word in words[:5] if not scanned else []:
            conditions.append(p.c.search_text.contains(word.lower(), autoescape=True))
            by_tokens += self._tokens(word)
        if query.category_path and query.category_ids is None:
            under = sa.select(c.c.id).where(c.c.path.startswith(query.category_path, autoescape=True))
            query = replace(query, category_ids=tuple((await self.session.scalars(under)).all()))
        if query.category_ids is not None:
            # The subtree's ids written into the statement, not a subquery and not parameters: PostgreSQL then
            # knows how few products a small category holds and does not walk the whole price index to find them,
            # and a prepared statement's generic plan cannot serve a small and a large category alike. (Reads run
            # in autocommit, where `SET LOCAL plan_cache_mode` does nothing.) Ids are ours, never a user's text.
            ids = sa.bindparam(
                "category_ids", list(query.category_ids), p.c.category_id.type, expanding=True, literal_execute=True
            )
            conditions.append(p.c.category_id.in_(ids))
        if query.status:
            conditions.append(p.c.status == query.status)
        if query.brand:
            conditions.append(p.c.brand == query.brand)
        if query.tag:
            conditions.append(p.c.search_text.contains(query.tag.lower(), autoescape=True))
            by_tokens += self._tokens(query.tag)
        if query.price_min_minor is not None:
            conditions.append(p.c.price_minor >= query.price_min_minor)
        if query.price_max_minor is not None:
            conditions.append(p.c.price_minor <= query.price_max_minor)
        if query.in_stock_only:
            conditions.append(p.c.in_stock == sa.true())
        return conditions, by_tokens

    def _tokens(self, word: str) -> list[Any]:
        """Products holding every bigram of `word`: on PostgreSQL the bigram index finds these candidates, and the
        substring test on search_text (lower-cased) confirms each. SQLite has no such index: it scans."""
        tokens = search_tokens.of_keyword(word)
        if not tokens or self.session.get_bind().dialect.name != "postgresql":
            return []
        wanted = sa.literal(tokens, type_=postgresql.ARRAY(sa.Text))
        return [catalog_tables.token_array(p.c.search_tokens).contains(wanted)]

    async def _product_of_barcode(self, word: str) -> UUID | None:
        return await self.session.scalar(sa.select(s.c.product_id).where(s.c.barcode == word))

    async def product_ids_of_skus(self, sku_ids: list[UUID]) -> list[UUID]:
        if not sku_ids:
            return []
        stmt = sa.select(s.c.product_id).where(s.c.id.in_(sku_ids)).distinct()
        return list((await self.session.scalars(stmt)).all())

    async def lock_for_stock_flag(self, *, product_ids: list[UUID], sku_ids: list[UUID]) -> dict[UUID, list[UUID]]:
        """Lock the products (of these SKUs) in id order and return each one's active SKUs. The lock makes two
        concurrent stock changes of one product take turns, so the second reads the first's committed stock."""
        owners = sa.select(s.c.product_id).where(s.c.id.in_(sku_ids))
        wanted = sa.or_(p.c.id.in_(product_ids), p.c.id.in_(owners)) if sku_ids else p.c.id.in_(product_ids)
        locked = sa.select(p.c.id).where(wanted).order_by(p.c.id).with_for_update()
        found: dict[UUID, list[UUID]] = {pid: [] for pid in (await self.session.scalars(locked)).all()}
        if found:
            active = sa.select(s.c.product_id, s.c.id).where(s.c.product_id.in_(list(found)), s.c.active == sa.true())
            for product_id, sku_id in (await self.session.execute(active)).all():
                found[product_id].append(sku_id)
        return found

    async def set_in_stock(self, in_stock: dict[UUID, bool]) -> None:
        for flag in (True, False):
            ids = [pid for pid, value in in_stock.items() if value is flag]
            if ids:
                await self.session.execute(
                    sa.update(p).where(p.c.id.in_(ids), p.c.in_stock != flag).values(in_stock=flag)
                )

    async def delete(self, product: Product) -> None:
        await self.session.delete(product)

    async def refresh_listing_prices(self, at: datetime) -> int:
        promo_running = sa.and_(
            s.c.promo_price_minor.is_not(None),
            sa.or_(s.c.promo_starts_at.is_(None), s.c.promo_starts_at <= at),
            sa.or_(s.c.promo_ends_at.is_(None), s.c.promo_ends_at > at),
        )
        effective = sa.case(
            (sa.and_(promo_running, s.c.promo_price_minor < s.c.retail_price_minor), s.c.promo_price_minor),
            else_=s.c.retail_price_minor,
        )
        lowest = (
            sa.select(sa.func.coalesce(sa.func.min(effective), 0))
            .where(s.c.product_id == p.c.id, s.c.active == sa.true())
            .scalar_subquery()
        )
        with_promotions = sa.select(s.c.product_id).where(s.c.promo_price_minor.is_not(None))
        result = await self.session.execute(
            sa.update(p).where(p.c.id.in_(with_promotions), p.c.price_minor != lowest).values(price_minor=lowest)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _sort(sort: str) -> list[Any]:
    clauses: list[Any] = []
    for part in filter(None, (x.strip() for x in sort.split(","))):
        name = part.lstrip("-+")
        if name in PRODUCT_SORTS:
            column = p.c[name]
            clauses.append(column.desc() if part.startswith("-") else column.asc())
    clauses.append(p.c.id.asc())
    return clauses
