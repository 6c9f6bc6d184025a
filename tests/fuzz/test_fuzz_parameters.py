"""Property-based query strings on every route of the app: never a 5xx, whoever asks.

ROUTES names each endpoint with a path that reaches its view and the query parameters it reads;
the first test checks it covers the app's url_map exactly (the simulator's too), so a new route
cannot be left out. Each route then gets absurd values (page 10^19, year 9999, NaN, a NUL...)
and hypothesis's hostile text under the parameters it reads and others, anonymous and signed in
as each dashboard role. A fixed seed and a few examples per route keep it repeatable and short.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot import create_app, services
from bot.admin import accounts
from bot.config import Settings
from bot.opendata.catalog import SERVICES
from bot.photos import token
from storage.models import Agency, Base
from tests.support import hostile
from tests.support.images import jpeg
from tests.support.staff import PASSWORD, StaffClient, make_case

FILTERS = ("state", "category", "district", "agency", "since", "until", "stuck", "reopened",
           "stars", "source", "q", "sort", "order", "page")
LOGS = ("ticket", "user", "actor", "state", "since", "until")
OPEN311 = ("start_date", "end_date", "status", "service_code", "service_request_id",
           "jurisdiction_id", "api_key")
ABSURD = ["10000000000000000000", "-1", "0", "1e308", "nan", "-inf", "²", "1_000", "9" * 5000,
          "9999-12-31", "0001-01-01", "2026-02-30", "10000-01-01", "9999-12-31T00:00:00",
          "0001-01-01T00:00:00+14:00", "", "\x00", "%00", "'", "//evil.example", "U" + "a" * 32,
          "finished"]
# url_for options: a view that passes its query string on to url_for must not take these.
SPECIAL = ("_external", "_scheme", "_anchor", "_method", "lang", "userId", "after", "next",
           "text", "name", "format")


@dataclass(frozen=True)
class Route:
    """How to reach one endpoint: method, path (with {placeholders}), the parameters it reads."""

    method: str
    path: str
    params: tuple[str, ...] = ()
    who: str = "anyone"  # "dashboard": tried as each role too; "simulator": the simulator app
    base: str = ""  # a query string that gets the view past its first check, before the fuzz


ROUTES = {
    "admin_auth.home": Route("GET", "/admin/", (), "dashboard"),
    "admin_auth.sign_in": Route("GET", "/admin/sign-in", ("next",), "dashboard"),
    # Signed out by anyone only: signing the fuzz's own session out would end its run.
    "admin_auth.sign_out": Route("POST", "/admin/sign-out", (), "anyone"),
    "admin_auth.static": Route("GET", "/admin/static/admin.css"),
    "admin_auth.switch_language": Route("POST", "/admin/language", ("lang", "next"), "dashboard"),
    "admin_cases.index": Route("GET", "/admin/cases/", FILTERS + ("ticket",), "dashboard"),
    "admin_cases.show": Route("GET", "/admin/cases/{ticket}", (), "dashboard"),
    "admin_cases.photo": Route("GET", "/admin/cases/{ticket}/photos/{photo}", (), "dashboard"),
    "admin_casework.act": Route("POST", "/admin/cases/{ticket}/act/update", (), "dashboard"),
    "admin_digest.page": Route("GET", "/admin/digest/", ("district",), "dashboard"),
    "admin_intake.created": Route("GET", "/admin/intake/created/{ticket}", (), "dashboard"),
    "admin_intake.form": Route("GET", "/admin/intake/", (), "dashboard"),
    "admin_intake.locate": Route("GET", "/admin/intake/locate", ("text",), "dashboard"),
    "admin_intake.preview": Route("GET", "/admin/intake/preview",
                                  ("address", "latitude", "longitude", "category", "description"),
                                  "dashboard"),
    "admin_intake.suggest": Route("GET", "/admin/intake/suggest", ("text", "lang"), "dashboard"),
    "admin_levels.download": Route("GET", "/admin/service-levels/levels.csv",
                                   ("agency", "since", "until"), "dashboard"),
    "admin_levels.page": Route("GET", "/admin/service-levels/", ("agency", "since", "until"),
                               "dashboard"),
    "admin_logs.audit_log": Route("GET", "/admin/logs/audit", LOGS, "dashboard"),
    "admin_logs.inbox": Route("GET", "/admin/logs/inbox", LOGS, "dashboard"),
    "admin_logs.outbox": Route("GET", "/admin/logs/outbox", LOGS, "dashboard"),
    "admin_logs.retry": Route("POST", "/admin/logs/outbox/{message}/retry", LOGS, "dashboard"),
    "admin_map.hotspot_layer": Route("GET", "/admin/map/hotspots.json", ("category",), "dashboard"),
    "admin_map.page": Route("GET", "/admin/map/", FILTERS, "dashboard"),
    "admin_map.points": Route("GET", "/admin/map/points.json", FILTERS, "dashboard"),
    "admin_moderate.case_hidden": Route("POST", "/admin/cases/{ticket}/hidden", (), "dashboard"),
    "admin_moderate.photo_hidden": Route("POST", "/admin/cases/{ticket}/photos/{photo}/hidden", (),
                                         "dashboard"),
    "admin_moderate.redact": Route("POST", "/admin/cases/{ticket}/redact", (), "dashboard"),
    "admin_moderate.block_reporter": Route("POST", "/admin/cases/{ticket}/reporter/block", (),
                                           "dashboard"),
    "admin_moderate.unblock_reporter": Route("POST", "/admin/cases/{ticket}/reporter/unblock", (),
                                             "dashboard"),
    "admin_privacy.index": Route("GET", "/admin/privacy-requests/", (), "dashboard"),
    "admin_stats.download": Route("GET", "/admin/stats/districts.csv", FILTERS, "dashboard"),
    "admin_stats.page": Route("GET", "/admin/stats/", FILTERS, "dashboard"),
    "admin_webhooks.add": Route("POST", "/admin/webhooks/", (), "dashboard"),
    "admin_webhooks.index": Route("GET", "/admin/webhooks/", (), "dashboard"),
    "admin_webhooks.update": Route("POST", "/admin/webhooks/1/disable", (), "dashboard"),
    "open311.create_request": Route("POST", "/open311/v2/requests.json", OPEN311),
    "open311.discovery": Route("GET", "/open311/v2/discovery.xml"),
    "open311.list_requests": Route("GET", "/open311/v2/requests.json", OPEN311),
    "open311.one_request": Route("GET", "/open311/v2/requests/{ticket}.xml", OPEN311),
    "open311.openapi": Route("GET", "/open311/v2/openapi.json"),
    "open311.service_definition": Route("GET", "/open311/v2/services/{service}.json"),
    "open311.services": Route("GET", "/open311/v2/services.xml", ("jurisdiction_id",)),
    "open311.token": Route("GET", "/open311/v2/tokens/{ticket}.json"),
    "open311.unknown": Route("GET", "/open311/v2/anything/else", OPEN311),
    "opendata.cases": Route("GET", "/open-data/cases.csv", ("since", "until")),
    "mydata.download": Route("GET", "/my-data/{token}"),
    "ops.healthz": Route("GET", "/healthz"),
    "ops.prometheus": Route("GET", "/metrics"),
    "photos.serve": Route("GET", "/media/{photo}/{sig}"),
    "public.agency_page": Route("GET", "/agencies/{agency}", ("lang",)),
    "public.case_page": Route("GET", "/cases/{ticket}", ("lang",)),
    "public.district_list": Route("GET", "/districts", ("lang",)),
    "public.favicon": Route("GET", "/favicon.ico"),
    "public.district_page": Route("GET", "/districts/{district}", ("lang",)),
    "public.hotspot_index": Route("GET", "/hotspots", ("lang",)),
    "public.hotspot_page": Route("GET", "/hotspots/{service}", ("lang",)),
    "public.index": Route("GET", "/", FILTERS + ("lang",)),
    "public.points": Route("GET", "/board/points.json", FILTERS),
    "public.static": Route("GET", "/board/static/board.css"),
    "static": Route("GET", "/static/nothing.css"),
    "webhook.callback": Route("POST", "/callback"),
    "simulator.line.content": Route("GET", "/simulator/line/v2/bot/message/1/content", (), "simulator"),
    "simulator.line.loading": Route("POST", "/simulator/line/v2/bot/chat/loading/start", (),
                                    "simulator"),
    "simulator.line.profile": Route("GET", "/simulator/line/v2/bot/profile/{user}", (), "simulator"),
    "simulator.line.push": Route("POST", "/simulator/line/v2/bot/message/push", (), "simulator"),
    "simulator.line.reply": Route("POST", "/simulator/line/v2/bot/message/reply", (), "simulator"),
    "simulator.line_richmenu.create": Route("POST", "/simulator/line/v2/bot/richmenu", (), "simulator"),
    "simulator.line_richmenu.link": Route("POST", "/simulator/line/v2/bot/user/{user}/richmenu/m1", (),
                                          "simulator"),
    "simulator.line_richmenu.unlink": Route("DELETE", "/simulator/line/v2/bot/user/{user}/richmenu", (),
                                            "simulator"),
    "simulator.line_richmenu.upload": Route("POST", "/simulator/line/v2/bot/richmenu/m1/content", (),
                                            "simulator"),
    "simulator.page.index": Route("GET", "/simulator", (), "simulator"),
    "simulator.page.index_slash": Route("GET", "/simulator/", (), "simulator"),
    "simulator.page.messages": Route("GET", "/simulator/messages", ("userId", "after"), "simulator",
                                     base="userId=U" + "a" * 32),
    "simulator.page.send": Route("POST", "/simulator/send", (), "simulator"),
    "simulator.page.uploaded": Route("GET", "/simulator/uploads/x", (), "simulator"),
    "simulator.richmenu_page.image": Route("GET", "/simulator/richmenu/m1/image", (), "simulator"),
    "simulator.richmenu_page.shown": Route("GET", "/simulator/richmenu", ("userId",), "simulator"),
    "simulator.static": Route("GET", "/simulator/static/chat.js", (), "simulator"),
}
ROLES = (None, "operator", "supervisor", "admin")
EXAMPLES = 4  # hypothesis's queries per route and client, after the absurd values
WORST = ("10000000000000000000", "9999-12-31", "0001-01-01", "9999-12-31T00:00:00")


def query_strings(names: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Query strings with these parameters (and others), repeated or not, holding any value."""
    pool = list(names) + list(SPECIAL) + list(FILTERS[:3])
    value = st.one_of(st.sampled_from(ABSURD), hostile.text(30))
    pairs = st.lists(st.tuples(st.one_of(st.sampled_from(pool), hostile.text(8)), value), max_size=6)
    return pairs.map(lambda items: urlencode(items, encoding="utf-8", errors="surrogatepass"))


