"""Set up agencies' officers and groups for a test, the way an admin and an officer would."""
from __future__ import annotations

import re

from bot import services
from bot.permissions import Actor
from tests.support import events

CODE = re.compile(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}")


def linked_officer(line, agency: str, name: str = "Officer") -> str:
    """Add an officer of `agency`, link their LINE account with /link, and return their user id."""
    with line.runtime.db.uow() as uow:
        _, code = services.add_officer(uow, name, agency, Actor.admin("test"))
        uow.commit()
    user = events.new_user()
    line.say(user, f"/link {code}")
    return user


def bound_group(line, agency: str, officer_user: str) -> str:
    """Bind a new LINE group to `agency` by having its officer send /link CODE there."""
    with line.runtime.db.uow() as uow:
        code = services.new_link_code(uow, services.agency_by_code(uow, agency))
        uow.commit()
    group = events.new_group()
    line.send(events.in_group(events.text(officer_user, f"/link {code}"), group))
    return group
