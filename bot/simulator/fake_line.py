"""The LINE Messaging API as the worker sees it, answered by the simulator under /simulator/line."""
from __future__ import annotations

import hmac
import json
import logging
import secrets

from flask import Blueprint, Response, current_app, jsonify, request

from bot.line.messages import MAX_BUBBLE_BYTES, MAX_CAROUSEL_BYTES
from bot.simulator import store

log = logging.getLogger(__name__)
blueprint = Blueprint("line", __name__, url_prefix="/line")

MAX_BODY = 2 * 1024 * 1024  # LINE refuses request bodies over 2 MB
MESSAGE_TYPES = {"text", "textV2", "image", "video", "audio", "location", "sticker", "imagemap",
                 "template", "flex"}
REQUIRED = {"text": ("text",), "textV2": ("text",), "image": ("originalContentUrl", "previewImageUrl"),
            "video": ("originalContentUrl", "previewImageUrl"), "audio": ("originalContentUrl", "duration"),
            "location": ("title", "address", "latitude", "longitude"),
            "sticker": ("packageId", "stickerId"), "flex": ("altText", "contents"),
            "template": ("altText", "template")}


@blueprint.before_request
def _authorise():
    """Refuse calls without the channel access token, with LINE's own answer."""
    token = current_app.extensions["chaeng"].settings.line_channel_access_token
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return _error(401, "Authentication failed. Confirm that the access token in the "
                           "authorization header is valid.")
    if (request.content_length or 0) > MAX_BODY:
        return _error(413, "Request Entity Too Large")
    return None


@blueprint.post("/v2/bot/message/reply")
def reply():
    """Deliver messages to the user a reply token was issued to; each token works once."""
    if "X-Line-Retry-Key" in request.headers:
        return _error(400, "The retry key cannot be used with the reply API")
    payload, problem = _payload(("replyToken",))
    if problem:
        return problem
    runtime = current_app.extensions["chaeng"]
    with runtime.db.uow() as uow:
        user_id = store.take_reply_token(uow, str(payload["replyToken"]))
        if user_id is None:
            return _error(400, "Invalid reply token")
        request_id = store.record_bot_messages(uow, user_id, payload["messages"], "reply")
        uow.commit()
    return _sent(payload["messages"], request_id)


@blueprint.post("/v2/bot/message/push")
def push():
    """Deliver messages to a user; a retry key accepted before answers 409 and stores nothing."""
    payload, problem = _payload(("to",))
    if problem:
        return problem
    key = request.headers.get("X-Line-Retry-Key") or None
    runtime = current_app.extensions["chaeng"]
    with runtime.db.uow() as uow:
        try:
            request_id = store.record_bot_messages(uow, str(payload["to"]), payload["messages"],
                                                   "push", retry_key=key)
        except store.RetryKeyUsed as used:
            response = _error(409, "The retry key is already accepted")
            response.headers["X-Line-Accepted-Request-Id"] = used.request_id
            return response
        uow.commit()
    return _sent(payload["messages"], request_id)


@blueprint.get("/v2/bot/message/<message_id>/content")
def content(message_id: str):
    """Serve the bytes of a photo the user sent from the page."""
    runtime = current_app.extensions["chaeng"]
    with runtime.db.uow() as uow:
        found = store.upload(uow, message_id)
        if found is None:
            return _error(404, "Not found")
        return Response(found.content, mimetype=found.content_type)


