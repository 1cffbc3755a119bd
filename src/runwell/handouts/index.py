"""The contents page (index.html) and the instructors' answer key (answer-key.html).

Both use the handouts' layout macros (``runwell_handout/layout.html.j2``) through the kit's Jinja
environment of the edition's language (:mod:`runwell.templates`, autoescape on), so every page
shares one header, notice and footer. Each edition's index links to the other editions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from runwell.course.notebooks import NavLink, Page
from runwell.i18n import course_title, translator
from runwell.templates import render

__all__ = ["edition_links", "render_answer_key", "render_index"]


def _context(kind: str, title: str, css: str, lang: str, **extra: Any) -> dict[str, Any]:
    from runwell.handouts.render import page_context

    return page_context(kind, title, css, lang=lang, **extra)


def edition_links(lang: str, editions: Sequence[str]) -> list[dict[str, str]]:
    """Links from the *lang* edition's index to the other editions' indexes, each worded in its
    own language (``Lea este curso en español``), with ``hreflang``."""
    links = []
    for other in editions:
        if other == lang:
            continue
        here = "" if lang == "en" else "../"
        there = "" if other == "en" else f"{other}/"
        links.append({
            "href": f"{here}{there}index.html",
            "lang": other,
            "label": translator(other).gettext("Read this course in English"),
        })
    return links


def render_index(pages: Sequence[Page], css: str, course: Any = None, *, lang: str = "en",
                 editions: Sequence[str] = ()) -> str:
    """index.html: the course title, a lesson table with times and objectives, the exercises,
    a link to the answer key and links to the other editions (*editions*: every language the
    build has)."""
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
    _ = translator(lang).gettext
    rw = _context(
        "index",
        _("Handouts · {title}").format(title=course_title(lang)),
        css,
        lang,
        lessons=lessons,
        exercises=exercises,
        total_minutes=total,
        next=NavLink(first.name, _("Start: {title}").format(title=first.title)) if first
        else None,
        editions=edition_links(lang, editions),
        **_course_context(course),
    )
    return render("runwell_handout/course_index.html.j2", lang=lang, rw=rw)


def _course_context(course: Any) -> dict[str, Any]:
    from runwell.handouts.render import course_context

    return course_context(course)


def render_answer_key(body: str, css: str, course: Any = None, *, lang: str = "en") -> str:
    """answer-key.html around the quiz engine's answer-key fragment (HTML the kit rendered from
    its own autoescaped template, so it is inserted as it is)."""
    rw = _context(
        "answer-key",
        translator(lang).gettext("Answer key · {title}").format(title=course_title(lang)),
        css,
        lang,
        body=Markup(body),
        **_course_context(course),
    )
    return render("runwell_handout/answer_key.html.j2", lang=lang, rw=rw)
