"""The only module that imports the LINE SDK: reply, push, content downloads and rich menus."""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote

import urllib3
from linebot.v3.messaging import (ApiClient, ApiException, Configuration, MessagingApi,
                                  MessagingApiBlob, RichMenuRequest)

log = logging.getLogger(__name__)


class LineError(Exception):
    """A LINE API call failed; `status` is None when no answer came (time-out, refused)."""

    def __init__(self, message: str, status: int | None = None, body: str = "",
                 retry_after: float | None = None):
        super().__init__(message)
        self.status, self.body, self.retry_after = status, body, retry_after

    @property
    def invalid_reply_token(self) -> bool:
        """LINE refused the reply token: used already or expired."""
        return self.status == 400 and "reply token" in self.body.lower()

    @property
    def retryable(self) -> bool:
        """Worth trying again later: no answer, rate limited or a server error."""
        return self.status is None or self.status == 429 or self.status >= 500

    @property
    def ambiguous(self) -> bool:
        """LINE may have acted on the request although we saw no answer."""
        return self.status is None


class ContentTooLarge(LineError):
    """The media is over the size cap; found while reading, so it was never held whole."""

    def __init__(self, max_bytes: int):
        super().__init__(f"image is larger than {max_bytes // (1024 * 1024)} MB", 413)


CHUNK = 64 * 1024


@dataclass(frozen=True)
class Content:
    """Bytes of a message's media and the type LINE says they are."""

    data: bytes
    content_type: str


