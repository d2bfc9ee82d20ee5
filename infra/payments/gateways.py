"""The payment gateways of this deployment: one adapter per enabled online method (method → PaymentGateway), built
once by the container from `Settings.payments` with its outbound HTTP client and clock.

Which methods are enabled is decided in one place, `enabled_methods`: today every method whose keys are configured
(and, in development with the sandbox, all of them, on sandbox keys). Admin-managed enable/disable and display
order (the method settings) plug in there. Production refuses to start when an enabled method cannot take real
payments (`production_problems`, called by infra/deployment.py).

In development with `SANDBOX_ENABLED`, a method without configured keys is pointed at the payment sandbox this app
mounts at `/sandbox/payments` (PUBLIC_BASE_URL + that path, the address the customer's browser opens), on keys
generated once and kept under `var/` (`sandbox_keys`), so a `make worker` process signs its queries with the same
keys as the API that serves the sandbox. Both directions stay in this process where they can (`SandboxLoopback`):
the adapters reach the sandbox, and the sandbox's callbacks reach our webhook, through ASGI transports, so the
demo works under `make run` and tests work with clients on ASGITransport (no server needed to hear a callback).
A process that does not mount the sandbox (the ARQ worker) talks to it over HTTP at PUBLIC_BASE_URL.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx
from fastapi import FastAPI
from starlette.types import ASGIApp

from domain.orders.entities import ONLINE_METHODS, PaymentMethod
from domain.payments.gateway import PaymentGateway
from domain.ports import Clock
from infra.payments.alipay import AlipayGateway
from infra.payments.card import CardGateway
from infra.payments.sandbox.app import create_payment_sandbox
from infra.payments.sandbox.wechat_state import SandboxMerchant, WeChatPaySandbox, generate_wechat_pay_sandbox_keys
from infra.payments.wechat import WeChatPayGateway
from infra.providers import rsa2
from infra.settings import KeyNotConfigured, PaymentsSettings, SecretReference, Settings

SANDBOX_PATH = "/sandbox/payments"
SANDBOX_KEYS_FILE = "payment_sandbox_keys.json"
DISPLAY_ORDER = (PaymentMethod.ALIPAY, PaymentMethod.WECHAT_PAY, PaymentMethod.CARD)
assert set(DISPLAY_ORDER) == ONLINE_METHODS


@dataclass(frozen=True)
class SandboxKeys:
    """Every key the sandbox and our adapters share in development (never used in production)."""

    card_secret_key: str
    card_webhook_secret: str
    alipay_app_private_key_pem: str
    alipay_app_public_key_pem: str
    alipay_private_key_pem: str
    alipay_public_key_pem: str
    wechat_merchant_private_key_pem: str
    wechat_merchant_public_key_pem: str
    wechat_platform_private_key_pem: str
    wechat_platform_public_key_pem: str
    wechat_apiv3_key: str


def _secrets(settings: PaymentsSettings, method: PaymentMethod) -> list[SecretReference]:
    match method:
        case PaymentMethod.CARD:
            return [settings.card.secret_key, settings.card.webhook_secret]
        case PaymentMethod.ALIPAY:
            return [settings.alipay.app_private_key, settings.alipay.alipay_public_key]
        case _:
            w = settings.wechat_pay
            return [w.merchant_private_key, w.platform_public_key, w.apiv3_key]


def configured(settings: PaymentsSettings, method: PaymentMethod) -> bool:
    """Some key of the method is set (a value, an environment variable or a file): the operator means to use it."""
    return any(ref.value is not None or ref.env or ref.file is not None for ref in _secrets(settings, method))


def sandboxed(settings: Settings, method: PaymentMethod) -> bool:
    """Development with the sandbox, and no keys of its own: the method pays through the local sandbox."""
    return settings.is_development and settings.sandbox_enabled and not configured(settings.payments, method)


def enabled_methods(settings: Settings) -> list[PaymentMethod]:
    """The online methods offered, in display order. The seam for the admin's method settings (enable/disable,
    order): they filter and sort this list; nothing else decides which gateways exist."""
    return [m for m in DISPLAY_ORDER if configured(settings.payments, m) or sandboxed(settings, m)]


def production_problems(settings: Settings) -> list[str]:
    """Why an enabled method could not take real payments: missing keys, a sandbox address, a sandbox account."""
    p, problems = settings.payments, []
    for method in enabled_methods(settings):
        refs: list[tuple[str, SecretReference]] = []
        if method is PaymentMethod.CARD:
            if not p.card.api_base.startswith("https://") or "/sandbox/" in p.card.api_base:
                problems.append("PAYMENTS__CARD__API_BASE must be the card gateway's (https://…).")
            refs = [
                ("payments.card.secret_key", p.card.secret_key),
                ("payments.card.webhook_secret", p.card.webhook_secret),
            ]
        elif method is PaymentMethod.ALIPAY:
            if not p.alipay.gateway_url.startswith("https://") or "/sandbox/" in p.alipay.gateway_url:
                problems.append(
                    "PAYMENTS__ALIPAY__GATEWAY_URL must be Alipay's (https://openapi.alipay.com/gateway.do)."
                )
            if p.alipay.app_id == "sandbox-pay-app":
                problems.append("PAYMENTS__ALIPAY__APP_ID must be the shop's Alipay app.")
            refs = [
                ("payments.alipay.app_private_key", p.alipay.app_private_key),
                ("payments.alipay.alipay_public_key", p.alipay.alipay_public_key),
            ]
        else:
            problems.extend(p.wechat_pay.production_problems())
        for name, ref in refs:
            try:
                ref.required(name)
            except KeyNotConfigured as exc:
                problems.append(str(exc))
    return problems


def sandbox_keys(var_dir: Path) -> SandboxKeys:
    """The development sandbox's keys, made once and kept in var/ so the API and a worker agree on them."""
    path = var_dir / SANDBOX_KEYS_FILE
    if path.exists():
        return SandboxKeys(**json.loads(path.read_text()))
    alipay_app, alipay_gateway = rsa2.generate_private_key(), rsa2.generate_private_key()
    wechat = generate_wechat_pay_sandbox_keys()
    keys = SandboxKeys(
        card_secret_key="sk_test_" + secrets.token_hex(16),
        card_webhook_secret="whsec_" + secrets.token_hex(24),
        alipay_app_private_key_pem=rsa2.private_pem(alipay_app),
        alipay_app_public_key_pem=rsa2.public_pem(alipay_app),
        alipay_private_key_pem=rsa2.private_pem(alipay_gateway),
        alipay_public_key_pem=rsa2.public_pem(alipay_gateway),
        wechat_merchant_private_key_pem=wechat.merchant_private_key_pem,
        wechat_merchant_public_key_pem=wechat.merchant_public_key_pem,
        wechat_platform_private_key_pem=wechat.platform_private_key_pem,
        wechat_platform_public_key_pem=wechat.platform_public_key_pem,
        wechat_apiv3_key=wechat.apiv3_key,
    )
    var_dir.mkdir(parents=True, exist_ok=True)
    # written aside, then linked into place: a process starting at the same moment never reads half a file
    draft = var_dir / f".{SANDBOX_KEYS_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        json.dump(asdict(keys), file)
    try:
        os.link(draft, path)
    except FileExistsError:
        return SandboxKeys(**json.loads(path.read_text()))  # the other process won; use its keys
    finally:
        draft.unlink()
    return keys


