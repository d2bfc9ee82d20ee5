"""What the back office's global search answers: hits in groups, one group per kind of thing found."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Hit:
    id: UUID  # what was found (a product, a SKU, a customer…)
    title: str
    detail: str | None  # a second line: a code, a phone, an e-mail
    opens: UUID  # the object whose page shows it (a SKU opens its product)


@dataclass(frozen=True)
class Group:
    name: str  # products, skus, barcodes, customers, staff; orders later
    hits: list[Hit]
