"""A fake LINE Messaging API: a real HTTP server on loopback that line-bot-sdk v3 talks to unchanged."""
from __future__ import annotations

import base64
import collections
import hashlib
import hmac
import json
import random
import re
import secrets
import socket
import struct
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

MAX_BODY = 2 * 1024 * 1024
MAX_BUBBLE_BYTES, MAX_CAROUSEL_BYTES = 30_000, 50_000
KINDS = ("reply", "push", "content", "loading", "profile", "richmenu", "richmenu_image",
         "richmenu_default", "richmenu_link", "richmenu_unlink")
JSON_BODY = ("reply", "push", "loading", "richmenu")  # kinds whose POST body must be a JSON object
AUTH_FAILED = {"message": "Authentication failed. Confirm that the access token in the authorization header is valid."}
MESSAGE_TYPES = ("text", "textV2", "image", "video", "audio", "location", "sticker",
                 "imagemap", "template", "flex", "coupon")
# Fields LINE rejects a message without; enough to catch a malformed message built by hand.
REQUIRED = {"text": ("text",), "textV2": ("text",), "image": ("originalContentUrl", "previewImageUrl"),
            "video": ("originalContentUrl", "previewImageUrl"), "audio": ("originalContentUrl", "duration"),
            "location": ("title", "address", "latitude", "longitude"), "sticker": ("packageId", "stickerId"),
            "flex": ("altText", "contents"), "template": ("altText", "template")}
ROUTES = [("POST", re.compile(r"/v2/bot/message/reply"), "reply"),
          ("POST", re.compile(r"/v2/bot/message/push"), "push"),
          ("GET", re.compile(r"/v2/bot/message/(?P<id>[^/]+)/content"), "content"),
          ("POST", re.compile(r"/v2/bot/chat/loading/start"), "loading"),
          ("GET", re.compile(r"/v2/bot/profile/(?P<id>[^/]+)"), "profile"),
          ("POST", re.compile(r"/v2/bot/richmenu"), "richmenu"),
          ("POST", re.compile(r"/v2/bot/richmenu/(?P<id>[^/]+)/content"), "richmenu_image"),
          ("POST", re.compile(r"/v2/bot/user/all/richmenu/(?P<id>[^/]+)"), "richmenu_default"),
          ("POST", re.compile(r"/v2/bot/user/(?P<user>[^/]+)/richmenu/(?P<id>[^/]+)"), "richmenu_link"),
          ("DELETE", re.compile(r"/v2/bot/user/(?P<user>[^/]+)/richmenu"), "richmenu_unlink")]


