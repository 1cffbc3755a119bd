"""Hands-on exercises: the ``check_…`` helpers the notebooks call, and learner versions.

Pure logic per exercise lives in small modules (:mod:`~runwell.exercises.warmup`,
:mod:`~runwell.exercises.week`, :mod:`~runwell.exercises.surfaces`,
:mod:`~runwell.exercises.triage`, :mod:`~runwell.exercises.shoes`) over the tables in
``data/exercises.yaml``; :mod:`~runwell.exercises.checks` wraps them for notebooks;
:mod:`~runwell.exercises.student` writes learner versions without solutions
(``python -m runwell student``; build-time only, so it is not imported here: a learner's kernel,
in the browser too, never needs nbformat).
"""

from __future__ import annotations

from runwell.exercises.checks import (
    check_pain_decisions,
    check_route,
    check_shoe_fit,
    check_warm_up,
    check_week_plan,
)
from runwell.exercises.feedback import CheckResult
from runwell.exercises.triage import DECISIONS, diary, diary_markdown, triage

__all__ = [
    "DECISIONS",
    "CheckResult",
    "check_pain_decisions",
    "check_route",
    "check_shoe_fit",
    "check_warm_up",
    "check_week_plan",
    "diary",
    "diary_markdown",
    "triage",
]
