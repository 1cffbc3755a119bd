"""The Jinja environments every build-time view renders with (handouts' index and answer key,
static quizzes, the class report), one per language.

Autoescape is on for every template, so every value is escaped unless a template marks it
``|safe``, which is kept for HTML the kit itself made (its CSS, a fragment one of these
templates rendered). Bank Markdown goes through the ``md`` and ``md_inline`` filters, which
render it with raw HTML shown as text. The words of a template are messages of the catalogue
(``{{ _("Answer") }}``, ``jinja2.ext.i18n`` with new-style gettext, so placeholders are escaped
too): each language has its own environment with its catalogue installed
(:mod:`runwell.i18n`). Build-time only: a learner's kernel never imports Jinja.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from runwell.i18n import translator
from runwell.paths import data_file
from runwell.quiz.markdown import render_inline, render_markdown

__all__ = ["environment", "install_translations", "render"]


def install_translations(env: jinja2.Environment, lang: str) -> None:
    """Give *env* the catalogue of *lang* for ``_()``, ``gettext``, ``ngettext`` and
    ``{% trans %}``."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translator(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals["lang"] = lang


@cache
def environment(lang: str = "en") -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_file("templates"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda text: Markup(render_markdown(str(text)))
    env.filters["md_inline"] = lambda text: Markup(render_inline(str(text)))
    install_translations(env, lang)
    return env


def render(template: str, *, lang: str = "en", **context: Any) -> str:
    return environment(lang).get_template(template).render(**context)
