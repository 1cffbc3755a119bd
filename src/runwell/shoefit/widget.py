"""The live shoe-fit calculator for lesson 03: a thin ipywidgets shell over the pure core.

The learner types a foot length, picks the unit, and optionally gives the size and system of a
shoe they own. Results update on every keystroke; bad input shows a message in words in the result
area. Switching the unit converts the number shown. The initial state is empty with a prompt, so
stored notebook outputs are deterministic. The words come from the catalogue of the calculator's
language and its advice from that edition's shoe-fit text; the first unit and size system are the
edition's settings (Spanish: centimetres and EU sizes), and all five systems are always shown.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from runwell.errors import CourseError
from runwell.i18n import N_, decimal, translator
from runwell.shoefit.core import (
    SIZE_KEYS,
    SIZE_SYSTEMS,
    SYSTEMS,
    THUMB_WIDTH_MM,
    UNITS,
    Recommendation,
    check_fit,
    check_foot_length_mm,
    format_size,
    from_mm,
    parse_size,
    recommend,
    system_label,
    to_mm,
    verdict_label,
)
from runwell.shoefit.figure import foot_in_shoe_svg

__all__ = ["PROMPT", "STATIC_MIME", "ShoeFitCalculator", "prompt"]

from runwell.static_form import STATIC_MIME, StaticForm

PROMPT_TEXT = N_("Type your foot length (heel to longest toe, measured standing, late in the day) "
                 "to see your sizes.")
PROMPT = f'<p class="runwell-shoefit-prompt">{PROMPT_TEXT}</p>'
_LABEL_STYLE = {"description_width": "9em"}
_UNIT_NAMES = {"mm": N_("millimetres"), "cm": N_("centimetres"), "in": N_("inches")}


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def prompt(lang: str = "en") -> str:
    """The result area before anything is typed."""
    return (f'<p class="runwell-shoefit-prompt">{_e(translator(lang).gettext(PROMPT_TEXT))}'
            "</p>")


def _message(text: str, lang: str = "en") -> str:
    check = translator(lang).gettext("Check your input:")
    return (
        f'<p class="runwell-shoefit-message" role="status"><strong>{_e(check)}</strong> '
        f"{_e(text)}</p>"
    )


def _show(mm: float, unit: str) -> str:
    """A length for the input box, in *unit*, without float noise."""
    value = from_mm(mm, unit)
    return f"{round(value, 2 if unit == 'in' else 1):g}"


class ShoeFitCalculator(StaticForm, widgets.VBox):
    """Foot length → sizes in five systems, a thumb's-width fit check and a picture to scale."""

    def __init__(
        self,
        *,
        lang: str = "en",
        unit: str | None = None,
        system: str | None = None,
        course: Any = None,
        **kwargs: Any,
    ) -> None:
        if course is None:
            from runwell import course as model

            course = model.load(lang=lang)
        self.lang = lang
        self._course = course
        _ = translator(lang).gettext
        unit = unit or course.settings.unit
        system = system or course.settings.size_system
        if unit not in UNITS or system not in SIZE_SYSTEMS:
            raise CourseError(f"calculator: unit {unit!r} or system {system!r} is unknown")
        self.length = widgets.Text(
            value="",
            placeholder=_("e.g. {example}").format(example="26,5" if lang != "en" else "26.5"),
            description=_("Foot length"),
            continuous_update=True,
            style=_LABEL_STYLE,
        )
        self.unit = widgets.ToggleButtons(
            options=[("mm", "mm"), ("cm", "cm"), ("in", "in")],
            value=unit,
            description=_("Unit"),
            tooltips=[_(_UNIT_NAMES[u]) for u in ("mm", "cm", "in")],
            style=_LABEL_STYLE,
        )
        self.shoe_size = widgets.Text(
            value="",
            placeholder=_("optional, e.g. {example}").format(example="42"),
            description=_("Your shoe size"),
            continuous_update=True,
            style=_LABEL_STYLE,
        )
        self.system = widgets.Dropdown(
            options=[(system_label(s, lang), s) for s in SYSTEMS],
            value=system,
            description=_("Size system"),
            style=_LABEL_STYLE,
        )
        self.result = widgets.HTML(value=prompt(lang))
        self.result.add_class("runwell-shoefit-result")
        name = _("Shoe-fit calculator.")
        intro = widgets.HTML(
            f"<p><strong>{_e(name)}</strong> "
            + _e(_("Sizes follow the textbook formulas (FIA/Brannock for US sizes); confirm with "
                   "the brand's chart and a try-on.")) + "</p>"
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
        label = translator(self.lang).gettext("Foot length")
        if self._raw_mm is None:
            self._raw_mm = to_mm(text, self.unit.value, label=label, lang=self.lang)
        return check_foot_length_mm(self._raw_mm, label=label, unit=self.unit.value,
                                    lang=self.lang)

    def _update(self) -> None:
        if not self.length.value.strip():
            self._raw_mm = None
            self.result.value = prompt(self.lang)
            return
        try:
            foot = self._foot_mm()
        except CourseError as exc:
            self.result.value = _message(str(exc), self.lang)
            return
        self.result.value = self._render(recommend(foot))

    def _render(self, rec: Recommendation) -> str:
        _ = translator(self.lang).gettext
        lang = self.lang
        foot = rec.foot_length_mm
        system = self.system.value
        summary = _("Foot length {foot} ({cm} cm, {inches} in). Minimum inner length of the "
                    "shoe: {inner} (foot + a thumb's width, {thumb} mm).").format(
            foot=f"<strong>{foot:.0f} mm</strong>", cm=f"{foot / 10:.1f}",
            inches=f"{foot / 25.4:.2f}", inner=f"<strong>{rec.recommended_length_mm:.0f} mm"
            "</strong>", thumb=f"{THUMB_WIDTH_MM:g}")
        caption, system_head, size_head = (
            _("Your sizes, rounded up as shops sell them"), _("System"), _("Size"))
        parts = [
            f"<p>{decimal(summary, lang)}</p>",
            f'<table class="runwell-shoefit-sizes"><caption>{_e(caption)}</caption><thead><tr>'
            f'<th scope="col">{_e(system_head)}</th><th scope="col">{_e(size_head)}</th>'
            "</tr></thead><tbody>",
        ]
        for s in SYSTEMS:
            shown = decimal(format_size(rec.sizes[SIZE_KEYS[s]], s), lang)
            head = f'<th scope="row">{_e(system_label(s, lang))}</th>'
            parts.append(f"<tr>{head}<td>{shown}</td></tr>")
        parts.append("</tbody></table>")

        inner = SIZE_SYSTEMS[system].last_from_size(rec.sizes[SIZE_KEYS[system]])
        label = f"{system_label(system, lang)} {format_size(rec.sizes[SIZE_KEYS[system]], system)}"
        caption = _("Your foot in a {size} shoe, drawn to scale.").format(
            size=decimal(label, lang))
        if self.shoe_size.value.strip():
            try:
                size = parse_size(self.shoe_size.value, system, label=_("Your shoe size"),
                                  lang=lang)
            except CourseError as exc:
                parts.append(_message(str(exc), lang))
            else:
                fit = check_fit(foot, size, system, lang=lang, text=self._course.shoefit)
                inner = fit.inner_length_mm
                caption = _("Your foot in your {size} shoe, drawn to scale.").format(
                    size=decimal(f"{system_label(system, lang)} {format_size(size, system)}",
                                 lang))
                verdict = _("Fit check: {verdict}.").format(
                    verdict=verdict_label(fit.verdict, lang))
                parts.append(
                    f'<p class="runwell-shoefit-verdict"><strong>{_e(verdict)}</strong> '
                    f"{_e(fit.reason)}</p>"
                )
                parts.append("<ul>" + "".join(f"<li>{_e(a)}</li>" for a in fit.advice) + "</ul>")
        parts.append(f"<figure>{foot_in_shoe_svg(foot, inner, lang=lang)}<figcaption>"
                     f"{_e(caption)}</figcaption></figure>")
        convention = _("Convention: the textbook formulas from foot length; US women's = men's "
                       "+ 1.5 (FIA/Brannock). Brands' charts can differ by up to about a size.")
        parts.append(f"<p><small>{_e(convention)}</small></p>")
        return "\n".join(parts)

    # ---- display ------------------------------------------------------------------------------

    def __repr__(self) -> str:
        return "ShoeFitCalculator()"

    def static_spec(self) -> dict[str, str]:
        spec = {"widget": "shoefit"}
        if self.lang != "en":
            spec["lang"] = self.lang
        return spec
