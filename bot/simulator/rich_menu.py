"""Rich menus in the simulator: LINE's rich menu API for the bot, and the menu under the chat page."""
from __future__ import annotations

import secrets

from flask import Blueprint, Response, current_app, jsonify, request

from bot.simulator import fake_line
from bot.simulator.models import SimRichMenu, SimRichMenuLink

line_api = Blueprint("line_richmenu", __name__, url_prefix="/line")
line_api.before_request(fake_line._authorise)
page = Blueprint("richmenu_page", __name__)
DEFAULT = "*"
MAX_IMAGE = 1024 * 1024  # LINE's limit for a rich menu image


def _uow():
    """A unit of work on the app's database."""
    return current_app.extensions["chaeng"].db.uow()


@line_api.post("/v2/bot/richmenu")
def create():
    """Keep a new rich menu and answer its id, refusing one without size or areas."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("size"), dict) \
            or not isinstance(body.get("areas"), list) or not 1 <= len(body["areas"]) <= 20:
        return fake_line._error(400, "The request body has 1 error(s)",
                                [fake_line._detail("must be specified", "areas")])
    menu_id = f"richmenu-{secrets.token_hex(16)}"
    with _uow() as uow:
        uow.session.add(SimRichMenu(id=menu_id, body=body))
        uow.commit()
    return jsonify(richMenuId=menu_id)


@line_api.post("/v2/bot/richmenu/<menu_id>/content")
def upload(menu_id: str):
    """Attach the menu's image once (PNG or JPEG, at most 1 MB), as LINE allows."""
    kind = (request.content_type or "").split(";")[0]
    if kind not in ("image/png", "image/jpeg"):
        return fake_line._error(415, "Unsupported Media Type")
    data = request.get_data()
    with _uow() as uow:
        menu = uow.session.get(SimRichMenu, menu_id)
        if menu is None:
            return fake_line._error(404, "Not found")
        if menu.image is not None or len(data) > MAX_IMAGE:
            return fake_line._error(400, "An image has already been uploaded or is too large")
        menu.image, menu.image_type = data, kind
        uow.commit()
    return jsonify({})


@line_api.post("/v2/bot/user/<user_id>/richmenu/<menu_id>")
def link(user_id: str, menu_id: str):
    """Show a menu to one user, or to everyone by default when user_id is 'all'."""
    with _uow() as uow:
        if uow.session.get(SimRichMenu, menu_id) is None:
            return fake_line._error(404, "richmenu not found")
        key = DEFAULT if user_id == "all" else user_id
        row = uow.session.get(SimRichMenuLink, key) or SimRichMenuLink(user_id=key)
        row.menu_id = menu_id
        uow.session.add(row)
        uow.commit()
    return jsonify({})


@line_api.delete("/v2/bot/user/<user_id>/richmenu")
def unlink(user_id: str):
    """Give a user back the default menu."""
    with _uow() as uow:
        row = uow.session.get(SimRichMenuLink, user_id)
        if row is not None:
            uow.session.delete(row)
            uow.commit()
    return jsonify({})


@page.get("/richmenu")
def shown():
    """The menu the page's user sees (theirs, else the default), without the image bytes."""
    user_id = request.args.get("userId", "")
    with _uow() as uow:
        row = uow.session.get(SimRichMenuLink, user_id) or uow.session.get(SimRichMenuLink, DEFAULT)
        menu = uow.session.get(SimRichMenu, row.menu_id) if row else None
        if menu is None or menu.image is None:
            return jsonify(menu=None)
        return jsonify(menu={**menu.body, "richMenuId": menu.id,
                             "image": f"richmenu/{menu.id}/image"})


@page.get("/richmenu/<menu_id>/image")
def image(menu_id: str):
    """A rich menu's image."""
    with _uow() as uow:
        menu = uow.session.get(SimRichMenu, menu_id)
        if menu is None or menu.image is None:
            return fake_line._error(404, "Not found")
        return Response(menu.image, mimetype=menu.image_type, headers={"Cache-Control": "max-age=3600"})
