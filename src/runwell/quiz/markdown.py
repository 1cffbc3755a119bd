"""Bank text to HTML: Markdown with raw HTML shown as text, shared by every quiz view.

markdown-it-py renders with raw HTML disabled and its link validation on (no ``javascript:``
URLs), so a bank containing ``<script>`` shows it as text. Pure Python: it runs in the browser
kernel too.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt

from runwell.paths import data_file

__all__ = ["render_inline", "render_markdown", "stylesheet"]


@cache
def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "typographer": False})


def render_markdown(text: str) -> str:
    """Markdown to HTML, raw HTML shown as text."""
    return _md().render(text).strip()


def render_inline(text: str) -> str:
    """Inline Markdown (emphasis, code, links) to HTML without a wrapping paragraph."""
    return _md().renderInline(text).strip()


@cache
def stylesheet() -> str:
    """The quiz CSS (``data/quiz.css``), for pages that show quizzes."""
    return data_file("quiz.css").read_text(encoding="utf-8")
