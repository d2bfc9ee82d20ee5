"""Local image storage keeps only real, re-encoded images on disk."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from domain.errors import RuleViolation
from infra.providers.storage.local import LocalMediaStorage, thumbnail_name

MB = 1024 * 1024


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def stored(root: Path, url: str) -> Path:
    return root / url.removeprefix("/media/")


def files_under(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


async def test_a_png_is_stored_with_a_thumbnail(tmp_path: Path) -> None:
    # given
    storage = LocalMediaStorage(tmp_path)
    png = encoded(Image.new("RGBA", (640, 480), (200, 30, 30, 128)), "PNG")

    # when
    url = await storage.save_image("products", png, max_bytes=MB, thumbnail=128)

    # then
    assert url.startswith("/media/products/") and url.endswith(".png")
    with Image.open(stored(tmp_path, url)) as saved:
        assert (saved.format, saved.size, saved.mode) == ("PNG", (640, 480), "RGBA")
    with Image.open(stored(tmp_path, thumbnail_name(url))) as thumb:
        assert thumb.size == (128, 96)


async def test_a_photo_loses_its_exif_but_stays_upright(tmp_path: Path) -> None:
    # given: a landscape JPEG whose EXIF says "rotate 90°" and names the camera
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    exif[0x0112] = 6
    jpeg = encoded(Image.new("RGB", (400, 300), "navy"), "JPEG", exif=exif.tobytes())

    # when
    url = await LocalMediaStorage(tmp_path, base_url="https://cdn.example.com/m/").save_image(
        "after-sales/photos", jpeg, max_bytes=MB, thumbnail=None
    )

    # then
    assert url.startswith("https://cdn.example.com/m/after-sales/photos/") and url.endswith(".jpg")
    path = tmp_path / "after-sales" / "photos" / url.rsplit("/", 1)[1]
    with Image.open(path) as saved:
        assert saved.size == (300, 400)
        assert dict(saved.getexif()) == {}
    assert b"SecretCam" not in path.read_bytes()
    assert files_under(tmp_path) == [path]  # no thumbnail was asked for


async def test_a_text_file_renamed_png_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleViolation) as refused:
        await LocalMediaStorage(tmp_path).save_image(
            "products", b"<?php system($_GET['c']); ?>\n", max_bytes=MB, thumbnail=128
        )

    assert refused.value.code == "media.invalid_image"
    assert files_under(tmp_path) == []


async def test_a_truncated_png_is_refused(tmp_path: Path) -> None:
    png = encoded(Image.new("RGB", (64, 64), "green"), "PNG")

    with pytest.raises(RuleViolation) as refused:
        await LocalMediaStorage(tmp_path).save_image("products", png[: len(png) // 2], max_bytes=MB, thumbnail=None)

    assert refused.value.code == "media.invalid_image"


async def test_an_image_in_an_unaccepted_format_is_refused(tmp_path: Path) -> None:
    bmp = encoded(Image.new("RGB", (8, 8), "white"), "BMP")

    with pytest.raises(RuleViolation) as refused:
        await LocalMediaStorage(tmp_path).save_image("products", bmp, max_bytes=MB, thumbnail=None)

    assert refused.value.code == "media.invalid_image"


async def test_an_oversized_file_is_refused(tmp_path: Path) -> None:
    png = encoded(Image.new("RGB", (64, 64), "green"), "PNG")

    with pytest.raises(RuleViolation) as refused:
        await LocalMediaStorage(tmp_path).save_image("products", png, max_bytes=len(png) - 1, thumbnail=None)

    assert refused.value.code == "media.too_large"
    assert refused.value.data["max_bytes"] == len(png) - 1


async def test_a_small_file_decoding_to_a_huge_image_is_refused(tmp_path: Path) -> None:
    bomb = encoded(Image.new("1", (10_000, 10_000)), "PNG")  # ~12 kB on disk, 100 megapixels

    with pytest.raises(RuleViolation) as refused:
        await LocalMediaStorage(tmp_path).save_image("products", bomb, max_bytes=MB, thumbnail=None)

    assert refused.value.code == "media.too_large"


async def test_a_folder_escaping_the_media_root_is_a_programming_error(tmp_path: Path) -> None:
    png = encoded(Image.new("RGB", (8, 8), "white"), "PNG")

    with pytest.raises(ValueError, match="unsafe media folder"):
        await LocalMediaStorage(tmp_path / "media").save_image("../etc", png, max_bytes=MB, thumbnail=None)
