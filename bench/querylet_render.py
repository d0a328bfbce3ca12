"""Benchmark: µs per render of a cached 200-line template with 5 partials.

Run with ``.venv/bin/python bench/querylet_render.py [renders]``.  Builds the
template set in a temp dir, warms up, then times individual renders and
prints median / p95 against the 50 µs target.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

# Run as a script from the repo root: make the ``querylet`` package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from querylet import Library

TARGET_US = 50.0
MAIN_LINES = 200

PARTIALS = {
    "paginate": "LIMIT {{int per_page}} OFFSET {{int offset}}",
    "author": "SELECT u.id, u.name, u.avatar_url FROM users u WHERE u.id = {{int author_id}}",
    "visible": "c.published AND c.tenant_id = {{int tenant.id}} AND NOT c.archived",
    "search": "(c.title ILIKE {{wild needle}} OR c.summary ILIKE {{wild needle}})",
    "tags": "SELECT t.id, t.name FROM tags t WHERE t.id = ANY({{arr tag_ids}}) ORDER BY t.name",
}

HEAD = """\
-- Course catalogue page: one JSON document built by Postgres.
{{!-- benchmark template: typed variables, blocks, partials, order_by --}}
SELECT json_build_object(
  'tenant', {{#object}}
    SELECT t.id, t.name FROM tenants t WHERE t.id = {{int tenant.id}}
  {{/object}},
  'author', {{> object 'b.shared.author' author_id={{int author_id}} }},
  'tags', {{> array 'b.shared.tags' }},
  'courses', {{#array}}
    SELECT c.id, c.title, c.slug, c.price_cents,
      {{#if include_stats}}
        (SELECT count(*) FROM enrolments e WHERE e.course_id = c.id) AS enrolled,
      {{else}}
        NULL AS enrolled,
      {{/if}}
      c.created_at
    FROM courses c
    WHERE {{> include 'b.shared.visible' }}
      AND {{> include 'b.shared.search' needle={{str q}} }}
      AND c.price_cents <= {{int max_price}}
      AND c.rating >= {{float min_rating}}
      AND c.language = {{str lang}}
      AND c.title NOT LIKE 'draft%'
"""
TAIL = """\
    {{order_by sort allow='title=c.title, price=c.price_cents, created_at=c.created_at'
      default='-created_at'}}
    {{> include 'b.shared.paginate' per_page=20 offset={{int offset}} }}
  {{/array}}
) AS json
"""


def build(root: Path) -> None:
    (root / "shared").mkdir(parents=True)
    for name, text in PARTIALS.items():
        (root / "shared" / f"{name}.sql").write_text(text + "\n", encoding="utf-8")
    head = HEAD.splitlines()
    tail = TAIL.splitlines()
    filler = [
        f"      -- filler condition {i}\n      AND c.col_{i} IS DISTINCT FROM {{{{int v{i % 7}}}}}"
        for i in range((MAIN_LINES - len(head) - len(tail)) // 2)
    ]
    lines = [*head, *"\n".join(filler).splitlines(), *tail]
    assert len(lines) == MAIN_LINES, len(lines)
    (root / "catalogue.sql").write_text("\n".join(lines) + "\n", encoding="utf-8")


DATA = {
    "tenant": {"id": 4},
    "author_id": "17",
    "tag_ids": [1, 2, 3],
    "include_stats": True,
    "q": "python 100%",
    "max_price": 5000,
    "min_rating": "3.5",
    "lang": "en",
    "sort": "price,-created_at",
    "offset": 40,
    **{f"v{i}": i for i in range(7)},
}


def main() -> None:
    renders = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "b"
        build(root)
        lib = Library(roots={"b": root})
        template = lib.template("b.catalogue")
        rendered = lib.render("b.catalogue", DATA)
        for _ in range(2_000):
            lib.render("b.catalogue", DATA)
        timings: list[float] = []
        clock = time.perf_counter_ns
        for _ in range(renders):
            start = clock()
            lib.render("b.catalogue", DATA)
            timings.append((clock() - start) / 1000)
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95)]
    print(f"template: {template.name} ({MAIN_LINES} lines, {len(PARTIALS)} partials)")
    print(f"statement: {len(rendered.sql)} chars, {len(rendered.params)} params")
    print(f"renders: {renders}")
    print(f"median: {median:.1f} µs per render")
    print(f"p95:    {p95:.1f} µs per render")
    print(f"target: <= {TARGET_US:.0f} µs -> {'PASS' if p95 <= TARGET_US else 'MISS'}")


if __name__ == "__main__":
    main()
