"""``make run`` under SIGTERM stops the whole process tree (runserver's child included)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Stands in for runserver: a reloader process whose child does the serving. On SIGINT the
# reloader exits at once and leaves the child behind unless the whole group is signalled.
RELOADER = textwrap.dedent(
    """
    import subprocess, sys, time
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    open(sys.argv[1], "w").write(str(child.pid))
    try:
        time.sleep(120)
    except KeyboardInterrupt:
        sys.exit(0)
    """
)
WRAPPER = textwrap.dedent(
    """
    import signal, sys
    from teacherseat import devserver
    signal.signal(signal.SIGTERM, devserver._exit_on_sigterm)
    sys.exit(devserver.serve([sys.executable, "-c", sys.argv[1], sys.argv[2]]))
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie waiting for its (re)parent to reap it is not serving anything.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] != "Z"


def test_sigterm_stops_the_server_and_its_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    wrapper = subprocess.Popen([sys.executable, "-c", WRAPPER, RELOADER, str(pid_file)], cwd=ROOT)
    deadline = time.monotonic() + 20
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    grandchild = int(pid_file.read_text())
    assert _alive(grandchild)

    wrapper.send_signal(signal.SIGTERM)
    assert wrapper.wait(timeout=20) == 0

    deadline = time.monotonic() + 10
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        assert not _alive(grandchild), "the server's child process kept running"
    finally:
        if _alive(grandchild):
            os.kill(grandchild, signal.SIGKILL)


WRAPPER_WITH_WORKER = textwrap.dedent(
    """
    import signal, sys
    from teacherseat import devserver
    signal.signal(signal.SIGTERM, devserver._exit_on_sigterm)
    code, server_pids, worker_pids = sys.argv[1], sys.argv[2], sys.argv[3]
    sys.exit(devserver.serve(
        [sys.executable, "-c", code, server_pids], [sys.executable, "-c", code, worker_pids]
    ))
    """
)


def _wait_for_pid(path: Path) -> int:
    deadline = time.monotonic() + 20
    while not (path.exists() and path.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return int(path.read_text())


def test_sigterm_stops_the_worker_too(tmp_path: Path) -> None:
    server_file, worker_file = tmp_path / "server.pid", tmp_path / "worker.pid"
    wrapper = subprocess.Popen(
        [sys.executable, "-c", WRAPPER_WITH_WORKER, RELOADER, str(server_file), str(worker_file)],
        cwd=ROOT,
    )
    children = [_wait_for_pid(server_file), _wait_for_pid(worker_file)]
    assert all(_alive(pid) for pid in children)

    wrapper.send_signal(signal.SIGTERM)
    assert wrapper.wait(timeout=20) == 0

    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in children if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "a server or worker process kept running"


def test_a_dying_worker_stops_the_server(tmp_path: Path) -> None:
    server_file = tmp_path / "server.pid"
    code = "import sys, time; time.sleep(2); sys.exit(3)"
    wrapper = subprocess.Popen(
        [
            sys.executable, "-c",
            "import sys\nfrom teacherseat import devserver\n"
            "sys.exit(devserver.serve([sys.executable, '-c', sys.argv[1], sys.argv[2]],"
            " [sys.executable, '-c', sys.argv[3]]))",
            RELOADER, str(server_file), code,
        ],
        cwd=ROOT,
    )  # fmt: skip
    server_child = _wait_for_pid(server_file)
    assert wrapper.wait(timeout=20) == 3
    deadline = time.monotonic() + 10
    while _alive(server_child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(server_child)
