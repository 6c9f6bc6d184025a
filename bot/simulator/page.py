"""The chat page and its JSON endpoints: send what a LINE user does, read back the conversation."""
from __future__ import annotations

import base64
import binascii
import logging
import re

from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, request

from bot.simulator import events, store

log = logging.getLogger(__name__)
blueprint = Blueprint("page", __name__)

USER_ID = re.compile(r"U[0-9a-f]{32}")
IMAGE_SET_ID = re.compile(r"[0-9A-Za-z]{1,64}")
MAX_IMAGE_SET = 20  # photos LINE lets a user pick to send at once
MAX_TEXT = 5000
# A custom header makes browsers preflight cross-site requests, which we never allow: another
# website open in the same browser cannot post chat events as the simulated user.
HEADER = "X-Chaeng-Simulator"
SLACK = 64 * 1024  # room for the form's other fields around a photo at the limit


class BadInput(ValueError):
    """What the page sent cannot become a LINE event; the message says why."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@blueprint.get("")
def index():
    """The chat page."""
    return render_template("simulator/index.html", stickers=events.STICKERS)


@blueprint.get("/")
def index_slash():
    """Send /simulator/ to the page's one address."""
    return redirect(request.script_root + "/simulator")


@blueprint.get("/messages")
def messages():
    """The user's chat after a message id, both directions, oldest first."""
    user_id = request.args.get("userId", "")
    if not USER_ID.fullmatch(user_id):
        return jsonify(error="userId must be U followed by 32 lowercase hex digits"), 400
    after = request.args.get("after", "0")
    runtime = current_app.extensions["chaeng"]
    with runtime.db.uow() as uow:
        rows = store.messages_after(uow, user_id, int(after) if after.isdigit() else 0)
        return jsonify(messages=[store.as_json(row) for row in rows])


