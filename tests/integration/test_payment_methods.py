"""Payment methods as admins configure them and as the storefront offers them: who may change them, what the
answers and the audit log show of key references (whether they resolve, never where or what), the public list
in both languages, and enabling an online method without keys in production.

The shop is shared by every test of the session: each test here puts back what it changed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from domain.errors import RuleViolation
from domain.identity.actor import Actor
from domain.orders.entities import PaymentMethod
from domain.payments import method_use_cases as payment_methods
from domain.payments.method_ports import KeyRef
from domain.payments.method_settings import MethodChange
from infra.payments.method_keys import SettingsProviderKeys
from infra.settings import Settings
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.fakes.clock import FakeClock

SECRET_PATH = "/run/secrets/alipay_app_private_key.pem"


async def settings_of(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    response = await client.get("/payment-methods/settings", headers=headers)
    assert response.status_code == 200, response.text
    return {s["method"]: s for s in response.json()}


async def put(client: httpx.AsyncClient, headers: dict[str, str], method: str, **body: Any) -> httpx.Response:
    return await client.put(f"/payment-methods/settings/{method}", json=body, headers=headers)


@pytest.fixture
async def admin(shop: Shop) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, str]]]:
    """An admin's session; afterwards every method is as the seed left it (on, built-in names and order)."""
    client = shop.client(new_ip())
    headers = await f.admin_headers(client)
    before = await settings_of(client, headers)
    yield client, headers
    order = [m for m, _ in sorted(before.items(), key=lambda item: item[1]["position"])]
    assert (await client.put("/payment-methods/order", json={"methods": order}, headers=headers)).status_code == 200
    for method, s in before.items():
        body: dict[str, Any] = {"enabled": s["enabled"], "name_zh": s["name_zh"], "name_en": s["name_en"]}
        body["key_refs"] = {name: None for name in s["keys"]}
        body["provider"] = {name: s["provider"].get(name) for name in s["provider_fields"]}
        if s["payee"]:
            body |= {"payee": s["payee"], "transfer_hours": s["transfer_hours"]}
        assert (await put(client, headers, method, **body)).status_code == 200


async def test_the_storefront_offers_the_enabled_customer_methods_in_order_named_in_its_language(
    admin: tuple[httpx.AsyncClient, dict[str, str]],
) -> None:
    client, headers = admin
    await put(client, headers, "card", enabled=False)
    await put(client, headers, "wechat_pay", name_zh="微信扫码付", name_en="WeChat QR")

    zh = (await client.get("/payment-methods", headers={"Accept-Language": "zh-CN"})).json()
    en = (await client.get("/payment-methods", headers={"Accept-Language": "en"})).json()

    assert [(m["method"], m["name"], m["start_kind"]) for m in zh] == [
        ("alipay", "支付宝", "redirect"),
        ("wechat_pay", "微信扫码付", "qr"),
        ("bank_transfer", "银行转账", "offline"),
    ]
    assert [m["name"] for m in en] == ["Alipay", "WeChat QR", "Bank transfer"]
    transfer = en[-1]["bank_transfer"]
    assert transfer["account_name"] and transfer["account_number"] and transfer["transfer_hours"] == 24
    assert all(m["bank_transfer"] is None for m in en[:-1])
    # cash and cash on delivery are recorded by staff, never offered to customers
    assert {"cash", "cash_on_delivery"}.isdisjoint(m["method"] for m in en)


async def test_admins_reorder_the_methods_and_the_storefront_follows(
    admin: tuple[httpx.AsyncClient, dict[str, str]],
) -> None:
    client, headers = admin
    order = ["bank_transfer", "card", "wechat_pay", "alipay", "cash", "cash_on_delivery"]

    response = await client.put("/payment-methods/order", json={"methods": order}, headers=headers)
    missing = await client.put("/payment-methods/order", json={"methods": order[:-1]}, headers=headers)

    assert response.status_code == 200, response.text
    assert [m["method"] for m in response.json()] == order
    assert [m["method"] for m in (await client.get("/payment-methods")).json()] == order[:4]
    assert (missing.status_code, missing.json()["code"]) == (422, "payment_method.order_mismatch")