def sandboxed_settings(settings: Settings, keys: SandboxKeys) -> PaymentsSettings:
    """The payment settings with each sandboxed method pointed at this app's sandbox, on the sandbox keys."""
    base, p = settings.public_base_url.rstrip("/") + SANDBOX_PATH, settings.payments

    def ref(text: str) -> SecretReference:
        return SecretReference.model_validate({"value": text})

    changes: dict[str, object] = {}
    if sandboxed(settings, PaymentMethod.CARD):
        changes["card"] = p.card.model_copy(
            update={
                "api_base": f"{base}/card",
                "secret_key": ref(keys.card_secret_key),
                "webhook_secret": ref(keys.card_webhook_secret),
            }
        )
    if sandboxed(settings, PaymentMethod.ALIPAY):
        changes["alipay"] = p.alipay.model_copy(
            update={
                "gateway_url": f"{base}/alipay/gateway.do",
                "app_private_key": ref(keys.alipay_app_private_key_pem),
                "alipay_public_key": ref(keys.alipay_public_key_pem),
            }
        )
    if sandboxed(settings, PaymentMethod.WECHAT_PAY):
        changes["wechat_pay"] = p.wechat_pay.model_copy(
            update={
                "api_base": f"{base}/wechat",
                "merchant_private_key": ref(keys.wechat_merchant_private_key_pem),
                "platform_public_key": ref(keys.wechat_platform_public_key_pem),
                "apiv3_key": ref(keys.wechat_apiv3_key),
            }
        )
    return p.model_copy(update=changes)


