"""Uploads only an authorised endpoint serves (bank-transfer receipts: a customer's bank details and name). They are
kept under their own root, outside the public `/media` mount, and named by a key (`folder/name`), never a URL: the
API answers with a link of its own to the file (api/proof_links.py)."""

from __future__ import annotations

import re
from pathlib import Path

from infra.providers.storage.local import LocalMediaStorage

KEY = re.compile(r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)*/[0-9a-f]{32}(?:_thumb)?\.(?:png|jpg)$")
TYPES = {"png": "image/png", "jpg": "image/jpeg"}


class PrivateFiles:
    """A MediaStorage whose `save_image` answers the stored file's key. `legacy_root` is where files kept before
    this store existed still lie (the media folder, whose mount refuses their prefix: api/app.py)."""

    def __init__(self, root: Path, *, legacy_root: Path | None = None) -> None:
        self._images = LocalMediaStorage(root, base_url="")
        self._roots = [root] if legacy_root is None else [root, legacy_root]

    async def save_image(self, folder: str, data: bytes, *, max_bytes: int, thumbnail: int | None) -> str:
        stored = await self._images.save_image(folder, data, max_bytes=max_bytes, thumbnail=thumbnail)
        return stored.lstrip("/")

    def find(self, key: str) -> tuple[Path, str] | None:
        """The file a key names and its content type, or None (an unknown or malformed key never reaches the disk
        outside the roots)."""
        if not KEY.match(key):
            return None
        for root in self._roots:
            path = root / key
            if path.is_file():
                return path, TYPES[key.rsplit(".", 1)[1]]
        return None
