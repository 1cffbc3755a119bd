"""The live shoe-fit calculator for lesson 03: a thin ipywidgets shell over the pure core.

The learner types a foot length, picks the unit, and optionally gives the size and system of a
shoe they own. Results update on every keystroke; bad input shows a message in words in the result
area. Switching the unit converts the number shown. The initial state is empty with a prompt, so
stored notebook outputs are deterministic.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from runwell.errors import CourseError
from runwell.shoefit.core import (
    SIZE_KEYS,
    SIZE_SYSTEMS,
    SYSTEMS,
    THUMB_WIDTH_MM,
    Recommendation,
    check_fit,
    check_foot_length_mm,
    format_size,
    from_mm,
    parse_size,
    recommend,
    to_mm,
)
from runwell.shoefit.figure import foot_in_shoe_svg

__all__ = ["PROMPT", "STATIC_MIME", "ShoeFitCalculator"]

from runwell.static_form import STATIC_MIME, StaticForm

PROMPT = (
    '<p class="runwell-shoefit-prompt">Type your foot length (heel to longest toe, measured '
    "standing, late in the day) to see your sizes.</p>"
)
_LABEL_STYLE = {"description_width": "9em"}


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _message(text: str) -> str:
    return (
        '<p class="runwell-shoefit-message" role="status"><strong>Check your input:</strong> '
        f"{_e(text)}</p>"
    )


def _show(mm: float, unit: str) -> str:
    """A length for the input box, in *unit*, without float noise."""
    value = from_mm(mm, unit)
    return f"{round(value, 2 if unit == 'in' else 1):g}"


class ShoeFitCalculator(StaticForm, widgets.VBox):
    """Foot length → sizes in five systems, a thumb's-width fit check and a picture to scale."""

    def __init__(self, **kwargs: Any) -> None:
        self.length = widgets.Text(
            value="",
            placeholder="e.g. 26.5",
            description="Foot length",
            continuous_update=True,
            style=_LABEL_STYLE,
        )
        self.unit = widgets.ToggleButtons(
            options=[("mm", "mm"), ("cm", "cm"), ("in", "in")],
            value="cm",
            description="Unit",
            tooltips=["millimetres", "centimetres", "inches"],
            style=_LABEL_STYLE,
        )
        self.shoe_size = widgets.Text(
            value="",
            placeholder="optional, e.g. 42",
            description="Your shoe size",
            continuous_update=True,
            style=_LABEL_STYLE,
        )
        self.system = widgets.Dropdown(
            options=[(SIZE_SYSTEMS[s].label, s) for s in SYSTEMS],
            value="eu",
            description="Size system",
            style=_LABEL_STYLE,
        )
        self.result = widgets.HTML(value=PROMPT)
        self.result.add_class("runwell-shoefit-result")
        intro = widgets.HTML(
            "<p><strong>Shoe-fit calculator.</strong> Sizes follow the textbook formulas "
            "(FIA/Brannock for US sizes); confirm with the brand's chart and a try-on.</p>"
        )
        super().__init__(
            children=[intro, self.length, self.unit, self.shoe_size, self.system, self.result],
            **kwargs,
        )
        self.add_class("runwell-shoefit")
        self._raw_mm: float | None = None  # the typed length in mm, kept exact across unit changes
        self._converting = False
        self.length.observe(self._on_length, names="value")
        self.unit.observe(self._on_unit, names="value")
        self.shoe_size.observe(self._on_other, names="value")
        self.system.observe(self._on_other, names="value")

    # ---- events -------------------------------------------------------------------------------

    def _on_length(self, change: dict[str, Any]) -> None:
        if self._converting:
            return
        self._raw_mm = None
        self._update()

    def _on_unit(self, change: dict[str, Any]) -> None:
        if self._raw_mm is not None:
            self._converting = True
            try:
                self.length.value = _show(self._raw_mm, change["new"])
            finally:
                self._converting = False
        self._update()

    def _on_other(self, change: dict[str, Any]) -> None:
        self._update()

    # ---- the result area ----------------------------------------------------------------------

    def _foot_mm(self) -> float:
        text = self.length.value
        if self._raw_mm is None:
            self._raw_mm = to_mm(text, self.unit.value, label="Foot length")
        return check_foot_length_mm(self._raw_mm, label="Foot length", unit=self.unit.value)

    def _update(self) -> None:
        if not self.length.value.strip():
            self._raw_mm = None
            self.result.value = PROMPT
            return
        try:
            foot = self._foot_mm()
        except CourseError as exc:
            self.result.value = _message(str(exc))
            return
        self.result.value = self._render(recommend(foot))

    def _render(self, rec: Recommendation) -> str:
        foot = rec.foot_length_mm
        system = self.system.value
        parts = [
            f"<p>Foot length <strong>{foot:.0f} mm</strong> ({foot / 10:.1f} cm, "
            f"{foot / 25.4:.2f} in). Minimum inner length of the shoe: "
            f"<strong>{rec.recommended_length_mm:.0f} mm</strong> (foot + a thumb's width, "
            f"{THUMB_WIDTH_MM:g} mm).</p>",
            '<table class="runwell-shoefit-sizes"><caption>Your sizes, rounded up as shops '
            'sell them</caption><thead><tr><th scope="col">System</th>'
            '<th scope="col">Size</th></tr></thead><tbody>',
        ]
        for s in SYSTEMS:
            shown = format_size(rec.sizes[SIZE_KEYS[s]], s)
            head = f'<th scope="row">{_e(SIZE_SYSTEMS[s].label)}</th>'
            parts.append(f"<tr>{head}<td>{shown}</td></tr>")
        parts.append("</tbody></table>")

        inner = SIZE_SYSTEMS[system].last_from_size(rec.sizes[SIZE_KEYS[system]])
        label = f"{SIZE_SYSTEMS[system].label} {format_size(rec.sizes[SIZE_KEYS[system]], system)}"
        caption = f"Your foot in a {label} shoe, drawn to scale."
        if self.shoe_size.value.strip():
            try:
                size = parse_size(self.shoe_size.value, system, label="Your shoe size")
            except CourseError as exc:
                parts.append(_message(str(exc)))
            else:
                fit = check_fit(foot, size, system)
                inner = fit.inner_length_mm
                caption = (
                    f"Your foot in your {SIZE_SYSTEMS[system].label} "
                    f"{format_size(size, system)} shoe, drawn to scale."
                )
                parts.append(
                    f'<p class="runwell-shoefit-verdict"><strong>Fit check: {_e(fit.verdict)}.'
                    f"</strong> {_e(fit.reason)}</p>"
                )
                parts.append("<ul>" + "".join(f"<li>{_e(a)}</li>" for a in fit.advice) + "</ul>")
        parts.append(f"<figure>{foot_in_shoe_svg(foot, inner)}<figcaption>{_e(caption)}"
                     "</figcaption></figure>")
        parts.append(
            "<p><small>Convention: the textbook formulas from foot length; US women's = men's "
            "+ 1.5 (FIA/Brannock). Brands' charts can differ by up to about a size.</small></p>"
        )
        return "\n".join(parts)

    # ---- display ------------------------------------------------------------------------------

    def __repr__(self) -> str:
        return "ShoeFitCalculator()"

    def static_spec(self) -> dict[str, str]:
        return {"widget": "shoefit"}