def absurd_queries(names: tuple[str, ...]) -> list[str]:
    """Every parameter the route reads holding each absurd value, and each parameter alone
    holding the worst ones (so a refusal of one cannot hide another's 500); a route that reads
    none gets the worst values under a few names."""
    values = ABSURD if names else WORST
    names += ("_scheme", "page")
    together = [urlencode({name: value for name in names}, encoding="utf-8", errors="surrogatepass")
                for value in values]
    return together + [urlencode({name: value}) for name in names[:-2] for value in WORST]


def answers(client, route: Route, path: str, query: str, token: str | None) -> int:
    """The status of one request of the route's method with this query string (after its base;
    forms with their CSRF token), its body read to the end (a download can fail midway)."""
    data = {"csrf_token": token} if token and route.method != "GET" else None
    answer = getattr(client, "client", client).open(
        f"{path}?{'&'.join(filter(None, (route.base, query)))}", method=route.method, data=data,
        base_url="https://localhost", headers={"Referer": "https://localhost/admin/"})
    answer.get_data()
    answer.close()
    return answer.status_code


def healthy(route: Route, status: int) -> bool:
    """Not a 5xx, but for /healthz's 503 (no worker beats in a test: that is its meaning)."""
    return status < 500 or (route.path == "/healthz" and status == 503)


