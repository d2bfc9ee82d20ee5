"""Product search for the back office (whole products) and the storefront (the cards' columns only), on the
filters of a ProductQuery. ProductRepository (catalog.py) answers with these.

A query is split into its shape (which filters, which sort) and its values. The storefront's statement is built
once per shape and kept: building a statement of subqueries and computing its cache key cost more than running
it, and a kept statement's cache key is computed once. The values go in as parameters."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from domain.catalog import search_tokens
from domain.catalog.entities import BARCODE_SHAPE, Product
from domain.catalog.ports import ListedProduct, ProductQuery, SkuPrices
from infra.db.tables import catalog as catalog_tables
from infra.repositories.read_caches import search_counts

c, p, s = catalog_tables.category, catalog_tables.product, catalog_tables.sku
image = catalog_tables.product_image

PRODUCT_SORTS = {"created_at", "price_minor", "sales_count", "name", "updated_at", "code", "published_at"}
MAX_WORDS = 5  # keyword words past this are ignored
# ListedProduct's fields in order, then the thumbnail and its SKUs' prices (SkuPrices' fields in order)
_CARD = (p.c.id, p.c.code, p.c.name, p.c.name_en, p.c.brand, p.c.currency, p.c.sales_count, p.c.in_stock)
_PRICES = (
    s.c.position,
    s.c.currency,
    s.c.retail_price_minor,
    s.c.wholesale_price_minor,
    s.c.promo_price_minor,
    s.c.promo_starts_at,
    s.c.promo_ends_at,
)
_TOKENS = postgresql.ARRAY(sa.Text)


@dataclass(frozen=True)
class Shape:
    """Which filters a search has: what its statement depends on, apart from the values."""

    words: tuple[bool, ...] = ()  # per keyword word (substring test): whether the bigram index serves it too
    scanned: bool = False  # a barcode scanned: that product only
    category: bool = False  # a category subtree's ids, written into the statement
    status: bool = False
    brand: bool = False
    tag: bool | None = None  # None: no tag; else whether the bigram index serves it
    price_min: bool = False
    price_max: bool = False
    in_stock: bool = False
    sort: str = "-created_at"


async def products(session: AsyncSession, query: ProductQuery, *, offset: int, limit: int) -> tuple[list[Product], int]:
    """A page of whole products and the exact number of matches."""
    shape, values = await _shape_of(session, query)
    conditions, by_tokens = _conditions(shape)
    stmt = sa.select(Product).where(*conditions, *by_tokens).order_by(*_sort(shape.sort)).offset(offset).limit(limit)
    found = list((await session.scalars(stmt, values)).all())
    if len(found) < limit and (found or offset == 0):  # an exact count, spared on the last page
        return found, offset + len(found)
    return found, (await session.scalar(_count([*conditions, *by_tokens]), values)) or 0


async def cards(
    session: AsyncSession, query: ProductQuery, *, offset: int, limit: int, count_up_to: int
) -> tuple[list[ListedProduct], int]:
    """A page of the cards' columns, each product with its active SKUs' prices, and the number of matches counted
    up to `count_up_to` (+1 to tell there are more): one statement, one round trip. A count this process made in
    the last seconds is reused (see read_caches.py), and then only the page is read."""
    shape, values = await _shape_of(session, query)
    key = (shape, count_up_to, *sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items()))
    statements = _card_statements(shape)
    values.update(offset=offset, limit=limit, cap=count_up_to, counted_limit=count_up_to + 1)
    known = search_counts.get(key)
    if known is not None:
        page = statements.narrow_page if known <= count_up_to else statements.broad_page
        return _cards((await session.execute(page, values)).all()), known
    generation = search_counts.generation
    rows = (await session.execute(statements.page_and_count, values)).all()
    found = _cards(rows)
    matches = rows[-1][-1] if rows else 0
    if not found and offset > 0:  # past the last page the count comes with no row: ask for it alone
        matches = await session.scalar(statements.count_alone, values)
    search_counts.put(key, int(matches or 0), generation)
    return found, int(matches or 0)


def _cards(rows: Sequence[Any]) -> list[ListedProduct]:
    """Rows of card, thumbnail | one SKU's prices (NULL for a product without an active SKU) | count."""
    listed, priced = len(_CARD) + 1, len(_CARD) + 1 + len(_PRICES)
    found: list[ListedProduct] = []
    for row in rows:
        if not found or found[-1].id != row[0]:
            found.append(ListedProduct(*(*row[:listed], [])))
        if row[listed] is not None:
            found[-1].skus.append(SkuPrices(*row[listed:priced]))
    return found


class CardStatements(NamedTuple):
    page_and_count: sa.Select[Any]  # the page of cards with the capped count in every row
    count_alone: sa.Select[Any]
    narrow_page: sa.Select[Any]  # the page alone (count NULL), for a count known to be within the cap ...
    broad_page: sa.Select[Any]  # ... and past it: the bigram index left out (the same as narrow without words)


