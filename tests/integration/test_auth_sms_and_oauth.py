"""Phone sign-in by SMS code (through the SMS sandbox) and WeChat/Alipay sign-in (through the OAuth sandbox)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlparse

import httpx

from tests import factories as f
from tests.conftest import Shop, new_ip


async def _texted_code(shop: Shop, phone: str) -> str:
    await shop.run_jobs()
    messages = await shop.sms_to(phone)
    assert messages, f"no SMS reached {phone}"
    text = str(messages[-1]["params"])
    match = re.search(r"\b(\d{6})\b", text)
    assert match, text
    return match.group(1)


async def test_an_unknown_phone_signs_in_by_code_and_gets_a_verified_account(shop: Shop) -> None:
    client = shop.client(new_ip())
    phone = f.unique_phone()
    sent = await client.post("/auth/sms/send", json={"phone": phone, "purpose": "login"})
    assert sent.status_code == 202
    assert sent.json() == {"resend_after_seconds": 60}
    code = await _texted_code(shop, phone)
    pair = await client.post("/auth/login/sms", json={"phone": phone, "code": code})
    assert pair.status_code == 200
    assert pair.json()["user"]["phone"] == phone
    assert pair.json()["user"]["phone_verified"] is True
    # the same code cannot be used twice
    again = await client.post("/auth/login/sms", json={"phone": phone, "code": code})
    assert again.json()["code"] == "auth.code_expired"


async def test_a_second_code_within_a_minute_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    phone = f.unique_phone()
    await client.post("/auth/sms/send", json={"phone": phone, "purpose": "login"})
    second = await client.post("/auth/sms/send", json={"phone": phone, "purpose": "login"})
    assert second.status_code == 429
    assert second.json()["code"] == "auth.code_too_soon"
    assert 0 < int(second.headers["retry-after"]) <= 60


async def test_five_wrong_codes_burn_the_code(shop: Shop) -> None:
    client = shop.client(new_ip())
    phone = f.unique_phone()
    await client.post("/auth/sms/send", json={"phone": phone, "purpose": "login"})
    code = await _texted_code(shop, phone)
    wrong = "000000" if code != "000000" else "111111"
    answers = [
        (await client.post("/auth/login/sms", json={"phone": phone, "code": wrong})).json()["code"] for _ in range(5)
    ]
    assert answers == ["auth.code_invalid"] * 5
    late = await client.post("/auth/login/sms", json={"phone": phone, "code": code})
    assert late.json()["code"] == "auth.code_expired"


async def test_registering_by_phone_needs_the_texted_code(shop: Shop) -> None:
    client = shop.client(new_ip())
    phone = f.unique_phone()
    without = await client.post("/auth/register", json={"phone": phone, "password": f.PASSWORD, "sms_code": "123456"})
    assert without.status_code == 422
    await client.post("/auth/sms/send", json={"phone": phone, "purpose": "register"})
    code = await _texted_code(shop, phone)
    created = await client.post("/auth/register", json={"phone": phone, "password": f.PASSWORD, "sms_code": code})
    assert created.status_code == 201
    await f.login(client, phone, f.PASSWORD)


async def _provider_code(authorize_url: str, nickname: str) -> tuple[str, str]:
    """Act as the browser on the provider's consent page (sandbox shortcut `auto=1`)."""
    base = authorize_url.partition("#")[0]
    url = f"{base}&{urlencode({'auto': '1', 'nickname': nickname})}"  # keeps the provider's own parameters
    async with httpx.AsyncClient() as browser:
        response = await browser.get(url)
    assert response.status_code in (302, 303), response.text
    query = parse_qs(urlparse(response.headers["location"]).query)
    code = (query.get("code") or query.get("auth_code"))[0]  # type: ignore[index]
    return code, query["state"][0]


async def test_wechat_sign_in_runs_the_authorisation_code_flow_and_remembers_the_user(shop: Shop) -> None:
    client = shop.client(new_ip())
    redirect_uri = "http://testserver/oauth/callback/wechat"
    nickname = f"微信用户{new_ip()}"
    users = []
    for _ in range(2):
        start = (await client.get("/auth/oauth/wechat/authorize", params={"redirect_uri": redirect_uri})).json()
        code, state = await _provider_code(start["url"], nickname)
        assert state == start["state"]
        pair = await client.post(
            "/auth/oauth/wechat/callback", json={"code": code, "state": state, "redirect_uri": redirect_uri}
        )
        assert pair.status_code == 200, pair.text
        users.append(pair.json()["user"])
    assert users[0]["id"] == users[1]["id"]
    assert users[0]["display_name"] == nickname
    assert users[0]["roles"] == ["customer"]


async def test_alipay_sign_in_works_through_its_signed_gateway(shop: Shop) -> None:
    client = shop.client(new_ip())
    redirect_uri = "http://testserver/oauth/callback/alipay"
    start = (await client.get("/auth/oauth/alipay/authorize", params={"redirect_uri": redirect_uri})).json()
    code, state = await _provider_code(start["url"], "支付宝用户")
    pair = await client.post(
        "/auth/oauth/alipay/callback", json={"code": code, "state": state, "redirect_uri": redirect_uri}
    )
    assert pair.status_code == 200, pair.text
    assert pair.json()["user"]["display_name"] == "支付宝用户"


async def test_a_forged_state_or_a_spent_code_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    redirect_uri = "http://testserver/oauth/callback/wechat"
    start = (await client.get("/auth/oauth/wechat/authorize", params={"redirect_uri": redirect_uri})).json()
    code, state = await _provider_code(start["url"], "someone")
    forged = await client.post(
        "/auth/oauth/wechat/callback", json={"code": code, "state": state + "x", "redirect_uri": redirect_uri}
    )
    assert forged.json()["code"] == "auth.oauth_state"
    other_provider = await client.post(
        "/auth/oauth/alipay/callback", json={"code": code, "state": state, "redirect_uri": redirect_uri}
    )
    assert other_provider.json()["code"] == "auth.oauth_state"
    ok = await client.post(
        "/auth/oauth/wechat/callback", json={"code": code, "state": state, "redirect_uri": redirect_uri}
    )
    assert ok.status_code == 200
    spent = await client.post(
        "/auth/oauth/wechat/callback", json={"code": code, "state": state, "redirect_uri": redirect_uri}
    )
    assert spent.status_code == 401
    assert spent.json()["code"] == "auth.oauth_failed"


async def test_changing_contact_details_needs_proof_of_the_new_phone_and_a_link_for_the_email(shop: Shop) -> None:
    client = shop.client(new_ip())
    pair = await f.register_customer(client)
    headers = f.bearer(pair)
    phone, email = f.unique_phone(), f.unique_email("moved")
    # a phone without its code is refused and nothing changes
    refused = await client.patch("/me", json={"phone": phone, "sms_code": "000000"}, headers=headers)
    assert refused.status_code == 422
    assert (await client.get("/me", headers=headers)).json()["phone"] is None
    # with the texted code the phone is set and verified
    await client.post("/auth/sms/send", json={"phone": phone, "purpose": "verify_phone"})
    code = await _texted_code(shop, phone)
    changed = await client.patch("/me", json={"phone": phone, "sms_code": code, "email": email}, headers=headers)
    assert changed.status_code == 200
    me = changed.json()
    assert (me["phone"], me["phone_verified"]) == (phone, True)
    assert (me["email"], me["email_verified"]) == (pair["user"]["email"], True)  # pending until its link is followed
    await shop.run_jobs()
    assert shop.mailbox.to(email), "the new address gets a confirmation link"
