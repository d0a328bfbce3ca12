"""Hostile URLs are refused before any connection: numeric tricks, IPv6 wrappers, metadata
addresses, internal names and DNS names resolving to private addresses."""

from __future__ import annotations

import socket

import pytest

from apps.webhooks import ssrf

FAKE_DNS = {
    "hooks.example.com": ["93.184.216.34"],
    "v6.example.com": ["2606:4700:4700::1111"],
    "evil.example.com": ["127.0.0.1"],
    "localtest.me": ["127.0.0.1"],
    "metadata.example.com": ["169.254.169.254"],
    "mixed.example.com": ["93.184.216.34", "10.0.0.1"],
    "mapped.example.com": ["::ffff:169.254.169.254"],
    "example.com": ["93.184.216.34"],
}


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch, settings):
    """Resolve from FAKE_DNS (IP literals as themselves); nothing is allowed privately."""
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in FAKE_DNS:
            return [
                (
                    socket.AF_INET6 if ":" in ip else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (ip, port, 0, 0) if ":" in ip else (ip, port),
                )
                for ip in FAKE_DNS[host]
            ]
        try:
            import ipaddress

            ipaddress.ip_address(host.split("%")[0])
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


HOSTILE = [
    ("http://2130706433/", "numeric host"),
    ("http://0177.0.0.1/", "numeric host"),
    ("http://0x7f.0.0.1/", "numeric host"),
    ("http://0x7f000001/", "numeric host"),
    ("http://127.1/", "numeric host"),
    ("http://127.0.0.1/", "loopback"),
    ("http://127.0.0.1:8000/admin", "loopback"),
    ("http://[::1]/", "loopback"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://[::ffff:7f00:1]/", "loopback"),
    ("http://[::127.0.0.1]/", "loopback"),
    ("http://[0:0:0:0:0:ffff:7f00:0001]/", "loopback"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[::ffff:169.254.169.254]/", "link-local"),
    ("http://[fd00:ec2::254]/latest/meta-data/", "private"),
    ("http://[fe80::1%25eth0]/", "zone"),
    ("http://[2002:7f00:1::]/", "loopback"),  # 6to4 wrapping 127.0.0.1
    ("http://[64:ff9b::a9fe:a9fe]/", "link-local"),  # NAT64 wrapping 169.254.169.254
    ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "wrapped"),  # Teredo → 127.0.0.1
    ("http://10.0.0.1/", "private"),
    ("http://172.16.5.4/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://100.64.0.1/", "reserved"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://[::]/", "unspecified"),
    ("http://224.0.0.1/", "multicast"),
    ("http://255.255.255.255/", "private"),
    ("http://198.18.0.1/", "private"),
    ("http://localhost/", "internal host name"),
    ("http://metadata.google.internal/computeMetadata/v1/", "internal host name"),
    ("http://printer.local/", "internal host name"),
    ("http://intranet/", "internal host name"),
    ("https://evil.example.com/", "resolves to 127.0.0.1"),
    ("https://localtest.me/", "resolves to 127.0.0.1"),
    ("https://metadata.example.com/", "resolves to 169.254.169.254"),
    ("https://mixed.example.com/", "resolves to 10.0.0.1"),
    ("https://mapped.example.com/", "wrapped in IPv6"),
    ("https://nowhere.invalid/", "does not resolve"),
    ("https://user:pass@hooks.example.com/", "user name or password"),
    ("https://hooks.example.com@evil.example.com/", "user name or password"),
    ("ftp://hooks.example.com/", "https://"),
    ("javascript:alert(1)", "https://"),
    ("file:///etc/passwd", "https://"),
    ("//hooks.example.com/", "https://"),
    ("https:///path", "no host"),
    ("https://hooks.example.com:0/", "port"),
    ("https://hooks.example.com:99999/", "valid URL"),
    ("https://hooks.example.com:-1/", "valid URL"),
    ("https://hooks .example.com/", "spaces"),
    ("https://hooks.example.com/\r\nX-Evil: 1", "control characters"),
    ("https://hooks.example.com\\@evil.example.com/", "backslashes"),
    ("https://ex\u0430mple.com/", "ASCII"),  # Cyrillic a
    ("https://-bad-.example.com/", "not valid"),
    ("", "at most"),
    ("https://" + "a" * 2100 + ".com/", "at most"),
]


@pytest.mark.parametrize(("url", "why"), HOSTILE, ids=[u[:60] for u, _ in HOSTILE])
def test_hostile_urls_are_refused_with_a_reason(url, why):
    with pytest.raises(ssrf.UnsafeUrl) as refused:
        ssrf.check_url(url)
    assert why.lower() in str(refused.value).lower(), str(refused.value)


def test_plain_http_is_refused_when_not_allowed(settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    with pytest.raises(ssrf.UnsafeUrl, match="https://"):
        ssrf.check_url("http://hooks.example.com/")
    assert ssrf.check_url("https://hooks.example.com/").scheme == "https"


def test_a_public_host_gives_the_checked_address_to_connect_to():
    target = ssrf.check_url("https://Hooks.Example.com:8443/in?x=1&y=2")
    assert target.host == "hooks.example.com" and target.port == 8443
    assert target.addresses == ("93.184.216.34",)
    assert target.path == "/in?x=1&y=2" and target.host_header == "hooks.example.com:8443"
    six = ssrf.check_url("https://v6.example.com")
    assert six.addresses == ("2606:4700:4700::1111",) and six.path == "/"
    assert six.host_header == "v6.example.com"
    literal = ssrf.check_url("https://[2606:4700:4700::1111]/")
    assert literal.host_header == "[2606:4700:4700::1111]"


def test_allowed_private_hosts_skip_only_the_address_check(settings):
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1", "localtest.me"]
    assert ssrf.check_url("http://127.0.0.1:9000/x").addresses == ("127.0.0.1",)
    assert ssrf.check_url("https://localtest.me/").addresses == ("127.0.0.1",)
    for url in ("http://127.1/", "http://2130706433/", "http://[::1]/", "https://evil.example.com"):
        with pytest.raises(ssrf.UnsafeUrl):
            ssrf.check_url(url)


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e"],
)
def test_public_addresses_pass(address):
    import ipaddress

    assert ssrf.address_problem(ipaddress.ip_address(address)) is None
