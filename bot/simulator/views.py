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


@blueprint.before_request
def local_only():
    """Refuse anyone but this machine: a deployment that forgot its LINE variables must not be open."""
    try:
        local = ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        local = False
    if not local:
        return jsonify(error="the LINE simulator only answers on this machine; set "
                             "LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN to serve LINE"), 403
    return None
