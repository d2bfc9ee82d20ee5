"""Deliver mail through an SMTP relay, the production e-mail path."""

from __future__ import annotations

import aiosmtplib

from infra.providers.email.message import build_message
from infra.providers.errors import ProviderError
from infra.settings import EmailSettings


class SmtpEmailSender:
    """EmailSender over SMTP (optionally STARTTLS and AUTH); failures raise ProviderError for a retry."""

    def __init__(self, settings: EmailSettings, *, timeout: float = 30.0) -> None:
        self._settings = settings
        self._timeout = timeout

    async def send(self, to: str, subject: str, body: str) -> None:
        s = self._settings
        message = build_message(sender=s.sender, to=to, subject=subject, body=body)
        try:
            await aiosmtplib.send(
                message,
                hostname=s.smtp_host,
                port=s.smtp_port,
                username=s.smtp_username,
                password=s.smtp_password,
                start_tls=s.smtp_starttls,
                timeout=self._timeout,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise ProviderError("smtp", f"delivery to {s.smtp_host}:{s.smtp_port} failed: {exc}") from exc
