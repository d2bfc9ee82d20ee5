"""The e-mail senders deliver real RFC 5322 messages: over SMTP to a local server, or into .eml files."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
from collections.abc import AsyncIterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from infra.providers.email.file import FileEmailSender
from infra.providers.email.smtp import SmtpEmailSender
from infra.providers.errors import ProviderError
from infra.settings import EmailSettings

SENDER = "AllOrder 全单通 <no-reply@allorder.local>"
SUBJECT = "您的订单 A1001 已发货"
BODY = "您好，\n\n您的订单 A1001 已由顺丰发出，运单号 SF1234567890。\n\nAllOrder\n"


class Mailbox:
    """An aiosmtpd handler keeping every envelope it accepts."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def smtp_server() -> AsyncIterator[tuple[Mailbox, int]]:
    mailbox, port = Mailbox(), free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    await asyncio.to_thread(controller.start)
    try:
        yield mailbox, port
    finally:
        await asyncio.to_thread(controller.stop)


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


async def test_smtp_delivers_the_subject_body_and_recipient(smtp_server: tuple[Mailbox, int]) -> None:
    # given
    mailbox, port = smtp_server
    sender = SmtpEmailSender(EmailSettings(backend="smtp", smtp_host="127.0.0.1", smtp_port=port, sender=SENDER))

    # when
    await sender.send("王小明 <xiaoming@example.com>", SUBJECT, BODY)

    # then
    [envelope] = mailbox.envelopes
    assert envelope.mail_from == "no-reply@allorder.local"
    assert envelope.rcpt_tos == ["xiaoming@example.com"]
    raw = envelope.original_content
    assert raw.isascii()  # non-ASCII travels encoded, so any relay passes it intact
    message = parse(raw)
    assert message["Subject"] == SUBJECT
    assert message["From"] == SENDER
    assert message["To"].addresses[0].addr_spec == "xiaoming@example.com"
    assert message["Date"].datetime.tzinfo is not None
    assert message["Message-ID"].endswith("@allorder.local>")
    assert message.get_content_type() == "text/plain"
    assert message.get_content() == BODY


async def test_an_unreachable_smtp_server_raises_a_retryable_provider_error() -> None:
    settings = EmailSettings(backend="smtp", smtp_host="127.0.0.1", smtp_port=free_port())

    with pytest.raises(ProviderError):
        await SmtpEmailSender(settings, timeout=5).send("a@example.com", "hi", "body")


async def test_the_file_sender_writes_a_parsable_eml(tmp_path: Path) -> None:
    # given
    outbox = tmp_path / "mail"
    sender = FileEmailSender(outbox, SENDER)

    # when
    await sender.send("xiaoming@example.com", SUBJECT, BODY)
    await sender.send("other@example.com", "Password reset", "Use this link.\n")

    # then
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == 2
    messages = {parse(path.read_bytes())["To"]: parse(path.read_bytes()) for path in files}
    first = messages["xiaoming@example.com"]
    assert first["Subject"] == SUBJECT
    assert first["From"] == SENDER
    assert first["Message-ID"]
    assert first.get_content() == BODY
    assert messages["other@example.com"].get_content() == "Use this link.\n"
    assert not list(outbox.glob("*.tmp"))