async def test_key_references_are_write_only_and_the_audit_log_says_only_that_they_changed(
    admin: tuple[httpx.AsyncClient, dict[str, str]],
) -> None:
    client, headers = admin
    ref = {"file": SECRET_PATH}

    # a reference that does not resolve keeps the method from staying on (even in development: it would be used)
    refused = await put(client, headers, "alipay", key_refs={"app_private_key": ref})
    response = await put(
        client, headers, "alipay", enabled=False, key_refs={"app_private_key": ref}, provider={"app_id": "2021000"}
    )

    assert (refused.status_code, refused.json()["missing"]) == (422, ["app_private_key"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["keys"]["app_private_key"] == {"configured": False, "source": "database"}  # no such file here
    assert body["keys"]["alipay_public_key"] == {"configured": True, "source": "sandbox"}  # development
    assert body["provider"] == {"app_id": "2021000"}
    listed = await client.get("/payment-methods/settings", headers=headers)
    audit = await client.get("/audit-log", params={"action": "payment_method.", "target_id": "alipay"}, headers=headers)
    for text in (refused.text, response.text, listed.text, audit.text):
        assert SECRET_PATH not in text and "alipay_app_private_key" not in text
    entry = audit.json()["items"][0]
    assert entry["action"] == "payment_method.update"
    assert entry["after"]["key_refs_changed"] == ["app_private_key"]
    assert (entry["before"]["provider"], entry["after"]["provider"]) == ({}, {"app_id": "2021000"})


async def test_a_key_reference_must_be_a_variable_name_or_a_path_never_the_key(
    admin: tuple[httpx.AsyncClient, dict[str, str]],
) -> None:
    client, headers = admin
    pem = "-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----"
    for ref in ({"env": pem}, {"file": pem}, {"env": "A", "file": "/x"}, {}, {"file": "relative/key.pem"}):
        response = await put(client, headers, "card", key_refs={"secret_key": ref})
        assert (response.status_code, response.json()["code"]) == (422, "payment_method.key_ref_invalid"), ref
    unknown = await put(client, headers, "card", key_refs={"private_key": {"env": "CARD_KEY"}})
    assert (unknown.status_code, unknown.json()["code"]) == (422, "payment_method.unknown_setting")


async def test_bank_transfer_is_enabled_only_with_a_payee(admin: tuple[httpx.AsyncClient, dict[str, str]]) -> None:
    client, headers = admin

    refused = await put(client, headers, "bank_transfer", payee={"account_number": ""})
    changed = await put(client, headers, "bank_transfer", payee={"note": "附言写支付单号"}, transfer_hours=48)

    assert (refused.status_code, refused.json()["code"]) == (422, "payment_method.payee_missing")
    assert changed.json()["payee"]["note"] == "附言写支付单号" and changed.json()["transfer_hours"] == 48


async def test_only_staff_with_settings_write_see_or_change_the_settings(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    staff = await f.create_staff(client, admin, "finance")
    finance = f.bearer(await f.login(client, staff["email"], f.PASSWORD))
    buyer = await f.customer_with_address(client)

    for headers in (finance, buyer.headers):
        assert (await client.get("/payment-methods/settings", headers=headers)).status_code == 403
        assert (await put(client, headers, "cash", enabled=False)).status_code == 403
    assert (await client.get("/payment-methods/settings")).status_code == 401
    assert (await client.get("/payment-methods")).status_code == 200  # the storefront's list is public


async def test_in_production_an_online_method_is_enabled_only_once_its_keys_resolve(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: the shop's database, with the key checks of a production server that has no keys in its settings
    production = SettingsProviderKeys(Settings(app_env="production"))
    clock, actor = FakeClock(datetime.now(UTC)), Actor(user_id=None, name="admin")
    c = shop.container

    async def change(keys: SettingsProviderKeys = production, **fields: Any) -> None:
        await payment_methods.update_method(c.uow(), clock, actor, keys, PaymentMethod.CARD, MethodChange(**fields))

    try:
        await change(enabled=False)
        # when / then: no keys, then only one of the two
        with pytest.raises(RuleViolation) as missing:
            await change(enabled=True)
        assert missing.value.code == "payment_method.keys_missing"
        assert missing.value.data["missing"] == ["secret_key", "webhook_secret"]
        monkeypatch.setenv("ALLORDER_TEST_CARD_SK", "sk_live_x")
        monkeypatch.setenv("ALLORDER_TEST_CARD_WHSEC", "whsec_x")
        with pytest.raises(RuleViolation):
            await change(enabled=True, key_refs={"secret_key": KeyRef(env="ALLORDER_TEST_CARD_SK")})
        # both references resolve: enabled
        await change(
            enabled=True,
            key_refs={
                "secret_key": KeyRef(env="ALLORDER_TEST_CARD_SK"),
                "webhook_secret": KeyRef(env="ALLORDER_TEST_CARD_WHSEC"),
            },
        )
        [card] = [
            v for v in await payment_methods.method_settings_view(c.uow(), production) if v.setting.method == "card"
        ]
        assert card.setting.enabled and all(state.configured for state in card.keys.values())
    finally:
        # back as the seed left it, with the development server's key checks
        await change(c.provider_keys, enabled=True, key_refs={"secret_key": None, "webhook_secret": None})