def sign(body: bytes, channel_secret: str) -> str:
    """Return the X-Line-Signature LINE would send for this webhook body."""
    digest = hmac.new(channel_secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


@dataclass
class RecordedRequest:
    """One HTTP request as the fake received it (header names lower-cased)."""
    method: str
    path: str
    headers: dict[str, str]
    json: Any
    time: float
    status: int | None = None
    raw: bytes = b""


@dataclass
class Delivery:
    """A reply or push that LINE accepted, i.e. what the user would see."""
    kind: str
    to: str | None
    reply_token: str | None
    messages: list[dict]
    retry_key: str | None


@dataclass
class _Fault:
    status: int | None = None
    body: Any = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    drop: str = ""  # "before": hang up unserved; "after": serve (deliver), then hang up unanswered


@dataclass(frozen=True)
class Streamed:
    """A content body made on the fly: `size` bytes sent `chunk` at a time, `pause` s apart."""
    size: int
    chunk: int = 64 * 1024
    pause: float = 0.0
    head: bytes = b""

    def pieces(self):
        """The body's bytes in chunks, starting with `head` (e.g. a real JPEG header)."""
        yield self.head[:self.size]
        left = self.size - len(self.head[:self.size])
        while left > 0:
            yield b"\0" * min(self.chunk, left)
            left -= self.chunk


@dataclass
class _Chaos:
    rate: float
    rng: random.Random
    kinds: tuple
    delay: float
    faults: tuple
    injected: collections.Counter = field(default_factory=collections.Counter)

    def pick(self, kind: str) -> _Fault | None:
        """A fault for this request, drawn with the seeded generator, or None."""
        if kind not in self.kinds or self.rng.random() >= self.rate:
            return None
        name = self.rng.choice(self.faults)
        self.injected[name] += 1
        return {"500": _Fault(500, {"message": "Internal Server Error"}),
                "429": _Fault(429, {"message": "Too Many Requests"}, {"Retry-After": "1"}),
                "drop-before": _Fault(drop="before"), "drop-after": _Fault(drop="after"),
                "timeout": _Fault(delay=self.delay)}[name]

DROPPED = 0  # the recorded status of a request whose connection the fake hung up on


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _validate_messages(messages: Any) -> list[dict]:
    """Return LINE-style error details for a messages array; empty when valid."""
    if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
        return [{"message": "Size must be between 1 and 5", "property": "messages"}]
    errors = []
    for i, msg in enumerate(messages):
        prop = f"messages[{i}]"
        kind = msg.get("type") if isinstance(msg, dict) else None
        if kind not in MESSAGE_TYPES:
            errors.append({"message": f"Must be one of the following values: [{', '.join(MESSAGE_TYPES)}]",
                           "property": f"{prop}.type"})
            continue
        errors += [{"message": "must be specified", "property": f"{prop}.{name}"}
                   for name in REQUIRED.get(kind, ()) if msg.get(name) in (None, "")]
        if isinstance(msg.get("text"), str) and _utf16_len(msg["text"]) > 5000:
            errors.append({"message": "Length must be between 0 and 5000", "property": f"{prop}.text"})
        if isinstance(msg.get("altText"), str) and len(msg["altText"]) > 1500:
            errors.append({"message": "Length must be between 0 and 1500", "property": f"{prop}.altText"})
        contents = msg.get("contents") if kind == "flex" else None
        if isinstance(contents, dict) and len(contents.get("contents") or []) > 12 and contents.get("type") == "carousel":
            errors.append({"message": "Size must be between 1 and 12", "property": f"{prop}.contents.contents"})
        if isinstance(contents, dict):
            errors += _flex_size_errors(contents, f"{prop}.contents")
        if "quickReply" in msg:
            items = (msg["quickReply"] or {}).get("items")
            if not isinstance(items, list) or not 1 <= len(items) <= 13:
                errors.append({"message": "Size must be between 1 and 13", "property": f"{prop}.quickReply.items"})
            else:
                errors += [{"message": "Length must be between 0 and 20",
                            "property": f"{prop}.quickReply.items[{j}].action.label"}
                           for j, item in enumerate(items)
                           if len(((item or {}).get("action") or {}).get("label") or "") > 20]
    return errors


def _flex_size_errors(contents: dict, prop: str) -> list[dict]:
    """LINE's size limits for Flex contents, measured on the JSON as line-bot-sdk sends it (Thai
    escaped as \\uXXXX): a bubble at most 30 KB, a carousel at most 50 KB (KB read as 1,000 bytes)."""
    def size(node) -> int:
        return len(json.dumps(node))

    if contents.get("type") != "carousel":
        return [] if size(contents) <= MAX_BUBBLE_BYTES else [
            {"message": f"Size must be at most {MAX_BUBBLE_BYTES} bytes", "property": prop}]
    errors = [{"message": f"Size must be at most {MAX_BUBBLE_BYTES} bytes", "property": f"{prop}.contents[{i}]"}
              for i, bubble in enumerate(contents.get("contents") or []) if size(bubble) > MAX_BUBBLE_BYTES]
    if size(contents) > MAX_CAROUSEL_BYTES:
        errors.append({"message": f"Size must be at most {MAX_CAROUSEL_BYTES} bytes", "property": prop})
    return errors


def _bad_request(details: list[dict]) -> tuple[int, dict]:
    return 400, {"message": f"The request body has {len(details)} error(s)", "details": details}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a bot's worker pool may open many connections at once

    def handle_error(self, request, client_address):
        # A client that timed out has hung up before a delayed answer; that is the point, not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive, as LINE's API: a client may reuse its connections
    disable_nagle_algorithm = True  # else a kept-alive answer's body waits 40 ms for a delayed ACK

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def do_GET(self):
        self.server.fake._handle(self)

    do_POST = do_DELETE = do_GET


class FakeLineApi:
    """LINE's Messaging API on 127.0.0.1, recording what the bot sent; use as a context manager."""

    def __init__(self, access_token: str = "test-access-token"):
        self.access_token = access_token
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.reset()

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> "FakeLineApi":
        """Bind a free port and serve in a background thread."""
        if self._server is None:
            self._stopping.clear()
            self._server = _Server(("127.0.0.1", 0), _Handler)
            self._server.fake = self
            # A short poll interval makes stop() (and so each test's teardown) take milliseconds, not 0.5 s.
            self._thread = threading.Thread(target=self._server.serve_forever, args=(0.01,),
                                            name="FakeLineApi", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; wakes handlers sleeping in an injected delay."""
        if self._server is not None:
            self._stopping.set()
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> "FakeLineApi":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT, for Configuration(host=...)."""
        if self._server is None:
            raise RuntimeError("FakeLineApi is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # --- test controls -----------------------------------------------------------------------
    def reset(self) -> None:
        """Forget requests, deliveries, tokens, retry keys, content and pending faults."""
        with self._lock:
            self._requests: list[RecordedRequest] = []
            self._deliveries: list[Delivery] = []
            self._used_tokens: set[str] = set()
            self._token_owner: dict[str, str] = {}
            self._accepted_keys: dict[str, tuple[str, list[dict]]] = {}
            self._content: dict[str, tuple[bytes, str] | None] = {}
            self._faults = {kind: collections.deque() for kind in KINDS}
            self._delays = {kind: collections.deque() for kind in KINDS}
            self._chaos: _Chaos | None = None
            self._rich_menus: dict[str, dict] = {}
            self._menu_of: dict[str, str] = {}
            self._default_menu: str | None = None
            self._languages: dict[str, str | None] = {}

    def expire_reply_token(self, token: str) -> None:
        """Make a reply token answer 400 Invalid reply token, as after a minute on LINE."""
        with self._lock:
            self._used_tokens.add(token)

    def register_reply_token(self, token: str, user_id: str) -> None:
        """Say which user a reply token belongs to, so messages_to() counts replies too."""
        with self._lock:
            self._token_owner[token] = user_id

    def set_profile_language(self, user_id: str, language: str | None) -> None:
        """Make the user's profile name this language (None: LINE leaves the field out)."""
        with self._lock:
            self._languages[user_id] = language

    def add_content(self, message_id: str, data: bytes, content_type: str = "image/jpeg") -> None:
        """Serve these bytes at /v2/bot/message/{message_id}/content."""
        with self._lock:
            self._content[str(message_id)] = (data, content_type)

    def unsend_content(self, message_id: str) -> None:
        """Make the content answer 410 Gone, as after the user unsends it."""
        with self._lock:
            self._content[str(message_id)] = None

    def fail_next(self, kind: str, status: int = 500, times: int = 1, body: Any = None,
                  headers: dict | None = None) -> None:
        """Answer the next `times` requests of this kind with `status` instead of serving them."""
        if body is None:
            phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
            body = {"message": {429: "Too Many Requests", 409: "The retry key is already accepted"}.get(status, phrase)}
        headers = dict(headers or {})
        if status == 409:
            headers.setdefault("x-line-accepted-request-id", str(uuid.uuid4()))
        with self._lock:
            self._queue(self._faults, kind).extend(_Fault(status, body, headers) for _ in range(times))

    def drop_next(self, kind: str, after_accepting: bool = True, times: int = 1) -> None:
        """Hang up on the next `times` requests of this kind without an answer; by default only
        after accepting them, so a reply or push lands although the bot never hears so."""
        with self._lock:
            self._queue(self._faults, kind).extend(
                _Fault(drop="after" if after_accepting else "before") for _ in range(times))

    def chaos(self, rate: float, seed: int, kinds: tuple = ("reply", "push", "content"),
              timeout_delay: float = 1.5,
              faults: tuple = ("500", "429", "drop-before", "drop-after", "timeout")) -> None:
        """Fail a share `rate` of requests of these kinds at random (seeded): 500, 429 with
        Retry-After, hang-ups before or after accepting, and answers held for `timeout_delay` s."""
        with self._lock:
            self._chaos = _Chaos(rate, random.Random(seed), tuple(kinds), timeout_delay, faults)

    @property
    def injected(self) -> dict[str, int]:
        """How many faults of each kind chaos() injected so far."""
        with self._lock:
            return dict(self._chaos.injected) if self._chaos else {}

    def add_streamed_content(self, message_id: str, body: Streamed,
                             content_type: str = "image/jpeg") -> None:
        """Serve a body made while sending (huge or trickling) at the content endpoint."""
        with self._lock:
            self._content[str(message_id)] = (body, content_type)

    def delay_next(self, kind: str, seconds: float, times: int = 1) -> None:
        """Hold the next `times` requests of this kind, then serve them (so a timed-out push may still land)."""
        with self._lock:
            self._queue(self._delays, kind).extend(_Fault(delay=seconds) for _ in range(times))

    @staticmethod
    def _queue(queues: dict, kind: str) -> collections.deque:
        if kind not in queues:
            raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")
        return queues[kind]

    # --- inspection --------------------------------------------------------------------------
    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received, failed ones included (a snapshot)."""
        with self._lock:
            return list(self._requests)

    @property
    def deliveries(self) -> list[Delivery]:
        """Accepted replies and pushes in order (a snapshot)."""
        with self._lock:
            return list(self._deliveries)

    def messages_to(self, user_id: str) -> list[dict]:
        """Messages pushed to the user, plus replies on tokens registered to them."""
        with self._lock:
            return [m for d in self._deliveries
                    if (d.to or self._token_owner.get(d.reply_token or "")) == user_id for m in d.messages]

    def rich_menu_of(self, user_id: str) -> dict | None:
        """The rich menu a user sees: their own, else the default (with 'image' bytes), or None."""
        with self._lock:
            menu_id = self._menu_of.get(user_id, self._default_menu)
            return self._rich_menus.get(menu_id) if menu_id else None

    def texts(self) -> list[str]:
        """The text of every delivered text message, and the altText of flex/template/imagemap ones."""
        return [m.get("text") or m.get("altText") for d in self.deliveries for m in d.messages
                if m.get("type") in ("text", "textV2") or "altText" in m]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 5, interval: float = 0.01) -> Any:
        """Poll predicate() until truthy and return its value; AssertionError after timeout seconds."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                raise AssertionError(f"condition not met within {timeout}s; deliveries={self.deliveries}")
            time.sleep(interval)

    # --- serving -----------------------------------------------------------------------------
    def _handle(self, h: _Handler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = ...  # marks an unparseable body without losing the request record
        path = h.path.split("?", 1)[0]
        rec = RecordedRequest(h.command, path, {k.lower(): v for k, v in h.headers.items()},
                              None if payload is ... else payload, time.time(), raw=raw)
        with self._lock:
            self._requests.append(rec)
        status, body, headers = self._answer(h.command, path, rec, payload, len(raw))
        rec.status = status
        if status == DROPPED:
            self._hang_up(h)
            return
        headers.setdefault("x-line-request-id", str(uuid.uuid4()))
        if isinstance(body, tuple):  # content: (bytes or Streamed, content type)
            data, headers["Content-Type"] = body
        else:
            data, headers["Content-Type"] = json.dumps(body).encode("utf-8"), "application/json"
        h.send_response(status)
        for name, value in headers.items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(data.size if isinstance(data, Streamed) else len(data)))
        h.end_headers()
        if isinstance(data, Streamed):
            self._stream(h, data)
        else:
            h.wfile.write(data)

    def _stream(self, h: _Handler, body: Streamed) -> None:
        """Write a made-up body piece by piece; stop when the client hangs up or the fake stops."""
        try:
            for piece in body.pieces():
                h.wfile.write(piece)
                h.wfile.flush()
                if body.pause and self._stopping.wait(body.pause):
                    break
        except OSError:
            pass  # the client gave up reading, as a capped download must
        h.close_connection = True

    @staticmethod
    def _hang_up(h: _Handler) -> None:
        """Reset the connection with no answer at all, as a dropped network path does."""
        h.close_connection = True
        try:
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            h.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _answer(self, method: str, path: str, rec: RecordedRequest, payload: Any, size: int):
        route = next(((kind, m) for verb, rx, kind in ROUTES
                      if (m := rx.fullmatch(path)) and verb == method), None)
        if route is None:
            return 404, {"message": "Not found"}, {}
        kind, match = route
        if rec.headers.get("authorization") != f"Bearer {self.access_token}":
            return 401, dict(AUTH_FAILED), {}
        if size > MAX_BODY:
            return 413, {"message": "Request Entity Too Large"}, {}
        with self._lock:
            delay = self._delays[kind].popleft().delay if self._delays[kind] else 0
            fault = self._faults[kind].popleft() if self._faults[kind] else None
            if fault is None and self._chaos is not None:
                fault = self._chaos.pick(kind)
        delay = max(delay, fault.delay if fault else 0)
        if delay and self._stopping.wait(delay):
            return 503, {"message": "Fake LINE API stopped"}, {}
        if fault and fault.drop == "before":
            return DROPPED, None, {}
        if fault and fault.status is not None:
            return fault.status, fault.body, dict(fault.headers)
        if method == "POST" and kind in JSON_BODY and not isinstance(payload, dict):
            return 400, {"message": "The request body could not be parsed as JSON"}, {}
        served = getattr(self, f"_serve_{kind}")(rec, payload, match)
        return (DROPPED, None, {}) if fault and fault.drop == "after" else served

    def _sent(self, messages: list[dict]) -> list[dict]:
        return [{"id": str(secrets.randbelow(9 * 10**17) + 10**17), "quoteToken": secrets.token_urlsafe(24)}
                for _ in messages]

    def _serve_reply(self, rec, payload, match):
        if "x-line-retry-key" in rec.headers:  # LINE refuses retry keys on the reply endpoint
            return 400, {"message": "The retry key cannot be used with the reply API"}, {}
        token = payload.get("replyToken")
        details = _validate_messages(payload.get("messages"))
        if not token:
            details.insert(0, {"message": "must be specified", "property": "replyToken"})
        if details:
            return (*_bad_request(details), {})
        with self._lock:
            if token in self._used_tokens:
                return 400, {"message": "Invalid reply token"}, {}
            self._used_tokens.add(token)
            self._deliveries.append(Delivery("reply", None, token, payload["messages"], None))
        return 200, {"sentMessages": self._sent(payload["messages"])}, {}

    def _serve_push(self, rec, payload, match):
        key = rec.headers.get("x-line-retry-key")
        details = _validate_messages(payload.get("messages"))
        if not payload.get("to"):
            details.insert(0, {"message": "must be specified", "property": "to"})
        if details:
            return (*_bad_request(details), {})
        request_id = str(uuid.uuid4())
        with self._lock:
            if key and key in self._accepted_keys:
                first_id, sent = self._accepted_keys[key]
                return (409, {"message": "The retry key is already accepted", "sentMessages": sent},
                        {"x-line-accepted-request-id": first_id})
            sent = self._sent(payload["messages"])
            if key:
                self._accepted_keys[key] = (request_id, sent)
            self._deliveries.append(Delivery("push", payload["to"], None, payload["messages"], key))
        return 200, {"sentMessages": sent}, {"x-line-request-id": request_id}

    def _serve_content(self, rec, payload, match):
        message_id = match["id"]
        with self._lock:
            if message_id not in self._content:
                return 404, {"message": "Not found"}, {}
            item = self._content[message_id]
        return (200, item, {}) if item else (410, {"message": "Gone"}, {})

    def _serve_loading(self, rec, payload, match):
        seconds = payload.get("loadingSeconds", 20)
        details = [] if payload.get("chatId") else [{"message": "must be specified", "property": "chatId"}]
        if not isinstance(seconds, int) or not 5 <= seconds <= 60 or seconds % 5:
            details.append({"message": "must be a multiple of 5 between 5 and 60", "property": "loadingSeconds"})
        return (*_bad_request(details), {}) if details else (202, {}, {})

    def _serve_profile(self, rec, payload, match):
        with self._lock:
            language = self._languages.get(match["id"], "th")
        profile = {"userId": match["id"], "displayName": "Test User"}
        return 200, {**profile, "language": language} if language else profile, {}

    def _serve_richmenu(self, rec, payload, match):
        areas = payload.get("areas")
        if not isinstance(payload.get("size"), dict) or not isinstance(areas, list) or not 1 <= len(areas) <= 20:
            return (*_bad_request([{"message": "must be specified", "property": "areas"}]), {})
        menu_id = f"richmenu-{uuid.uuid4().hex}"
        with self._lock:
            self._rich_menus[menu_id] = {**payload, "richMenuId": menu_id, "image": None}
        return 200, {"richMenuId": menu_id}, {}

    def _serve_richmenu_image(self, rec, payload, match):
        if rec.headers.get("content-type") not in ("image/png", "image/jpeg"):
            return 415, {"message": "Unsupported Media Type"}, {}
        with self._lock:
            menu = self._rich_menus.get(match["id"])
            if menu is None:
                return 404, {"message": "Not found"}, {}
            if menu["image"] is not None:
                return 400, {"message": "An image has already been uploaded to the richmenu"}, {}
            menu["image"] = rec.raw
        return 200, {}, {}

    def _serve_richmenu_default(self, rec, payload, match):
        with self._lock:
            if match["id"] not in self._rich_menus:
                return 404, {"message": "richmenu not found"}, {}
            self._default_menu = match["id"]
        return 200, {}, {}

    def _serve_richmenu_link(self, rec, payload, match):
        with self._lock:
            if match["id"] not in self._rich_menus:
                return 404, {"message": "richmenu not found"}, {}
            self._menu_of[match["user"]] = match["id"]
        return 200, {}, {}

    def _serve_richmenu_unlink(self, rec, payload, match):
        with self._lock:
            self._menu_of.pop(match["user"], None)
        return 200, {}, {}
