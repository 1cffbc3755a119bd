"""Health-content views generated from the course model: the red-flag table and flow chart,
exercise 5's decisions, and each page's references and review dates.

One fact, one place: the red flags, their tiers and sources live in ``data/red_flags.yaml``, the
sources and review dates in ``data/sources.yaml``, the emergency number in the course settings.
These functions only render them. In a notebook each returns an object that displays itself (HTML
or SVG) and names its static form (``application/vnd.runwell.static+json``), so a handout shows
the same thing, rendered from the model the build was given.

Every view takes the course's language: ``health.red_flags(lang="es")`` shows the Spanish
edition's wording (``data/es/red_flags.yaml``) with the words around it from the Spanish catalogue
(:mod:`runwell.i18n`); which flag is in which tier, the sources, the dates and the emergency
number are the same data in every language. Without *lang*, a given course's language is used.

Pure standard library on the model (no YAML, no Jinja): it runs in a browser kernel too.
"""

from __future__ import annotations

import base64
import datetime
import html
import textwrap
from dataclasses import dataclass
from typing import Any

from runwell.course.model import Course, Source
from runwell.i18n import N_, translator
from runwell.static_form import STATIC_MIME

__all__ = [
    "HealthView",
    "decision_names",
    "decisions",
    "decisions_html",
    "flowchart",
    "flowchart_svg",
    "long_date",
    "red_flags",
    "red_flags_html",
    "reference_text",
    "references",
    "references_html",
    "review_line",
    "source_when",
]


def _course(course: Course | None, lang: str | None = None) -> Course:
    """*course*, or the loaded course in *lang*; a course in another language than *lang* is
    loaded again in *lang* from its folder."""
    from runwell import course as model

    if course is not None and (lang is None or course.lang == lang):
        return course
    root = course.root if course is not None and course.root else None
    return model.load(root, lang or "en")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
          N_("December"))


def long_date(iso: str, lang: str = "en") -> str:
    """``2026-11-30`` as ``30 November 2026`` (unambiguous in every English locale; Spanish
    ``30 de noviembre de 2026``)."""
    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    t = translator(lang)
    return t.gettext("{day} {month} {year}").format(
        day=day.day, month=t.gettext(MONTHS[day.month - 1]), year=day.year)


@dataclass(frozen=True)
class HealthView:
    """A generated view that displays itself in a notebook and names its static form."""

    kind: str
    html: str
    text: str
    spec: tuple[tuple[str, str], ...] = ()
    svg: str | None = None

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        # HTML only: JupyterLab shows it in an untrusted notebook too (a figure is an <img> with
        # a data URI and its description as alt text, which the sanitizer keeps).
        data: dict[str, Any] = {"text/plain": self.text, "text/html": self.html}
        data[STATIC_MIME] = {"widget": self.kind, **dict(self.spec)}
        return data

    def __repr__(self) -> str:
        return self.text


# ------------------------------------------------------------------------------ red flags


