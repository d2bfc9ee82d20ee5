"""Password hashing (argon2 via passlib, off the event loop) and JWT access tokens (PyJWT)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import jwt
from jwt import PyJWTError as JWTError
from passlib.context import CryptContext

from domain.errors import AuthenticationFailed, RuleViolation
from domain.identity.entities import User
from domain.ports import Clock

CLOCK_SKEW = 60  # seconds another replica's clock may run ahead


class Argon2Hasher:
    """argon2id only: passlib's bcrypt backend breaks with bcrypt 5 (DESIGN.md §1). The cost applies to new
    hashes; a stored hash carries its own, so lowering or raising it never locks anybody out."""

    def __init__(self, *, memory_kib: int, time_cost: int, parallelism: int) -> None:
        self._context = CryptContext(
            schemes=["argon2"],
            deprecated="auto",
            argon2__memory_cost=memory_kib,
            argon2__time_cost=time_cost,
            argon2__parallelism=parallelism,
        )

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._context.hash, password)

    async def verify(self, password: str, hashed: str) -> bool:
        try:
            return await asyncio.to_thread(self._context.verify, password, hashed)
        except ValueError:  # a malformed stored hash never authenticates
            return False


@dataclass(frozen=True)
class AccessClaims:
    user_id: UUID
    version: int
    roles: frozenset[str]
    permissions: frozenset[str]


class JwtTokens:
    """Short-lived HS256 access tokens. Decoding names its algorithm list explicitly (CVE-2024-33663)."""

    VERIFIED_MAX = 50_000

    def __init__(self, secret: str, algorithm: str, minutes: int, clock: Clock) -> None:
        self._secret, self._algorithm, self._minutes, self._clock = secret, algorithm, minutes, clock
        # Tokens whose signature was checked, with their expiry: a client sends the same token many times, and
        # the same bytes verify the same way, so only the expiry needs checking again.
        self._verified: dict[str, tuple[AccessClaims, float]] = {}

    def issue_access(self, user: User) -> tuple[str, int]:
        now = self._clock.now()
        claims = {
            "sub": str(user.id),
            "ver": user.token_version,
            # what permission checks read instead of loading the account: a change to either raises "ver"
            "rol": user.role_names,
            "prm": sorted(user.permissions),
            "typ": "access",
            "jti": uuid4().hex,
            "iat": int(now.timestamp()),
            "exp": int((now + timedelta(minutes=self._minutes)).timestamp()),
        }
        return jwt.encode(claims, self._secret, algorithm=self._algorithm), self._minutes * 60

    def access_claims(self, token: str) -> AccessClaims:
        """What a valid access token says; anything else is refused."""
        if (verified := self._verified.get(token)) is not None and time.time() <= verified[1]:
            return verified[0]
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._secret,
                algorithms=[self._algorithm],
                options={"require": ["exp", "sub", "iat"]},
            )
            if claims.get("typ") != "access":
                raise JWTError("not an access token")
            # a token living longer than we issue, or issued in the future, was not made by us as configured
            issued_at, expires_at = int(claims["iat"]), int(claims["exp"])
            if expires_at - issued_at > self._minutes * 60 or issued_at > self._clock.now().timestamp() + CLOCK_SKEW:
                raise JWTError("lifetime beyond the configured one")
            access = AccessClaims(
                user_id=UUID(claims["sub"]),
                version=int(claims["ver"]),
                roles=frozenset(str(r) for r in claims["rol"]),
                permissions=frozenset(str(p) for p in claims["prm"]),
            )
            if len(self._verified) >= self.VERIFIED_MAX:
                self._verified.clear()
            self._verified[token] = (access, float(claims["exp"]))
            return access
        except (JWTError, ValueError, KeyError, TypeError) as exc:
            expired = "expired" in str(exc).lower()
            raise AuthenticationFailed(
                "The access token has expired." if expired else "The access token is not valid.",
                code="auth.token_expired" if expired else "auth.invalid_token",
            ) from exc


class OAuthStates:
    """Signed, expiring `state` values for third-party sign-in: they bind the provider and the redirect URI."""

    def __init__(self, secret: str, clock: Clock, minutes: int = 10, *, redirect_origins: list[str]) -> None:
        self._secret, self._clock, self._minutes = secret, clock, minutes
        self._origins = {_origin(o) for o in redirect_origins}

    def issue(self, provider: str, redirect_uri: str) -> str:
        self.check_redirect(redirect_uri)
        now = self._clock.now()
        claims = {
            "typ": "oauth_state",
            "prv": provider,
            "uri": redirect_uri,
            "nonce": uuid4().hex,
            "exp": int((now + timedelta(minutes=self._minutes)).timestamp()),
        }
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def check_redirect(self, redirect_uri: str) -> None:
        """Only our own pages receive a provider's code: an allow-list of origins, not the provider's word."""
        if _origin(redirect_uri) not in self._origins:
            raise RuleViolation(
                "Sign-in may only return to this shop's own pages.",
                code="auth.redirect_uri_not_allowed",
                field="redirect_uri",
            )

    def check(self, state: str, provider: str, redirect_uri: str) -> None:
        self.check_redirect(redirect_uri)
        try:
            claims = jwt.decode(state, self._secret, algorithms=["HS256"], options={"require": ["exp"]})
        except JWTError as exc:
            raise AuthenticationFailed(
                "The sign-in attempt is not valid; start again.", code="auth.oauth_state"
            ) from exc
        if claims.get("typ") != "oauth_state" or claims.get("prv") != provider or claims.get("uri") != redirect_uri:
            raise AuthenticationFailed("The sign-in attempt is not valid; start again.", code="auth.oauth_state")


def _origin(url: str) -> str:
    """scheme://host[:port], lower-cased; anything with user info or without a host has none."""
    try:
        parts = urlsplit(url.strip())
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # a port that is not a number
        return ""
    if not parts.scheme or not parts.hostname or "@" in parts.netloc:
        return ""
    return f"{parts.scheme.lower()}://{parts.hostname.lower()}{port}"
