"""The HTTP/1.1 side of sqslite (keep-alive connections on one asyncio loop) and its CLI."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import logging
import signal
import sys
import uuid

from teacherseat.sqslite.api import Sqs
from teacherseat.sqslite.queues import SqsError

log = logging.getLogger("teacherseat.sqslite")

MAX_BODY = 16 * 1024 * 1024
_REASONS = {200: "OK", 400: "Bad Request", 405: "Method Not Allowed", 411: "Length Required"}
_REASONS |= {413: "Content Too Large", 500: "Internal Server Error"}
_Answer = tuple[int, bytes, dict[str, str]]


class Server:
    """Answers ``POST`` with ``X-Amz-Target: AmazonSQS.<Operation>`` and a JSON body (any
    path: clients post to ``/`` or to the queue URL), and any ``GET`` with 200 (health)."""

    def __init__(self, sqs: Sqs) -> None:
        self.sqs = sqs

    async def connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while await self._exchange(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away
        except asyncio.CancelledError:
            pass  # shutting down: ending normally keeps asyncio (3.11) from logging an error
        except ValueError:
            self._write(writer, (400, b"", {}), keep_alive=False)  # not HTTP
        finally:
            writer.close()

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Serve one request; whether the connection stays open."""
        head = await reader.readuntil(b"\r\n\r\n")
        request_line, *lines = head[:-4].decode("latin-1").split("\r\n")
        method, target, version = request_line.split(" ")
        headers: dict[str, str] = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        connection = headers.get("connection", "").lower()
        keep_alive = connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
        length = int(headers.get("content-length", "0"))
        if "transfer-encoding" in headers or not 0 <= length <= MAX_BODY:
            status = 411 if "transfer-encoding" in headers else 413 if length > 0 else 400
            self._write(writer, (status, b"", {}), keep_alive=False)
            return False
        if length and headers.get("expect", "").lower() == "100-continue":
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        body = await reader.readexactly(length) if length else b""
        self._write(writer, await self._answer(method, target, headers, body), keep_alive)
        await writer.drain()
        return keep_alive

    async def _answer(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> _Answer:
        if method == "GET":
            return 200, b'{"status":"ok"}', {}
        if method != "POST":
            return 405, b"", {}
        service, _, operation = headers.get("x-amz-target", "").partition(".")
        try:
            if service != "AmazonSQS":
                raise SqsError("InvalidAction", "sqslite speaks only the SQS JSON protocol.")
            try:
                params = json.loads(body) if body else {}
            except ValueError:
                params = None
            if not isinstance(params, dict):
                raise SqsError("SerializationException", "The body is not a JSON object.")
            answer = await self.sqs.call(operation, params, target.split("?", 1)[0])
            return 200, json.dumps(answer).encode(), {}
        except SqsError as error:
            payload = {"__type": f"com.amazonaws.sqs#{error.shape}", "message": error.message}
            return 400, json.dumps(payload).encode(), {"x-amzn-query-error": f"{error.code};Sender"}
        except Exception:
            log.exception("%s failed", operation)
            payload = {"__type": "com.amazonaws.sqs#InternalError", "message": "Internal error"}
            return (
                500,
                json.dumps(payload).encode(),
                {"x-amzn-query-error": "InternalError;Receiver"},
            )

    @staticmethod
    def _write(writer: asyncio.StreamWriter, answer: _Answer, keep_alive: bool) -> None:
        status, payload, extra = answer
        lines = [
            f"HTTP/1.1 {status} {_REASONS[status]}",
            "Content-Type: application/x-amz-json-1.0",
            f"Content-Length: {len(payload)}",
            f"x-amzn-RequestId: {uuid.uuid4()}",
            *(f"{name}: {value}" for name, value in extra.items()),
        ]
        if not keep_alive:
            lines.append("Connection: close")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + payload)


def _url_host(host: str) -> str:
    """The host to put in queue URLs: a wildcard bind address is reached over loopback."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.is_unspecified:
        return "127.0.0.1" if address.version == 4 else "[::1]"
    return f"[{host}]" if address.version == 6 else host


async def serve(host: str = "127.0.0.1", port: int = 9324) -> None:
    """Serve until SIGTERM or SIGINT; announce the endpoint on stdout once listening
    (``port=0`` picks a free port)."""
    sqs = Sqs()
    server = await asyncio.start_server(Server(sqs).connection, host, port)
    sqs.base_url = f"http://{_url_host(host)}:{server.sockets[0].getsockname()[1]}"
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    sys.stdout.write(f"sqslite listening on {sqs.base_url}\n")
    sys.stdout.flush()
    await stop.wait()
    server.close()  # open connections are cancelled when the loop ends


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m teacherseat.sqslite", description="An in-memory SQS endpoint."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9324, help="0 picks a free port")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="sqslite: %(levelname)s %(message)s")
    asyncio.run(serve(args.host, args.port))
