"""Which URLs a webhook may be sent to (server-side request forgery defence).

A URL is accepted when it is ``https://`` (``http://`` only with ``WEBHOOKS_ALLOW_HTTP``),
has no user name or password, a host name and an optional port, and **every** address its
host resolves to is a public unicast address. Refused: loopback, private (RFC 1918, ULA),
link-local (cloud metadata 169.254.169.254, fd00:ec2::254), CGNAT 100.64/10, multicast,
reserved, unspecified, documentation ranges, and IPv6 forms wrapping such an IPv4 address
(IPv4-mapped/compatible, 6to4, Teredo, NAT64). Numeric hosts must be canonical
(``2130706433``, ``0177.0.0.1``, ``0x7f.1``, ``127.1`` are refused before any lookup).
Hosts listed in ``WEBHOOKS_ALLOWED_PRIVATE_HOSTS`` (development and tests) skip the address
check, never the resolution.

The check runs at registration and again before every delivery, whose connection goes to
the exact address checked here (no second lookup: see :mod:`apps.webhooks.client`).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Beyond what ``is_global`` already refuses (and explicit, whatever the Python version).
BLOCKED_NETWORKS = [
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "::/96",
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    )
]
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
# Names that only ever mean something inside a network.
INTERNAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".lan")
HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
NUMERIC_LOOKING = re.compile(r"^[0-9a-fx.]+$")
MAX_URL_LENGTH = 2048


class UnsafeUrl(ValueError):
    """The URL may not receive webhooks; the message says why, for people."""


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (``address``) and what to call it (``host``)."""

    scheme: str
    host: str
    port: int
    path: str  # path and query, at least "/"
    addresses: tuple[str, ...]  # every address the host resolved to, all checked

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == default else f"{name}:{self.port}"


def _allowed_private_hosts() -> set[str]:
    return {h.strip().lower().strip("[]") for h in settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS}


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries (mapped, compatible, 6to4, Teredo, NAT64)."""
    found: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    if address in NAT64 or address in IPV4_COMPATIBLE:
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def address_problem(address: IPAddress) -> str | None:
    """Why an address may not receive webhooks, or None for a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return "an IPv6 address with a zone"
        if address.is_loopback or address.is_unspecified:
            return "a loopback address" if address.is_loopback else "the unspecified address"
        for inner in _embedded_ipv4(address):
            problem = address_problem(inner)
            if problem is not None:
                return f"{problem} (wrapped in IPv6)"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address (cloud metadata lives there)"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified:
        return "the unspecified address"
    if address.is_private:
        return "a private network address"
    if any(
        address in network for network in BLOCKED_NETWORKS if network.version == address.version
    ):
        return "a reserved or internal address"
    if address.is_reserved or not address.is_global:
        return "a reserved address"
    return None


def _parse(url: str) -> SplitResult:
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LENGTH:
        raise UnsafeUrl(f"Give a URL of at most {MAX_URL_LENGTH} characters.")
    if any(ord(c) < 33 or ord(c) == 127 for c in url) or "\\" in url:
        raise UnsafeUrl("The URL contains spaces, control characters or backslashes.")
    if not url.isascii():
        raise UnsafeUrl("Write the URL in ASCII (use punycode for international host names).")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise UnsafeUrl(f"This is not a valid URL ({exc}).") from exc
    return parts


def check_syntax(url: str) -> tuple[SplitResult, str, int]:
    """``(parts, host, port)`` of an acceptable URL, before any lookup; else UnsafeUrl."""
    parts = _parse(url)
    scheme = parts.scheme.lower()
    if scheme not in {"https", "http"}:
        raise UnsafeUrl("The URL must start with https://.")
    if scheme == "http" and not settings.WEBHOOKS_ALLOW_HTTP:
        raise UnsafeUrl("The URL must use https:// (plain http:// is not allowed).")
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise UnsafeUrl("The URL may not contain a user name or password.")
    host = (parts.hostname or "").lower()
    if not host:
        raise UnsafeUrl("The URL has no host name.")
    port = parts.port if parts.port is not None else (443 if scheme == "https" else 80)
    if port == 0:
        raise UnsafeUrl("The URL's port must be between 1 and 65535.")
    _check_host_name(host)
    return parts, host, port


def _check_host_name(host: str) -> None:
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:  # a canonical IPv4 or IPv6 literal: checked before any lookup
        problem = None if host in _allowed_private_hosts() else address_problem(literal)
        if problem is not None:
            raise UnsafeUrl(f"{host} is {problem}; webhooks go to public addresses only.")
        return
    if NUMERIC_LOOKING.match(host):
        labels = host.rstrip(".").split(".")
        if all(re.fullmatch(r"0x[0-9a-f]*|[0-9]+", label) for label in labels):
            raise UnsafeUrl(
                "Write a numeric host as a plain dotted IPv4 address (like 203.0.113.7)."
            )
    name = host.rstrip(".")
    labels = name.split(".")
    if len(name) > 253 or not all(HOST_LABEL.match(label) for label in labels):
        raise UnsafeUrl("The URL's host name is not valid.")
    if name in _allowed_private_hosts():
        return
    if name == "localhost" or name.endswith(INTERNAL_SUFFIXES) or len(labels) == 1:
        raise UnsafeUrl(f"{name} is an internal host name; webhooks go to public hosts only.")


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (one ``getaddrinfo``)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise UnsafeUrl(f"The host name {host} does not resolve.") from exc
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        text = str(sockaddr[0]).split("%", 1)[0]
        address = ipaddress.ip_address(text)
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnsafeUrl(f"The host name {host} does not resolve.")
    return addresses


def check_url(url: str) -> Target:
    """Check ``url`` and resolve its host; the :class:`Target` to connect to, or UnsafeUrl.

    Every resolved address must pass (an attacker's name may return a public and a private
    address and hope the client picks the second); the first one is used.
    """
    parts, host, port = check_syntax(url)
    addresses = resolve(host, port)
    if host.rstrip(".") not in _allowed_private_hosts():
        for address in addresses:
            problem = address_problem(address)
            if problem is not None:
                raise UnsafeUrl(
                    f"{host} resolves to {address}, {problem}; webhooks go to public "
                    "addresses only."
                )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(
        scheme=parts.scheme.lower(),
        host=host,
        port=port,
        path=path,
        addresses=tuple(str(a) for a in addresses),
    )
