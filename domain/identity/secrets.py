"""Random secrets and their stored digests. Only digests reach the database."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_sms_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def digest(value: str, *, salt: str = "") -> str:
    return hashlib.sha256(f"{salt}:{value}".encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
