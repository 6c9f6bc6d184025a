"""The simulator's one blueprint: the chat page and the fake LINE API, registered without a channel."""
from __future__ import annotations

from flask import Blueprint

from bot.simulator import fake_line, page

blueprint = Blueprint("simulator", __name__, url_prefix="/simulator",
                      template_folder="templates", static_folder="static")
blueprint.register_blueprint(page.blueprint)
blueprint.register_blueprint(fake_line.blueprint)
