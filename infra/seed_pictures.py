"""Pictures of the demo products, drawn at seed time from a few shapes and colours per product (nothing is
downloaded). Each is a flat illustration of the thing itself on a soft backdrop, with its English name below,
stored through the normal image pipeline like an upload."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from PIL import Image, ImageDraw, ImageFont

SIZE = 800
SCALE = 2  # drawn at twice the size and scaled down, for smooth edges
INK = "#37474f"

Draw = ImageDraw.ImageDraw
Painter = Callable[[Draw, str, str], None]


def _s(*points: float) -> list[float]:
    return [p * SCALE for p in points]


def _poly(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(x * SCALE, y * SCALE) for x, y in points]


def _tee(d: Draw, colour: str, accent: str, *, long_sleeves: bool = False) -> None:
    sleeve = [(150, 250), (95, 470), (175, 495)] if long_sleeves else [(150, 250), (120, 360), (215, 390)]
    right = [(SIZE - x, y) for x, y in reversed(sleeve)]
    body = [(285, 170), *sleeve, (225, 330), (225, 600), (575, 600), (575, 330), *right, (515, 170)]
    d.polygon(_poly(body), fill=colour, outline=accent, width=6 * SCALE)
    d.chord(_s(330, 130, 470, 230), 0, 180, fill=accent)  # the neckline
    if long_sleeves:  # knitted ribs at the hem and cuffs
        for x in range(240, 565, 22):
            d.line(_s(x, 570, x, 598), fill=accent, width=3 * SCALE)
        for y in range(280, 560, 44):
            d.arc(_s(250, y - 30, 550, y + 30), 20, 160, fill=accent, width=3 * SCALE)


def tee(d: Draw, colour: str, accent: str) -> None:
    _tee(d, colour, accent)


def sweater(d: Draw, colour: str, accent: str) -> None:
    _tee(d, colour, accent, long_sleeves=True)


def jacket(d: Draw, colour: str, accent: str) -> None:
    body = [(285, 160), (150, 240), (100, 520), (185, 540), (225, 360), (225, 620), (575, 620), (575, 360),
            (615, 540), (700, 520), (650, 240), (515, 160)]  # fmt: skip
    d.polygon(_poly(body), fill=colour, outline=accent, width=6 * SCALE)
    for y in range(230, 620, 65):  # the quilted down channels
        d.line(_s(228, y, 572, y), fill=accent, width=4 * SCALE)
    d.line(_s(400, 170, 400, 620), fill="#eceff1", width=6 * SCALE)  # the zip
    d.rectangle(_s(330, 130, 470, 175), fill=colour, outline=accent, width=4 * SCALE)  # the collar


def shoe(d: Draw, colour: str, accent: str) -> None:
    upper = [(140, 470), (170, 330), (300, 300), (420, 250), (470, 300), (640, 380), (690, 470)]
    d.polygon(_poly(upper), fill=colour, outline=accent, width=5 * SCALE)
    d.rounded_rectangle(_s(120, 460, 700, 540), radius=36 * SCALE, fill="#fafafa", outline=accent, width=5 * SCALE)
    for i in range(4):  # laces across the tongue
        x = 330 + i * 38
        d.line(_s(x, 300 - i * 8, x + 50, 345 - i * 4), fill="#ffffff", width=7 * SCALE)
    d.line(_s(200, 420, 620, 440), fill=accent, width=5 * SCALE)  # the side stripe


def earbuds(d: Draw, colour: str, accent: str) -> None:
    d.rounded_rectangle(_s(230, 380, 570, 600), radius=90 * SCALE, fill="#fafafa", outline=accent, width=5 * SCALE)
    d.line(_s(240, 470, 560, 470), fill=accent, width=3 * SCALE)  # the case's lid
    d.ellipse(_s(385, 520, 415, 550), fill="#66bb6a")  # charge light
    for x in (250, 450):
        d.ellipse(_s(x, 150, x + 110, 260), fill=colour, outline=accent, width=5 * SCALE)
        d.rounded_rectangle(_s(x + 35, 230, x + 75, 360), radius=20 * SCALE, fill=colour, outline=accent,
                            width=5 * SCALE)  # fmt: skip
        d.ellipse(_s(x + 30, 180, x + 80, 230), fill=accent)


def charger(d: Draw, colour: str, accent: str) -> None:
    for x in (330, 440):  # the prongs
        d.rectangle(_s(x, 130, x + 30, 230), fill="#b0bec5", outline=accent, width=3 * SCALE)
    d.rounded_rectangle(_s(260, 220, 540, 500), radius=40 * SCALE, fill="#fafafa", outline=accent, width=6 * SCALE)
    d.polygon(_poly([(410, 280), (360, 370), (400, 370), (385, 450), (445, 345), (405, 345)]), fill=colour)
    d.rectangle(_s(370, 500, 430, 540), fill=accent)
    d.line(_s(400, 540, 400, 600), fill=accent, width=10 * SCALE)
    d.arc(_s(400, 560, 600, 700), 180, 270, fill=accent, width=10 * SCALE)  # the cable


def phone_case(d: Draw, colour: str, accent: str) -> None:
    d.rounded_rectangle(_s(250, 120, 550, 660), radius=60 * SCALE, fill=colour, outline=accent, width=7 * SCALE)
    d.rounded_rectangle(_s(285, 160, 420, 300), radius=30 * SCALE, fill=accent)  # camera island
    for x, y in ((320, 195), (370, 245), (320, 245)):
        d.ellipse(_s(x - 22, y - 22, x + 22, y + 22), fill="#263238", outline="#90a4ae", width=3 * SCALE)
    d.ellipse(_s(320, 380, 480, 540), outline=accent, width=8 * SCALE)  # the magnet ring


def wok(d: Draw, colour: str, accent: str) -> None:
    d.rounded_rectangle(_s(520, 360, 760, 400), radius=20 * SCALE, fill="#6d4c41")  # the handle
    d.ellipse(_s(90, 230, 560, 530), fill=colour, outline=accent, width=7 * SCALE)
    d.ellipse(_s(130, 260, 520, 470), fill="#546e7a")
    d.ellipse(_s(200, 300, 330, 360), fill="#78909c")  # a shine on the coating


def tea(d: Draw, colour: str, accent: str) -> None:
    d.rounded_rectangle(_s(250, 200, 550, 640), radius=30 * SCALE, fill=colour, outline=accent, width=6 * SCALE)
    d.rounded_rectangle(_s(235, 160, 565, 230), radius=20 * SCALE, fill=accent)  # the lid
    d.ellipse(_s(310, 330, 490, 510), fill="#fafafa")
    d.chord(_s(340, 360, 470, 480), 300, 120, fill="#43a047")  # a tea leaf
    d.chord(_s(330, 370, 460, 490), 120, 300, fill="#66bb6a")
    d.line(_s(345, 470, 455, 370), fill="#2e7d32", width=4 * SCALE)


def bottle(d: Draw, colour: str, accent: str) -> None:
    d.rounded_rectangle(_s(300, 200, 500, 660), radius=60 * SCALE, fill=colour, outline=accent, width=6 * SCALE)
    d.rounded_rectangle(_s(315, 130, 485, 215), radius=20 * SCALE, fill=accent)  # the cap
    for x in (340, 360):  # the steel's shine
        d.line(_s(x, 250, x, 610), fill="#ffffff", width=6 * SCALE)
    d.rectangle(_s(302, 420, 498, 470), fill=accent)


PAINTERS: dict[str, Painter] = {
    "tee": tee,
    "sweater": sweater,
    "jacket": jacket,
    "shoe": shoe,
    "earbuds": earbuds,
    "charger": charger,
    "phone_case": phone_case,
    "wok": wok,
    "tea": tea,
    "bottle": bottle,
}


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def draw(kind: str, *, label: str, colour: str, accent: str, backdrop: str) -> bytes:
    """A PNG of a product of `kind` in `colour` (outlined in `accent`) on `backdrop`, with `label` below."""
    big = SIZE * SCALE
    image = Image.new("RGB", (big, big), backdrop)
    d = ImageDraw.Draw(image)
    d.ellipse(_s(150, 600, 650, 680), fill=_shade(backdrop))  # a soft floor shadow
    PAINTERS[kind](d, colour, accent)
    image = image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    ImageDraw.Draw(image).text((SIZE / 2, 730), label, fill=INK, anchor="mm", font=_font(44))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _shade(hex_colour: str) -> str:
    """The backdrop a little darker, for the floor shadow."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"#{int(r * 0.88):02x}{int(g * 0.88):02x}{int(b * 0.88):02x}"
