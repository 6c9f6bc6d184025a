"""Webhook subscribers: real servers on loopback that record what they are sent.

`Subscriber` speaks HTTP and answers with scripted statuses (optionally only once released, or
redirecting elsewhere); `RawServer` misbehaves below HTTP: it trickles header lines, hangs up or
speaks another protocol.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import select
import socket
import socketserver
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOOPBACK = ("127.0.0.1",)  # WEBHOOK_ALLOWED_PRIVATE_HOSTS for tests whose subscribers run here
HOLD_AT_MOST = 120.0  # a held subscriber answers by itself after this, so no test hangs forever


@dataclass
class Received:
    """One request as the subscriber saw it."""

    headers: dict
    body: bytes
    method: str = "POST"

    @property
    def json(self) -> dict:
        """The body, parsed."""
        return json.loads(self.body)

    def signed_with(self, secret: str) -> bool:
        """Whether X-Chaeng-Signature is the HMAC-SHA256 of the body with secret."""
        expected = "sha256=" + hmac.new(secret.encode(), self.body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(self.headers.get("X-Chaeng-Signature", ""), expected)


class Subscriber:
    """Answers each POST with the next scripted status (then `then`), recording every request.

    hold: answer only once this event is set; delay: seconds to wait before answering;
    location: sent as Location (for scripted 3xx answers)."""

    def __init__(self, statuses: list[int] = (), then: int = 200, *,
                 hold: threading.Event | None = None, delay: float = 0.0,
                 location: str | None = None):
        self.script, self.then = list(statuses), then
        self.received: list[Received] = []
        self.answered: list[int] = []
        self.arrived = threading.Event()  # a request came in
        self.in_flight = self.most_in_flight = 0
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server protocol
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                owner._answer(self, Received(dict(self.headers), body, self.command), hold,
                              delay, location)

            do_GET = do_POST  # a redirected client may come back with a GET

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def _answer(self, handler, received: Received, hold, delay: float, location) -> None:
        """Record a request, wait as scripted, answer with the next status."""
        with self._lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            self.received.append(received)
        self.arrived.set()
        try:
            if hold is not None:
                hold.wait(HOLD_AT_MOST)
            time.sleep(delay)
            with self._lock:
                status = self.script.pop(0) if self.script else self.then
            handler.send_response(status)
            if location:
                handler.send_header("Location", location)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            with self._lock:
                self.answered.append(status)
        finally:
            with self._lock:
                self.in_flight -= 1

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


@dataclass
class Connection:
    """One connection to a RawServer: the delivery it carried and how it ended."""

    delivery: str
    started: float
    ended: float | None = None
    cut: bool = False  # the client closed it before the script was through
    lines: int = 0  # script chunks written


@dataclass
class RawServer:
    """Reads each request, then writes `chunks`, one every `every` seconds, and hangs up."""

    chunks: list[bytes] = field(default_factory=list)
    every: float = 0.0
    connections: list[Connection] = field(default_factory=list)

    def __post_init__(self):
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                owner._serve(self.request)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def _serve(self, sock: socket.socket) -> None:
        """Play the script on one connection, noting whether the client cut it short."""
        connection = Connection(_delivery_id(_read_request(sock)), time.monotonic())
        self.connections.append(connection)
        try:
            for n, chunk in enumerate(self.chunks):
                if n and self.every and _hung_up(sock, self.every):
                    raise ConnectionResetError("the client hung up")
                sock.sendall(chunk)
                connection.lines += 1
        except OSError:
            connection.cut = True
        connection.ended = time.monotonic()

    def overlapping(self) -> list[str]:
        """Deliveries that were on two connections at the same moment."""
        spans = [(c.delivery, c.started, c.ended or float("inf")) for c in self.connections]
        return [a[0] for i, a in enumerate(spans) for b in spans[i + 1:]
                if a[0] == b[0] and a[1] < b[2] and b[1] < a[2]]

    def __enter__(self) -> "RawServer":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def trickling(lines: int = 60, every: float = 2.0) -> RawServer:
    """A subscriber that starts its answer at once, then sends one header line every `every` s."""
    return RawServer([b"HTTP/1.1 200 OK\r\n"] + [b"X-Wait: %d\r\n" % n for n in range(lines)]
                     + [b"Content-Length: 0\r\n\r\n"], every)


def _hung_up(sock: socket.socket, wait: float) -> bool:
    """Wait up to `wait` seconds; whether the client closed its end meanwhile (noticed at once)."""
    readable, _, _ = select.select([sock], [], [], wait)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def _read_request(sock: socket.socket) -> bytes:
    """The request's head and body, as far as the client sends them."""
    sock.settimeout(10)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return data
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    except OSError:
        pass
    return data


def _delivery_id(request: bytes) -> str:
    """The X-Chaeng-Delivery header of a raw request ('' if none)."""
    for line in request.split(b"\r\n"):
        if line.lower().startswith(b"x-chaeng-delivery:"):
            return line.split(b":", 1)[1].strip().decode()
    return ""
