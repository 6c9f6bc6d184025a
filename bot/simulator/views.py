"""The simulator's one blueprint: the chat page and the fake LINE API, registered without a channel."""
from __future__ import annotations

import ipaddress

from flask import Blueprint, jsonify, request

from bot.simulator import fake_line, page, rich_menu

blueprint = Blueprint("simulator", __name__, url_prefix="/simulator",
                      template_folder="templates", static_folder="static")
blueprint.register_blueprint(page.blueprint)
blueprint.register_blueprint(fake_line.blueprint)
blueprint.register_blueprint(rich_menu.line_api)
blueprint.register_blueprint(rich_menu.page)


def loopback_only():
    """Refuse anyone but this machine, by address and by Host header, for every route.

    A deployment that forgot its LINE variables must not be open, and a web page elsewhere must
    not reach the simulator (or sign events with its published secret) by DNS rebinding.
    """
    if _loopback(request.remote_addr or "") and _loopback(_hostname(request.host)):
        return None
    return jsonify(error="the LINE simulator only answers on this machine (127.0.0.1 or "
                         "localhost); set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN to "
                         "serve LINE"), 403


def _hostname(host: str) -> str:
    """The name or address in a Host header, without its port."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _loopback(name: str) -> bool:
    """Whether a host name or address means this machine."""
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
