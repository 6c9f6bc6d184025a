"""Schemathesis generates requests from /open311/v2/openapi.json; every answer must match it."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance,
                                               response_schema_conformance,
                                               status_code_conformance)

from bot import services
from bot.opendata.admin import add_api_key

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
# Bounded so the whole run stays well under a minute on a shared two-core machine.
EXAMPLES = settings(max_examples=10, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def seed(app) -> str:
    """One case to find and an API key to write with; return the key."""
    with app.extensions["chaeng"].db.uow() as uow:
        services.submit_report(uow, None, description="ถนนเป็นหลุม โทร 0812345678",
                               categories=["ถนน"], latitude=13.74, longitude=100.53, address=None,
                               district="ปทุมวัน", subdistrict=None, photo_ids=[])
        key = add_api_key(uow, "schemathesis")
        uow.commit()
    return key


def test_every_open311_answer_matches_the_openapi_document(app):
    key = seed(app)
    schema = schemathesis.openapi.from_wsgi("/open311/v2/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7

    for operation in operations:
        @given(case=operation.as_strategy())
        @EXAMPLES
        def check(case):
            if case.method == "POST" and isinstance(case.body, dict):
                case.body["api_key"] = key  # reach past the 403 to the real work
            case.call_and_validate(checks=CHECKS)
        check()
