"""Categories and products (with SKUs and images). They never commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.catalog.entities import Category, Product, ProductStatus, Sku
from domain.catalog.ports import ListedProduct, ProductQuery
from domain.orders.ports import Goods
from infra.db.tables import catalog as catalog_tables
from infra.repositories import product_search
from infra.repositories.read_caches import products_changed, subtrees

c, p, s = catalog_tables.category, catalog_tables.product, catalog_tables.sku
i = catalog_tables.product_image


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


def _goods_statement() -> sa.Select[Any]:
    """Checkout's read of SKUs with their products, built once (checkout runs it on every order)."""
    first_image = (
        sa.select(i.c.thumbnail_url).where(i.c.product_id == p.c.id).order_by(i.c.position, i.c.id).limit(1)
    ).scalar_subquery()
    return sa.select(
        s.c.id.label("sku_id"), s.c.code.label("sku_code"), s.c.attributes, s.c.currency,
        s.c.retail_price_minor, s.c.wholesale_price_minor, s.c.promo_price_minor, s.c.promo_starts_at,
        s.c.promo_ends_at, s.c.weight_grams, p.c.id.label("product_id"), p.c.name.label("product_name"),
        p.c.name_en.label("product_name_en"), first_image.label("image_url"),
        (s.c.active & (p.c.status == ProductStatus.ON_SALE)).label("on_sale"),
    ).select_from(s.join(p, p.c.id == s.c.product_id)).where(s.c.id.in_(sa.bindparam("sku_ids", expanding=True)))  # fmt: skip


_GOODS = _goods_statement()


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

    async def by_ids(self, product_ids: list[UUID]) -> list[Product]:
        """Many products at once, with their SKUs and images (three queries, however many products)."""
        if not product_ids:
            return []
        return list((await self.session.scalars(sa.select(Product).where(p.c.id.in_(product_ids)))).all())

    async def get_sku(self, sku_id: UUID) -> Sku | None:
        return await self.session.get(Sku, sku_id)

    async def goods(self, sku_ids: list[UUID]) -> list[Goods]:
        if not sku_ids:
            return []
        stmt = _GOODS
        return [Goods(**row._asdict()) for row in await self.session.execute(stmt, {"sku_ids": sku_ids})]

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
        return await product_search.products(self.session, query, offset=offset, limit=limit)

    async def listed(
        self, query: ProductQuery, *, offset: int, limit: int, count_up_to: int
    ) -> tuple[list[ListedProduct], int]:
        return await product_search.cards(self.session, query, offset=offset, limit=limit, count_up_to=count_up_to)

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
        products_changed(self.session.sync_session)
        for flag in (True, False):
            ids = [pid for pid, value in in_stock.items() if value is flag]
            if ids:
                await self.session.execute(
                    sa.update(p).where(p.c.id.in_(ids), p.c.in_stock != flag).values(in_stock=flag)
                )

    async def delete(self, product: Product) -> None:
        await self.session.delete(product)

    async def add_sales(self, units_by_product: dict[UUID, int]) -> None:
        """`sales_count = sales_count + n` in the database, in id order (the lock order of products): no read,
        so concurrent payments of one product add up; the row's version is left alone (not an edit). Units taken
        back stop at zero rather than fail the order's change."""
        for product_id in sorted(units_by_product):
            units = units_by_product[product_id]
            count = p.c.sales_count + units
            await self.session.execute(
                sa.update(p)
                .where(p.c.id == product_id)
                .values(sales_count=count if units > 0 else sa.case((count < 0, 0), else_=count))
                .execution_options(synchronize_session=False)
            )

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
        if result.rowcount:  # type: ignore[attr-defined]
            products_changed(self.session.sync_session)
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
