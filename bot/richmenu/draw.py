"""Draw rich menu images with legible Thai text in the Noto Sans Thai font shipped beside this file."""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path(__file__).resolve().parent / "fonts" / "NotoSansThai-Variable.ttf"  # SIL OFL 1.1
WIDTH, HEIGHT = 2500, 843  # LINE's compact full-width rich menu
INK, PAPER = (255, 255, 255), (6, 199, 85)


def font(size: int, weight: str = "Bold") -> ImageFont.FreeTypeFont:
    """The shipped Thai font at a size and weight (the file is a variable font)."""
    face = ImageFont.truetype(str(FONT), size)
    face.set_variation_by_name(weight)
    return face


def menu_image(buttons: list[tuple[str, str, str]], colours: list[tuple[int, int, int]]) -> bytes:
    """A PNG with one panel per (icon, Thai label, English label), side by side."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    width = WIDTH // len(buttons)
    for index, ((icon, thai, english), colour) in enumerate(zip(buttons, colours)):
        left = index * width
        draw.rectangle((left, 0, left + width, HEIGHT), fill=colour)
        if index:
            draw.line((left, 60, left, HEIGHT - 60), fill=INK, width=4)
        centre = left + width // 2
        ICONS[icon](draw, centre, 250)
        draw.text((centre, 560), thai, font=font(130), fill=INK, anchor="mm")
        draw.text((centre, 710), english, font=font(70, "Regular"), fill=INK, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _megaphone(draw, x: int, y: int) -> None:
    """A 'report' pictogram: a speech bubble with an exclamation mark."""
    draw.rounded_rectangle((x - 170, y - 140, x + 170, y + 110), radius=50, outline=INK, width=22)
    draw.polygon([(x - 60, y + 100), (x - 110, y + 190), (x + 10, y + 105)], fill=INK)
    draw.rectangle((x - 14, y - 95, x + 14, y + 20), fill=INK)
    draw.ellipse((x - 18, y + 45, x + 18, y + 80), fill=INK)


def _list(draw, x: int, y: int) -> None:
    """A 'my cases' / 'queue' pictogram: a list."""
    for row in (-100, 0, 100):
        draw.ellipse((x - 170, y + row - 22, x - 126, y + row + 22), fill=INK)
        draw.rounded_rectangle((x - 90, y + row - 18, x + 170, y + row + 18), radius=18, fill=INK)


def _question(draw, x: int, y: int) -> None:
    """A 'help' pictogram: a question mark in a circle."""
    draw.ellipse((x - 170, y - 170, x + 170, y + 170), outline=INK, width=22)
    draw.text((x, y + 10), "?", font=font(260), fill=INK, anchor="mm")


def _office(draw, x: int, y: int) -> None:
    """A 'my agency' pictogram: a building with columns."""
    draw.polygon([(x - 190, y - 70), (x, y - 180), (x + 190, y - 70)], fill=INK)
    for column in (-130, -45, 45, 130):
        draw.rectangle((x + column - 22, y - 50, x + column + 22, y + 120), fill=INK)
    draw.rectangle((x - 200, y + 135, x + 200, y + 170), fill=INK)


def _shield(draw, x: int, y: int) -> None:
    """A 'my data' pictogram: a shield with a keyhole."""
    draw.polygon([(x - 150, y - 150), (x, y - 200), (x + 150, y - 150), (x + 150, y + 10),
                  (x, y + 190), (x - 150, y + 10)], outline=INK, width=22)
    draw.ellipse((x - 38, y - 80, x + 38, y - 4), fill=INK)
    draw.polygon([(x - 22, y - 30), (x + 22, y - 30), (x + 34, y + 80), (x - 34, y + 80)], fill=INK)


ICONS = {"report": _megaphone, "list": _list, "help": _question, "office": _office, "data": _shield}
