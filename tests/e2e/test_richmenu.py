"""Rich menus: drawn by the project, the citizen menu by default, the officer menu for officers."""
import io

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


def test_the_citizen_menus_my_data_button_says_what_is_kept(line, runtime):
    richmenu.setup(runtime)
    citizen = events.new_user()
    menu = line.fake.rich_menu_of(citizen)
    assert [a["bounds"]["width"] for a in menu["areas"]] == [625] * 4  # four equal panels
    line.send(events.postback(citizen, menu["areas"][3]["action"]["data"]))
    assert "ข้อมูลของคุณที่แจ้ง (Chaeng) เก็บไว้" in line.last_to(citizen)["text"]
