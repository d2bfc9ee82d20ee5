"""Imperative mapping of the domain classes onto the tables: the domain stays free of SQLAlchemy."""

from __future__ import annotations

from sqlalchemy.orm import registry, relationship

from domain.audit import entities as audit
from domain.identity import entities as identity
from domain.notifications import entities as notifications
from infra.db import tables

mapper_registry = registry(metadata=tables.metadata)
_started = False


def start_mappers() -> None:
    global _started
    if _started:
        return
    _started = True
    role_mapper = mapper_registry.map_imperatively(identity.Role, tables.role)
    mapper_registry.map_imperatively(
        identity.User,
        tables.user_account,
        properties={
            "roles": relationship(
                role_mapper, secondary=tables.user_role, lazy="selectin", order_by=tables.role.c.name
            ),
        },
    )
    mapper_registry.map_imperatively(identity.RefreshToken, tables.refresh_token)
    mapper_registry.map_imperatively(identity.OneTimeCode, tables.one_time_code)
    mapper_registry.map_imperatively(identity.LoginAttempt, tables.login_attempt)
    mapper_registry.map_imperatively(identity.ExternalIdentity, tables.external_identity)
    mapper_registry.map_imperatively(identity.Address, tables.address)
    mapper_registry.map_imperatively(audit.AuditEntry, tables.audit_entry)
    mapper_registry.map_imperatively(notifications.OutboxMessage, tables.outbox_message)
    mapper_registry.map_imperatively(notifications.InAppNotification, tables.in_app_notification)
