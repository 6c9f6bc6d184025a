"""Citizens' PDPA requests (copies, erasures) with the 30-day deadline the law sets. Admins only;
the list holds no content: who asked is a pseudonym."""
from __future__ import annotations

from flask import Blueprint, render_template

from bot import services
from bot.web.admin import access
from storage.models import utcnow

blueprint = Blueprint("admin_privacy", __name__, url_prefix="/admin/privacy-requests")


@blueprint.get("/")
@access.requires("private")
def index():
    """The latest requests, open ones first, each with its due date; overdue ones flagged."""
    now = utcnow()
    with access.runtime().db.uow() as uow:
        rows = [(row, services.privacy_deadline(row)) for row in services.privacy_requests(uow)]
        waiting = [due for row, due in rows if row.done_at is None]
        return render_template("admin/privacy_requests.html", rows=rows, now=now, open=len(waiting),
                               overdue=sum(1 for due in waiting if now > due))
