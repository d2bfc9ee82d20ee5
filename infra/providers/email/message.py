"""One way to build outgoing mail, so the SMTP and file senders produce identical RFC 5322 messages."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr


def build_message(*, sender: str, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text UTF-8 message; headers with non-ASCII text are RFC 2047 encoded when serialised."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "allorder.local"
    message["Message-ID"] = make_msgid(domain=domain)
    # base64 for non-ASCII text: relays without 8BITMIME would otherwise mangle it
    message.set_content(body, subtype="plain", charset="utf-8", cte=None if body.isascii() else "base64")
    return message
