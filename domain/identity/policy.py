"""The knobs of authentication, set from configuration, and the ports authentication needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from domain.ports import Clock, OAuthProvider, PasswordHasher, TokenIssuer


@dataclass(frozen=True)
class AuthPolicy:
    refresh_token_days: int = 30
    lockout_failures: int = 5  # free failures per (account, address); each further try waits longer
    lockout_minutes: int = 15  # the longest wait
    throttle_base_seconds: int = 30  # the first wait, doubled with every further failure
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

    # failures older than this no longer count, so a forgotten password from last week does not slow anyone today
    throttle_window = timedelta(hours=24)

    def throttle_wait(self, failures: int) -> int:
        """Seconds to wait after the last failure before the next try (NIST SP 800-63B §5.2.2: rate limiting
        that grows, rather than a lock an attacker can set off for any account)."""
        if failures < self.lockout_failures:
            return 0
        doublings = min(failures - self.lockout_failures, 20)
        return min(self.throttle_base_seconds << doublings, self.lockout_minutes * 60)


@dataclass(frozen=True)
class AuthContext:
    clock: Clock
    hasher: PasswordHasher
    tokens: TokenIssuer
    policy: AuthPolicy
    oauth: dict[str, OAuthProvider] = field(default_factory=dict)