@functools.lru_cache(maxsize=512)
def _card_statements(shape: Shape) -> CardStatements:
    # Numbers (page size, offset, cap), categories, bigrams and words are written into the statement when it
    # runs: with them as parameters, PostgreSQL's generic plan for a prepared statement (taken after five runs, in
    # autocommit where `SET LOCAL plan_cache_mode` does nothing) read a common word or a brand in 35 ms, not 3.
    conditions, by_tokens = _conditions(shape)
    counted = sa.select(_count([*conditions, *by_tokens], limit=_written("counted_limit")).cte("counted").c.count)
    total = counted.scalar_subquery()
    cap = _written("cap")
    narrow, broad = [*conditions, *by_tokens], conditions
    if by_tokens:
        # Counting goes through the bigram index, stopping past the cap. A broad word's bigrams are estimated far
        # rarer than they are (they come together), so PostgreSQL would fetch and sort every match to find a page;
        # once the count says the word is broad, the page leaves the tokens out and walks the sort order's index,
        # confirming the words as it goes. Both pages are written out and the count switches one off (a one-time
        # filter: the other is never run).
        either = sa.union_all(
            sa.select(_page(shape.sort, [*narrow, total <= cap])), sa.select(_page(shape.sort, [*broad, total > cap]))
        )
        page_and_count = _with_skus(shape.sort, either.subquery("page"), total)
    else:
        page_and_count = _with_skus(shape.sort, _page(shape.sort, conditions), total)
    narrow_page = _with_skus(shape.sort, _page(shape.sort, narrow), sa.null())
    broad_page = _with_skus(shape.sort, _page(shape.sort, broad), sa.null()) if by_tokens else narrow_page
    return CardStatements(page_and_count, counted, narrow_page, broad_page)


def _with_skus(sort: str, page: sa.Subquery, total: Any) -> sa.Select[Any]:
    """The page's products joined to their active SKUs' price columns, sorted the same way again outside."""
    with_skus = page.outerjoin(s, sa.and_(s.c.product_id == page.c.id, s.c.active == sa.true()))
    columns = [page.c[col.name] for col in _CARD] + [page.c.thumbnail_url, *_PRICES, total]
    return sa.select(*columns).select_from(with_skus).order_by(*_sort(sort, page), s.c.position, s.c.code)


def _page(sort: str, conditions: list[Any]) -> sa.Subquery:
    """One page of the cards' own columns (and the sort's), the first image's thumbnail computed for it alone."""
    thumbnail = (
        sa.select(image.c.thumbnail_url)
        .where(image.c.product_id == p.c.id)
        .order_by(image.c.position)
        .limit(_written("first", 1))
        .scalar_subquery()
    )
    card_names = {col.name for col in _CARD}
    sort_columns = [p.c[name] for name in dict.fromkeys(_sort_names(sort)) if name not in card_names]
    return (
        sa.select(*_CARD, thumbnail.label("thumbnail_url"), *sort_columns)
        .where(*conditions)
        .order_by(*_sort(sort))
        .offset(_written("offset"))
        .limit(_written("limit"))
        .subquery()
    )


def _written(name: str, value: int | None = None) -> sa.BindParameter[int]:
    """A number written into the statement when it runs (see _card_statements)."""
    return sa.bindparam(name, value, type_=sa.Integer, literal_execute=True)


def _written_text(name: str) -> sa.BindParameter[str]:
    """A keyword's LIKE pattern written into the statement when it runs, quoted by SQLAlchemy's literal rendering:
    as a parameter, PostgreSQL's generic plan guessed its selectivity and read a brand in 35 ms instead of 3.5."""
    return sa.bindparam(name, type_=sa.String, literal_execute=True)


def _count(conditions: list[Any], *, limit: Any = None) -> sa.Select[Any]:
    matching = sa.select(sa.literal(1)).select_from(p).where(*conditions)
    if limit is not None:
        matching = matching.limit(limit)
    return sa.select(sa.func.count()).select_from(matching.subquery())


