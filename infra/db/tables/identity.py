"""Users, roles, credentials (refresh tokens, one-time codes, login attempts, third-party identities), addresses."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import registry as Registry
from sqlalchemy.orm import relationship

from domain.identity import entities
from infra.db.schema import metadata, timestamps
from infra.db.types import UTCDateTime

role = sa.Table(
    "role",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("description", sa.String(255), nullable=False, server_default=""),
    sa.Column("permissions", sa.JSON, nullable=False),
    sa.Column("builtin", sa.Boolean, nullable=False, server_default=sa.false()),
    *timestamps(),
)

user_account = sa.Table(
    "user_account",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("email", sa.String(254), nullable=True, unique=True),
    sa.Column("phone", sa.String(20), nullable=True, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=True),
    sa.Column("display_name", sa.String(100), nullable=False, server_default=""),
    sa.Column("avatar_url", sa.String(500), nullable=True),
    sa.Column("locale", sa.String(10), nullable=False, server_default="zh_CN"),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("email_verified_at", UTCDateTime, nullable=True),
    sa.Column("phone_verified_at", UTCDateTime, nullable=True),
    sa.Column("last_login_at", UTCDateTime, nullable=True),
    sa.Column("token_version", sa.Integer, nullable=False, server_default="0"),
    *timestamps(),
)
sa.Index("ix_user_account_created_at", user_account.c.created_at)

user_role = sa.Table(
    "user_role",
    metadata,
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("role_id", sa.Uuid, sa.ForeignKey("role.id", ondelete="CASCADE"), primary_key=True, index=True),
)

refresh_token = sa.Table(
    "refresh_token",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("family_id", sa.Uuid, nullable=False, index=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("ip", sa.String(64), nullable=True),
    sa.Column("user_agent", sa.String(255), nullable=True),
    sa.Column("used_at", UTCDateTime, nullable=True),
    sa.Column("revoked_at", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False, server_default=sa.func.now()),
)

one_time_code = sa.Table(
    "one_time_code",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("purpose", sa.String(32), nullable=False),
    sa.Column("target", sa.String(254), nullable=False),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=True),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("consumed_at", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False, server_default=sa.func.now()),
)
sa.Index("ix_one_time_code_purpose_target", one_time_code.c.purpose, one_time_code.c.target)
sa.Index("ix_one_time_code_code_hash", one_time_code.c.code_hash)
# an account's own links: the pending change of e-mail, and the links to spend when the address changes
sa.Index("ix_one_time_code_user_id_purpose", one_time_code.c.user_id, one_time_code.c.purpose)

login_attempt = sa.Table(
    "login_attempt",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=True),
    sa.Column("login", sa.String(254), nullable=False),
    sa.Column("ip", sa.String(64), nullable=False),
    sa.Column("success", sa.Boolean, nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
)
sa.Index("ix_login_attempt_user_id_at", login_attempt.c.user_id, login_attempt.c.at)

external_identity = sa.Table(
    "external_identity",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("provider", sa.String(32), nullable=False),
    sa.Column("subject", sa.String(128), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False, server_default=sa.func.now()),
    sa.UniqueConstraint("provider", "subject"),
)

address = sa.Table(
    "address",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("recipient", sa.String(64), nullable=False),
    sa.Column("phone", sa.String(20), nullable=False),
    sa.Column("region_code", sa.String(12), nullable=False),
    sa.Column("province", sa.String(32), nullable=False),
    sa.Column("city", sa.String(32), nullable=False),
    sa.Column("district", sa.String(32), nullable=False),
    sa.Column("detail", sa.String(255), nullable=False),
    sa.Column("postal_code", sa.String(12), nullable=True),
    sa.Column("tag", sa.String(16), nullable=True),
    sa.Column("is_default", sa.Boolean, nullable=False, server_default=sa.false()),
    *timestamps(),
)


def map_entities(registry: Registry) -> None:
    role_mapper = registry.map_imperatively(entities.Role, role)
    registry.map_imperatively(
        entities.User,
        user_account,
        properties={
            "roles": relationship(role_mapper, secondary=user_role, lazy="selectin", order_by=role.c.name),
        },
    )
    registry.map_imperatively(entities.RefreshToken, refresh_token)
    registry.map_imperatively(entities.OneTimeCode, one_time_code)
    registry.map_imperatively(entities.LoginAttempt, login_attempt)
    registry.map_imperatively(entities.ExternalIdentity, external_identity)
    registry.map_imperatively(entities.Address, address)
