"""The Jinja environment every build-time view renders with (handouts' index and answer key,
static quizzes, the class report).

Autoescape is on for every template, so every value is escaped unless a template marks it
``|safe``, which is kept for HTML the kit itself made (its CSS, a fragment one of these
templates rendered). Bank Markdown goes through the ``md`` and ``md_inline`` filters, which
render it with raw HTML shown as text. Build-time only: a learner's kernel never imports Jinja.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from runwell.paths import data_file
from runwell.quiz.markdown import render_inline, render_markdown

__all__ = ["environment", "render"]


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_file("templates"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda text: Markup(render_markdown(str(text)))
    env.filters["md_inline"] = lambda text: Markup(render_inline(str(text)))
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
