"""Warehouses, stock levels, the movement ledger, reservations and stocktakes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid4


class MovementKind(enum.StrEnum):
    INBOUND = "inbound"  # purchase receipt
    RESERVE = "reserve"
    RELEASE = "release"
    SHIP = "ship"
    RETURN_IN = "return_in"
    ADJUST = "adjust"
    STOCKTAKE = "stocktake"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"


class ReservationStatus(enum.StrEnum):
    ACTIVE = "active"  # holds stock; may be partly shipped
    RELEASED = "released"
    EXPIRED = "expired"
    COMMITTED = "committed"  # fully shipped


class StocktakeStatus(enum.StrEnum):
    OPEN = "open"  # counting
    APPLIED = "applied"  # differences booked as movements
    CLOSED = "closed"
    CANCELLED = "cancelled"


@dataclass(eq=False)
class Warehouse:
    code: str
    name: str
    region_code: str | None = None
    address: str = ""
    contact: str = ""
    phone: str | None = None
    priority: int = 0  # lower is tried first when several warehouses can serve an order equally
    active: bool = True
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    updated_at: datetime | None = None


class LevelRules:
    """What a stock level's numbers mean, for the entity and for the snapshot a list reads."""

    __slots__ = ()
    on_hand: int
    reserved: int
    low_stock_threshold: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def is_low(self) -> bool:
        return self.available <= self.low_stock_threshold


@dataclass(eq=False)
class StockLevel(LevelRules):
    """Stock of one SKU in one warehouse. Quantities change only through conditional updates (see ports)."""

    sku_id: UUID
    warehouse_id: UUID
    on_hand: int = 0
    reserved: int = 0
    low_stock_threshold: int = 0
    sale_paused: bool = False
    pause_at_zero: bool = False  # pause sale automatically when nothing is left to sell
    low_stock_alerted_at: datetime | None = None
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(slots=True)
class LevelSnapshot(LevelRules):
    """A stock level as a list reads it: StockLevel's fields (in the table's column order) and its rules, without
    the change tracking a mapped entity pays for on every attribute, which made up a fifth of a stock page. Not
    frozen either (that costs a call per field); nothing writes it back."""

    id: UUID
    sku_id: UUID
    warehouse_id: UUID
    on_hand: int
    reserved: int
    low_stock_threshold: int
    sale_paused: bool
    pause_at_zero: bool
    low_stock_alerted_at: datetime | None
    created_at: datetime | None
    updated_at: datetime | None


@dataclass(frozen=True)
class LevelAfter:
    """What a conditional update left in the row: the quantities and the alert settings."""

    id: UUID
    sku_id: UUID
    warehouse_id: UUID
    on_hand: int
    reserved: int
    low_stock_threshold: int
    sale_paused: bool
    pause_at_zero: bool
    low_stock_alerted_at: datetime | None

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


@dataclass(eq=False)
class StockMovement:
    """One ledger row. Summing `on_hand_delta` / `reserved_delta` per level gives its quantities."""

    sku_id: UUID
    warehouse_id: UUID
    kind: MovementKind
    on_hand_delta: int
    reserved_delta: int
    on_hand_after: int
    reserved_after: int
    at: datetime
    reason: str = ""
    actor_id: UUID | None = None
    actor_name: str | None = None
    reference_type: str | None = None
    reference_id: str | None = None
    id: UUID = field(default_factory=uuid4)

    @property
    def quantity(self) -> int:
        """The quantity the movement is about: what moved on hand, or what was held or let go."""
        return self.on_hand_delta or self.reserved_delta

    @property
    def on_hand_before(self) -> int:
        return self.on_hand_after - self.on_hand_delta

    @property
    def reserved_before(self) -> int:
        return self.reserved_after - self.reserved_delta


@dataclass(eq=False)
class ReservationLine:
    reservation_id: UUID
    sku_id: UUID
    warehouse_id: UUID
    quantity: int
    shipped: int = 0
    id: UUID = field(default_factory=uuid4)

    @property
    def outstanding(self) -> int:
        return self.quantity - self.shipped


@dataclass(eq=False)
class Reservation:
    """Stock held for an order (or any reference) until it ships, is released, or expires."""

    reference_type: str
    reference_id: str
    expires_at: datetime | None
    created_at: datetime
    status: ReservationStatus = ReservationStatus.ACTIVE
    lines: list[ReservationLine] = field(default_factory=list)
    updated_at: datetime | None = None
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class StocktakeLine:
    stocktake_id: UUID
    sku_id: UUID
    expected: int  # on hand when the count was recorded (or the sheet made); the difference is booked against it
    counted: int | None  # None: on the count sheet, not counted yet
    recorded_at: datetime | None
    recorded_by: UUID | None = None
    id: UUID = field(default_factory=uuid4)

    @property
    def difference(self) -> int:
        """Counted minus expected; an uncounted line has none yet (apply refuses while there are any)."""
        return 0 if self.counted is None else self.counted - self.expected


@dataclass(eq=False)
class Stocktake:
    warehouse_id: UUID
    number: str
    created_at: datetime
    created_by: UUID | None = None
    note: str = ""
    category_id: UUID | None = None  # the count sheet covers only this category's products (sub-categories too)
    blind: bool = False  # counters do not see expected quantities while counting
    status: StocktakeStatus = StocktakeStatus.OPEN
    lines: list[StocktakeLine] = field(default_factory=list)
    applied_at: datetime | None = None
    closed_at: datetime | None = None
    updated_at: datetime | None = None
    id: UUID = field(default_factory=uuid4)