def fuzz_route(client, route: Route, path: str, token: str | None = None, absurd: bool = True) -> None:
    """The absurd values of the route's parameters, then hypothesis's queries: never a 5xx."""
    for query in absurd_queries(route.params) if absurd else ():
        status = answers(client, route, path, query, token)
        assert healthy(route, status), (route.path, query, status)

    @given(query_strings(route.params))
    @settings(hostile.FUZZ, max_examples=EXAMPLES)
    def check(query):
        status = answers(client, route, path, query, token)
        assert healthy(route, status), (route.path, query, status)
    check()


@pytest.fixture
def site(app_each_db):
    """The app on each database, with a case (and its photo), a failed outbox message, and the
    values each route's path needs."""
    runtime = app_each_db.extensions["chaeng"]
    with runtime.db.uow() as uow:
        photo = services.add_photo(uow, None, runtime.media.save_image(jpeg(), 10 ** 7))
        uow.commit()
        photo_id = photo.id
    case = make_case(runtime, photo_ids=[photo_id])
    with runtime.db.uow() as uow:  # a failed message, so the first retry reaches its redirect
        [message] = services.send(uow, "U" + "a" * 32, [{"type": "text", "text": "x"}])
        message.status = "failed"
        uow.session.flush()
        message = message.id
        agency = uow.session.scalar(select(Agency.code).where(Agency.id == case.agency_id))
        uow.commit()
    places = {"ticket": case.ticket_id, "photo": photo_id, "sig": token(runtime.settings, photo_id),
              "token": "A" * 40,
              "message": message, "agency": agency, "district": case.district,
              "service": next(s.code for s in SERVICES if s.label), "user": "U" + "a" * 32}
    return app_each_db, places


