"""Photo uploads are refused before their body is read when the sender is not signed in or has no
valid CSRF token, on a real HTTP server: the answer comes while most of the body is still unsent."""
from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest

from tests.support.browser import serving
from tests.support.images import jpeg
from tests.support.staff import COOKIE, signed_in

DECLARED = 20 * 1024 * 1024  # what the request says it will send
SENT = 64 * 1024  # what it sends before waiting for an answer
BOUNDARY = "chaeng-boundary"


def multipart(fields: dict[str, str], photo: bytes) -> bytes:
    """A multipart form body with text fields and one photo."""
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
             .encode() for name, value in fields.items()]
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; '
                 f'filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode() + photo + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def post(base: str, path: str, body: bytes, declared: int, cookie: str | None = None) -> str:
    """Send the request head and `body` (maybe only the start of `declared` bytes) on a socket;
    return the status line of the answer, which must come within 5 seconds."""
    address = urlsplit(base)
    head = [f"POST {path} HTTP/1.1", f"Host: {address.netloc}", f"Content-Length: {declared}",
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}", f"Referer: {base}/admin/"]
    if cookie:
        head.append(f"Cookie: {COOKIE}={cookie}")
    with socket.create_connection((address.hostname, address.port), timeout=5) as connection:
        connection.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        try:
            answer = connection.recv(4096)
        except socket.timeout:
            pytest.fail(f"no answer to {path} while the body was still being sent: "
                        f"the server waited to read it")
    return answer.split(b"\r\n", 1)[0].decode()


def big_start(fields: dict[str, str]) -> bytes:
    """The first SENT bytes of a DECLARED-byte upload."""
    return multipart(fields, b"\xff" * SENT)[:SENT]


def test_a_strangers_big_upload_is_refused_before_its_body_is_read(site):
    with serving(site) as base:
        status = post(base, "/admin/intake/", big_start({"description": "x"}), DECLARED)
    assert status.split()[1] in ("302", "303", "401")


def test_a_signed_in_upload_without_a_token_in_its_address_is_refused_before_its_body(site):
    operator = signed_in(site, "op@city.go.th", "operator")
    token = operator.token()  # in the body only, where reading it means reading the photos
    with serving(site) as base:
        status = post(base, "/admin/intake/", big_start({"csrf_token": token}), DECLARED,
                      operator.cookie())
    assert status.split()[1] == "400"


def test_a_signed_in_upload_with_a_wrong_token_is_refused_before_its_body(site):
    operator = signed_in(site, "op@city.go.th", "operator")
    with serving(site) as base:
        status = post(base, "/admin/intake/?csrf_token=forged", big_start({}), DECLARED,
                      operator.cookie())
    assert status.split()[1] == "400"


def test_a_signed_in_upload_with_its_token_in_the_address_is_taken(site):
    operator = signed_in(site, "op@city.go.th", "operator")
    body = multipart({"description": "ไฟดับทั้งซอย", "address": "ซอยสุขุมวิท 11 เขตวัฒนา"}, jpeg())
    with serving(site) as base:
        status = post(base, f"/admin/intake/?csrf_token={operator.token()}", body, len(body),
                      operator.cookie())
    assert status.split()[1] == "302"
