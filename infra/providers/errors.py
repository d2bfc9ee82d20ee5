"""Failures of an outside provider that are worth retrying, kept apart from business errors."""

from __future__ import annotations


class ProviderError(Exception):
    """A provider was unreachable or refused a delivery; the outbox job retries it later."""

    def __init__(self, provider: str, message: str, *, code: str | None = None) -> None:
        self.provider = provider
        self.code = code
        super().__init__(f"{provider}: {code + ': ' if code else ''}{message}")