@pytest.fixture
def simulator(tmp_path):
    """A simulator-mode app (no LINE channel) on SQLite."""
    url = f"sqlite:///{tmp_path / 'sim.db'}"
    app = create_app(Settings(database_url=url, media_dir=str(tmp_path / "media"),
                              simulator=True).completed())
    Base.metadata.create_all(app.extensions["chaeng"].db.engine)
    yield app
    app.extensions["chaeng"].db.dispose()


def test_the_route_table_covers_every_route_of_the_app_and_the_simulator(app, simulator):
    served = {rule.endpoint for rule in app.url_map.iter_rules()}
    served |= {rule.endpoint for rule in simulator.url_map.iter_rules()}
    assert served == set(ROUTES), "add the new route to ROUTES (or drop the old one)"
    for endpoint, route in ROUTES.items():
        app_of = simulator if route.who == "simulator" else app
        methods = next(r.methods for r in app_of.url_map.iter_rules() if r.endpoint == endpoint)
        assert route.method in methods, endpoint


@pytest.mark.parametrize("role", ROLES)
def test_no_query_string_makes_a_dashboard_route_answer_5xx_for_any_role(site, role):
    app, places = site
    client = StaffClient(app)
    if role:
        with app.extensions["chaeng"].db.uow() as uow:  # a supervisor acts for the case's agency
            accounts.add_admin(uow, f"{role}@city.go.th", role, PASSWORD,
                               agencies=[places["agency"]] if role == "supervisor" else ())
            uow.commit()
        assert client.sign_in(f"{role}@city.go.th").status_code == 302
    token = client.token()
    for route in (r for r in ROUTES.values() if r.who == "dashboard"):
        # Every role gets hypothesis's queries; the admin, who may see every page, the absurd ones.
        fuzz_route(client, route, route.path.format(**places), token, absurd=role == "admin")


def test_no_query_string_makes_a_public_route_answer_5xx(site):
    app, places = site
    client = StaffClient(app)
    for route in (r for r in ROUTES.values() if r.who == "anyone"):
        fuzz_route(client, route, route.path.format(**places))


def test_no_query_string_makes_a_simulator_route_answer_5xx(simulator):
    client = simulator.test_client()
    client.environ_base["HTTP_X_CHAENG_SIMULATOR"] = "1"
    for route in (r for r in ROUTES.values() if r.who == "simulator"):
        fuzz_route(client, route, route.path.format(user="U" + "a" * 32))
