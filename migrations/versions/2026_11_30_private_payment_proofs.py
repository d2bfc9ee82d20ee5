"""private payment proofs: receipts are named by their private file's key, no longer by a public /media URL

Files uploaded before stay where they are (the media folder); the media mount refuses their folder and the
authorised endpoint finds them there (infra/providers/storage/private.py).

Revision ID: 0028_private_payment_proofs
Revises: 0027_payment_lists
Create Date: 2026-11-30 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028_private_payment_proofs"
down_revision: str | Sequence[str] | None = "0027_payment_lists"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD, NEW = "/media/payment-proofs/", "payment-proofs/"
proof = sa.table("payment_proof", sa.column("url", sa.String), sa.column("thumbnail_url", sa.String))


def _move(before: str, after: str) -> None:
    for column in (proof.c.url, proof.c.thumbnail_url):
        rest = sa.func.substr(column, len(before) + 1)
        op.execute(proof.update().where(column.like(before + "%")).values({column.name: sa.literal(after) + rest}))


def upgrade() -> None:
    _move(OLD, NEW)


def downgrade() -> None:
    _move(NEW, OLD)
