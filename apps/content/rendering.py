"""Markdown to sanitised HTML: authors write Markdown, students only ever get clean HTML."""

from __future__ import annotations

import markdown
import nh3


def markdown_to_html(source: str) -> str:
    """Render ``source`` and strip anything unsafe (scripts, handlers, javascript: links)."""
    if not source.strip():
        return ""
    html = markdown.markdown(source, extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(html, link_rel="noopener noreferrer")