class LineClient:
    """Talks to LINE's Messaging API (or any server that speaks it, such as the simulator)."""

    def __init__(self, base_url: str, access_token: str, timeout: float = 10.0,
                 content_timeout: float = 5.0, content_deadline: float = 30.0):
        # retries=False: the outbox decides about retries, with retry keys, not urllib3.
        self._config = Configuration(host=base_url.rstrip("/"), access_token=access_token)
        self._config.retries = False
        self._timeout = timeout
        self._content_timeout, self._content_deadline = content_timeout, content_deadline
        self._local = threading.local()  # one keep-alive client per thread: no handshake per call

    def reply(self, reply_token: str, messages: list[dict]) -> None:
        """Send messages with a reply token (free, one use, about a minute)."""
        self._post("/v2/bot/message/reply", {"replyToken": reply_token, "messages": messages})

    def push(self, to: str, messages: list[dict], retry_key: str) -> None:
        """Push messages; a repeat of an accepted retry key (409) counts as delivered."""
        try:
            self._post("/v2/bot/message/push", {"to": to, "messages": messages},
                       {"X-Line-Retry-Key": retry_key})
        except LineError as error:
            if error.status != 409:
                raise
            log.info("push %s was already accepted by LINE", retry_key)

    def content(self, message_id: str, max_bytes: int) -> Content:
        """Download the bytes a user sent, in chunks, giving up once over max_bytes or the deadline."""
        def download(api: ApiClient) -> Content:
            # The SDK's content call reads the whole body into memory first; stream it instead.
            response = api.request(
                "GET", f"{self._config.host}/v2/bot/message/{quote(message_id, safe='')}/content",
                headers={"Authorization": f"Bearer {self._config.access_token}"},
                _preload_content=False, _request_timeout=(self._content_timeout, self._content_timeout))
            try:
                data = _read_capped(response, max_bytes, time.monotonic() + self._content_deadline)
                content_type = response.headers.get("Content-Type", "application/octet-stream")
            except BaseException:
                response.close()  # a body left half read cannot go back to the pool
                raise
            response.release_conn()
            return Content(data, content_type.split(";")[0].strip())
        return self._call(download)

    def show_loading(self, chat_id: str, seconds: int = 20) -> None:
        """Show the typing animation in a 1:1 chat until the next message or `seconds` pass."""
        self._post("/v2/bot/chat/loading/start", {"chatId": chat_id, "loadingSeconds": seconds})

    def profile_language(self, user_id: str) -> str | None:
        """The language of the user's LINE app, as their profile says (None when it does not)."""
        profile = self._call(lambda api: MessagingApi(api).get_profile(
            user_id, _request_timeout=self._timeout))
        return getattr(profile, "language", None)

    def create_rich_menu(self, menu: dict, image_png: bytes) -> str:
        """Create a rich menu with its image; return LINE's id for it."""
        request = _build(RichMenuRequest, menu)
        answer = self._call(lambda api: MessagingApi(api).create_rich_menu(
            request, _request_timeout=self._timeout))
        self._call(lambda api: MessagingApiBlob(api).set_rich_menu_image(
            answer.rich_menu_id, image_png, _headers={"Content-Type": "image/png"},
            _request_timeout=self._timeout))
        return answer.rich_menu_id

    def set_default_rich_menu(self, rich_menu_id: str) -> None:
        """Show this rich menu to every user without a menu of their own."""
        self._call(lambda api: MessagingApi(api).set_default_rich_menu(
            rich_menu_id, _request_timeout=self._timeout))

    def link_rich_menu(self, user_id: str, rich_menu_id: str) -> None:
        """Show this rich menu to one user."""
        self._call(lambda api: MessagingApi(api).link_rich_menu_id_to_user(
            user_id, rich_menu_id, _request_timeout=self._timeout))

    def unlink_rich_menu(self, user_id: str) -> None:
        """Give a user back the default rich menu."""
        self._call(lambda api: MessagingApi(api).unlink_rich_menu_id_from_user(
            user_id, _request_timeout=self._timeout))

    def _post(self, path: str, payload: dict, headers: dict | None = None) -> None:
        """POST our own message JSON through the SDK's connection pool. The SDK's request models
        (a pydantic round trip per message, each flex box a model) cost a sixth of the worker's
        CPU; the messages are ours, built by bot/line/messages.py, and LINE checks them itself:
        a malformed one comes back as a 400, which is never retried."""
        def post(api: ApiClient) -> None:
            api.request("POST", f"{self._config.host}{path}", body=payload,
                        headers={"Authorization": f"Bearer {self._config.access_token}",
                                 "Content-Type": "application/json",
                                 "User-Agent": api.user_agent, **(headers or {})},
                        _request_timeout=self._timeout)
        self._call(post)

    def _api(self) -> ApiClient:
        """This thread's SDK client, made on first use and kept, so its connections are reused."""
        api = getattr(self._local, "api", None)
        if api is None:
            api = self._local.api = ApiClient(self._config)
        return api

    def _call(self, operation):
        """Run one SDK call and turn its failures into LineError."""
        try:
            return operation(self._api())
        except ApiException as error:
            raise LineError(f"LINE answered {error.status}", error.status, _text(error.body),
                            _retry_after(error.headers)) from None
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise LineError(f"no answer from LINE: {type(error).__name__}") from None


def _read_capped(response, max_bytes: int, deadline: float) -> bytes:
    """Read a streamed body, refusing it as soon as it is over max_bytes or past the deadline."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ContentTooLarge(max_bytes)
    parts, size = [], 0
    while chunk := response.read1(CHUNK):  # whatever has arrived, so the deadline is checked
        size += len(chunk)
        if size > max_bytes:
            raise ContentTooLarge(max_bytes)
        if time.monotonic() > deadline:
            raise LineError("the download took too long")  # no status: retried later
        parts.append(chunk)
    return b"".join(parts)


def _build(model, payload: dict):
    """Validate a request with the SDK's model; a malformed message is our bug, never retried."""
    try:
        return model.from_dict(payload)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise LineError(f"message refused before sending: {error}", 400, str(error)) from None


def _retry_after(headers) -> float | None:
    """Seconds LINE asks us to wait (a 429's Retry-After), when it says so in seconds."""
    try:
        return float((headers or {}).get("Retry-After"))
    except (TypeError, ValueError):
        return None


def _text(body) -> str:
    """An error body as text, whatever the SDK handed over."""
    if isinstance(body, bytes):
        return body.decode("utf-8", "replace")
    return str(body or "")
