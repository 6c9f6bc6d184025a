"""Property-based dashboard forms: sign-in, call-centre intake, moderation and list filters.

Through the Flask test client with a signed-in session and the CSRF token read from the form, the
way a browser sends them (form bodies may hold any bytes). Never a 5xx; an intake opens one case
or none; every refused sign-in and every action a role may not take is audited.
"""
import io
from urllib.parse import quote, urlencode

import nlp
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot import services
from storage.models import AuditEntry, Case, Photo
from tests.support import hostile
from tests.support.images import jpeg
from tests.support.staff import StaffClient, add_staff, make_case, signed_in

FILTERS = ("state", "category", "district", "since", "until", "stuck", "reopened", "stars",
           "source", "q", "sort", "order", "page", "ticket", "actor", "outcome", "status", "user")
LIST_PAGES = ("/admin/cases/", "/admin/map/", "/admin/map/points.json", "/admin/stats/",
              "/admin/logs/inbox", "/admin/logs/outbox", "/admin/logs/audit", "/",
              "/board/points.json")


@pytest.fixture
def site(app_each_db):
    """The web app, on each database."""
    return app_each_db


def raw_post(staff: StaffClient, url: str, form: dict):
    """POST a url-encoded form whose values may hold any code points (lone surrogates too)."""
    body = urlencode({**form, "csrf_token": staff.token()}, encoding="utf-8", errors="surrogatepass")
    return staff.client.post(url, data=body, content_type="application/x-www-form-urlencoded",
                             base_url="https://localhost",
                             headers={"Referer": "https://localhost/admin/"})


def audited(app, *where) -> int:
    """How many dashboard audit entries match."""
    with app.extensions["chaeng"].db.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(AuditEntry).where(*where))


def browser_text(max_size: int = 40):
    """What a browser can put in a multipart form: any text once lone surrogates are replaced."""
    return hostile.text(max_size).map(
        lambda s: s.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))


def test_any_sign_in_is_refused_without_a_5xx_and_each_refusal_of_an_account_audited(site):
    add_staff(site.extensions["chaeng"], "op@city.go.th", "operator")
    visitor = StaffClient(site)

    @given(st.one_of(st.just("op@city.go.th"), hostile.text()), hostile.text())
    @example("op@city.go.th\x00", "\x00")  # PostgreSQL text refuses NUL: once a 500
    @settings(hostile.FUZZ, max_examples=8)  # each try costs a deliberate argon2 hash
    def check(email, password):
        before = audited(site, AuditEntry.outcome == "refused")
        answer = raw_post(visitor, "/admin/sign-in", {"email": email, "password": password})
        assert answer.status_code == 401, "refused, with the form shown again"
        known = email.replace("\x00", "") == "op@city.go.th"  # NUL never reaches the database
        assert audited(site, AuditEntry.outcome == "refused") == before + known
    check()


def test_any_intake_form_opens_one_audited_case_or_none_without_a_5xx(site):
    operator = signed_in(site, "op@city.go.th", "operator")
    runtime = site.extensions["chaeng"]
    numbers = st.one_of(st.floats().map(str), browser_text(12), st.just(""))
    uploads = st.lists(st.one_of(st.binary(max_size=200), st.just(jpeg())), max_size=2)

    @given(st.fixed_dictionaries({"description": browser_text(400), "address": browser_text(80),
                                  "phone": browser_text(20), "latitude": numbers,
                                  "longitude": numbers,
                                  "category": st.one_of(st.sampled_from(list(nlp.LABELS)),
                                                        browser_text(20))}), uploads)
    @hostile.FUZZ
    def check(form, photos):
        with runtime.db.uow() as uow:
            cases = uow.session.scalar(select(func.count()).select_from(Case))
        intakes = audited(site, AuditEntry.action == "phone_intake")
        files = [(io.BytesIO(data), f"photo{i}.jpg") for i, data in enumerate(photos)]
        answer = operator.post("/admin/intake/", {**form, "photos": files},
                               content_type="multipart/form-data")
        assert answer.status_code in (302, 400), answer.status_code
        opened = answer.status_code == 302
        with runtime.db.uow() as uow:
            assert uow.session.scalar(select(func.count()).select_from(Case)) == cases + opened
        assert audited(site, AuditEntry.action == "phone_intake") == intakes + opened
    check()


def test_any_moderation_form_is_applied_or_refused_cleanly_and_a_supervisors_try_is_audited(site):
    runtime = site.extensions["chaeng"]
    with runtime.db.uow() as uow:
        services.ensure_user(uow, "U" + "b" * 32)
        photo = services.add_photo(uow, "U" + "b" * 32, runtime.media.save_image(jpeg(), 10 ** 7))
        uow.commit()
        photo_id = photo.id
    case = make_case(runtime, reporter="U" + "b" * 32, photo_ids=[photo_id])
    admin = signed_in(site, "a@city.go.th", "admin")
    supervisor = signed_in(site, "sup@city.go.th", "supervisor")
    tickets = st.one_of(st.just(case.ticket_id), st.just("2026-ZZZZZZ"), hostile.text(20))
    actions = st.sampled_from(["hidden", "redact", "reporter/block", "reporter/unblock",
                               f"photos/{photo_id}/hidden",
                               "photos/999999/hidden"])
    form = st.fixed_dictionaries({}, optional={"hidden": hostile.text(3), "confirm": st.just("1"),
                                               "reason": hostile.text(60), "text": hostile.text(200)})

    @given(tickets, actions, form, st.booleans())
    @example("\x00", "hidden", {"reason": "\x00"}, False)  # once a 500 on PostgreSQL
    @hostile.FUZZ
    def check(ticket, action, fields, as_supervisor):
        path = quote(ticket.encode("utf-8", "surrogatepass"), safe="")
        url = f"/admin/cases/{path}/{action}"
        refused = audited(site, AuditEntry.outcome == "refused")
        answer = raw_post(supervisor if as_supervisor else admin, url, fields)
        # 308: an empty ticket makes "//" in the path, which the router redirects to its one-slash form.
        if as_supervisor:
            assert answer.status_code in (308, 403, 404, 405), answer.status_code
            assert audited(site, AuditEntry.outcome == "refused") == refused + (
                answer.status_code == 403), "a refused action is audited"
        else:
            assert answer.status_code in (302, 308, 400, 404, 405), answer.status_code
        with runtime.db.uow() as uow:
            assert uow.session.get(Photo, photo_id) is not None, "moderation never deletes"
    check()


def test_any_filter_on_any_list_page_answers_without_a_5xx(site):
    make_case(site.extensions["chaeng"])
    admin = signed_in(site, "a@city.go.th", "admin")
    values = st.one_of(hostile.text(20), st.sampled_from(["1", "0", "-1", "9" * 20, "2026-02-30",
                                                          "finished", "waiting", "line"]))

    @given(st.sampled_from(LIST_PAGES), st.dictionaries(st.sampled_from(FILTERS), values, max_size=5))
    @hostile.FUZZ
    def check(page, query):
        encoded = urlencode(query, encoding="utf-8", errors="surrogatepass")
        answer = admin.get(f"{page}?{encoded}")
        assert answer.status_code in (200, 400, 404), answer.status_code
    check()