def _spec(c: Course, *pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    """A view's static-form payload: its own keys, and the language when it is not English."""
    return (*pairs, ("lang", c.lang)) if c.lang != "en" else pairs


def _source_names(course: Course, ids: tuple[str, ...]) -> str:
    names = []
    for sid in ids:
        source = course.health.sources.get(sid)
        if source is None:
            names.append(sid)
            continue
        short = source.title.split(":")[0].split(" (")[0]  # full details are in the references
        names.append(f"{source.publisher}, “{short}”")
    return "; ".join(names)


def red_flags_html(course: Course | None = None, *, lang: str | None = None) -> str:
    """The red-flag table: one row per tier, most urgent first, each flag with its sources."""
    c = _course(course, lang)
    _ = translator(c.lang).gettext
    rows = []
    for tier in c.safety.tiers:
        items = [
            f'<li>{_e(f.text)} <span class="runwell-source">({_e(_source_names(c, f.sources))})'
            "</span></li>"
            for f in c.safety.in_tier(tier.id)
        ]
        if tier.also:
            items.append(f"<li>{_e(tier.also)}</li>")
        rows.append(
            f'<tr class="runwell-tier-{_e(tier.id)}"><th scope="row">{_e(tier.label)}</th>'
            f"<td><ul>{''.join(items)}</ul></td><td>{_e(tier.action)}</td></tr>"
        )
    caption = _("Back pain with any of these needs medical help (beyond the article; most "
                "urgent first)")
    heads = (_("How urgent"), _("Back pain with any of these"), _("What to do"))
    cols = "".join(f'<th scope="col">{_e(head)}</th>' for head in heads)
    return (
        '<table class="runwell-red-flags">'
        f"<caption>{_e(caption)}</caption>"
        f"<thead><tr>{cols}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def red_flags(course: Course | None = None, *, lang: str | None = None) -> HealthView:
    """Show the red-flag table (lesson 05, exercise 5), in *lang* (default: the course's)."""
    c = _course(course, lang)
    text = translator(c.lang).gettext(
        "Red flags: {flags} signs in {tiers} tiers; emergency number {number} ({locale})"
    ).format(flags=len(c.safety.flags), tiers=len(c.safety.tiers),
             number=c.settings.emergency_number, locale=c.settings.locale)
    return HealthView("red-flags", red_flags_html(c), text, _spec(c))


# ------------------------------------------------------------------------------ flow chart

_W = 720
_CHARS_PER_LINE = {260: 34, 300: 40, 420: 58}


def _box(x: int, y: int, w: int, h: int, lines: list[str], fill: str, stroke: str,
         colour: str = "#1a1a1a", bold: bool = False) -> str:
    out = [f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" fill="{fill}" '
           f'stroke="{stroke}" stroke-width="2"/>']
    top = y + h / 2 - (len(lines) - 1) * 9 + 5
    weight = ' font-weight="bold"' if bold else ""
    for n, line in enumerate(lines):
        out.append(f'<text x="{x + w / 2:g}" y="{top + n * 18:g}" fill="{colour}"{weight}>'
                   f"{_e(line)}</text>")
    return "".join(out)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, _CHARS_PER_LINE.get(width, width // 7))


def flowchart_svg(course: Course | None = None, *, lang: str | None = None) -> str:
    """The lesson 05 flow chart, from the tiers: red flags first (most urgent first), then the
    article's relief and its "a day or two" rule."""
    c = _course(course, lang)
    _ = translator(c.lang).gettext
    tiers = c.safety.tiers
    parts: list[str] = []
    arrows: list[str] = []
    y = 10
    parts.append(_box(200, y, 300, 36, _wrap(_("Back pain during or after a run"), 300),
                      "#f2f2f2", "#555"))
    arrows.append(f'<line x1="350" y1="{y + 36}" x2="350" y2="{y + 56}"/>')
    y += 58
    colours = {"emergency": ("#b3261e", "#fdecea"), "same-day": ("#8a4b00", "#fdf0e1")}
    yes, no = _("yes"), _("no")
    for tier in tiers:
        dark, light = colours.get(tier.id, ("#2b4c7e", "#e8eef7"))
        question = _wrap(_("Any “{tier}” sign? (see the table)").format(tier=tier.label), 300)
        answer = _wrap(_("Yes: {action}").format(action=tier.action), 300)
        h = max(50, 18 * len(answer) + 14)
        parts.append(_box(40, y, 300, h, question, light, dark, bold=True))
        parts.append(_box(400, y, 300, h, answer, dark, dark, colour="#ffffff", bold=True))
        arrows.append(f'<line x1="340" y1="{y + h // 2}" x2="398" y2="{y + h // 2}"/>')
        parts.append(f'<text x="369" y="{y + h // 2 - 7}" font-size="12">{_e(yes)}</text>')
        arrows.append(f'<line x1="190" y1="{y + h}" x2="190" y2="{y + h + 20}"/>')
        parts.append(f'<text x="205" y="{y + h + 14}" font-size="12" text-anchor="start">'
                     f"{_e(no)}</text>")
        y += h + 22
    relief = _wrap(_("No sign: a little rest, heat or cold, or a pain reliever if it is safe for "
                     "you"), 300)
    h = max(50, 18 * len(relief) + 14)
    parts.append(_box(40, y, 300, h, relief, "#e8eef7", "#2b4c7e"))
    arrows.append(f'<line x1="190" y1="{y + h}" x2="190" y2="{y + h + 20}"/>')
    y += h + 22
    rule = _("Lasts more than a day or two, gets worse, or affects everyday life?")
    parts.append(_box(40, y, 300, 50, _wrap(rule, 300), "#fdf0e1", "#8a4b00", bold=True))
    soon = next((t for t in tiers if t.id == "soon"), None)
    see = soon.label if soon else _("See a doctor")
    parts.append(_box(400, y, 300, 50, _wrap(_("Yes: {action}").format(action=see), 300),
                      "#2b4c7e", "#2b4c7e", colour="#ffffff", bold=True))
    arrows.append(f'<line x1="340" y1="{y + 25}" x2="398" y2="{y + 25}"/>')
    parts.append(f'<text x="369" y="{y + 18}" font-size="12">{_e(yes)}</text>')
    arrows.append(f'<line x1="190" y1="{y + 50}" x2="190" y2="{y + 70}"/>')
    parts.append(f'<text x="205" y="{y + 64}" font-size="12" text-anchor="start">{_e(no)}'
                 "</text>")
    y += 72
    parts.append(_box(40, y, 300, 50, _wrap(_("Ease back into running with the prevention "
                                               "habits"), 300), "#1e6b34", "#1e6b34",
                      colour="#ffffff", bold=True))
    y += 70
    aid = _("A teaching aid, not a diagnosis. If in doubt, get checked.")
    parts.append(f'<text x="{_W / 2:g}" y="{y}" fill="#444">{_e(aid)}</text>')
    height = y + 14
    desc = _flowchart_description(c)
    title = _("When to get help for back pain")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {height}" width="{_W}" '
        f'height="{height}" role="img" aria-labelledby="rw-flow-t rw-flow-d" '
        'font-family="sans-serif">'
        f'<title id="rw-flow-t">{_e(title)}</title>'
        f'<desc id="rw-flow-d">{_e(desc)}</desc>'
        f'<rect width="{_W}" height="{height}" fill="#ffffff"/>'
        '<defs><marker id="rw-ah" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="#1a1a1a"/></marker>'
        "</defs>"
        f'<g font-size="13" text-anchor="middle">{"".join(parts)}</g>'
        '<g stroke="#1a1a1a" stroke-width="2" marker-end="url(#rw-ah)">'
        f"{''.join(arrows)}</g></svg>"
    )


def _flowchart_description(c: Course) -> str:
    """What the flow chart says, in words (its SVG description and its alt text)."""
    _ = translator(c.lang).gettext
    soon = next((t for t in c.safety.tiers if t.id == "soon"), None)
    see = soon.label if soon else _("See a doctor")
    steps = "; ".join(_("any “{tier}” sign? If yes: {action}").format(tier=t.label,
                                                                       action=t.action)
                      for t in c.safety.tiers)
    return _(
        "A flow chart. Start: back pain during or after a run. In turn, from the most urgent: "
        "{steps}. If none: a little rest, heat or cold, or an over-the-counter pain reliever if "
        "it is safe for you. Then: does the pain last more than a day or two, get worse, or "
        "affect everyday life? If yes: {see}. If no: ease back into running with the "
        "prevention habits. A teaching aid, not a diagnosis."
    ).format(steps=steps, see=see.lower())


def flowchart(course: Course | None = None, *, lang: str | None = None) -> HealthView:
    """Show the lesson 05 flow chart, in *lang* (default: the course's)."""
    c = _course(course, lang)
    svg = flowchart_svg(c)
    alt = _flowchart_description(c)
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    page = f'<figure class="runwell-figure"><img src="{uri}" alt="{_e(alt)}"></figure>'
    text = translator(c.lang).gettext(
        "Flow chart: when to get help (emergency number {number})"
    ).format(number=c.settings.emergency_number)
    return HealthView("flowchart", page, text, _spec(c), svg=svg)


# ------------------------------------------------------------------------------ exercise 5


def decision_names(course: Course) -> list[str]:
    """Exercise 5's five decisions as its language names them, least urgent first."""
    relief = [course.tables.decision_labels.get(k, k) for k in course.tables.decisions]
    return relief + [t.decision_shown for t in reversed(course.safety.tiers)]


def decisions_html(course: Course | None = None, *, lang: str | None = None) -> str:
    """Exercise 5's five decisions: the article's relief, then the red-flag tiers."""
    c = _course(course, lang)
    labels = c.tables.decision_labels
    items = [f"<li><strong>{_e(labels.get(k, k))}</strong>: {_e(v)}</li>"
             for k, v in c.tables.decisions.items()]
    for tier in reversed(c.safety.tiers):
        items.append(f"<li><strong>{_e(tier.decision_shown)}</strong> "
                     f"({_e(tier.label.lower())}): {_e(tier.action)}</li>")
    return f'<ul class="runwell-decisions">{"".join(items)}</ul>'


def decisions(course: Course | None = None, *, lang: str | None = None) -> HealthView:
    """Show exercise 5's decisions, in *lang* (default: the course's)."""
    c = _course(course, lang)
    text = translator(c.lang).gettext("Decisions: {names}").format(
        names=", ".join(decision_names(c)))
    return HealthView("decisions", decisions_html(c), text, _spec(c))


# ------------------------------------------------------------------------------ references


def source_when(source: Source, lang: str = "en") -> str:
    """The year, or ``Accessed 2026-11-30`` in *lang*."""
    if source.year is not None:
        return str(source.year)
    return translator(lang).gettext("Accessed {date}").format(date=source.accessed)


def reference_text(source: Source, lang: str = "en") -> str:
    """One reference as plain text: title, publisher, year (or date accessed), URL. The title
    is the source's own, in its own language."""
    parts = [source.title, source.publisher, source_when(source, lang)]
    if source.url:
        parts.append(source.url)
    return ". ".join(p.rstrip(".") for p in parts) + "."


def review_line(course: Course, page: str) -> str | None:
    review = course.review(page)
    if review is None:
        return None
    return translator(course.lang).gettext(
        "Last reviewed {reviewed} by: {reviewer}. Next review due {next}."
    ).format(reviewed=long_date(review.reviewed, course.lang), reviewer=review.reviewer,
             next=long_date(review.next_review, course.lang))


def references_html(page: str, course: Course | None = None, *, lang: str | None = None) -> str:
    c = _course(course, lang)
    items = []
    for source in c.health.references(page):
        link = (f' <a href="{_e(source.url)}">{_e(source.url)}</a>' if source.url else "")
        items.append(f"<li><cite>{_e(source.title)}</cite>. {_e(source.publisher)}. "
                     f"{_e(source_when(source, c.lang))}.{link}</li>")
    line = review_line(c, page)
    review = f'<p class="runwell-review">{_e(line)}</p>' if line else ""
    return f'<div class="runwell-references"><ol>{"".join(items)}</ol>{review}</div>'


def references(page: str, course: Course | None = None, *, lang: str | None = None
               ) -> HealthView:
    """Show a page's references (generated from the sources data) and its review dates, in
    *lang* (default: the course's). Citations keep their original titles."""
    c = _course(course, lang)
    refs = c.health.references(page)
    text = "\n".join([*(reference_text(s, c.lang) for s in refs),
                      review_line(c, page) or ""]).strip()
    return HealthView("references", references_html(page, c), text, _spec(c, ("page", page)))
