"""pytest plugin: an embedded SQS endpoint for the session, with queues of its own.

Loaded with ``-p teacherseat.testing.embedded_sqs`` (pyproject) before Django reads its
settings, so every process of the run (this one and the worker processes tests start)
talks to the same endpoint. The queue names carry the process id, so two runs never
share messages.
"""

from __future__ import annotations

import os

import pytest

from teacherseat import embedded_sqs

_server = embedded_sqs.start()
embedded_sqs.configure_environment(_server.endpoint, prefix=f"test-{os.getpid()}-")
os.environ.setdefault("EVENTS_SWEEP_SECONDS", "2")


def pytest_sessionstart(session: pytest.Session) -> None:
    embedded_sqs.create_queues()


def pytest_unconfigure(config: pytest.Config) -> None:
    _server.stop()
