"""Stale holders of the embedded cluster are forgotten, so the last live one stops it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from teacherseat.embedded_db import HANDLES_FILE, prune_dead_handles


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_dead_holders_are_pruned_and_live_ones_kept(tmp_path):
    handles = tmp_path / HANDLES_FILE
    handles.write_text(json.dumps([dead_pid(), os.getpid()]))
    assert prune_dead_handles(tmp_path) == [os.getpid()]
    assert json.loads(handles.read_text()) == [os.getpid()]


def test_no_handles_file_means_no_holders(tmp_path):
    assert prune_dead_handles(tmp_path) == []
    assert not (tmp_path / HANDLES_FILE).exists()
