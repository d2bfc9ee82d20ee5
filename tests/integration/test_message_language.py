"""Messages reach each person in their own language: mails and texts in the recipient's stored language (else the
asking page's), in-app notifications in the reader's language of the day, whatever language they were written in.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config

from domain.notifications.entities import InAppNotification
from infra.settings import ROOT
from tests import factories as f
from tests.conftest import Shop, new_ip

CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9"}
ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}


async def _customer(shop: Shop, locale: str) -> tuple[str, dict[str, str]]:
    client = shop.client(new_ip())
    email = f.unique_email()
    return email, f.bearer(await f.register_customer(client, email=email, locale=locale))


async def _notifications(shop: Shop, headers: dict[str, str], **extra: str) -> list[dict[str, str]]:
    response = await shop.client(new_ip()).get("/me/notifications", headers={**headers, **extra})
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def test_the_password_reset_mail_to_a_chinese_user_is_chinese_even_from_an_english_browser(shop: Shop) -> None:
    # given a customer whose language is Chinese
    email, _ = await _customer(shop, "zh_CN")

    # when a reset is asked for from a browser set to English
    asked = await shop.client(new_ip()).post("/auth/password/forgot", json={"login": email}, headers=ENGLISH)
    assert asked.status_code == 202
    await shop.run_jobs()

    # then the mail is in Chinese
    mail = [m for m in shop.mailbox.to(email) if "/reset-password" in m.get_content()][-1]
    assert mail["Subject"] == "重置密码"
    assert "请在" in mail.get_content()
    assert "Open this link" not in mail.get_content()


async def test_the_password_reset_mail_to_an_english_user_is_english_even_from_a_chinese_browser(shop: Shop) -> None:
    email, _ = await _customer(shop, "en")

    asked = await shop.client(new_ip()).post("/auth/password/forgot", json={"login": email}, headers=CHINESE)
    assert asked.status_code == 202
    await shop.run_jobs()

    mail = [m for m in shop.mailbox.to(email) if "/reset-password" in m.get_content()][-1]
    assert mail["Subject"] == "Reset your password"
    assert "Open this link" in mail.get_content()


async def test_a_sign_in_code_is_texted_in_the_phone_owners_language_else_the_pages(shop: Shop) -> None:
    # given staff whose language is English, and a number nobody has yet
    admin = await f.admin_headers(shop.client(new_ip()))
    known = f.unique_phone()
    created = await shop.client(new_ip()).post(
        "/users",
        json={"phone": known, "display_name": "Li", "password": f.PASSWORD, "roles": ["warehouse"], "locale": "en"},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    stranger = f.unique_phone()

    # when each asks for a code from a Chinese page
    for phone in (known, stranger):
        sent = await shop.client(new_ip()).post(
            "/auth/sms/send", json={"phone": phone, "purpose": "login"}, headers=CHINESE
        )
        assert sent.status_code == 202, sent.text
    await shop.run_jobs()

    # then the account's owner reads English, the stranger the page's Chinese
    owner_text = str((await shop.sms_to(known))[-1]["params"])
    stranger_text = str((await shop.sms_to(stranger))[-1]["params"])
    assert "Your code is" in owner_text, owner_text
    assert "验证码" in stranger_text, stranger_text


async def test_a_notification_is_shown_in_the_readers_language_of_the_day(shop: Shop) -> None:
    # given a Chinese customer warned of a sign-in from a new address
    email, _ = await _customer(shop, "zh_CN")
    headers = f.bearer(await f.login(shop.client(new_ip()), email, f.PASSWORD))  # signed up from elsewhere
    await shop.run_jobs()
    [warning] = [n for n in await _notifications(shop, headers) if n["event"] == "security.new_ip_login"]
    assert warning["title"] == "异地登录提醒"

    # when the customer switches to English
    switched = await shop.client(new_ip()).patch("/me", json={"locale": "en"}, headers=headers)
    assert switched.status_code == 200, switched.text

    # then the same notification reads in English, in the list and when marked read, with its address kept
    [english] = [n for n in await _notifications(shop, headers) if n["id"] == warning["id"]]
    assert english["title"] == "Sign-in from a new address"
    assert "new address" in english["body"] and "异地" not in english["body"]
    read = await shop.client(new_ip()).post(f"/me/notifications/{warning['id']}/read", headers=headers)
    assert read.status_code == 200, read.text
    assert read.json()["title"] == "Sign-in from a new address"
    assert read.json()["read_at"] is not None


async def test_a_guest_or_unset_reader_gets_the_language_the_request_asks_for(shop: Shop) -> None:
    # given an English customer with a notification
    email, _ = await _customer(shop, "en")
    headers = f.bearer(await f.login(shop.client(new_ip()), email, f.PASSWORD))  # signed up from elsewhere
    await shop.run_jobs()

    # when the list is asked for in Chinese by the browser
    items = await _notifications(shop, headers, **CHINESE)

    # then the customer's own choice, English, wins over the browser's
    assert {n["title"] for n in items if n["event"] == "security.new_ip_login"} == {"Sign-in from a new address"}


async def test_a_notification_stored_before_parameters_were_kept_shows_as_written(shop: Shop) -> None:
    # given a Chinese notification from before (no parameters), read by a customer who now reads English
    _email, headers = await _customer(shop, "en")
    me = (await shop.client(new_ip()).get("/me", headers=headers)).json()
    async with shop.container.uow() as uow:
        await uow.notifications.add(
            InAppNotification(
                user_id=uuid.UUID(me["id"]),
                event="security.password_changed",
                title="密码已修改",
                body="您的账号密码已于 2026-01-01T00:00 修改，所有设备需重新登录。",
                created_at=datetime.now(UTC),
            )
        )
        await uow.commit()

    # when it is listed
    items = await _notifications(shop, headers)

    # then it reads as it was written: there is nothing to render it from
    assert [n["title"] for n in items if n["event"] == "security.password_changed"] == ["密码已修改"]


async def test_upgrading_gives_old_inbox_rows_the_parameters_of_the_outbox_row_they_came_from(tmp_path: Path) -> None:
    # given a database at the revision before, with one delivered in-app message and one without its outbox row
    path = tmp_path / "old.db"
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = f"sqlite+aiosqlite:///{path}"
    config.attributes["configure_logging"] = False
    await asyncio.to_thread(command.upgrade, config, "0009")
    user, delivered, orphan = uuid.uuid4().hex, uuid.uuid4().hex, uuid.uuid4().hex
    now = "2026-11-01 00:00:00.000000"
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO outbox_message (id, event, channel, user_id, recipient, subject, body, payload, status,"
            " attempts, created_at) VALUES (?, 'security.new_ip_login', 'in_app', ?, ?, '异地登录提醒', 'B', ?,"
            " 'sent', 1, ?)",
            (uuid.uuid4().hex, user, user, json.dumps({"ip": "10.0.0.9", "time": "T"}), now),
        )
        for item, title in ((delivered, "异地登录提醒"), (orphan, "密码已修改")):
            db.execute(
                "INSERT INTO in_app_notification (id, user_id, event, title, body, created_at)"
                " VALUES (?, ?, 'security.new_ip_login', ?, 'B', ?)",
                (item, user, title, now),
            )

    # when it is upgraded
    await asyncio.to_thread(command.upgrade, config, "head")

    # then the delivered message has its parameters back, and the other keeps its text alone
    with sqlite3.connect(path) as db:
        params = dict(db.execute("SELECT id, params FROM in_app_notification").fetchall())
    assert json.loads(params[delivered]) == {"ip": "10.0.0.9", "time": "T"}
    assert params[orphan] is None
