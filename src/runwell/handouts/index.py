"""The contents page (index.html) and the instructors' answer key (answer-key.html).

Both use the handouts' layout macros (``runwell_handout/layout.html.j2``) through the kit's Jinja
environment (:mod:`runwell.templates`, autoescape on), so every page shares one header, notice
and footer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

import runwell
from runwell.course.notebooks import NavLink, Page
from runwell.templates import render

__all__ = ["render_answer_key", "render_index"]


def _context(kind: str, title: str, css: str, **extra: Any) -> dict[str, Any]:
    from runwell.handouts.render import page_context

    return page_context(kind, title, css, **extra)


def render_index(pages: Sequence[Page], css: str, course: Any = None) -> str:
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
        **_course_context(course),
    )
    return render("runwell_handout/course_index.html.j2", rw=rw)


def _course_context(course: Any) -> dict[str, Any]:
    from runwell.handouts.render import course_context

    return course_context(course)


def render_answer_key(body: str, css: str, course: Any = None) -> str:
    """answer-key.html around the quiz engine's answer-key fragment (HTML the kit rendered from
    its own autoescaped template, so it is inserted as it is)."""
    rw = _context(
        "answer-key",
        f"Answer key · {runwell.COURSE_TITLE}",
        css,
        body=Markup(body),
        **_course_context(course),
    )
    return render("runwell_handout/answer_key.html.j2", rw=rw)