@blueprint.get("/uploads/<content_id>")
def uploaded(content_id: str):
    """A photo the user sent, for their own bubble on the page."""
    runtime = current_app.extensions["chaeng"]
    with runtime.db.uow() as uow:
        found = store.upload(uow, content_id)
        if found is None:
            return jsonify(error="no such upload"), 404
        response = Response(found.content, mimetype=found.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blueprint.post("/send")
def send():
    """Turn what the page did into a LINE webhook event and deliver it, signed, to /callback."""
    runtime = current_app.extensions["chaeng"]
    # A photo may be larger than the app-wide body limit that guards the webhook (base64 adds a third).
    request.max_content_length = runtime.settings.max_photo_bytes * 4 // 3 + SLACK
    if request.headers.get(HEADER) != "1":
        return jsonify(error=f"send the {HEADER}: 1 header (the simulator page does)"), 403
    try:
        if (request.content_length or 0) > request.max_content_length:
            raise BadInput(_too_big(runtime.settings.max_photo_bytes), 413)
        form = request.form.to_dict() if request.mimetype == "multipart/form-data" else \
            request.get_json(silent=True)
        if not isinstance(form, dict):
            raise BadInput("send JSON or multipart/form-data")
        user_id = str(form.get("userId", ""))
        if not USER_ID.fullmatch(user_id):
            raise BadInput("userId must be U followed by 32 lowercase hex digits")
        with runtime.db.uow() as uow:
            event, shown = _build(uow, user_id, str(form.get("kind", "")), form,
                                  runtime.settings.max_photo_bytes)
            row = store.record_user_event(uow, user_id, event, shown)
            uow.commit()  # the reply token must be known before the worker can use it
            sent = store.as_json(row)
    except BadInput as error:
        return jsonify(error=str(error)), error.status
    status, answer = _deliver(event, runtime.settings.line_channel_secret)
    if status != 200:
        log.warning("simulator webhook delivery answered %s", status)
        return jsonify(error=f"the webhook answered {status}: {answer}", message=sent), 502
    return jsonify(message=sent, webhook=answer)


def _build(uow, user_id: str, kind: str, form: dict, max_photo: int) -> tuple[dict, str | None]:
    """The LINE event for one user action, and the text LINE shows for it in the chat."""
    if kind == "text":
        body = str(form.get("text", ""))
        if not body.strip() or len(body.encode("utf-16-le")) > 2 * MAX_TEXT:
            raise BadInput(f"text must have 1 to {MAX_TEXT} characters")
        return events.text(user_id, body), body
    if kind == "image":
        data, content_type = _photo(form, max_photo)
        content_id = events.message_id()
        store.save_upload(uow, content_id, user_id, data, content_type)
        return events.image(user_id, content_id, _image_set(form)), None
    if kind == "location":
        latitude, longitude = _number(form, "latitude", 90), _number(form, "longitude", 180)
        title = str(form.get("title") or "ตำแหน่งที่เลือก")[:100]
        address = str(form.get("address") or f"{latitude:.6f}, {longitude:.6f}")[:200]
        return events.location(user_id, latitude, longitude, title, address), title
    if kind == "sticker":
        package_id, sticker_id = str(form.get("packageId", "")), str(form.get("stickerId", ""))
        known = {(s["packageId"], s["stickerId"]): s["glyph"] for s in events.STICKERS}
        if (package_id, sticker_id) not in known:
            raise BadInput("choose one of the simulator's stickers (packageId and stickerId)")
        return events.sticker(user_id, package_id, sticker_id), known[(package_id, sticker_id)]
    if kind == "postback":
        data = str(form.get("data", ""))
        if not data or len(data) > 300:
            raise BadInput("postback data must have 1 to 300 characters")
        return events.postback(user_id, data), (str(form.get("displayText") or "") or None)
    if kind == "follow":
        return events.follow(user_id, store.was_blocked(uow, user_id)), None
    if kind == "unfollow":
        return events.unfollow(user_id), None
    raise BadInput("kind must be text, image, location, sticker, postback, follow or unfollow")


def _image_set(form: dict) -> tuple[str, int, int] | None:
    """The set of photos sent together this one belongs to, as LINE marks it, or None."""
    set_id = str(form.get("imageSetId") or "")
    if not set_id:
        return None
    try:
        index, total = int(form.get("imageSetIndex", "")), int(form.get("imageSetTotal", ""))
    except ValueError:
        raise BadInput("imageSetIndex and imageSetTotal must be whole numbers") from None
    if not IMAGE_SET_ID.fullmatch(set_id) or not 1 <= index <= total <= MAX_IMAGE_SET:
        raise BadInput(f"an image set has an id of 1 to 64 letters and digits and 1 to "
                       f"{MAX_IMAGE_SET} photos")
    return set_id, index, total


def _photo(form: dict, max_photo: int) -> tuple[bytes, str]:
    """The uploaded photo's bytes and type, from a multipart file or base64 in JSON."""
    upload = request.files.get("photo")
    if upload is not None:
        data, content_type = upload.read(max_photo + 1), upload.mimetype or "application/octet-stream"
    else:
        try:
            data = base64.b64decode(str(form.get("data", "")), validate=True)
        except (binascii.Error, ValueError):
            raise BadInput("data must be base64") from None
        content_type = str(form.get("contentType") or "image/jpeg")
    if not data:
        raise BadInput("no photo was sent")
    if len(data) > max_photo:
        raise BadInput(_too_big(max_photo), 413)
    if not content_type.startswith("image/"):
        raise BadInput("only images can be sent as photos")
    return data, content_type


def _number(form: dict, name: str, bound: float) -> float:
    """A latitude or longitude within range."""
    try:
        value = float(form.get(name))
    except (TypeError, ValueError):
        raise BadInput(f"{name} must be a number") from None
    if not -bound <= value <= bound:
        raise BadInput(f"{name} must be between {-bound} and {bound}")
    return value


def _too_big(limit: int) -> str:
    """The error for a photo over the limit."""
    return f"photo is larger than {limit // (1024 * 1024)} MB; LINE would not send it either"


def _deliver(event: dict, channel_secret: str) -> tuple[int, object]:
    """POST the signed body to our own /callback in-process (a self-request could deadlock)."""
    raw = events.body([event])
    answer = current_app.test_client().post(
        "/callback", data=raw, headers={"X-Line-Signature": events.sign(raw, channel_secret),
                                        "Content-Type": "application/json; charset=utf-8"})
    return answer.status_code, answer.get_json(silent=True)
