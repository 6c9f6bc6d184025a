"""One webhook POST: to the address that was checked, over by its deadline, no redirect followed.

A per-read time-out does not bound a server that trickles a header line every few seconds, so a
watchdog timer shuts the socket down at the deadline, whatever the exchange is doing then. The
worker cuts it the same way when it stops.
"""
from __future__ import annotations

import functools
import http.client
import socket
import ssl
import threading
import time

from bot.webhooks.addresses import Target

# Everything a failed exchange raises: refused, reset, timed out, cut, TLS, a malformed answer.
FAILURES = (OSError, ValueError, http.client.HTTPException)


class Exchange:
    """A POST that its deadline, or a stopping worker, can cut at any moment."""

    def __init__(self, deadline: float):
        self.deadline = deadline  # time.monotonic() by which the exchange is over
        self.stopped = False  # cut by a stopping worker rather than by the deadline
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None  # a duplicate handle, to shut the connection
        self._cut = False

    def remaining(self) -> float:
        """Seconds left before the deadline."""
        return self.deadline - time.monotonic()

    def post(self, target: Target, headers: dict, body: bytes) -> int:
        """POST the body to the target's checked address and return the answer's status; raise
        one of FAILURES when the exchange fails, runs out of time or is cut."""
        remaining = self.remaining()
        if remaining <= 0 or self._cut:
            raise TimeoutError("no time left")
        connection = self._connection(target, remaining)
        watchdog = threading.Timer(remaining, self.cut)
        watchdog.daemon = True
        watchdog.start()
        try:
            connection.request("POST", target.path, body=body, headers=headers)
            status = connection.getresponse().status  # the body is not read: the status is enough
            if self._cut:  # http.client takes a connection shut mid-headers for their end
                raise TimeoutError("cut before the answer was complete")
            return status
        finally:
            watchdog.cancel()
            connection.close()
            self._forget_socket()

    def cut(self, *, stopping: bool = False) -> None:
        """End the exchange now: any read or write in progress fails at once."""
        with self._lock:
            self._cut, self.stopped = True, self.stopped or stopping
            if self._socket is not None:
                _shut(self._socket)

    def _connection(self, target: Target, timeout: float) -> http.client.HTTPConnection:
        """An HTTP(S) connection named for the URL's host (Host header, TLS name and certificate)
        that connects to the checked addresses only: the first that answers, as a client does."""
        if target.scheme == "https":
            connection = http.client.HTTPSConnection(target.host, target.port, timeout=timeout,
                                                     context=_tls())
        else:
            connection = http.client.HTTPConnection(target.host, target.port, timeout=timeout)

        def connect(_address, _timeout, source_address=None):
            made = self._connect_first(target, source_address)
            self._keep_socket(made)
            return made

        connection._create_connection = connect  # http.client's own seam for making the socket
        return connection

    def _connect_first(self, target: Target, source_address) -> socket.socket:
        """A socket to the first of the checked addresses that accepts, before the deadline."""
        for n, address in enumerate(target.addresses):
            left = self.remaining()
            if left <= 0:
                raise TimeoutError("no time left to connect")
            try:
                return socket.create_connection((address, target.port), left, source_address)
            except OSError:
                if n == len(target.addresses) - 1:
                    raise
        raise OSError("no address to connect to")

    def _keep_socket(self, made: socket.socket) -> None:
        """Hold a duplicate of the connection's socket (TLS takes the original over) to cut it."""
        with self._lock:
            self._socket = made.dup()
            if self._cut:
                _shut(self._socket)

    def _forget_socket(self) -> None:
        """Close the duplicate handle once the exchange is over."""
        with self._lock:
            if self._socket is not None:
                self._socket.close()
                self._socket = None


@functools.cache
def _tls() -> ssl.SSLContext:
    """The system's trusted certificates, loaded once: certificate and name are always checked."""
    return ssl.create_default_context()


def _shut(handle: socket.socket) -> None:
    """Shut a connection down both ways; an already closed one is fine."""
    try:
        handle.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
