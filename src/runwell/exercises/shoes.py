"""Exercise 1: measure your foot and check a shoe you own with the shoe-fit calculator.

The learner converts their measurement to millimetres, works out the room in front of the toes
of a shoe they own (its inner length minus the foot) and judges it against a thumb's width. The
check recomputes everything with :mod:`runwell.shoefit` and explains any difference.
"""

from __future__ import annotations

from runwell import shoefit
from runwell.errors import CourseError
from runwell.exercises.feedback import CheckResult, quote
from runwell.shoefit.core import SIZE_SYSTEMS

EXERCISE = "Shoe fit check"
ROOM_TOLERANCE_MM = 1.0

__all__ = ["EXERCISE", "ROOM_TOLERANCE_MM", "evaluate_shoe_fit"]


def _unit_hint(foot_length: object, unit: object) -> str:
    """A likely slip between units (26.5 given as mm, 265 given as cm)."""
    if isinstance(foot_length, bool) or not isinstance(foot_length, (int, float)):
        return ""
    for other in shoefit.UNITS:
        if other == unit:
            continue
        mm = foot_length * shoefit.UNITS[other]
        if shoefit.FOOT_MIN_MM <= mm <= shoefit.FOOT_MAX_MM:
            return f" Did you mean {foot_length:g} {other}?"
    return ""


def evaluate_shoe_fit(
    foot_length: object,
    unit: object,
    shoe_size: object,
    system: object,
    room_mm: object,
    verdict: object,
) -> CheckResult:
    """Check the learner's foot length, the room they computed and their verdict."""
    try:
        foot_mm = shoefit.parse_foot_length(foot_length, unit)  # type: ignore[arg-type]
    except CourseError as exc:
        return CheckResult(
            EXERCISE,
            False,
            (f"{exc}.{_unit_hint(foot_length, unit)}".replace("..", "."),),
        )
    try:
        fit = shoefit.check_fit(foot_mm, shoe_size, system)  # type: ignore[arg-type]
    except CourseError as exc:
        return CheckResult(EXERCISE, False, (f"{exc}.".replace("..", "."),))
    problems: list[str] = []
    thumb = shoefit.THUMB_WIDTH_MM
    system_label = SIZE_SYSTEMS[fit.system].label
    label = f"{system_label} {shoefit.format_size(fit.size, fit.system)}"
    if isinstance(room_mm, bool) or not isinstance(room_mm, (int, float)):
        problems.append(f"room_mm should be a number of millimetres, not {quote(room_mm)}.")
    elif abs(room_mm - fit.room_mm) > ROOM_TOLERANCE_MM:
        problems.append(
            f"Your room is {room_mm:.1f} mm, but a {label} shoe is about "
            f"{fit.inner_length_mm:.1f} mm long inside and your foot is {foot_mm:.1f} mm, "
            f"which leaves {fit.room_mm:.1f} mm. Room = inner length − foot length."
        )
    if verdict not in shoefit.VERDICTS:
        problems.append(
            f"Your verdict {quote(verdict)} should be one of: "
            + ", ".join(quote(v) for v in shoefit.VERDICTS)
            + "."
        )
    elif verdict != fit.verdict:
        problems.append(
            f"With {fit.room_mm:.1f} mm of room the verdict is {quote(fit.verdict)}, not "
            f"{quote(verdict)}: less than a thumb's width ({thumb:g} mm) is too short, more than "
            f"two thumbs' width ({2 * thumb:g} mm) is probably too long."
        )
    if problems:
        return CheckResult(EXERCISE, False, tuple(problems))
    recommended = shoefit.format_size(fit.recommended_size, fit.system)
    return CheckResult(
        EXERCISE,
        True,
        (
            f"Your foot is {foot_mm:.1f} mm long and your room of {fit.room_mm:.1f} mm is right.",
            fit.reason,
            f"For your foot the calculator recommends {system_label} {recommended}.",
        ),
        fit.advice,
    )
