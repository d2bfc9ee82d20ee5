"""The Aliyun SMS adapter against the sandbox over real HTTP, mounted where the app mounts it."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from infra.providers.errors import ProviderError
from infra.providers.sms.aliyun import AliyunSmsSender
from infra.providers.sms.sandbox import create_sms_sandbox
from infra.settings import SmsSettings
from tests.servers import serve

KEY_ID, SECRET = "LTAI-sandbox-key", "sandbox-secret"


@pytest.fixture
async def base_url() -> AsyncIterator[str]:
    app = FastAPI()
    app.mount("/sandbox/sms", create_sms_sandbox({KEY_ID: SECRET}))
    async with serve(app) as url:
        yield f"{url}/sandbox/sms"


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


def sender(base_url: str, client: httpx.AsyncClient, **overrides: str) -> AliyunSmsSender:
    settings = SmsSettings(endpoint=f"{base_url}/", access_key_id=KEY_ID, access_key_secret=SECRET)
    return AliyunSmsSender(settings.model_copy(update=overrides), client)


async def test_a_verification_code_is_accepted_and_recorded(base_url: str, client: httpx.AsyncClient) -> None:
    await sender(base_url, client).send_code("13800138000", "482913")

    messages = (await client.get(f"{base_url}/messages", params={"phone": "13800138000"})).json()
    assert len(messages) == 1
    assert messages[0]["phone"] == "13800138000"
    assert messages[0]["template_code"] == "SMS_0001"
    assert messages[0]["sign_name"] == "AllOrder"
    assert messages[0]["params"] == {"code": "482913"}
    assert messages[0]["received_at"]


async def test_a_text_message_keeps_its_chinese_content(base_url: str, client: httpx.AsyncClient) -> None:
    settings = SmsSettings(endpoint=f"{base_url}/", access_key_id=KEY_ID, access_key_secret=SECRET)
    await AliyunSmsSender(settings, client).send_text("13800138001", "您的订单 A1001 已发货，请注意查收 & 签收。")

    messages = (await client.get(f"{base_url}/messages", params={"phone": "13800138001"})).json()
    assert [(m["template_code"], m["params"]) for m in messages] == [
        ("SMS_0002", {"content": "您的订单 A1001 已发货，请注意查收 & 签收。"})
    ]


async def test_messages_are_listed_oldest_first_and_can_be_cleared(base_url: str, client: httpx.AsyncClient) -> None:
    sms = sender(base_url, client)
    await sms.send_code("13800138002", "111111")
    await sms.send_code("13800138002", "222222")

    phone = {"phone": "13800138002"}
    listed = (await client.get(f"{base_url}/messages", params=phone)).json()
    assert [m["params"]["code"] for m in listed] == ["111111", "222222"]

    assert (await client.delete(f"{base_url}/messages")).status_code == 204
    assert (await client.get(f"{base_url}/messages", params=phone)).json() == []


async def test_a_forged_signature_is_refused(base_url: str, client: httpx.AsyncClient) -> None:
    with pytest.raises(ProviderError) as refused:
        await sender(base_url, client, access_key_secret="guessed-secret").send_code("13800138009", "1")

    assert refused.value.code == "SignatureDoesNotMatch"
    assert (await client.get(f"{base_url}/messages", params={"phone": "13800138009"})).json() == []


async def test_an_unknown_access_key_is_refused(base_url: str, client: httpx.AsyncClient) -> None:
    with pytest.raises(ProviderError) as refused:
        await sender(base_url, client, access_key_id="LTAI-nobody").send_code("13800138000", "1")

    assert refused.value.code == "InvalidAccessKeyId.NotFound"


async def test_a_replayed_request_is_refused(base_url: str, client: httpx.AsyncClient) -> None:
    params = sender(base_url, client).signed_params("13800138000", "SMS_0001", {"code": "1"})

    first = await client.post(f"{base_url}/", data=params)
    replay = await client.post(f"{base_url}/", data=params)

    assert first.json()["Code"] == "OK"
    assert (replay.status_code, replay.json()["Code"]) == (400, "SignatureNonceUsed")


async def test_a_request_without_the_phone_number_is_refused(base_url: str, client: httpx.AsyncClient) -> None:
    params = sender(base_url, client).signed_params("13800138000", "SMS_0001", {"code": "1"})
    del params["PhoneNumbers"]

    response = await client.post(f"{base_url}/", data=params)

    assert (response.status_code, response.json()["Code"]) == (400, "MissingParameter")
    assert "PhoneNumbers" in response.json()["Message"]


async def test_an_illegal_phone_number_is_a_business_refusal(base_url: str, client: httpx.AsyncClient) -> None:
    with pytest.raises(ProviderError) as refused:
        await sender(base_url, client).send_code("not-a-phone", "1")

    assert refused.value.code == "isv.MOBILE_NUMBER_ILLEGAL"


async def test_an_unreachable_gateway_raises_a_retryable_provider_error(client: httpx.AsyncClient) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    with pytest.raises(ProviderError):
        await sender(f"http://127.0.0.1:{closed_port}", client).send_code("13800138000", "1")
