"""Rich menus: a citizen menu for everyone and an officer menu for linked officers.

`flask --app bot richmenu setup` draws and creates both on LINE and makes the citizen menu the
default. The worker then keeps each officer's menu in step with their account (sync_officers):
linked and enabled officers see the officer menu, anyone disabled gets the default back. LINE is
called outside any database transaction, like every other call to LINE."""
from __future__ import annotations

import logging
import time

from sqlalchemy import or_, select

from bot.line.client import LineError
from bot.line.messages import postback_data
from bot.richmenu import draw
from storage.models import Agency, Officer, RichMenu, utcnow

log = logging.getLogger(__name__)

PANEL_COLOURS = [(6, 199, 85), (5, 170, 74), (4, 140, 62), (3, 112, 50)]
OFFICER_COLOURS = [(30, 136, 229), (25, 118, 210), (21, 101, 192)]


def _postback(data: str, shown: str) -> dict:
    """A menu area that sends a postback and shows the user's choice."""
    return {"type": "postback", "data": data, "displayText": shown}


def _message(text: str) -> dict:
    """A menu area that sends a text message as the user."""
    return {"type": "message", "text": text}


MENUS = {
    "citizen": {"bar": "เมนู · Menu", "colours": PANEL_COLOURS, "buttons": [
        ("report", "แจ้งปัญหา", "Report", _postback(postback_data("newreport"), "แจ้งปัญหา")),
        ("list", "เรื่องของฉัน", "My cases", _postback(postback_data("cases"), "เรื่องของฉัน")),
        ("help", "ช่วยเหลือ", "Help", _message("ช่วยเหลือ")),
        ("data", "ข้อมูลของฉัน", "My data", _postback(postback_data("mydata"), "ข้อมูลของฉัน"))]},
    "officer": {"bar": "เจ้าหน้าที่", "colours": OFFICER_COLOURS, "buttons": [
        ("list", "งาน", "Queue", _message("/queue")),
        ("help", "ช่วยเหลือ", "Help", _message("/help")),
        ("office", "หน่วยงานของฉัน", "My agency", _message("/agency"))]},
}
_retry_after = [0.0]  # monotonic time before which sync_officers leaves LINE alone after a failure


def menu_request(name: str) -> dict:
    """The LINE rich menu object for one of MENUS: an equal area across the image per button,
    as draw.menu_image draws them."""
    spec = MENUS[name]
    width = draw.WIDTH // len(spec["buttons"])
    areas = [{"bounds": {"x": i * width, "y": 0, "width": width, "height": draw.HEIGHT},
              "action": button[3]} for i, button in enumerate(spec["buttons"])]
    return {"size": {"width": draw.WIDTH, "height": draw.HEIGHT}, "selected": True,
            "name": f"chaeng-{name}", "chatBarText": spec["bar"], "areas": areas}


def menu_png(name: str) -> bytes:
    """The drawn image of one of MENUS."""
    spec = MENUS[name]
    return draw.menu_image([button[:3] for button in spec["buttons"]], spec["colours"])


def setup(runtime) -> dict[str, str]:
    """Create both menus on LINE, remember their ids and make the citizen menu the default."""
    ids = {name: runtime.line.create_rich_menu(menu_request(name), menu_png(name)) for name in MENUS}
    runtime.line.set_default_rich_menu(ids["citizen"])
    with runtime.db.uow() as uow:
        for name, line_id in ids.items():
            row = uow.session.get(RichMenu, name) or RichMenu(name=name)
            row.line_id, row.created_at = line_id, utcnow()
            uow.session.add(row)
        # New menu ids: every officer's link must be made again.
        for officer in uow.session.scalars(select(Officer).where(Officer.menu_linked_to.is_not(None))):
            officer.menu_linked_to = None
        uow.commit()
    return ids


def sync_officers(runtime, limit: int = 20) -> int:
    """Link or unlink the officer menu for officers whose account changed; return how many."""
    if time.monotonic() < _retry_after[0]:
        return 0
    plan, menu_id = _plan(runtime, limit)
    done = 0
    for officer_id, old, new in plan:
        try:
            if old and old != new:
                runtime.line.unlink_rich_menu(old)
            if new:
                runtime.line.link_rich_menu(new, menu_id)
        except LineError as error:
            log.warning("officer %s rich menu not updated: %s", officer_id, error)
            _retry_after[0] = time.monotonic() + 30
            break
        _record(runtime, officer_id, new)
        done += 1
    return done


def _plan(runtime, limit: int) -> tuple[list[tuple[int, str | None, str | None]], str | None]:
    """Officers whose menu is not what it should be: (id, linked to now, should be linked to)."""
    with runtime.db.uow() as uow:
        menu = uow.session.get(RichMenu, "officer")
        if menu is None:
            return [], None
        rows = uow.session.execute(select(Officer, Agency.enabled).join(Agency).where(
            or_(Officer.line_user_id.is_not(None), Officer.menu_linked_to.is_not(None)))
            .order_by(Officer.id)).all()
        plan = []
        for officer, agency_enabled in rows:
            wanted = officer.line_user_id if officer.enabled and agency_enabled else None
            if wanted != officer.menu_linked_to:
                plan.append((officer.id, officer.menu_linked_to, wanted))
        return plan[:limit], menu.line_id


def _record(runtime, officer_id: int, linked_to: str | None) -> None:
    """Remember which LINE account shows the officer's menu now."""
    with runtime.db.uow() as uow:
        uow.session.get(Officer, officer_id).menu_linked_to = linked_to
        uow.commit()
