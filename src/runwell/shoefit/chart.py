"""The calculator's static form for handouts: a printable size chart and a how-to-measure guide.

Plain HTML (no JavaScript): a table with a caption and header scopes, the convention with its
sources, an example picture, the measuring steps and the fit advice.
"""

from __future__ import annotations

import html

from markdown_it import MarkdownIt

from runwell import NOTICE
from runwell.shoefit.advice import article_advice, beyond_advice, measure_steps
from runwell.shoefit.core import (
    CONVENTION_MARKDOWN,
    SIZE_KEYS,
    SIZE_SYSTEMS,
    SYSTEMS,
    THUMB_WIDTH_MM,
    format_size,
    recommend,
    size_to_length_mm,
)
from runwell.shoefit.figure import foot_in_shoe_svg

__all__ = ["CHART_MM", "chart_rows", "static_html"]

#: Foot lengths in the printed chart: 220 to 320 mm in 5 mm steps.
CHART_MM = tuple(range(220, 321, 5))

_EXAMPLE = (265.0, 42, "eu")  # foot length, shoe size, system of the example picture


def chart_rows() -> list[list[str]]:
    """The chart's rows: foot length in mm, cm, in, then the size in each system."""
    rows = []
    for mm in CHART_MM:
        rec = recommend(float(mm))
        rows.append(
            [f"{mm}", f"{mm / 10:.1f}", f"{mm / 25.4:.2f}"]
            + [format_size(rec.sizes[SIZE_KEYS[s]], s) for s in SYSTEMS]
        )
    return rows


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def static_html() -> str:
    """An HTML fragment: size chart, convention, example picture, how to measure, fit advice."""
    head = ["Foot length (mm)", "Foot length (cm)", "Foot length (in)"] + [
        SIZE_SYSTEMS[s].label for s in SYSTEMS
    ]
    out = ['<section class="runwell-shoefit-static">', "<h3>Shoe-size chart</h3>"]
    out.append('<table class="runwell-shoefit-chart">')
    out.append(
        "<caption>Running-shoe sizes by foot length (heel to longest toe), rounded up to the "
        "sizes shops sell. Each size already leaves at least a thumb's width of room; the "
        "convention and its sources follow the table.</caption>"
    )
    out.append(
        "<thead><tr>" + "".join(f'<th scope="col">{_e(h)}</th>' for h in head) + "</tr></thead>"
    )
    out.append("<tbody>")
    for row in chart_rows():
        cells = f'<th scope="row">{_e(row[0])}</th>' + "".join(f"<td>{_e(c)}</td>" for c in row[1:])
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    out.append('<div class="runwell-shoefit-convention">')
    out.append(MarkdownIt("commonmark").render(CONVENTION_MARKDOWN).strip())
    out.append("</div>")

    foot, size, system = _EXAMPLE
    inner = size_to_length_mm(size, system)
    out.append('<figure class="runwell-shoefit-example">')
    out.append(foot_in_shoe_svg(foot, inner))
    out.append(
        f"<figcaption>Drawn to scale: a {foot:.0f} mm foot in a "
        f"{SIZE_SYSTEMS[system].label} {size} shoe (about {inner:.0f} mm inside) leaves about "
        f"{inner - foot:.0f} mm in front of the toes; the dashed line marks a thumb's width "
        f"({THUMB_WIDTH_MM:g} mm).</figcaption>"
    )
    out.append("</figure>")

    out.append("<h3>How to measure your foot</h3>")
    out.append('<ol class="runwell-shoefit-measure">')
    out += [f"<li>{_e(step)}</li>" for step in measure_steps()]
    out.append("</ol>")

    out.append("<h3>Check a shoe you own</h3>")
    out.append(
        "<p>Look up the shoe's inner length for its size, subtract your foot length, and compare "
        f"the room with a thumb's width (about {THUMB_WIDTH_MM:g} mm). Less is too short; more "
        "than two thumbs' width is probably too long, and the heel may slip.</p>"
    )
    out.append("<h3>Fit advice</h3>")
    out.append("<p>From the article <cite>Minimize Back Pain While Running</cite>:</p>")
    out.append("<ul>" + "".join(f"<li>{_e(i.text)}</li>" for i in article_advice()) + "</ul>")
    out.append("<p><strong>Beyond the article</strong>, with sources:</p>")
    out.append(
        "<ul>"
        + "".join(
            f"<li>{_e(i.text)} <small>(Source: {_e(i.citation)}.)</small></li>"
            for i in beyond_advice()
        )
        + "</ul>"
    )
    out.append(f'<p class="runwell-notice"><strong>{_e(NOTICE)}</strong></p>')
    out.append("</section>")
    return "\n".join(out) + "\n"
