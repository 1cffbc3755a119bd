"""The contents page (index.html) and the instructors' answer key (answer-key.html).

Both use the handouts' layout macros (``layout.html.j2``) through a plain Jinja environment on the
template folder, so every page shares one header, notice and footer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import jinja2

import runwell
from runwell.handouts.pages import NavLink, Page
from runwell.paths import data_file

__all__ = ["render_answer_key", "render_index"]


@cache
def _env() -> jinja2.Environment:
    folder = data_file("templates") / "runwell_handout"
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=False,  # the templates escape every value with `| e`, as nbconvert's do
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _context(kind: str, title: str, css: str, **extra: Any) -> dict[str, Any]:
    from runwell.handouts.render import page_context

    return page_context(kind, title, css, **extra)


def render_index(pages: Sequence[Page], css: str) -> str:
    """index.html: the course title, a lesson table with times and objectives, the exercises
    and a link to the answer key."""
    lessons = [
        {
            "number": p.number,
            "href": p.name,
            "title": p.title,
            "minutes": p.minutes,
            "question": p.question,
            "objectives": list(p.objectives),
        }
        for p in pages
        if p.kind == "lesson"
    ]
    exercises = [
        {"href": p.name, "title": p.title, "minutes": p.minutes}
        for p in pages
        if p.kind == "exercise"
    ]
    total = sum(p.minutes or 0 for p in pages if p.kind == "lesson")
    first = next((p for p in pages if p.kind == "lesson"), None)
    rw = _context(
        "index",
        f"Handouts · {runwell.COURSE_TITLE}",
        css,
        lessons=lessons,
        exercises=exercises,
        total_minutes=total,
        next=NavLink(first.name, f"Start: {first.title}") if first else None,
    )
    return _env().get_template("course_index.html.j2").render(rw=rw)


_DETAILS = re.compile(r"<details(?![^>]*\bopen\b)")


def render_answer_key(body: str, css: str) -> str:
    """answer-key.html around the quiz engine's fragment; its answers are shown open (screen
    and print), unlike the handouts, where they stay folded."""
    rw = _context(
        "answer-key",
        f"Answer key · {runwell.COURSE_TITLE}",
        css,
        body=_DETAILS.sub("<details open", body),
    )
    return _env().get_template("answer_key.html.j2").render(rw=rw)
