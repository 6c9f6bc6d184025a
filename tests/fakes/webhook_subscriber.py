"""A webhook subscriber: a real HTTP server on loopback that records what it is sent."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    """One POST as the subscriber saw it."""

    headers: dict
    body: bytes

    @property
    def json(self) -> dict:
        """The body, parsed."""
        return json.loads(self.body)

    def signed_with(self, secret: str) -> bool:
        """Whether X-Chaeng-Signature is the HMAC-SHA256 of the body with secret."""
        expected = "sha256=" + hmac.new(secret.encode(), self.body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(self.headers.get("X-Chaeng-Signature", ""), expected)


class Subscriber:
    """Answers each POST with the next scripted status (then `then`), recording every one."""

    def __init__(self, statuses: list[int] = (), then: int = 200):
        self.script, self.then = list(statuses), then
        self.received: list[Received] = []
        self.answered: list[int] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server protocol
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = owner.script.pop(0) if owner.script else owner.then
                owner.received.append(Received(dict(self.headers), body))
                owner.answered.append(status)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self) -> "Subscriber":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def events(self) -> list[tuple[str, str]]:
        """(event, ticket id) of every delivery that was answered 2xx."""
        return [(r.json["event"], r.json["case"]["ticket_id"])
                for r, status in zip(self.received, self.answered) if status < 300]
