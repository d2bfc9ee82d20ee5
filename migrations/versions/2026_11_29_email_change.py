"""identity: an index on one_time_code (user_id, purpose) for an account's own links (the pending change of e-mail)

Revision ID: 0023_email_change
Revises: 0022_category_name_en
Create Date: 2026-11-29 22:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023_email_change"
down_revision: str | Sequence[str] | None = "0022_category_name_en"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_one_time_code_user_id_purpose", "one_time_code", ["user_id", "purpose"])


def downgrade() -> None:
    op.drop_index("ix_one_time_code_user_id_purpose", table_name="one_time_code")
