"""The knobs of authentication, set from configuration, and the ports authentication needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from domain.ports import Clock, OAuthProvider, PasswordHasher, TokenIssuer


@dataclass(frozen=True)
class AuthPolicy:
    refresh_token_days: int = 30
    lockout_failures: int = 5
    lockout_minutes: int = 15
    otp_ttl_minutes: int = 5
    otp_resend_seconds: int = 60
    otp_max_per_hour: int = 5
    reset_token_minutes: int = 30
    email_verify_hours: int = 24
    public_base_url: str = "http://127.0.0.1:8000"
    default_locale: str = "zh_CN"

    @property
    def lockout_window(self) -> timedelta:
        return timedelta(minutes=self.lockout_minutes)


@dataclass(frozen=True)
class AuthContext:
    clock: Clock
    hasher: PasswordHasher
    tokens: TokenIssuer
    policy: AuthPolicy
    oauth: dict[str, OAuthProvider] = field(default_factory=dict)
