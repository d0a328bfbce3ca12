"""HTTPS deliveries connect to the checked IP address yet verify the certificate for the
host name (SNI and hostname check), and never skip verification."""

from __future__ import annotations

import datetime as dt
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from apps.webhooks import client, ssrf

BODY = b'{"type":"x"}'


def self_signed(tmp_path: Path, name: str) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


class TlsReceiver:
    def __init__(self, cert: str, key: str) -> None:
        self.sni: list[str | None] = []
        self.hosts: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.hosts.append(self.headers["Host"])
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        context.sni_callback = lambda sock, name, ctx: self.sni.append(name)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def localhost_tls(tmp_path: Path) -> Iterator[tuple[TlsReceiver, str]]:
    cert, key = self_signed(tmp_path, "localhost")
    receiver = TlsReceiver(cert, key)
    yield receiver, cert
    receiver.stop()


def target(port: int) -> ssrf.Target:
    checked = ssrf.check_url(f"https://localhost:{port}/in")
    # Connect to the IPv4 address the server listens on, whatever else localhost resolves to.
    return ssrf.Target(checked.scheme, checked.host, checked.port, checked.path, ("127.0.0.1",))


def test_an_untrusted_certificate_is_refused(localhost_tls):
    receiver, _ = localhost_tls
    result = client.post(target(receiver.port), BODY, {})
    assert result.status_code is None and "CERTIFICATE_VERIFY_FAILED" in result.error
    assert receiver.sni == ["localhost"] and receiver.hosts == []


def test_a_trusted_certificate_for_the_host_name_is_accepted_over_the_ip(
    localhost_tls, monkeypatch
):
    receiver, cert = localhost_tls
    monkeypatch.setattr(client, "CA_CERTS", cert)
    result = client.post(target(receiver.port), BODY, {})
    assert result.status_code == 204, result.error
    assert receiver.sni == ["localhost"]
    assert receiver.hosts == [f"localhost:{receiver.port}"]


def test_a_certificate_for_another_name_is_refused(tmp_path, monkeypatch):
    cert, key = self_signed(tmp_path, "other.example")
    receiver = TlsReceiver(cert, key)
    try:
        monkeypatch.setattr(client, "CA_CERTS", cert)
        result = client.post(target(receiver.port), BODY, {})
        assert result.status_code is None
        assert "CERTIFICATE_VERIFY_FAILED" in result.error or "hostname" in result.error.lower()
        assert receiver.hosts == []
    finally:
        receiver.stop()
