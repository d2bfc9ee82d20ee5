"""Changing one's e-mail over HTTP: the new address stays pending until the link mailed to it is followed, and
nothing a signed-in user sees tells whether another account uses an address (issue 7, item 12)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import sqlalchemy as sa

from infra.db.tables import identity as tables
from infra.db.tables.notifications import outbox_message
from tests import factories as f
from tests.conftest import Shop, new_ip

CONFIRM = "auth.email_change_confirm"


async def customer(client: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    pair = await f.register_customer(client)
    return str(pair["user"]["email"]), f.bearer(pair)


async def mails_to(shop: Shop, address: str) -> list[str]:
    """The events of the mails queued to an address, oldest first (from the outbox, so no job has to run)."""
    box = outbox_message.c
    query = (
        sa.select(box.event).where(box.recipient == address, box.channel == "email").order_by(box.created_at, box.event)
    )
    async with shop.container.engine.connect() as conn:
        return list((await conn.scalars(query)).all())


async def rows_written(shop: Shop) -> tuple[int, int]:
    async with shop.container.engine.connect() as conn:
        links = await conn.scalar(sa.select(sa.func.count()).select_from(tables.one_time_code))
        mails = await conn.scalar(sa.select(sa.func.count()).select_from(outbox_message))
    return int(links or 0), int(mails or 0)


def shape(body: dict[str, Any]) -> dict[str, str]:
    return {key: type(value).__name__ for key, value in body.items()}


async def test_asking_for_a_free_or_a_taken_address_answers_and_writes_alike(shop: Shop) -> None:
    # given two customers, and the address of a third
    client = shop.client(new_ip())
    _, alice = await customer(client)
    _, bob = await customer(client)
    taken, _ = await customer(client)
    free = f.unique_email("free")

    # when one asks for a free address and the other for the taken one
    before = await rows_written(shop)
    on_free = await client.post("/me/email-change", json={"email": free}, headers=alice)
    after_free = await rows_written(shop)
    on_taken = await client.post("/me/email-change", json={"email": taken}, headers=bob)
    after_taken = await rows_written(shop)

    # then the same status, the same body shape, the same work; only the mailboxes differ
    assert (on_free.status_code, on_taken.status_code) == (202, 202), (on_free.text, on_taken.text)
    assert shape(on_free.json()) == shape(on_taken.json())
    assert (on_free.json()["pending_email"], on_taken.json()["pending_email"]) == (free, taken)
    assert on_free.headers["content-type"] == on_taken.headers["content-type"]
    assert [a - b for a, b in zip(after_free, before, strict=True)] == [
        a - b for a, b in zip(after_taken, after_free, strict=True)
    ]
    assert await mails_to(shop, free) == [CONFIRM]
    assert await mails_to(shop, taken) == ["auth.sign_up", "auth.email_change_taken"]
    pending = await client.get("/me/email-change", headers=bob)
    assert (pending.status_code, shape(pending.json())) == (200, shape(on_free.json()))


async def test_the_link_switches_the_address_verified_and_the_old_address_was_told(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    old, headers = await customer(client)
    new = f.unique_email("moved")
    asked = await client.post("/me/email-change", json={"email": new}, headers=headers)
    assert asked.status_code == 202, asked.text
    assert (await client.get("/me", headers=headers)).json()["email"] == old

    # when
    token = await f.mailed_link_token(client, new, CONFIRM)
    confirmed = await client.post("/auth/email/change/confirm", json={"token": token})

    # then
    assert (confirmed.status_code, confirmed.json()) == (200, {"email": new})
    me = (await client.get("/me", headers=headers)).json()  # the session is kept
    assert (me["email"], me["email_verified"]) == (new, True)
    assert await mails_to(shop, old) == ["auth.sign_up", "security.email_change_requested", "security.email_changed"]
    assert (await client.get("/me/email-change", headers=headers)).status_code == 404
    await f.login(client, new, f.PASSWORD)
    refused = await client.post("/auth/login", json={"login": old, "password": f.PASSWORD})
    assert refused.status_code == 401
    log = await client.get("/audit-log", params={"action": "user.email_change"}, headers=await f.admin_headers(client))
    assert [(e["before"], e["after"]) for e in log.json()["items"] if e["after"] == {"email": new}] == [
        ({"email": old}, {"email": new})
    ]


async def test_a_used_or_expired_link_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    _, first = await customer(client)
    _, second = await customer(client)
    used_to, late_to = f.unique_email("used"), f.unique_email("late")
    await client.post("/me/email-change", json={"email": used_to}, headers=first)
    await client.post("/me/email-change", json={"email": late_to}, headers=second)
    used = await f.mailed_link_token(client, used_to, CONFIRM)
    late = await f.mailed_link_token(client, late_to, CONFIRM)
    assert (await client.post("/auth/email/change/confirm", json={"token": used})).status_code == 200
    code = tables.one_time_code.c
    async with shop.container.engine.begin() as conn:  # a day passes for the second link
        gone = datetime.now(UTC) - timedelta(minutes=1)
        await conn.execute(sa.update(tables.one_time_code).where(code.target == late_to).values(expires_at=gone))

    again = await client.post("/auth/email/change/confirm", json={"token": used})
    expired = await client.post("/auth/email/change/confirm", json={"token": late})

    assert (again.status_code, again.json()["code"]) == (422, "auth.link_invalid")
    assert (expired.status_code, expired.json()["code"]) == (422, "auth.link_expired")
    assert again.headers["content-type"] == "application/problem+json"


async def test_the_pending_change_can_be_resent_later_and_cancelled(shop: Shop) -> None:
    client = shop.client(new_ip())
    old, headers = await customer(client)
    new = f.unique_email("maybe")
    await client.post("/me/email-change", json={"email": new}, headers=headers)
    token = await f.mailed_link_token(client, new, CONFIRM)

    soon = await client.post("/me/email-change/resend", headers=headers)
    cancelled = await client.delete("/me/email-change", headers=headers)

    assert (soon.status_code, soon.json()["code"]) == (429, "email_change.too_soon")
    assert cancelled.status_code == 204
    assert (await client.get("/me/email-change", headers=headers)).json()["code"] == "email_change.none_pending"
    assert (await client.post("/me/email-change/resend", headers=headers)).status_code == 404
    refused = await client.post("/auth/email/change/confirm", json={"token": token})
    assert refused.json()["code"] == "auth.link_invalid"
    assert (await client.get("/me", headers=headers)).json()["email"] == old


async def test_an_address_taken_after_its_link_was_sent_is_refused_to_the_one_following_it(shop: Shop) -> None:
    client = shop.client(new_ip())
    _, headers = await customer(client)
    wanted = f.unique_email("race")
    await client.post("/me/email-change", json={"email": wanted}, headers=headers)
    token = await f.mailed_link_token(client, wanted, CONFIRM)
    await f.register_customer(client, email=wanted)

    late = await client.post("/auth/email/change/confirm", json={"token": token})

    assert (late.status_code, late.json()["code"]) == (409, "user.email_taken")
