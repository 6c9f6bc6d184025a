"""The logs pages and `flask logs`: inbox, outbox with retry, audit; private text for admins only."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from bot import services
from bot.privacy import pseudonym
from tests.support.casework import move
from tests.support import events
from tests.support.staff import make_case, signed_in


def failed_push(line, app, user: str) -> tuple[str, int]:
    """A report whose status push LINE refused for good; return its ticket and message id."""
    runtime = app.extensions["chaeng"]
    line.send(events.follow(user))
    case = make_case(runtime, reporter=user)
    line.fake.fail_next("push", status=400, body={"message": "The request body has 1 error(s)"})
    with runtime.db.uow() as uow:
        move(uow, case.ticket_id, "accept", actor="officer:1", note="รับเรื่องแล้ว")
        uow.commit()
    line.drain()
    page = signed_in(app, "probe@city.go.th", "admin").get(
        f"/admin/logs/outbox?ticket={case.ticket_id}&state=failed").get_data(as_text=True)
    return case.ticket_id, int(re.search(r'id="outbox-(\d+)"', page).group(1))


def test_an_admin_retries_a_failed_push_and_the_citizen_gets_it(line, app):
    user = events.new_user()
    ticket, message_id = failed_push(line, app, user)
    admin = signed_in(app, "a@city.go.th", "admin")
    page = admin.get(f"/admin/logs/outbox?ticket={ticket}").get_data(as_text=True)
    assert "The request body has 1 error(s)" in page and "failed" in page
    assert admin.post(f"/admin/logs/outbox/{message_id}/retry").status_code == 302
    line.drain()
    assert "รับเรื่องแล้ว" in "".join(str(m) for m in line.messages_to(user))
    after = admin.get(f"/admin/logs/outbox?ticket={ticket}").get_data(as_text=True)
    assert re.search(rf'id="outbox-{message_id}">.*?status sent', after, re.S)
    assert admin.post(f"/admin/logs/outbox/{message_id}/retry").status_code == 409  # not failed now
    audit = admin.get(f"/admin/logs/audit?ticket={ticket}").get_data(as_text=True)
    assert "ส่งข้อความใหม่" in audit  # retry_outbox, in the dashboard's Thai


def test_message_text_is_shown_to_admins_and_never_to_supervisors(line, app):
    user = events.new_user()
    line.say(user, "ไฟดับหน้าบ้านเลขที่ 99")
    admin = signed_in(app, "a@city.go.th", "admin")
    supervisor = signed_in(app, "s@city.go.th", "supervisor")
    for page in ("/admin/logs/inbox", "/admin/logs/outbox"):
        as_admin = admin.get(page).get_data(as_text=True)
        as_supervisor = supervisor.get(page).get_data(as_text=True)
        assert pseudonym(app.extensions["chaeng"].settings.secret_key, user) in as_supervisor
        assert user not in as_admin and user not in as_supervisor
        assert "ไฟดับหน้าบ้าน" not in as_supervisor
    assert "ไฟดับหน้าบ้านเลขที่ 99" in admin.get("/admin/logs/inbox").get_data(as_text=True)


def test_the_logs_filter_by_user_pseudonym_and_state(line, app):
    first, second = events.new_user(), events.new_user()
    line.say(first, "สวัสดี")
    line.say(second, "สวัสดี")
    admin = signed_in(app, "a@city.go.th", "admin")
    alias = pseudonym(app.extensions["chaeng"].settings.secret_key, first)
    page = admin.get(f"/admin/logs/inbox?user={alias}").get_data(as_text=True)
    other = pseudonym(app.extensions["chaeng"].settings.secret_key, second)
    assert alias in page and other not in page
    assert "ไม่มีรายการ" in admin.get("/admin/logs/inbox?state=failed").get_data(as_text=True)


def test_flask_logs_prints_the_same_rows_without_ids_or_message_bodies(line, app):
    user = events.new_user()
    ticket, _ = failed_push(line, app, user)
    runner = app.test_cli_runner()
    outbox = runner.invoke(args=["logs", "outbox", "--failed"])
    assert outbox.exit_code == 0, outbox.output
    assert outbox.output.count("\n") == 1 and " status failed attempts=1 " in outbox.output
    assert user not in outbox.output and "รับเรื่องแล้ว" not in outbox.output
    assert pseudonym(app.extensions["chaeng"].settings.secret_key, user) in outbox.output
    by_ticket = runner.invoke(args=["logs", "outbox", "--ticket", ticket])
    assert by_ticket.output.count("\n") == 1
    inbox = runner.invoke(args=["logs", "inbox"])
    assert " follow done " in inbox.output and user not in inbox.output
    audit = runner.invoke(args=["logs", "audit"])
    assert "probe@city.go.th sign_in done" in audit.output


def test_flask_logs_follow_prints_new_rows_as_they_arrive(app, tmp_path):
    runtime = app.extensions["chaeng"]
    signed_in(app, "early@city.go.th", "admin")
    env = {**os.environ, "DATABASE_URL": runtime.settings.database_url,
           "MEDIA_DIR": str(tmp_path / "media"), "PYTHONUNBUFFERED": "1", "CHAENG_SIMULATOR": "1"}
    follower = subprocess.Popen([sys.executable, "-m", "flask", "--app", "bot", "logs", "audit",
                                 "--follow"], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert "early@city.go.th sign_in done" in follower.stdout.readline()  # the log so far
        signed_in(app, "late@city.go.th", "admin")
        line = follower.stdout.readline()
        assert "late@city.go.th sign_in done" in line
    finally:
        follower.terminate()
        follower.wait(timeout=10)


def test_a_long_log_comes_a_page_at_a_time_with_a_link_to_older_rows(site):
    runtime = site.extensions["chaeng"]
    with runtime.db.uow() as uow:
        for n in range(60):
            services.send(uow, "U" + "e" * 32, [{"type": "text", "text": f"ข้อความ {n}"}], purpose="chat")
        uow.commit()
    admin = signed_in(site, "a@city.go.th", "admin")
    first = admin.get("/admin/logs/outbox").get_data(as_text=True)
    shown = re.findall(r'id="outbox-(\d+)"', first)
    assert len(shown) == 50
    older = re.search(r'href="([^"]+)" id="older"', first).group(1).replace("&amp;", "&")
    rest = re.findall(r'id="outbox-(\d+)"', admin.get(older).get_data(as_text=True))
    assert len(rest) == 10 and not set(rest) & set(shown)
    assert max(map(int, rest)) < min(map(int, shown))
