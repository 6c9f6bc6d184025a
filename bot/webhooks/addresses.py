"""Where a webhook may go: public addresses only, unless the city names a host of its own network.

A URL is checked when a subscriber is registered and again before every delivery, after resolving
its host the way the operating system does (getaddrinfo: 0x7f000001, 2130706433 and 0177.1 are all
127.0.0.1, as a connection would find them). Every address the name resolves to must pass, and
the delivery connects only to the addresses that were checked, so a name cannot answer with a public
address for the check and a private one for the connection (DNS rebinding).
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

Resolve = Callable[[str, int], list[str]]  # (host, port) -> the addresses to connect to
# An IPv6 address that carries an IPv4 one a gateway would reach (NAT64, 6to4, IPv4-mapped):
# judged by the IPv4 address inside.
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class NotAllowed(ValueError):
    """The URL is malformed or leads to an address webhooks may not reach."""


class PrivateAddress(NotAllowed):
    """The URL's host resolves to an address that is not on the public internet."""


@dataclass(frozen=True)
class Target:
    """A checked destination: the URL's parts, and the addresses to connect to for it, in order."""

    scheme: str
    host: str  # as the URL names it: sent as Host and checked against the TLS certificate
    port: int
    path: str
    addresses: tuple[str, ...]


def system_resolve(host: str, port: int) -> list[str]:
    """The addresses the operating system would connect to for host:port."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def check_url(url: str, allowed: tuple[str, ...], resolve: Resolve = system_resolve) -> None:
    """Refuse a URL that is malformed or resolves to an address not allowed. A name that does not
    resolve (yet) passes: every delivery resolves and checks it again."""
    try:
        resolve_target(url, allowed, resolve)
    except OSError:
        pass


def resolve_target(url: str, allowed: tuple[str, ...], resolve: Resolve = system_resolve) -> Target:
    """Resolve the URL's host and check every address; raise NotAllowed, or OSError when the
    name does not resolve."""
    scheme, host, port, path = _parts(url)
    name = host.rstrip(".")
    # localhost and its subdomains are loopback whatever a resolver says of them (RFC 6761).
    addresses = ["127.0.0.1"] if name == "localhost" or name.endswith(".localhost") \
        else resolve(host, port)
    if not addresses:
        raise OSError(f"{host} has no address")
    for address in addresses:
        if blocked(address) and not _allowed(host, address, allowed):
            raise PrivateAddress(f"{host} is a private, loopback or reserved address "
                             f"(allow it by name with WEBHOOK_ALLOWED_PRIVATE_HOSTS)")
    return Target(scheme, host, port, path, tuple(addresses))


def blocked(address: str) -> bool:
    """Whether an address is private, loopback, link-local, multicast, unspecified, reserved or
    carrier-grade NAT: anything but the public internet."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        inner = ip.ipv4_mapped or ip.sixtofour or (
            ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in NAT64 else None)
        if inner is not None:
            return blocked(str(inner))
        if ip.is_site_local:
            return True
    return (not ip.is_global or ip.is_private or ip.is_loopback or ip.is_link_local
            or ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def _allowed(host: str, address: str, allowed: tuple[str, ...]) -> bool:
    """Whether the city allowed this host by name, or this address (or its network)."""
    if host.rstrip(".") in allowed:  # urlsplit gives the host in lower case
        return True
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    for entry in allowed:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:  # a name, not an address
            continue
    return False


def _parts(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) URL; NotAllowed says what is wrong."""
    if not url.startswith(("http://", "https://")) or len(url) > 2000:
        raise NotAllowed("the URL must start with http:// or https://")
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise NotAllowed("the URL's host or port is not valid") from None
    if not parts.hostname:
        raise NotAllowed("the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise NotAllowed("the URL must not carry a user name or password")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path
