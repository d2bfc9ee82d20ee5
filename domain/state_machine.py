"""The one shape of every state machine (products, stocktakes, reservations; orders, payments, shipments and
after-sales copy it): a table of (state, action) → next state, the action as the only way in, a typed 409 for
anything the table does not allow, and an event for every transition.

Each aggregate keeps its table in `state.py` beside it; its actions call `machine.apply(...)` and nothing sets a
status directly.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar
from uuid import UUID

from domain.errors import Conflict
from domain.events import Event

S = TypeVar("S", bound=enum.StrEnum)
A = TypeVar("A", bound=enum.StrEnum)


class Stateful(Protocol[S]):
    """An aggregate a machine moves: it has an id and a status."""

    id: UUID
    status: S


class InvalidTransition(Conflict):
    """409 `<machine>.invalid_transition` (or the machine's more precise code for that action)."""

    def __init__(self, machine: str, state: enum.StrEnum, action: enum.StrEnum, code: str, **data: Any) -> None:
        super().__init__(
            f"A {machine} that is {state} cannot {action.replace('_', ' ')}.",
            code=code,
            status=str(state),
            action=str(action),
            **data,
        )


@dataclass(frozen=True)
class Transitioned(Event):
    """An aggregate moved from one state to another by an action."""

    machine: str
    aggregate_id: UUID
    action: str
    from_state: str
    to_state: str


@dataclass(frozen=True)
class StateMachine(Generic[S, A]):
    name: str
    transitions: Mapping[tuple[S, A], S]
    refusal_codes: Mapping[A, str] = field(default_factory=dict)  # a more precise code than invalid_transition

    def next_state(self, state: S, action: A, **data: Any) -> S:
        """Where `action` leads from `state`; InvalidTransition when the table has no such move."""
        try:
            return self.transitions[(state, action)]
        except KeyError:
            code = self.refusal_codes.get(action, f"{self.name}.invalid_transition")
            raise InvalidTransition(self.name, state, action, code, **data) from None

    def apply(self, aggregate: Stateful[S], action: A, **data: Any) -> Transitioned:
        """The only way an aggregate changes state: move it by `action` and return the event to record."""
        before = aggregate.status
        aggregate.status = self.next_state(before, action, **data)
        return Transitioned(self.name, aggregate.id, str(action), str(before), str(aggregate.status))

    def actions(self, state: S) -> list[A]:
        """The actions allowed from `state`, in table order (what a UI may offer)."""
        return [action for (from_state, action) in self.transitions if from_state == state]

    def can(self, state: S, action: A) -> bool:
        return (state, action) in self.transitions
