"""the staff order list is served by indexes: its sort (created_at DESC, id DESC), per status, and the customer
filter's prefix match on name, phone and e-mail (and a phone's last digits on PostgreSQL)

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-29 19:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NEW = {
    "ix_sales_order_created_at_id": [sa.text("created_at DESC"), sa.text("id DESC")],
    "ix_sales_order_status_created_at_id": ["status", sa.text("created_at DESC"), sa.text("id DESC")],
}
_OLD = {
    "ix_sales_order_created_at": ["created_at"],
    "ix_sales_order_status_created_at": ["status", "created_at"],
    "ix_sales_order_customer_name": ["customer_name"],
    "ix_sales_order_customer_phone": ["customer_phone"],
    "ix_sales_order_customer_email": ["customer_email"],
}


def _prefix_indexes() -> dict[str, str]:
    # pattern_ops let PostgreSQL serve LIKE 'x%' from a B-tree under any collation; SQLite has no such classes
    pg = op.get_bind().dialect.name == "postgresql"
    ops = {"text": " text_pattern_ops", "varchar": " varchar_pattern_ops"} if pg else {"text": "", "varchar": ""}
    indexes = {
        "ix_sales_order_customer_name_prefix": f"lower(customer_name){ops['text']}",
        "ix_sales_order_customer_phone_prefix": f"customer_phone{ops['varchar']}",
        "ix_sales_order_customer_email_prefix": f"lower(customer_email){ops['text']}",
    }
    if pg:  # a phone's last digits; SQLite has no reverse() (and searches its small tables with LIKE '%1234')
        indexes["ix_sales_order_customer_phone_suffix"] = "reverse(customer_phone) text_pattern_ops"
    return indexes


def upgrade() -> None:
    for name in _OLD:
        op.drop_index(name, table_name="sales_order")
    for name, columns in _NEW.items():
        op.create_index(name, "sales_order", columns)
    for name, expression in _prefix_indexes().items():
        op.execute(f"CREATE INDEX {name} ON sales_order ({expression})")


def downgrade() -> None:
    for name in [*_NEW, *_prefix_indexes()]:
        op.drop_index(name, table_name="sales_order")
    for name, columns in _OLD.items():
        op.create_index(name, "sales_order", columns)
