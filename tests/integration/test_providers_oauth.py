"""WeChat and Alipay login adapters against the OAuth sandbox over real HTTP, through its consent page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import httpx
import pytest
from fastapi import FastAPI, Request, Response

from domain.errors import AuthenticationFailed
from infra.providers.oauth.alipay import AlipayOAuth
from infra.providers.oauth.sandbox import AlipaySandboxKeys, create_oauth_sandbox, generate_sandbox_keys
from infra.providers.oauth.wechat import WeChatOAuth
from infra.settings import OAuthProviderSettings
from tests.servers import serve

WECHAT_APP, WECHAT_SECRET = "wx-sandbox-app", "wx-sandbox-secret"
ALIPAY_APP = "2021000000000001"


class MovableClock:
    """The sandbox's clock, moved by hand so expiry is tested without waiting."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def now(self) -> datetime:
        return self.at


@dataclass
class Sandbox:
    base_url: str  # also serves /callback, the client's redirect_uri, echoing the query as JSON
    clock: MovableClock
    keys: AlipaySandboxKeys

    @property
    def callback(self) -> str:
        return f"{self.base_url}/callback"


class FormReader(HTMLParser):
    """Reads the consent form the way a browser would: its action and its inputs' values."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.action = attributes["action"]
        elif tag == "input":
            self.fields[attributes["name"]] = attributes.get("value", "")


@pytest.fixture(scope="session")
def keys() -> AlipaySandboxKeys:
    return generate_sandbox_keys()


@pytest.fixture
async def sandbox(keys: AlipaySandboxKeys) -> AsyncIterator[Sandbox]:
    clock = MovableClock()
    app = FastAPI()

    @app.get("/callback")
    async def callback(request: Request) -> dict[str, str]:
        return dict(request.query_params)

    oauth = create_oauth_sandbox(
        wechat_apps={WECHAT_APP: WECHAT_SECRET},
        alipay_apps={ALIPAY_APP: keys.app_public_key_pem},
        alipay_private_key_pem=keys.alipay_private_key_pem,
        now=clock.now,
    )
    app.mount("/sandbox/oauth", oauth, name="oauth-sandbox")
    async with serve(app) as url:
        yield Sandbox(url, clock, keys)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


def wechat(sandbox: Sandbox, client: httpx.AsyncClient, secret: str = WECHAT_SECRET) -> WeChatOAuth:
    root = f"{sandbox.base_url}/sandbox/oauth/wechat"
    settings = OAuthProviderSettings(
        app_id=WECHAT_APP, app_secret=secret, authorize_url=f"{root}/connect/qrconnect", api_base=root
    )
    return WeChatOAuth(settings, client)


def alipay(sandbox: Sandbox, client: httpx.AsyncClient, *, api_base: str | None = None) -> AlipayOAuth:
    root = f"{sandbox.base_url}/sandbox/oauth/alipay"
    settings = OAuthProviderSettings(
        app_id=ALIPAY_APP,
        app_secret="",
        authorize_url=f"{root}/oauth2/publicAppAuthorize.htm",
        api_base=api_base or root,
    )
    return AlipayOAuth(settings, client, sandbox.keys.app_private_key_pem, sandbox.keys.alipay_public_key_pem)


async def consent(client: httpx.AsyncClient, authorize_url: str, nickname: str) -> dict[str, str]:
    """Open the authorise page, type a nickname, press the button, land on the callback."""
    page = await client.get(authorize_url)
    assert page.status_code == 200
    form = FormReader()
    form.feed(page.text)
    landed = await client.post(form.action, data={**form.fields, "nickname": nickname}, follow_redirects=True)
    assert landed.url.path == "/callback"
    return dict(landed.json())


async def auto_code(client: httpx.AsyncClient, authorize_url: str, nickname: str, param: str = "code") -> str:
    redirect = await client.get(authorize_url.split("#")[0] + f"&auto=1&nickname={nickname}")
    assert redirect.status_code == 302
    return httpx.URL(redirect.headers["location"]).params[param]


async def test_wechat_login_through_the_authorise_page_yields_the_users_profile(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    # given
    provider = wechat(sandbox, client)
    url = provider.authorize_url(redirect_uri=sandbox.callback, state="s-123")
    assert url.endswith("#wechat_redirect") and "scope=snsapi_login" in url

    # when
    callback = await consent(client, url, "小明")
    profile = await provider.exchange(code=callback["code"], redirect_uri=sandbox.callback)

    # then
    assert callback["state"] == "s-123"
    assert (profile.provider, profile.display_name) == ("wechat", "小明")
    assert profile.subject.startswith("u")  # the unionid, stable across the developer's apps
    assert profile.avatar_url is not None
    avatar = await client.get(profile.avatar_url)
    assert (avatar.status_code, avatar.headers["content-type"]) == (200, "image/svg+xml")


async def test_the_same_wechat_user_gets_the_same_subject_each_login(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    provider = wechat(sandbox, client)
    url = provider.authorize_url(redirect_uri=sandbox.callback, state="s")

    first = await provider.exchange(code=await auto_code(client, url, "阿强"), redirect_uri=sandbox.callback)
    again = await provider.exchange(code=await auto_code(client, url, "阿强"), redirect_uri=sandbox.callback)
    other = await provider.exchange(code=await auto_code(client, url, "阿珍"), redirect_uri=sandbox.callback)

    assert first.subject == again.subject != other.subject


async def test_a_wechat_code_cannot_be_used_twice(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    provider = wechat(sandbox, client)
    code = await auto_code(client, provider.authorize_url(redirect_uri=sandbox.callback, state="s"), "小红")
    await provider.exchange(code=code, redirect_uri=sandbox.callback)

    with pytest.raises(AuthenticationFailed) as refused:
        await provider.exchange(code=code, redirect_uri=sandbox.callback)

    assert refused.value.code == "auth.oauth_failed"
    assert refused.value.data["provider_code"] == 40163


async def test_a_wechat_code_expires_after_five_minutes(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    provider = wechat(sandbox, client)
    code = await auto_code(client, provider.authorize_url(redirect_uri=sandbox.callback, state="s"), "小红")
    sandbox.clock.at += timedelta(minutes=5, seconds=1)

    with pytest.raises(AuthenticationFailed) as refused:
        await provider.exchange(code=code, redirect_uri=sandbox.callback)

    assert refused.value.data["provider_code"] == 40029


async def test_a_wechat_app_with_the_wrong_secret_is_refused(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    provider = wechat(sandbox, client, secret="leaked-old-secret")
    code = await auto_code(client, provider.authorize_url(redirect_uri=sandbox.callback, state="s"), "小红")

    with pytest.raises(AuthenticationFailed) as refused:
        await provider.exchange(code=code, redirect_uri=sandbox.callback)

    assert refused.value.data["provider_code"] == 40125


async def test_the_wechat_page_refuses_an_unknown_app(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    url = wechat(sandbox, client).authorize_url(redirect_uri=sandbox.callback, state="s")

    page = await client.get(url.replace(WECHAT_APP, "wx-unknown"))

    assert page.status_code == 400 and "AppID" in page.text


async def test_alipay_login_verifies_signatures_both_ways_and_yields_the_profile(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    # given
    provider = alipay(sandbox, client)
    url = provider.authorize_url(redirect_uri=sandbox.callback, state="a-9")

    # when
    callback = await consent(client, url, "支付宝用户")
    profile = await provider.exchange(code=callback["auth_code"], redirect_uri=sandbox.callback)

    # then
    assert (callback["state"], callback["app_id"], callback["scope"]) == ("a-9", ALIPAY_APP, "auth_user")
    assert (profile.provider, profile.display_name) == ("alipay", "支付宝用户")
    assert profile.subject.startswith("2088") and len(profile.subject) == 16


async def test_an_alipay_code_cannot_be_used_twice(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    provider = alipay(sandbox, client)
    url = provider.authorize_url(redirect_uri=sandbox.callback, state="s")
    code = await auto_code(client, url, "小明", param="auth_code")
    await provider.exchange(code=code, redirect_uri=sandbox.callback)

    with pytest.raises(AuthenticationFailed) as refused:
        await provider.exchange(code=code, redirect_uri=sandbox.callback)

    assert refused.value.data["provider_code"] == "isv.code-invalid"


async def test_an_alipay_answer_tampered_in_transit_is_refused(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    # given: a man in the middle rewriting the nickname and keeping Alipay's signature
    gateway = f"{sandbox.base_url}/sandbox/oauth/alipay/gateway.do"
    proxy = FastAPI()

    @proxy.post("/gateway.do")
    async def rewrite(request: Request) -> Response:
        upstream = await client.post(gateway, content=await request.body(), headers=dict(request.headers))
        return Response(upstream.text.replace("小明", "管理员"), media_type="application/json")

    async with serve(proxy) as proxy_url:
        provider = alipay(sandbox, client, api_base=proxy_url)
        code = await auto_code(
            client, provider.authorize_url(redirect_uri=sandbox.callback, state="s"), "小明", "auth_code"
        )

        # when / then
        with pytest.raises(AuthenticationFailed) as refused:
            await provider.exchange(code=code, redirect_uri=sandbox.callback)

    assert refused.value.data["provider_code"] == "invalid-response-signature"


async def test_an_alipay_request_signed_with_another_key_is_refused(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    impostor_keys = generate_sandbox_keys()
    root = f"{sandbox.base_url}/sandbox/oauth/alipay"
    settings = OAuthProviderSettings(
        app_id=ALIPAY_APP, authorize_url=f"{root}/oauth2/publicAppAuthorize.htm", api_base=root
    )
    provider = AlipayOAuth(settings, client, impostor_keys.app_private_key_pem, sandbox.keys.alipay_public_key_pem)
    code = await auto_code(
        client, provider.authorize_url(redirect_uri=sandbox.callback, state="s"), "小明", "auth_code"
    )

    with pytest.raises(AuthenticationFailed) as refused:
        await provider.exchange(code=code, redirect_uri=sandbox.callback)

    assert refused.value.data["provider_code"] == "isv.invalid-signature"


async def test_replaying_a_wechat_code_revokes_the_token_it_bought(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    # given: a code exchanged once, by the rightful client
    root = f"{sandbox.base_url}/sandbox/oauth/wechat"
    url = wechat(sandbox, client).authorize_url(redirect_uri=sandbox.callback, state="s")
    exchange = {"appid": WECHAT_APP, "secret": WECHAT_SECRET, "code": await auto_code(client, url, "小明")}
    exchange["grant_type"] = "authorization_code"
    token = (await client.get(f"{root}/sns/oauth2/access_token", params=exchange)).json()

    # when: the same code comes back (it may have been stolen)
    replay = (await client.get(f"{root}/sns/oauth2/access_token", params=exchange)).json()

    # then
    assert replay["errcode"] == 40163
    query = {"access_token": token["access_token"], "openid": token["openid"]}
    assert (await client.get(f"{root}/sns/userinfo", params=query)).json()["errcode"] == 40001
