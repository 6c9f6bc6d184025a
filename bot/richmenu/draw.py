"""Draw rich menu images with legible Thai text in the Noto Sans Thai font shipped beside this file.

Every label is measured with the real font and fitted to its tile: the largest size that fits on
one line, else on two lines broken between words, down to a size still readable on a phone. A label
that fits nowhere is refused (ValueError) rather than drawn over its neighbour."""
from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.line.messages import words as _words

FONT = Path(__file__).resolve().parent / "fonts" / "NotoSansThai-Variable.ttf"  # SIL OFL 1.1
WIDTH, HEIGHT = 2500, 843  # LINE's compact full-width rich menu
INK, PAPER = (255, 255, 255), (6, 199, 85)
ICON_Y = 250
LABELS_TOP, LABELS_BOTTOM = 465, HEIGHT - 30  # the band under the icon that a tile's labels share
MARGIN = 48  # clear space between a label and the sides of its tile
GAP = 6  # between the Thai and the English label
# Sizes in pixels, largest first. On a phone the 2,500 px menu is about 390 points wide, so the
# smallest Thai size is about 11 points and the smallest English one about 8.
THAI_SIZES = range(130, 71, -4)
ENGLISH_SIZES = range(70, 49, -4)
LINE_PITCH = 1.3  # the height of a line, in font sizes: room for Thai marks above and below
BASELINE = 1.0  # where a line's baseline sits below its top, in font sizes
TWO_LINES = 0.75  # a label on two lines must be this much larger to be preferred to one line


@dataclass(frozen=True)
class Line:
    """One line of a label, placed: its text, font and the y of its baseline."""

    text: str
    face: ImageFont.FreeTypeFont
    baseline: int


@functools.lru_cache(maxsize=64)
def font(size: int, weight: str = "Bold") -> ImageFont.FreeTypeFont:
    """The shipped Thai font at a size and weight (the file is a variable font)."""
    face = ImageFont.truetype(str(FONT), size)
    face.set_variation_by_name(weight)
    return face


def menu_image(buttons: list[tuple[str, str, str]], colours: list[tuple[int, int, int]]) -> bytes:
    """A PNG with one tile per (icon, Thai label, English label), side by side."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    width = WIDTH // len(buttons)
    for index, ((icon, thai, english), colour) in enumerate(zip(buttons, cycle(colours))):
        left = index * width
        draw.rectangle((left, 0, left + width, HEIGHT), fill=colour)
        if index:
            draw.line((left, 60, left, HEIGHT - 60), fill=INK, width=4)
        centre = left + width // 2
        ICONS[icon](draw, centre, ICON_Y)
        for line in label_lines(thai, english, width):
            draw.text((centre, line.baseline), line.text, font=line.face, fill=INK, anchor="ms")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def label_lines(thai: str, english: str, tile_width: int) -> list[Line]:
    """The lines of a tile's two labels at the largest sizes that fit its width and the band under
    its icon; ValueError when they do not fit even at the smallest readable sizes."""
    room = tile_width - 2 * MARGIN
    pairs = [(min(thai_score, english_score), thai_lines, english_lines)
             for thai_score, thai_lines in _fits(thai, room, THAI_SIZES, "Bold")
             for english_score, english_lines in _fits(english, room, ENGLISH_SIZES, "Regular")]
    # The pair that shrinks its more shrunk label least; one line before two at the same score.
    for _score, thai_lines, english_lines in sorted(pairs, key=lambda pair: (-pair[0], len(pair[1]))):
        placed = _stack([thai_lines, english_lines])
        if placed is not None:
            return placed
    raise ValueError(f"the labels {thai!r} / {english!r} do not fit a {tile_width} px tile")


def _fits(text: str, room: int, sizes: range, weight: str) -> list[tuple[float, list]]:
    """Each way the text fits `room` on one or two lines, with a score: its size as a share of the
    largest, less for two lines."""
    out = []
    for count in (1, 2):
        for size in sizes:
            face = font(size, weight)
            lines = [text] if count == 1 else _two_lines(text, face)
            if lines and all(face.getlength(line) <= room for line in lines):
                out.append((size / sizes[0] * (1 if count == 1 else TWO_LINES),
                            [(line, face) for line in lines]))
    return out


def _two_lines(text: str, face: ImageFont.FreeTypeFont) -> list[str] | None:
    """The text broken between two words so its longer line is as short as can be; None for a
    single word."""
    words = _words(text)
    splits = [("".join(words[:i]).strip(), "".join(words[i:]).strip()) for i in range(1, len(words))]
    splits = [pair for pair in splits if all(pair)]
    if not splits:
        return None
    return list(min(splits, key=lambda pair: max(face.getlength(part) for part in pair)))


def _stack(labels: list[list]) -> list[Line] | None:
    """Baselines for each label's lines, one line pitch apart and the labels GAP apart, the whole
    centred in the band under the icon; None when taller than it. Spacing comes from the font
    sizes, not the ink, so labels of the same size sit on the same baselines in every tile."""
    placed, y = [], 0
    for index, lines in enumerate(labels):
        y += GAP if index else 0
        for text, face in lines:
            placed.append((text, face, y + round(face.size * BASELINE)))
            y += round(face.size * LINE_PITCH)
    band = LABELS_BOTTOM - LABELS_TOP
    if y > band:
        return None
    return [Line(text, face, LABELS_TOP + (band - y) // 2 + baseline)
            for text, face, baseline in placed]


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
