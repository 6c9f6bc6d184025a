"""Open311 POST requests from schemathesis (valid and invalid per the OpenAPI document) and hypothesis.

Never a 5xx; a 200 opens exactly one case, anything else opens none; a refused key is audited.
"""
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
import schemathesis
from schemathesis import GenerationMode
from sqlalchemy import func, select

from bot.opendata.admin import add_api_key
from storage.models import AuditEntry, Case
from tests.support import hostile

V2 = "/open311/v2"


@pytest.fixture
def app(app_each_db):
    """The web app, on each database."""
    return app_each_db


def make_key(app) -> str:
    """An API key a partner system writes with."""
    with app.extensions["chaeng"].db.uow() as uow:
        key = add_api_key(uow, "fuzz")
        uow.commit()
    return key


def counts(app) -> tuple[int, int]:
    """How many cases there are, and how many refused attempts the audit log holds."""
    with app.extensions["chaeng"].db.uow() as uow:
        return (uow.session.scalar(select(func.count()).select_from(Case)),
                uow.session.scalar(select(func.count()).select_from(AuditEntry)
                                   .where(AuditEntry.outcome == "refused")))


def post_opens_at_most_one_case(app, send, key_is_valid: bool):
    """Send one POST; check the answer and what it did to the cases and the audit log."""
    cases, refused = counts(app)
    status, ticket = send()
    event(f"status {status}")
    assert status < 500, f"a {status} from bad input"
    cases_after, refused_after = counts(app)
    assert cases_after == cases + (status == 200), "one case per accepted request, none otherwise"
    if status == 200:
        assert key_is_valid, "a request without a valid key was accepted"
        with app.extensions["chaeng"].db.uow() as uow:
            assert uow.session.scalar(select(Case.source).where(Case.ticket_id == ticket)) == "open311"
    assert refused_after == refused + (status == 403), "a refused key is audited, nothing else"


def test_schemathesis_requests_valid_or_not_open_one_case_or_none_and_never_a_5xx(app):
    key = make_key(app)
    schema = schemathesis.openapi.from_wsgi(f"{V2}/openapi.json", app)
    (operation,) = [result.ok() for result in schema.get_all_operations()
                    if result.ok().method.upper() == "POST"]
    cases = st.one_of(operation.as_strategy(), operation.as_strategy(GenerationMode.NEGATIVE))

    @given(cases, st.booleans())
    @hostile.FUZZ
    def check(case, with_key):
        if with_key and isinstance(case.body, dict):
            case.body["api_key"] = key
        valid = isinstance(case.body, dict) and case.body.get("api_key") == key

        def send():
            answer = case.call()
            body = answer.json() if answer.status_code == 200 else None
            return answer.status_code, body[0]["service_request_id"] if body else None
        post_opens_at_most_one_case(app, send, valid)
    check()


def test_hostile_form_values_open_one_case_or_none_and_never_a_5xx(app):
    key = make_key(app)
    fields = st.fixed_dictionaries({
        "service_code": st.one_of(st.sampled_from(["road", "light", "flood", "trash"]), hostile.text()),
        "lat": st.one_of(st.just("13.7563"), st.floats().map(str), hostile.text(12)),
        "long": st.one_of(st.just("100.5018"), st.floats().map(str), hostile.text(12)),
    }, optional={"description": hostile.text(300), "address_string": hostile.text(80),
                 "media_url": hostile.text(60), "attribute[landmark]": hostile.text(40),
                 "email": hostile.text(40), "first_name": hostile.text(20), "phone": hostile.text(20),
                 "address_id": hostile.text(20), "device_id": hostile.text(20)})

    @given(fields, st.sampled_from(["valid", "valid", "wrong", "missing"]), st.sampled_from(["json", "xml"]))
    @hostile.FUZZ
    def check(form, key_kind, fmt):
        if key_kind != "missing":
            form = {**form, "api_key": key if key_kind == "valid" else "guess-" + key[:4]}
        encoded = urlencode(form, encoding="utf-8", errors="surrogatepass")  # as a client would

        def send():
            answer = app.test_client().post(f"{V2}/requests.{fmt}", data=encoded,
                                             content_type="application/x-www-form-urlencoded")
            ticket = answer.json[0]["service_request_id"] if answer.status_code == 200 \
                and fmt == "json" else None
            if answer.status_code == 200 and fmt == "xml":
                ticket = answer.get_data(as_text=True).split("<service_request_id>")[1].split("<")[0]
            return answer.status_code, ticket
        post_opens_at_most_one_case(app, send, key_kind == "valid")
        ET.fromstring(app.test_client().get(f"{V2}/requests.xml").data)  # still well-formed
    check()
