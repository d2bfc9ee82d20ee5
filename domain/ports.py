"""Ports the domain needs from the outside world; infra/ implements them, tests may fake them."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.identity import entities as identity


class Clock(Protocol):
    def now(self) -> datetime: ...


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...
    async def verify(self, password: str, hashed: str) -> bool: ...


class RateLimiter(Protocol):
    async def hit(self, key: str, *, limit: int, window_seconds: int) -> bool:
        """Count one hit; False when `limit` is already reached in the current window."""
        ...


class SmsSender(Protocol):
    async def send_code(self, phone: str, code: str) -> None: ...
    async def send_text(self, phone: str, text: str) -> None: ...


class EmailSender(Protocol):
    async def send(self, to: str, subject: str, body: str) -> None: ...


class OAuthProvider(Protocol):
    """A third-party login provider speaking its real authorisation-code flow (WeChat, Alipay)."""

    name: str

    def authorize_url(self, *, redirect_uri: str, state: str) -> str: ...
    async def exchange(self, *, code: str, redirect_uri: str) -> identity.OAuthProfile:
        """Trade the code for the user's identity; raises AuthenticationFailed when the provider refuses."""
        ...


class MediaStorage(Protocol):
    async def save_image(self, folder: str, data: bytes, *, max_bytes: int, thumbnail: int | None) -> str:
        """Store a checked, re-encoded image; returns its public URL. Raises RuleViolation when not an image."""
        ...


class TokenIssuer(Protocol):
    def issue_access(self, user: identity.User) -> tuple[str, int]:
        """A signed short-lived access token and its lifetime in seconds."""
        ...
