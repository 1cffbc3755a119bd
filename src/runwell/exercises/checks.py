"""The ``check_…`` helpers the exercise notebooks call: one per exercise.

Each takes the learner's answer, never raises for a wrong or malformed answer, and returns a
:class:`~runwell.exercises.feedback.CheckResult` (``.ok``, ``.messages``, ``.notes``) that
displays itself as friendly Markdown feedback when it is the last value in a cell. With
``lang="es"`` the feedback is in Spanish and the learner may write Spanish words (the keywords of
``data/es/exercises.yaml``, added to the English ones).
"""

from __future__ import annotations

from runwell.exercises.feedback import CheckResult
from runwell.exercises.surfaces import evaluate_route
from runwell.exercises.triage import evaluate_pain_decisions
from runwell.exercises.warmup import evaluate_warm_up
from runwell.exercises.week import evaluate_week_plan

__all__ = [
    "check_pain_decisions",
    "check_route",
    "check_shoe_fit",
    "check_warm_up",
    "check_week_plan",
]


def check_shoe_fit(
    foot_length: object,
    unit: object,
    shoe_size: object,
    system: object,
    *,
    room_mm: object,
    verdict: object,
    lang: str = "en",
) -> CheckResult:
    """Exercise 1: your foot length (in *unit*: mm, cm or in), a shoe you own (*shoe_size* in
    *system*: us-men, us-women, uk, eu, mondopoint), the room you computed in front of your toes
    and your verdict ("too short", "good" or "probably too long", or their words in *lang*)."""
    from runwell.exercises.shoes import evaluate_shoe_fit  # imports the calculator

    return evaluate_shoe_fit(foot_length, unit, shoe_size, system, room_mm, verdict, lang)


def check_warm_up(routine: object, *, lang: str = "en") -> CheckResult:
    """Exercise 2: a list of ``(step, minutes)`` pairs in order."""
    return evaluate_warm_up(routine, lang)


def check_week_plan(plan: object, *, lang: str = "en") -> CheckResult:
    """Exercise 3: a dict from day (Monday … Sunday, or the days in *lang*) to a list of
    sessions."""
    return evaluate_week_plan(plan, lang)


def check_route(ratings: object, choice: object, *, lang: str = "en") -> CheckResult:
    """Exercise 4: a dict from surface to a rating 1–5 (5 = most forgiving), and your pick."""
    return evaluate_route(ratings, choice, lang)


def check_pain_decisions(decisions: object, *, lang: str = "en") -> CheckResult:
    """Exercise 5: a dict from diary entry (A, B, …) to rest, self-care, see a doctor, same day
    or emergency (or their names in *lang*)."""
    return evaluate_pain_decisions(decisions, lang)
