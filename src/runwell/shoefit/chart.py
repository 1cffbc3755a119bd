"""The calculator's static form for handouts: a printable size chart and a how-to-measure guide.

Plain HTML (no JavaScript): a table with a caption and header scopes, the convention with its
sources, an example picture, the measuring steps and the fit advice.
"""

from __future__ import annotations

from runwell import ARTICLE_TITLE
from runwell.course.model import Course
from runwell.i18n import decimal, notice, translator
from runwell.shoefit.advice import article_advice, beyond_advice, citation, measure_steps
from runwell.shoefit.core import (
    SIZE_KEYS,
    SYSTEMS,
    THUMB_WIDTH_MM,
    convention_markdown,
    format_size,
    recommend,
    size_to_length_mm,
    system_label,
)
from runwell.shoefit.figure import foot_in_shoe_svg

__all__ = ["CHART_MM", "chart_rows", "static_html"]

#: Foot lengths in the printed chart: 220 to 320 mm in 5 mm steps.
CHART_MM = tuple(range(220, 321, 5))

_EXAMPLE = (265.0, 42, "eu")  # foot length, shoe size, system of the example picture


def chart_rows(lang: str = "en") -> list[list[str]]:
    """The chart's rows: foot length in mm, cm, in, then the size in each system (decimals as
    *lang* writes them)."""
    rows = []
    for mm in CHART_MM:
        rec = recommend(float(mm))
        rows.append(
            [decimal(cell, lang) for cell in
             [f"{mm}", f"{mm / 10:.1f}", f"{mm / 25.4:.2f}"]
             + [format_size(rec.sizes[SIZE_KEYS[s]], s) for s in SYSTEMS]]
        )
    return rows


def static_html(course: Course | None = None) -> str:
    """An HTML fragment: size chart, convention, example picture, how to measure, fit advice
    (the words from *course* and its language, default the loaded English course);
    ``templates/shoefit/chart.html.j2``."""
    from runwell.templates import render

    if course is None:
        from runwell import course as model

        course = model.load()
    lang = course.lang
    _ = translator(lang).gettext
    text = course.shoefit
    foot, size, system = _EXAMPLE
    inner = size_to_length_mm(size, system)
    return render(
        "shoefit/chart.html.j2",
        lang=lang,
        head=[_("Foot length ({unit})").format(unit=u) for u in ("mm", "cm", "in")]
        + [system_label(s, lang) for s in SYSTEMS],
        rows=chart_rows(lang),
        convention=convention_markdown(lang),
        figure=foot_in_shoe_svg(foot, inner, lang=lang),
        foot=foot,
        size=size,
        inner=inner,
        system_label=system_label(system, lang),
        thumb=f"{THUMB_WIDTH_MM:g}",
        steps=measure_steps(text),
        article=ARTICLE_TITLE,
        article_items=article_advice(text),
        beyond_items=[(i, citation(i, text)) for i in beyond_advice(text)],
        notice=notice(lang),
    )
