"""Where is it, learned from earlier tickets: border points, plus codes, addresses, and outside Bangkok."""
import numpy as np
import pytest

import nlp
from nlp import dataset, geo, places
from nlp.pluscode import find_pluscode

from tests.nlp.synthetic import BORDER_ADDRESS, STEP, WEST, place_row, border_rows, write_csv

PLUS_CODE = "QH48+PM"  # a short code: its first four characters are Bangkok's 1° square
LAT0, LON0 = find_pluscode(PLUS_CODE)[0], find_pluscode(PLUS_CODE)[1] + 5 * STEP  # the code is 5 steps west


@pytest.fixture(scope="module")
def table_file(tmp_path_factory):
    """Build a place table from the synthetic border tickets and save it as `nlp train` would."""
    folder = tmp_path_factory.mktemp("places")
    data = write_csv(folder / "border.csv.gz", border_rows(LAT0, LON0))
    path = str(folder / "places.npz")
    geo.save_table(path, places.build_places(dataset.read_tickets(data), data, "9999-12-31"))
    return path


@pytest.fixture
def border(table_file):
    """Use the synthetic place table instead of the shipped one for one test."""
    geo.set_table(geo.load_table(table_file))
    yield
    geo.set_table(None)


def test_a_point_just_over_the_border_follows_the_border_line_not_the_nearest_earlier_ticket(border):
    lat, lon = LAT0, LON0 + STEP / 2  # 11 m east of the line: 33 m from a western ticket, 67 m from an eastern
    distance, row = geo.table().nearest(lat, lon)
    assert geo.table().names[geo.table().label[row]][0] == "วัฒนา"  # the nearest earlier ticket is across the line
    assert nlp.locate(lat, lon).district == "คลองเตย"
    assert nlp.locate(lat, LON0 - STEP / 2).district == "วัฒนา"


def test_a_report_on_the_very_spot_of_an_earlier_ticket_takes_its_district_though_the_border_says_otherwise(tmp_path):
    # Districts have slivers: one earlier Watthana ticket stands among Khlong Toei ones, east of the line.
    spot = (LAT0 + 3 * STEP, LON0 + 3.5 * STEP)
    rows = border_rows(LAT0, LON0) + [place_row(999, *spot, WEST, BORDER_ADDRESS % 999)]
    data = write_csv(tmp_path / "sliver.csv.gz", rows)
    geo.set_table(places.build_places(dataset.read_tickets(data), data, "9999-12-31"))
    try:
        assert nlp.locate(*spot).district == "วัฒนา"
        assert nlp.locate(spot[0] + STEP / 2, spot[1]).district == "คลองเตย"  # 11 m away the border line decides
    finally:
        geo.set_table(None)


def test_points_inside_a_district_get_its_subdistrict_and_english_name(border):
    place = nlp.locate(LAT0 + 5 * STEP, LON0 + 3 * STEP)
    assert (place.district, place.subdistrict, place.district_en) == ("คลองเตย", "คลองตัน", "Khlong Toei")


def test_a_point_among_tickets_from_another_province_is_outside_bangkok_not_the_nearest_district(border):
    assert nlp.locate(LAT0 + 0.046, LON0) is None
    assert nlp.locate_text("ถนนงามวงศ์วาน ตำบล บางกระสอ อำเภอเมืองนนทบุรี นนทบุรี 11000") is None


def test_an_address_settles_a_point_right_on_the_border_but_not_one_clearly_inside(border):
    on_the_line = (LAT0 + 7 * STEP, LON0)
    assert nlp.locate(*on_the_line, BORDER_ADDRESS % 1).district == "วัฒนา"
    assert nlp.locate(*on_the_line, BORDER_ADDRESS % 2).district == "คลองเตย"
    assert nlp.locate(LAT0, LON0 - 4 * STEP, BORDER_ADDRESS % 2).district == "วัฒนา"


def test_an_address_that_names_the_wrong_district_is_placed_where_earlier_tickets_with_it_were(border):
    # Both addresses say เขตวัฒนา; earlier tickets with even numbers on this road were all in คลองเตย.
    assert nlp.locate_text(BORDER_ADDRESS % 597).district == "วัฒนา"
    even = nlp.locate_text(BORDER_ADDRESS % 598)
    assert (even.district, even.subdistrict) == ("คลองเตย", "คลองตัน")


def test_an_address_never_seen_before_falls_back_to_the_names_it_states(border):
    assert nlp.locate_text("9 ซอยใหม่ แขวง คลองตัน เขตคลองเตย กรุงเทพมหานคร").subdistrict == "คลองตัน"
    assert nlp.locate_text("9 ซอยใหม่ เขตจตุจักร กรุงเทพมหานคร").district == "จตุจักร"


def test_a_plus_code_in_an_address_is_read_as_the_point_it_names(border):
    place = nlp.locate_text("%s กรุงเทพมหานคร ประเทศไทย" % PLUS_CODE)
    assert place.district == "วัฒนา"


def test_an_address_naming_only_bangkok_is_not_a_guess(border):
    assert nlp.locate_text("กรุงเทพมหานคร ประเทศไทย") is None
    assert nlp.locate_text("ZZ99+ZZ กรุงเทพมหานคร ประเทศไทย") is None  # not a plus code: Z is no code letter


@pytest.mark.parametrize("text, lat, lon", [
    ("8FVC9G8F+6X", 47.3655625, 8.5249375),  # the Open Location Code specification's example, in full
    ("see 8FVC9G8F+6XQ here", 47.3655875, 8.5249844),  # with the 11th character: a 3 m square
])
def test_full_plus_codes_decode_to_the_centre_of_their_square(text, lat, lon):
    assert find_pluscode(text) == pytest.approx((lat, lon), abs=1e-6)


def test_a_short_plus_code_is_recovered_nearest_to_its_reference():
    assert find_pluscode("9G8F+6X", near=(47.4, 8.6)) == pytest.approx((47.3655625, 8.5249375), abs=1e-6)
    lat, lon = find_pluscode("QH48+PM แขวง ห้วยขวาง")  # Bangkok is the default reference
    assert 13.5 < lat < 14.0 and 100.3 < lon < 101.0


def test_the_place_table_file_holds_numbers_and_place_names_but_no_address_text(table_file):
    with np.load(table_file, allow_pickle=False) as z:
        assert all(z[name].dtype.kind in "fiu" for name in z.files)
        header = z["header"].tobytes().decode()
    assert "สุขุมวิท" not in header and "งามวงศ์วาน" not in header
    assert "วัฒนา" in header  # the place names themselves
