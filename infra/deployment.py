"""Closed by default (DESIGN.md §1): production refuses sandboxes and demo secrets; development fills in its own.

Every process (API and ARQ worker) passes its settings through `prepared` before it builds anything.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from infra.payments import gateways
from infra.settings import Settings

MIN_SECRET_LENGTH = 32
# Values that shipped in examples or defaults at some point: anyone can read them, so they sign nothing.
DEMO_SECRETS = frozenset(
    {
        "change-me",
        "change-me-in-production-this-is-only-for-the-demo-shop",
        "sandbox-secret",
        "sandbox-key",
        "sandbox-app",
        "sandbox-app-secret",
    }
)
SANDBOX_APP_ID = "sandbox-app"
SECRET_FILE = "jwt_secret"


class UnsafeDeployment(RuntimeError):
    """Start-up refused: the settings would run production with a sandbox or a secret anyone knows."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "Refusing to start in production (APP_ENV=production):\n  - "
            + "\n  - ".join(problems)
            + "\nFix these settings, or set APP_ENV=development for a local demo."
        )


def prepared(settings: Settings) -> Settings:
    """The settings to run with. Raises UnsafeDeployment for production settings that are not safe."""
    if not settings.is_development:
        if problems := production_problems(settings):
            raise UnsafeDeployment(problems)
        return settings
    if settings.auth.jwt_secret:
        return settings
    secret = development_secret(settings.var_dir)
    return settings.model_copy(update={"auth": settings.auth.model_copy(update={"jwt_secret": secret})})


def production_problems(settings: Settings) -> list[str]:
    """Every reason the settings are not fit for production, in words an operator can act on."""
    problems: list[str] = []
    if settings.sandbox_enabled:
        problems.append("SANDBOX_ENABLED is on: the SMS and OAuth sandboxes hand out sign-in codes to anyone.")
    secret = settings.auth.jwt_secret
    if not secret or secret in DEMO_SECRETS or len(secret) < MIN_SECRET_LENGTH:
        problems.append(
            f"AUTH__JWT_SECRET must be a random value of at least {MIN_SECRET_LENGTH} characters "
            "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)."
        )
    sms = settings.sms
    if not sms.endpoint or "/sandbox/" in sms.endpoint:
        problems.append("SMS__ENDPOINT must name the real SMS gateway.")
    if sms.access_key_id in DEMO_SECRETS or sms.access_key_secret in DEMO_SECRETS or not sms.access_key_secret:
        problems.append("SMS__ACCESS_KEY_ID and SMS__ACCESS_KEY_SECRET must be the gateway's real keys.")
    wechat = settings.wechat
    if wechat.app_id != SANDBOX_APP_ID and (
        wechat.app_secret in DEMO_SECRETS or "/sandbox/" in wechat.api_base + wechat.authorize_url
    ):
        problems.append("WECHAT__APP_SECRET, WECHAT__API_BASE and WECHAT__AUTHORIZE_URL must be WeChat's real ones.")
    problems.extend(gateways.production_problems(settings))  # every enabled payment method, with its keys
    if settings.metrics_token is not None and len(settings.metrics_token) < MIN_SECRET_LENGTH:
        problems.append(f"METRICS_TOKEN must be at least {MIN_SECRET_LENGTH} characters when set.")
    return problems


def oauth_providers(settings: Settings) -> set[str]:
    """Third-party sign-ins offered. Production offers WeChat once it is configured; Alipay needs real RSA keys,
    which have no setting yet, so it stays a development feature."""
    if settings.is_development:
        return {"wechat", "alipay"}
    return {"wechat"} if settings.wechat.app_id != SANDBOX_APP_ID else set()


def development_secret(var_dir: Path) -> str:
    """A random secret made once and kept in var/, so development sessions survive a restart."""
    path = var_dir / SECRET_FILE
    var_dir.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # written aside, then linked into place: a worker starting at the same moment never reads half a file
        draft = var_dir / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # the other process won; use its secret
        finally:
            draft.unlink()
    secret = path.read_text().strip()
    if len(secret) < MIN_SECRET_LENGTH:
        raise UnsafeDeployment([f"{path} holds no usable secret; delete it to have a new one made."])
    return secret
