"""The HTTP client of deliveries: one POST to an address checked by :mod:`ssrf`.

The connection goes to the checked IP address itself (no second DNS lookup, so a name
cannot re-bind to an internal address between check and use); TLS still verifies the
certificate against the host name (SNI and hostname check use ``Target.host``) and the
``Host`` header names it. Redirects are never followed (a 3xx is a failed attempt), one
request has ``TIMEOUT_SECONDS`` for connect and read together, and at most
``MAX_BODY_BYTES`` of the answer are read.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError

from apps.webhooks.ssrf import Target

TIMEOUT_SECONDS = 10.0
MAX_BODY_BYTES = 4096
MAX_RESPONSE_HEADERS = 50
MAX_HEADER_VALUE = 1000
USER_AGENT = "TeacherSeat-Webhooks/1.0"
# CA bundle to verify receivers' certificates with; None: the system's trust store.
CA_CERTS: str | None = None


@dataclass
class Result:
    status_code: int | None
    latency_ms: int
    error: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def storable(text: str) -> str:
    """Postgres text refuses NUL; receivers may send anything."""
    return text.replace("\x00", "\ufffd")


def _pool(target: Target, address: str) -> urllib3.HTTPConnectionPool:
    timeout = urllib3.Timeout(total=TIMEOUT_SECONDS)
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            target.port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            cert_reqs="CERT_REQUIRED",
            ca_certs=CA_CERTS,
            assert_hostname=target.host,
            server_hostname=target.host,
        )
    return urllib3.HTTPConnectionPool(address, target.port, timeout=timeout, retries=False)


def _headers_of(response: urllib3.BaseHTTPResponse) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in list(response.headers.items())[:MAX_RESPONSE_HEADERS]:
        key = storable(name.lower())
        text = storable(value[:MAX_HEADER_VALUE])
        found[key] = f"{found[key]}, {text}" if key in found else text
    return found


def post(target: Target, body: bytes, headers: Mapping[str, str]) -> Result:
    """POST ``body`` to ``target``; never raises for network faults (they are a Result)."""
    request_headers = {
        **headers,
        "Host": target.host_header,
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Accept-Encoding": "identity",
    }
    started = time.monotonic()
    error = "no address to connect to"
    for address in target.addresses:
        pool = _pool(target, address)
        try:
            response = pool.urlopen(
                "POST",
                target.path,
                body=body,
                headers=request_headers,
                redirect=False,
                retries=False,
                assert_same_host=False,
                preload_content=False,
                decode_content=False,
            )
            try:
                raw = response.read(MAX_BODY_BYTES)
            finally:
                response.close()
            return Result(
                status_code=response.status,
                latency_ms=_elapsed_ms(started),
                headers=_headers_of(response),
                body=storable(raw.decode("utf-8", errors="replace")),
            )
        except NewConnectionError as exc:  # refused or unreachable: try the next address
            error = f"could not connect to {address}: {exc}"
        except HTTPError as exc:
            return Result(None, _elapsed_ms(started), error=storable(_describe(exc)))
        except OSError as exc:
            return Result(None, _elapsed_ms(started), error=storable(f"network error: {exc}"))
        finally:
            pool.close()
    return Result(None, _elapsed_ms(started), error=storable(error))


def _describe(exc: HTTPError) -> str:
    name = type(exc).__name__
    if "Timeout" in name:
        return f"timed out after {TIMEOUT_SECONDS:g} s ({name})"
    return f"{name}: {exc}"


def _elapsed_ms(started: float) -> int:
    return max(0, round((time.monotonic() - started) * 1000))