def build_gateways(
    settings: Settings, payments: PaymentsSettings, client: httpx.AsyncClient, clock: Clock
) -> dict[str, PaymentGateway]:
    """method → adapter, for every enabled online method."""
    gateways: dict[str, PaymentGateway] = {}
    for method in enabled_methods(settings):
        if method is PaymentMethod.CARD:
            gateways[method] = CardGateway(
                payments.card,
                client,
                secret_key=payments.card.secret_key.required("payments.card.secret_key"),
                webhook_secret=payments.card.webhook_secret.required("payments.card.webhook_secret"),
            )
        elif method is PaymentMethod.ALIPAY:
            gateways[method] = AlipayGateway(
                payments.alipay,
                client,
                app_private_key_pem=payments.alipay.app_private_key.required("payments.alipay.app_private_key"),
                alipay_public_key_pem=payments.alipay.alipay_public_key.required("payments.alipay.alipay_public_key"),
                clock=clock.now,
            )
        else:
            gateways[method] = WeChatPayGateway(payments.wechat_pay, client, clock)
    return gateways


def create_sandbox(payments: PaymentsSettings, keys: SandboxKeys, client: httpx.AsyncClient) -> FastAPI:
    """The payment sandbox this app mounts at /sandbox/payments, knowing our sandbox accounts."""
    wechat = payments.wechat_pay
    merchant = SandboxMerchant(
        wechat.mchid,
        wechat.appid,
        wechat.merchant_serial_no,
        keys.wechat_merchant_public_key_pem,
        keys.wechat_apiv3_key,
    )
    return create_payment_sandbox(
        card_accounts={keys.card_secret_key: keys.card_webhook_secret},
        alipay_apps={payments.alipay.app_id: keys.alipay_app_public_key_pem},
        alipay_private_key_pem=keys.alipay_private_key_pem,
        wechat=WeChatPaySandbox(
            {wechat.mchid: merchant},
            keys.wechat_platform_private_key_pem,
            platform_key_id=wechat.platform_public_key_id,
            client=client,
        ),
        client=client,
    )


class SandboxLoopback(httpx.AsyncBaseTransport):
    """Requests under a routed prefix go to an ASGI app of this process; everything else goes out over the
    network. The app that mounts the sandbox routes PUBLIC_BASE_URL/sandbox/payments to the sandbox and
    PUBLIC_BASE_URL/api/ to itself, so neither a call to the sandbox nor its callback needs a listening server."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, httpx.ASGITransport]] = []
        self._network = httpx.AsyncHTTPTransport()

    def route(self, prefix: str, app: ASGIApp, *, root_path: str = "") -> None:
        transport = httpx.ASGITransport(app=app, root_path=root_path, raise_app_exceptions=False)
        self._routes.append((prefix, transport))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        for prefix, transport in self._routes:
            if url.startswith(prefix):
                return await transport.handle_async_request(request)
        return await self._network.handle_async_request(request)

    async def aclose(self) -> None:
        await self._network.aclose()


def serve_in_process(loopback: SandboxLoopback, settings: Settings, sandbox: ASGIApp, api: ASGIApp) -> None:
    """Route calls to the sandbox and its callbacks to our webhook inside this process (the app mounts both)."""
    base = settings.public_base_url.rstrip("/")
    loopback.route(base + SANDBOX_PATH + "/", sandbox, root_path=SANDBOX_PATH)
    loopback.route(base + "/api/", api)