async def _shape_of(session: AsyncSession, query: ProductQuery) -> tuple[Shape, dict[str, Any]]:
    """The query's shape and its values (the parameters `_conditions` names)."""
    on_postgres = session.get_bind().dialect.name == "postgresql"
    values: dict[str, Any] = {}
    words = query.keyword.split() if query.keyword else []
    # a word with a digit could be a barcode (a barcode without one is still found as text, with any others)
    could_scan = len(words) == 1 and re.fullmatch(BARCODE_SHAPE, words[0]) and any(ch.isdigit() for ch in words[0])
    scanned = await session.scalar(sa.select(s.c.product_id).where(s.c.barcode == words[0])) if could_scan else None
    if scanned:  # a scanner's exact barcode: one index lookup instead of a text search
        values["scanned"] = scanned
    served: list[bool] = []
    for i, word in enumerate(words[:MAX_WORDS] if not scanned else []):
        values[f"word_{i}"] = _substring(word)
        tokens = search_tokens.of_keyword(word) if on_postgres else []
        if tokens:
            values[f"tokens_{i}"] = tokens
        served.append(bool(tokens))
    category_ids = query.category_ids
    if query.category_path and category_ids is None:
        under = sa.select(c.c.id).where(c.c.path.startswith(query.category_path, autoescape=True))
        category_ids = tuple((await session.scalars(under)).all())
    if category_ids is not None:
        values["category_ids"] = list(category_ids)
    tag_tokens = search_tokens.of_keyword(query.tag) if query.tag and on_postgres else []
    if query.tag:
        values["tag"] = _substring(query.tag)
    if tag_tokens:
        values["tag_tokens"] = tag_tokens
    if query.status:
        values["status"] = query.status
    if query.brand:
        values["brand"] = query.brand
    if query.price_min_minor is not None:
        values["price_min"] = query.price_min_minor
    if query.price_max_minor is not None:
        values["price_max"] = query.price_max_minor
    shape = Shape(
        words=tuple(served),
        scanned=bool(scanned),
        category=category_ids is not None,
        status=bool(query.status),
        brand=bool(query.brand),
        tag=bool(tag_tokens) if query.tag else None,
        price_min=query.price_min_minor is not None,
        price_max=query.price_max_minor is not None,
        in_stock=query.in_stock_only,
        sort=query.sort,
    )
    return shape, values


def _conditions(shape: Shape) -> tuple[list[Any], list[Any]]:
    """The filters, and apart from them the bigram-index conditions that only narrow the candidates (PostgreSQL:
    the index finds the products holding every bigram of a word, the substring test confirms each; SQLite scans)."""
    conditions: list[Any] = []
    by_tokens: list[Any] = []
    if shape.scanned:
        conditions.append(p.c.id == sa.bindparam("scanned"))
    for i, indexed in enumerate(shape.words):
        conditions.append(p.c.search_text.like(_written_text(f"word_{i}"), escape="/"))
        if indexed:
            by_tokens.append(_holds_tokens(f"tokens_{i}"))
    if shape.category:
        # The subtree's ids written into the statement, not a subquery and not parameters: PostgreSQL then knows
        # how few products a small category holds and does not walk the whole price index to find them, and a
        # prepared statement's generic plan cannot serve a small and a large category alike. (Reads run in
        # autocommit, where `SET LOCAL plan_cache_mode` would do nothing.) Ids are ours, never a user's text.
        ids = sa.bindparam("category_ids", type_=p.c.category_id.type, expanding=True, literal_execute=True)
        conditions.append(p.c.category_id.in_(ids))
    if shape.status:
        conditions.append(p.c.status == sa.bindparam("status"))
    if shape.brand:
        conditions.append(p.c.brand == sa.bindparam("brand"))
    if shape.tag is not None:
        conditions.append(p.c.search_text.like(_written_text("tag"), escape="/"))
        if shape.tag:
            by_tokens.append(_holds_tokens("tag_tokens"))
    if shape.price_min:
        conditions.append(p.c.price_minor >= sa.bindparam("price_min"))
    if shape.price_max:
        conditions.append(p.c.price_minor <= sa.bindparam("price_max"))
    if shape.in_stock:
        conditions.append(p.c.in_stock == sa.true())
    return conditions, by_tokens


def _substring(word: str) -> str:
    """A LIKE pattern for `word` anywhere in the (lower-cased) search text, its wildcards taken literally."""
    escaped = word.lower().replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def _holds_tokens(name: str) -> Any:
    # written into the statement (quoted by SQLAlchemy's literal rendering): see _card_statements
    wanted = sa.bindparam(name, type_=_TOKENS, literal_execute=True)
    return catalog_tables.token_array(p.c.search_tokens).contains(wanted)


def _sort_names(sort: str) -> list[str]:
    names = [part.lstrip("-+") for part in filter(None, (x.strip() for x in sort.split(",")))]
    return [name for name in names if name in PRODUCT_SORTS]


def _sort(sort: str, table: Any = p) -> list[Any]:
    """`-sales_count,price_minor` as ORDER BY clauses on `table` (the product table or a page of it), then by id."""
    clauses: list[Any] = []
    for part in filter(None, (x.strip() for x in sort.split(","))):
        name = part.lstrip("-+")
        if name in PRODUCT_SORTS:
            column = table.c[name]
            clauses.append(column.desc() if part.startswith("-") else column.asc())
    clauses.append(table.c.id.asc())
    return clauses
