"""Rich menus: drawn by the project, the citizen menu by default, the officer menu for officers."""
import io

import pytest
from PIL import Image

from bot import richmenu, services
from bot.permissions import Actor
from bot.richmenu import draw
from tests.support import events
from tests.support.officers import linked_officer


def test_richmenu_setup_makes_the_citizen_menu_everyones_default(app, fake_line):
    result = app.test_cli_runner().invoke(args=["richmenu", "setup"])
    assert result.exit_code == 0, result.output
    menu = fake_line.rich_menu_of(events.new_user())
    assert menu["name"] == "chaeng-citizen" and len(menu["areas"]) == 4
    image = Image.open(io.BytesIO(menu["image"]))
    assert (image.format, image.size) == ("PNG", (2500, 843))
    assert [a["action"].get("displayText") or a["action"].get("text") for a in menu["areas"]] == \
        ["แจ้งปัญหา", "เรื่องของฉัน", "ช่วยเหลือ", "ข้อมูลของฉัน"]


def test_the_menu_font_draws_every_thai_letter_of_the_labels_as_its_own_glyph():
    font = draw.font(80)
    letters = sorted({ch for spec in richmenu.MENUS.values() for button in spec["buttons"]
                      for ch in button[1]})
    shapes = {bytes(font.getmask(ch)) for ch in letters}
    assert len(shapes) == len(letters)  # a missing glyph would draw the same empty box for each


def test_an_officer_gets_the_officer_menu_when_linked_and_loses_it_when_disabled(line, runtime):
    richmenu.setup(runtime)
    officer = linked_officer(line, "ratchathewi")
    assert line.fake.rich_menu_of(officer)["name"] == "chaeng-officer"
    with runtime.db.uow() as uow:
        services.set_officer_enabled(uow, services.officer_by_line_id(uow, officer).id, False,
                                     Actor.admin("test"))
        uow.commit()
    line.drain()
    assert line.fake.rich_menu_of(officer)["name"] == "chaeng-citizen"


def test_the_menus_buttons_do_what_they_say(line, runtime):
    richmenu.setup(runtime)
    citizen, officer = events.new_user(), linked_officer(line, "drainage")
    report_area = line.fake.rich_menu_of(citizen)["areas"][0]["action"]
    line.send(events.postback(citizen, report_area["data"]))
    assert "เล่าปัญหา" in line.last_to(citizen)["text"]
    agency_area = line.fake.rich_menu_of(officer)["areas"][2]["action"]
    line.say(officer, agency_area["text"])
    assert "สำนักการระบายน้ำ (drainage)" in line.last_to(officer)["text"]


LABEL_BAND = 450  # the icons end above this row; below it is only the labels' ink
MARGIN = 40  # ink closer than this to a tile's side reads as running into the next tile


def label_extents(png: bytes, tiles: int) -> list[tuple[int, int, int, int]]:
    """Read the drawn pixels: each run of label ink under the icons as (left, right, top, bottom),
    runs less than a glyph's gap apart joined, the white lines between tiles left out."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    separators = {x for k in range(1, tiles) for x in range(k * width // tiles - 4,
                                                            k * width // tiles + 5)}
    pixels = image.load()
    ink_rows = {x: [y for y in range(LABEL_BAND, height) if pixels[x, y][0] > 128]
                for x in range(width) if x not in separators}
    runs, current = [], None
    for x in sorted(ink_rows):
        if not ink_rows[x]:
            continue
        if current and x - current[1] < 30:
            current[1] = x
        else:
            current = [x, x]
            runs.append(current)
    return [(left, right, min(min(ink_rows[x]) for x in range(left, right + 1) if ink_rows.get(x)),
             max(max(ink_rows[x]) for x in range(left, right + 1) if ink_rows.get(x)))
            for left, right in runs]


def assert_labels_inside_their_tiles(png: bytes, tiles: int) -> None:
    """Every tile has one block of label ink, clear of its sides and of the image's bottom."""
    width = draw.WIDTH // tiles
    extents = label_extents(png, tiles)
    assert len(extents) == tiles, f"expected one label block per tile, got {extents}"
    for index, (left, right, _top, bottom) in enumerate(extents):
        tile_left = index * width
        assert tile_left + MARGIN <= left and right <= tile_left + width - MARGIN, \
            f"tile {index}: label ink spans {left}-{right}, outside {tile_left}-{tile_left + width}"
        assert bottom <= draw.HEIGHT - 20, f"tile {index}: label ink reaches row {bottom}"


def test_every_label_of_both_menus_lies_inside_its_tile_in_the_images_sent_to_line(line, runtime):
    richmenu.setup(runtime)
    officer = linked_officer(line, "ratchathewi")
    for user, name in ((events.new_user(), "chaeng-citizen"), (officer, "chaeng-officer")):
        menu = line.fake.rich_menu_of(user)
        assert menu["name"] == name
        assert_labels_inside_their_tiles(menu["image"], len(menu["areas"]))


def test_a_long_label_in_a_fourth_tile_is_wrapped_or_shrunk_to_fit_and_stays_readable():
    buttons = [("report", "แจ้งปัญหา", "Report"), ("list", "เรื่องของฉัน", "My cases"),
               ("office", "ข้อมูลส่วนบุคคลของฉัน", "My personal data and consent"),
               ("help", "ช่วยเหลือ", "Help")]
    assert_labels_inside_their_tiles(draw.menu_image(buttons, richmenu.PANEL_COLOURS), 4)
    lines = draw.label_lines("ข้อมูลส่วนบุคคลของฉัน", "My personal data and consent", 625)
    assert len(lines) >= 3, "the long labels are wrapped onto more lines"
    assert min(line.face.size for line in lines) >= 50, "and never shrunk past a readable size"


def test_a_label_too_long_for_any_readable_size_is_refused_not_drawn_over_its_neighbour():
    with pytest.raises(ValueError):
        draw.menu_image([("help", "ช่วยเหลือ" * 6, "Help " * 12)] * 3, richmenu.PANEL_COLOURS)


def test_the_citizen_menus_my_data_button_says_what_is_kept(line, runtime):
    richmenu.setup(runtime)
    citizen = events.new_user()
    menu = line.fake.rich_menu_of(citizen)
    assert [a["bounds"]["width"] for a in menu["areas"]] == [625] * 4  # four equal panels
    line.send(events.postback(citizen, menu["areas"][3]["action"]["data"]))
    assert "ข้อมูลของคุณที่แจ้ง (Chaeng) เก็บไว้" in line.last_to(citizen)["text"]
