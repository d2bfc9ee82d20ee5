"""Domain errors: each carries a stable `code` and the data a client needs; api/errors.py maps kinds to HTTP."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every business error. `code` is stable and documented; `message` is English, translated above."""

    code = "domain.error"
    message = "The request could not be completed."

    def __init__(self, message: str | None = None, *, code: str | None = None, **data: Any) -> None:
        self.message = message or self.message
        self.code = code or self.code
        self.data = data
        super().__init__(self.message)


class NotFound(DomainError):
    code = "not_found"
    message = "The resource does not exist."


class Conflict(DomainError):
    code = "conflict"
    message = "The request conflicts with the current state."


class PermissionDenied(DomainError):
    code = "auth.forbidden"
    message = "You do not have permission to do this."


class AuthenticationFailed(DomainError):
    code = "auth.unauthenticated"
    message = "Authentication is required."


class RuleViolation(DomainError):
    """Input that is well-formed but breaks a business rule (422)."""

    code = "validation.rule"
    message = "The request breaks a business rule."


class Unavailable(DomainError):
    """An outside service the request needs (a payment provider) cannot be reached now; try again later (503)."""

    code = "unavailable"
    message = "A service this needs is not available right now; try again later."


class TooManyRequests(DomainError):
    code = "rate_limited"
    message = "Too many requests; try again later."


class Locked(DomainError):
    code = "auth.account_locked"
    message = "The account is temporarily locked."
