"""Initial JS+CSS of each built panel, gzipped, against the 150 KB budget.

Run ``scripts/build_frontends.sh`` first. Reads ``static_frontends/<panel>/dist/index.html``
and sums the assets it references (everything the first screen downloads).
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_BYTES = 150 * 1024
PANELS = ("section31", "student")
ASSET = re.compile(r'(?:src|href)="/(?:section31|student)/(assets/[^"]+\.(?:js|css))"')


def panel_size(panel: str) -> tuple[int, int]:
    dist = ROOT / "static_frontends" / panel / "dist"
    html = (dist / "index.html").read_text()
    raw = gz = 0
    for rel in ASSET.findall(html):
        data = (dist / rel).read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, compresslevel=9))
    return raw, gz


def main() -> int:
    over = False
    for panel in PANELS:
        try:
            raw, gz = panel_size(panel)
        except FileNotFoundError:
            print(f"{panel}: not built (run scripts/build_frontends.sh)")
            continue
        status = "OK" if gz <= BUDGET_BYTES else "OVER BUDGET"
        print(
            f"{panel:10s} initial JS+CSS: {raw / 1024:7.1f} KB raw, {gz / 1024:6.1f} KB gzipped "
            f"(target <= {BUDGET_BYTES // 1024} KB) {status}"
        )
        over = over or gz > BUDGET_BYTES
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
