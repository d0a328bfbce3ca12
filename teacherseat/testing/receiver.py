"""A local webhook receiver for tests and benchmarks: records every request it gets.

Each path chooses a behaviour, so one receiver can play several endpoints at once:

- ``/ok/<name>`` answers 204 at once;
- ``/status/<code>/<name>`` answers that status;
- ``/slow/<seconds>/<name>`` answers 204 after that delay;
- ``/hang/<name>`` never answers within any timeout we use (60 s).

Requests are recorded with their arrival time (``time.monotonic()``), headers and body.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    thread: threading.Thread
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def received(self, prefix: str = "") -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.path.startswith(prefix)]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with receiver.lock:
                receiver.requests.append(
                    Received(self.path, dict(self.headers.items()), body, time.monotonic())
                )
            parts = self.path.strip("/").split("/")
            status = 204
            if parts[0] == "status" and len(parts) > 1 and parts[1].isdigit():
                status = int(parts[1])
            elif parts[0] == "slow" and len(parts) > 1:
                time.sleep(float(parts[1]))
            elif parts[0] == "hang":
                time.sleep(60)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


def start_receiver() -> Receiver:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    receiver = Receiver(server=server, thread=threading.Thread(target=lambda: None))
    server.RequestHandlerClass = _handler(receiver)
    receiver.thread = threading.Thread(target=server.serve_forever, daemon=True)
    receiver.thread.start()
    return receiver
