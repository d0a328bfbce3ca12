"""Debian's Chromium as the e2e tests and the first-screen benchmark launch it.

Without the background-networking flags Chromium keeps trying hosts this closed network
refuses; no browser is ever downloaded (``apt-get install chromium``).
"""

from __future__ import annotations

import os

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
