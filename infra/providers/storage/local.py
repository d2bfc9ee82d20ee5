"""Keep uploaded images on local disk, checked and re-encoded so no foreign bytes or metadata are served."""

from __future__ import annotations

import asyncio
import io
import re
import uuid
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from domain.errors import RuleViolation

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
MAX_PIXELS = 40_000_000  # a tiny file may still decode to gigabytes (decompression bomb)
FOLDER = re.compile(r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)*$")


class LocalMediaStorage:
    """MediaStorage writing under `root`, served by the app at `base_url`."""

    def __init__(self, root: Path, base_url: str = "/media") -> None:
        self._root = root
        self._base_url = base_url.rstrip("/")

    async def save_image(self, folder: str, data: bytes, *, max_bytes: int, thumbnail: int | None) -> str:
        if not FOLDER.match(folder):
            raise ValueError(f"unsafe media folder {folder!r}")  # folders come from code, never from users
        if len(data) > max_bytes:
            raise RuleViolation("The image is too large.", code="media.too_large", max_bytes=max_bytes, size=len(data))
        name = await asyncio.to_thread(self._store, folder, data, thumbnail)
        return f"{self._base_url}/{folder}/{name}"

    def _store(self, folder: str, data: bytes, thumbnail: int | None) -> str:
        image = _open_checked(data)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        lossless = has_alpha or image.format in ("PNG", "GIF")  # drawings and screenshots stay sharp
        image = ImageOps.exif_transpose(image)  # keep photos upright once EXIF is gone
        options: dict[str, object]
        if lossless:
            ext, fmt, options = "png", "PNG", {"optimize": True}
            image = image.convert("RGBA" if has_alpha else "RGB")
        else:
            ext, fmt, options = "jpg", "JPEG", {"quality": 85, "optimize": True}
            image = image.convert("RGB")
        # drop EXIF (GPS, camera serial), XMP and comments; keep the colour profile so colours stay true
        icc = image.info.get("icc_profile")
        image.info = {}
        if icc:
            options["icc_profile"] = icc
        stem = uuid.uuid4().hex
        directory = self._root / folder
        directory.mkdir(parents=True, exist_ok=True)
        _save(image, directory / f"{stem}.{ext}", fmt, options)
        if thumbnail:
            small = image.copy()
            small.thumbnail((thumbnail, thumbnail))
            _save(small, directory / f"{stem}_thumb.{ext}", fmt, options)
        return f"{stem}.{ext}"


def thumbnail_name(name: str) -> str:
    """The thumbnail that `save_image` writes next to `name`."""
    stem, _, ext = name.rpartition(".")
    return f"{stem}_thumb.{ext}"


def _open_checked(data: bytes) -> Image.Image:
    invalid = RuleViolation("The file is not a supported image.", code="media.invalid_image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ACCEPTED_FORMATS:
                raise invalid
            if probe.width * probe.height > MAX_PIXELS:
                raise RuleViolation("The image has too many pixels.", code="media.too_large")
            probe.verify()
            image = Image.open(io.BytesIO(data))  # verify() leaves the image unusable
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise invalid from exc
    except Image.DecompressionBombWarning as exc:
        raise RuleViolation("The image has too many pixels.", code="media.too_large") from exc
    return image


def _save(image: Image.Image, path: Path, fmt: str, options: dict[str, object]) -> None:
    temporary = path.with_suffix(".tmp")
    image.save(temporary, format=fmt, **options)
    temporary.replace(path)
