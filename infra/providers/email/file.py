"""Write mail to .eml files instead of sending it, so the demo works without a mail server."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from pathlib import Path

from infra.providers.email.message import build_message


class FileEmailSender:
    """EmailSender that drops each message into `directory` as `<UTC timestamp>-<uuid>.eml`."""

    def __init__(self, directory: Path, sender: str) -> None:
        self._directory = directory
        self._sender = sender

    async def send(self, to: str, subject: str, body: str) -> None:
        await self.write(to, subject, body)

    async def write(self, to: str, subject: str, body: str) -> Path:
        """Write one message and return its path."""
        message = build_message(sender=self._sender, to=to, subject=subject, body=body)
        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:8]}.eml"
        path = self._directory / name
        await asyncio.to_thread(self._write, path, message.as_bytes())
        return path

    def _write(self, path: Path, data: bytes) -> None:
        self._directory.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(data)
        temporary.replace(path)  # readers never see a half-written message
