"""Rows a test starts from, written straight into the fake's tables (as factories write them into a database)."""

from __future__ import annotations

from collections.abc import Iterable

from domain.catalog.entities import Category, Product, ProductStatus, Sku
from domain.identity.entities import Role, User
from domain.inventory.entities import StockLevel, Warehouse
from tests.fakes.unit_of_work import FakeUnitOfWork


def warehouse(uow: FakeUnitOfWork, code: str = "SH", *, active: bool = True, priority: int = 0) -> Warehouse:
    place = Warehouse(code=code, name=f"Warehouse {code}", active=active, priority=priority)
    uow.tables.warehouses[place.id] = place
    return place


def category(uow: FakeUnitOfWork, name: str = "Audio", parent: Category | None = None) -> Category:
    node = Category(name=name, position=len([c for c in uow.tables.categories.values() if c.parent_id is None]))
    node.place_under(parent)
    uow.tables.categories[node.id] = node
    return node


def product(
    uow: FakeUnitOfWork,
    code: str = "EARBUDS",
    *,
    skus: Iterable[str] = ("EARBUDS-WHITE",),
    status: ProductStatus = ProductStatus.ON_SALE,
    in_category: Category | None = None,
    price_minor: int = 19900,
) -> Product:
    if in_category is None and status == ProductStatus.ON_SALE:
        in_category = next(iter(uow.tables.categories.values()), None) or category(uow)
    item = Product(code=code, name=f"Product {code}", status=status, currency="CNY")
    item.category_id = in_category.id if in_category else None
    item.skus = [
        Sku(
            product_id=item.id,
            code=sku_code,
            retail_price_minor=price_minor,
            position=i,
            barcode=f"690{i}{code}",
            currency="CNY",
        )
        for i, sku_code in enumerate(skus)
    ]
    item.price_minor = price_minor
    item.refresh_search_text()
    uow.tables.products[item.id] = item
    return item


def sku(uow: FakeUnitOfWork, code: str = "EARBUDS-WHITE") -> Sku:
    """A product on sale with this one SKU; the SKU."""
    return product(uow, f"P-{code}", skus=[code]).skus[0]


def stock(
    uow: FakeUnitOfWork,
    item: Sku,
    place: Warehouse,
    on_hand: int,
    *,
    reserved: int = 0,
    threshold: int = 0,
    paused: bool = False,
    pause_at_zero: bool = False,
) -> StockLevel:
    level = StockLevel(
        sku_id=item.id,
        warehouse_id=place.id,
        on_hand=on_hand,
        reserved=reserved,
        low_stock_threshold=threshold,
        sale_paused=paused,
        pause_at_zero=pause_at_zero,
    )
    uow.tables.levels[(item.id, place.id)] = level
    owner = uow.tables.products.get(item.product_id)
    if owner is not None:  # as the inventory keeps it (domain/catalog/in_stock.py)
        owner.in_stock = owner.in_stock or (place.active and not paused and on_hand > reserved and item.active)
    return level


def user(
    uow: FakeUnitOfWork,
    name: str,
    *,
    role: str,
    permissions: Iterable[str] = (),
    password: str | None = None,
    phone: str | None = None,
) -> User:
    """An account holding one role (made when missing); with `password`, one it signs in with."""
    held = next((r for r in uow.tables.roles.values() if r.name == role), None) or _add_role(uow, role, permissions)
    person = User(
        email=f"{name}@example.com",
        phone=phone,
        display_name=name,
        locale="en",
        roles=[held],
        password_hash=f"hashed:{password}" if password else None,  # as tests/fakes/auth.py's FakeHasher hashes
    )
    uow.tables.users[person.id] = person
    return person


def role(uow: FakeUnitOfWork, name: str, permissions: Iterable[str] = (), *, builtin: bool = False) -> Role:
    return _add_role(uow, name, permissions, builtin=builtin)


def _add_role(uow: FakeUnitOfWork, name: str, permissions: Iterable[str], *, builtin: bool = False) -> Role:
    held = Role(name=name, permissions=list(permissions), builtin=builtin)
    uow.tables.roles[held.id] = held
    return held
