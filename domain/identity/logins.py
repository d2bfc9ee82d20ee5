"""The e-mail and phone a person signs in with: normalised one way, and unique."""

from __future__ import annotations

from domain.errors import Conflict
from domain.identity.ports import IdentityUoW


def normalise(login: str) -> str:
    login = login.strip()
    return login.lower() if "@" in login else login


async def ensure_free(uow: IdentityUoW, *, email: str | None = None, phone: str | None = None) -> None:
    """Refuse an e-mail or phone someone already signs in with (the unique index backs this under races)."""
    if email and await uow.users.by_email(email):
        raise Conflict("This e-mail is already registered.", code="user.email_taken", field="email")
    if phone and await uow.users.by_phone(phone):
        raise Conflict("This phone number is already registered.", code="user.phone_taken", field="phone")
