"""State machines of inventory's aggregates: stocktakes and reservations (see domain/state_machine.py)."""

from __future__ import annotations

import enum

from domain.inventory.entities import ReservationStatus, StocktakeStatus
from domain.state_machine import StateMachine


class StocktakeAction(enum.StrEnum):
    COUNT = "count"  # record counted quantities
    APPLY = "apply"  # book the differences as movements
    CLOSE = "close"
    CANCEL = "cancel"


STOCKTAKE = StateMachine[StocktakeStatus, StocktakeAction](
    "stocktake",
    {
        (StocktakeStatus.OPEN, StocktakeAction.COUNT): StocktakeStatus.OPEN,
        (StocktakeStatus.OPEN, StocktakeAction.APPLY): StocktakeStatus.APPLIED,
        (StocktakeStatus.OPEN, StocktakeAction.CANCEL): StocktakeStatus.CANCELLED,
        (StocktakeStatus.APPLIED, StocktakeAction.CLOSE): StocktakeStatus.CLOSED,
    },
    refusal_codes={StocktakeAction.COUNT: "stocktake.not_open"},
)


class ReservationAction(enum.StrEnum):
    SHIP = "ship"  # part of what is held leaves the warehouse; the rest stays held
    SHIP_REST = "ship_rest"  # the last outstanding units leave
    RELEASE = "release"
    EXPIRE = "expire"


RESERVATION = StateMachine[ReservationStatus, ReservationAction](
    "reservation",
    {
        (ReservationStatus.ACTIVE, ReservationAction.SHIP): ReservationStatus.ACTIVE,
        (ReservationStatus.ACTIVE, ReservationAction.SHIP_REST): ReservationStatus.COMMITTED,
        (ReservationStatus.ACTIVE, ReservationAction.RELEASE): ReservationStatus.RELEASED,
        (ReservationStatus.ACTIVE, ReservationAction.EXPIRE): ReservationStatus.EXPIRED,
    },
    refusal_codes={
        ReservationAction.SHIP: "reservation.not_active",
        ReservationAction.SHIP_REST: "reservation.not_active",
        ReservationAction.RELEASE: "reservation.already_shipped",  # released and expired ones release as no-ops
        ReservationAction.EXPIRE: "reservation.already_shipped",
    },
)