@blueprint.post("/v2/bot/chat/loading/start")
def loading():
    """Accept the typing animation request, checking it as LINE does."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not payload.get("chatId"):
        return _error(400, "The request body has 1 error(s)", [_detail("must be specified", "chatId")])
    seconds = payload.get("loadingSeconds", 20)
    if not isinstance(seconds, int) or not 5 <= seconds <= 60 or seconds % 5:
        return _error(400, "The request body has 1 error(s)",
                      [_detail("must be a multiple of 5 between 5 and 60", "loadingSeconds")])
    return jsonify({}), 202


@blueprint.get("/v2/bot/profile/<user_id>")
def profile(user_id: str):
    """A made-up profile for the simulated user."""
    return jsonify(userId=user_id, displayName="Simulator user", language="th")


def _payload(required: tuple[str, ...]):
    """The JSON body and None, or None and LINE's 400 listing what is wrong."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return None, _error(400, "The request body could not be parsed as JSON")
    details = [_detail("must be specified", name) for name in required if not payload.get(name)]
    details += check_messages(payload.get("messages"))
    if details:
        log.warning("simulator refused a bot message: %s", [d["property"] for d in details])
        return None, _error(400, f"The request body has {len(details)} error(s)", details)
    return payload, None


def check_messages(messages) -> list[dict]:
    """LINE-style error details for a messages array; empty when LINE would accept it."""
    if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
        return [_detail("Size must be between 1 and 5", "messages")]
    details = []
    for index, message in enumerate(messages):
        where = f"messages[{index}]"
        kind = message.get("type") if isinstance(message, dict) else None
        if kind not in MESSAGE_TYPES:
            details.append(_detail(f"Must be one of {sorted(MESSAGE_TYPES)}", f"{where}.type"))
            continue
        details += [_detail("must be specified", f"{where}.{name}")
                    for name in REQUIRED.get(kind, ()) if message.get(name) in (None, "")]
        if isinstance(message.get("text"), str) and len(message["text"].encode("utf-16-le")) > 10000:
            details.append(_detail("Length must be between 0 and 5000", f"{where}.text"))
        if len(str(message.get("altText", ""))) > 1500:
            details.append(_detail("Length must be between 0 and 1500", f"{where}.altText"))
        details += _check_quick_reply(message.get("quickReply"), where)
        if kind == "flex" and isinstance(message.get("contents"), dict):
            details += _check_flex_size(message["contents"], f"{where}.contents")
    return details


def _check_flex_size(contents: dict, where: str) -> list[dict]:
    """LINE's size limits on the JSON as line-bot-sdk sends it: bubbles 30 KB, carousels 50 KB."""
    bubbles = contents.get("contents") if contents.get("type") == "carousel" else [contents]
    details = [_detail(f"Size must be at most {MAX_BUBBLE_BYTES} bytes", where)
               for bubble in bubbles or [] if len(json.dumps(bubble)) > MAX_BUBBLE_BYTES]
    if len(json.dumps(contents)) > MAX_CAROUSEL_BYTES:
        details.append(_detail(f"Size must be at most {MAX_CAROUSEL_BYTES} bytes", where))
    return details


def _check_quick_reply(quick, where: str) -> list[dict]:
    """Quick replies: 1 to 13 items, labels of at most 20 characters."""
    if quick is None:
        return []
    items = quick.get("items") if isinstance(quick, dict) else None
    if not isinstance(items, list) or not 1 <= len(items) <= 13:
        return [_detail("Size must be between 1 and 13", f"{where}.quickReply.items")]
    return [_detail("Length must be between 0 and 20", f"{where}.quickReply.items[{i}].action.label")
            for i, item in enumerate(items)
            if len(str(((item or {}).get("action") or {}).get("label") or "")) > 20]


def _sent(messages: list[dict], request_id: str):
    """LINE's success answer: an id and a quote token for every message sent."""
    response = jsonify(sentMessages=[{"id": str(secrets.randbelow(9 * 10**17) + 10**17),
                                      "quoteToken": secrets.token_urlsafe(48)} for _ in messages])
    response.headers["X-Line-Request-Id"] = request_id
    return response


def _detail(message: str, prop: str) -> dict:
    """One entry of LINE's error details."""
    return {"message": message, "property": prop}


def _error(status: int, message: str, details: list[dict] | None = None):
    """An error response in LINE's shape."""
    body = {"message": message, **({"details": details} if details else {})}
    response = jsonify(body)
    response.status_code = status
    return response
