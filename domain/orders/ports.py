"""What orders need from storage and from the features an order touches in its own transaction (customers,
catalog reads, inventory's reservations, notifications, audit); infra/repositories/orders.py implements the
order part, SqlAlchemyUnitOfWork the whole."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.cart.ports import CartsUoW
from domain.catalog.sales import SalesCounts
from domain.customers.ports import CustomerAddresses, CustomersUoW
from domain.freight.ports import FreightUoW
from domain.identity.entities import Address, User
from domain.inventory.ports import InventoryUoW, SkuCatalog, StaffDirectory
from domain.orders.entities import Order, OrderStatus
from domain.orders.safety import CustomerHistory

TOTAL_CAP = 10_000  # a list counts its matches up to here; a total above it means "more than TOTAL_CAP"


@dataclass(frozen=True)
class OrderQuery:
    """The back office's order list filters; every one is optional and they combine."""

    number: str | None = None  # the whole number or its start
    customer: str | None = None  # part of the customer's name, phone or e-mail
    customer_id: UUID | None = None
    statuses: tuple[OrderStatus, ...] = ()
    channel: str | None = None
    payment_method: str | None = None
    amount_min_minor: int | None = None
    amount_max_minor: int | None = None
    created_from: datetime | None = None  # `_from` inclusive, `_to` exclusive
    created_to: datetime | None = None
    paid_from: datetime | None = None
    paid_to: datetime | None = None
    shipped_from: datetime | None = None
    shipped_to: datetime | None = None
    product: str | None = None  # product name, SKU code or barcode of a line
    needs_review: bool | None = None
    expiring_before: datetime | None = None  # unpaid orders whose time runs out before this
    sort: str = "-created_at"


class OrderRepository(Protocol):
    async def add(self, order: Order) -> None: ...
    async def get(self, order_id: UUID) -> Order | None:
        """The order with its lines, timeline and remarks."""
        ...

    async def get_for_update(self, order_id: UUID) -> Order | None:
        """The order locked for this transaction (concurrent actions on it run one after the other)."""
        ...

    async def search(self, query: OrderQuery, *, offset: int, limit: int) -> tuple[list[Order], int]:
        """A page of orders (their own columns only: lines, events and remarks are not loaded) and how many match,
        counted up to TOTAL_CAP + 1 only."""
        ...

    async def status_counts(self, customer_id: UUID) -> dict[OrderStatus, int]: ...
    async def history(self, customer_id: UUID, *, units_since: datetime, orders_since: datetime) -> CustomerHistory:
        """What the safety checks count, in one statement: the customer's unpaid orders; the units per SKU of their
        orders placed since `units_since` and the fingerprints of those placed since `orders_since` (neither
        counting cancelled or closed orders)."""
        ...

    async def unpaid_expired(self, at: datetime, limit: int) -> list[UUID]:
        """Unpaid orders whose time ran out by `at`, oldest first (the expiry sweep's work list)."""
        ...

    async def shipped_before(self, at: datetime, limit: int) -> list[UUID]:
        """Shipped orders whose shipment is older than `at` (auto-confirm's work list)."""
        ...


@dataclass(frozen=True)
class Goods:
    """A SKU with what checkout reads of its product, as one row: enough to price it (catalog's `Priced`), to
    weigh it for freight and to snapshot it on an order line."""

    sku_id: UUID
    sku_code: str
    attributes: dict[str, str]
    currency: str
    retail_price_minor: int
    wholesale_price_minor: int | None
    promo_price_minor: int | None
    promo_starts_at: datetime | None
    promo_ends_at: datetime | None
    weight_grams: int | None
    product_id: UUID
    product_name: str
    product_name_en: str | None
    image_url: str | None  # the product's first picture's thumbnail
    on_sale: bool  # the SKU is active and its product on sale

    @property
    def problem(self) -> str | None:
        return None if self.on_sale else "sku.inactive"


class OrderCatalog(SkuCatalog, SalesCounts, Protocol):
    """The catalog as orders read it (SKUs and products) and count their sales."""

    async def goods(self, sku_ids: list[UUID]) -> list[Goods]:
        """These SKUs with their products, in one statement (unknown ids are left out)."""
        ...


class OrderAddresses(CustomerAddresses, Protocol):
    async def get_owned(self, address_id: UUID, user_id: UUID) -> Address | None: ...


class OrderPeople(StaffDirectory, Protocol):
    async def get(self, user_id: UUID) -> User | None: ...


class OrdersUoW(InventoryUoW, CustomersUoW, FreightUoW, CartsUoW, Protocol):
    @property
    def orders(self) -> OrderRepository: ...
    @property
    def products(self) -> OrderCatalog: ...
    @property
    def addresses(self) -> OrderAddresses: ...
    @property
    def users(self) -> OrderPeople: ...
