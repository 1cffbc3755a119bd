"""Exercise 1: measure your foot and check a shoe you own with the shoe-fit calculator.

The learner converts their measurement to millimetres, works out the room in front of the toes
of a shoe they own (its inner length minus the foot) and judges it against a thumb's width. The
check recomputes everything with :mod:`runwell.shoefit` and explains any difference, in the
learner's language; a verdict may be written in English or in that language ("good", "bien").
"""

from __future__ import annotations

from runwell import shoefit
from runwell.errors import CourseError
from runwell.exercises.feedback import CheckResult, quote
from runwell.exercises.tables import fold
from runwell.i18n import N_, decimal, translator
from runwell.shoefit.core import system_label, verdict_label

EXERCISE = N_("Shoe fit check")
ROOM_TOLERANCE_MM = 1.0

__all__ = ["EXERCISE", "ROOM_TOLERANCE_MM", "evaluate_shoe_fit", "verdict_of"]


def _unit_hint(foot_length: object, unit: object, lang: str) -> str:
    """A likely slip between units (26.5 given as mm, 265 given as cm)."""
    if isinstance(foot_length, bool) or not isinstance(foot_length, (int, float)):
        return ""
    for other in shoefit.UNITS:
        if other == unit:
            continue
        mm = foot_length * shoefit.UNITS[other]
        if shoefit.FOOT_MIN_MM <= mm <= shoefit.FOOT_MAX_MM:
            return " " + translator(lang).gettext("Did you mean {length} {unit}?").format(
                length=f"{foot_length:g}", unit=other)
    return ""


def verdict_of(answer: object, lang: str = "en") -> str | None:
    """The verdict (one of :data:`runwell.shoefit.VERDICTS`) a learner's words mean, in English
    or in *lang*; None if they mean none."""
    if not isinstance(answer, str):
        return None
    words = fold(answer)
    for verdict in shoefit.VERDICTS:
        if words in (fold(verdict), fold(verdict_label(verdict, lang))):
            return verdict
    return None


def evaluate_shoe_fit(
    foot_length: object,
    unit: object,
    shoe_size: object,
    system: object,
    room_mm: object,
    verdict: object,
    lang: str = "en",
) -> CheckResult:
    """Check the learner's foot length, the room they computed and their verdict."""
    _ = translator(lang).gettext
    name = _(EXERCISE)
    try:
        foot_mm = shoefit.parse_foot_length(foot_length, unit, lang=lang)  # type: ignore[arg-type]
    except CourseError as exc:
        return CheckResult(
            name,
            False,
            (f"{exc}.{_unit_hint(foot_length, unit, lang)}".replace("..", "."),),
            lang=lang,
        )
    try:
        fit = shoefit.check_fit(foot_mm, shoe_size, system, lang=lang)  # type: ignore[arg-type]
    except CourseError as exc:
        return CheckResult(name, False, (f"{exc}.".replace("..", "."),), lang=lang)
    problems: list[str] = []
    thumb = shoefit.THUMB_WIDTH_MM

    def num(value: float) -> str:
        return decimal(f"{value:.1f}", lang)

    label = f"{system_label(fit.system, lang)} {shoefit.format_size(fit.size, fit.system)}"
    said = verdict_of(verdict, lang)
    shown = [verdict_label(v, lang) for v in shoefit.VERDICTS]
    if isinstance(room_mm, bool) or not isinstance(room_mm, (int, float)):
        problems.append(_("room_mm should be a number of millimetres, not {value}.").format(
            value=quote(room_mm)))
    elif abs(room_mm - fit.room_mm) > ROOM_TOLERANCE_MM:
        problems.append(_(
            "Your room is {room} mm, but a {shoe} shoe is about {inner} mm long inside and your "
            "foot is {foot} mm, which leaves {right} mm. Room = inner length − foot length."
        ).format(room=num(room_mm), shoe=decimal(label, lang), inner=num(fit.inner_length_mm),
                 foot=num(foot_mm), right=num(fit.room_mm)))
    if said is None:
        problems.append(_("Your verdict {verdict} should be one of: {verdicts}.").format(
            verdict=quote(verdict), verdicts=", ".join(quote(v) for v in shown)))
    elif said != fit.verdict:
        problems.append(_(
            "With {room} mm of room the verdict is {right}, not {wrong}: less than a thumb's "
            "width ({thumb} mm) is too short, more than two thumbs' width ({two} mm) is probably "
            "too long."
        ).format(room=num(fit.room_mm), right=quote(verdict_label(fit.verdict, lang)),
                 wrong=quote(verdict), thumb=decimal(f"{thumb:g}", lang),
                 two=decimal(f"{2 * thumb:g}", lang)))
    if problems:
        return CheckResult(name, False, tuple(problems), lang=lang)
    recommended = shoefit.format_size(fit.recommended_size, fit.system)
    return CheckResult(
        name,
        True,
        (
            _("Your foot is {foot} mm long and your room of {room} mm is right.").format(
                foot=num(foot_mm), room=num(fit.room_mm)),
            fit.reason,
            _("For your foot the calculator recommends {size}.").format(
                size=decimal(f"{system_label(fit.system, lang)} {recommended}", lang)),
        ),
        fit.advice,
        lang=lang,
    )
