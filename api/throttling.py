"""Limits per account, beside the per-address ones in api/deps.py: rotating addresses (or a botnet) against one
account still runs into a wall, while the owner elsewhere only shares the account's budget, not an address's."""

from __future__ import annotations

import hashlib

from domain.errors import TooManyRequests
from infra.container import Container


async def limit_account(container: Container, scope: str, account: str) -> None:
    """429 once `account` (a login, e-mail or phone) was tried more than the configured times this minute."""
    limit = container.settings.auth.account_rate_limit_per_minute
    # hashed: the key names no e-mail or phone in Redis, and its length is bounded
    key = f"{scope}:account:{hashlib.sha256(account.strip().lower().encode()).hexdigest()[:32]}"
    if not await container.rate_limiter.hit(key, limit=limit, window_seconds=60):
        raise TooManyRequests(retry_after=60)
