"""Exercise 3: a week of runs, cross-training and core/stretching sessions, checked for overuse.

A plan maps each day of the week to its sessions: ``{"Monday": ["easy run"], "Tuesday":
["core"], "Wednesday": [], ...}`` (a single string is one session; an empty list or "rest" is a
rest day). Sessions are recognised by keywords (``data/exercises.yaml``), and each kind of
session loads certain muscle groups. The check follows the article: toning and stretching between
runs keep the core stable, and cross-training avoids the overuse that comes from working the same
muscle groups again and again, here made concrete as "not on two days in a row".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from runwell.exercises.feedback import CheckResult, quote
from runwell.exercises.tables import Activity, matches, tables

EXERCISE = "Week plan check"
REST_KINDS = frozenset({"rest", "light", "stretching"})
REST_DAY_NOTE = (
    "Beyond the article: beginners' plans such as the NHS Couch to 5K put a rest day between "
    "runs so that muscles can recover."
)

__all__ = ["EXERCISE", "Day", "activities_of", "evaluate_week_plan", "parse_plan"]


@dataclass(frozen=True)
class Day:
    name: str
    sessions: tuple[str, ...]
    activities: tuple[Activity, ...]

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(a.kind for a in self.activities)

    @property
    def loads(self) -> frozenset[str]:
        return frozenset(group for a in self.activities for group in a.loads)

    @property
    def is_rest(self) -> bool:
        return self.kinds <= REST_KINDS


def activities_of(session: str) -> tuple[Activity, ...]:
    """The known activities a session's description refers to."""
    return tuple(a for a in tables().activities if matches(session, a.keywords))


def _day_name(key: object, days: tuple[str, ...]) -> str | None:
    if not isinstance(key, str):
        return None
    text = key.strip().lower()
    for day in days:
        if len(text) >= 3 and day.lower().startswith(text):
            return day
    return None


def parse_plan(plan: object) -> tuple[list[Day], list[str]]:
    """The seven days of *plan* in week order, and a message for anything that cannot be read."""
    days = tables().days
    if not isinstance(plan, Mapping):
        return [], [
            'Write the plan as a dict from day to sessions, e.g. {"Monday": ["easy run"], '
            f'"Tuesday": ["core"], ...}}; got {quote(plan)}.'
        ]
    problems: list[str] = []
    found: dict[str, tuple[str, ...]] = {}
    seen: set[str] = set()
    for key, value in plan.items():
        day = _day_name(key, days)
        if day is None:
            problems.append(f"{quote(key)} is not a day of the week (write Monday … Sunday).")
            continue
        if day in seen:
            problems.append(f"{day} appears twice in the plan.")
            continue
        seen.add(day)
        if value is None:
            value = []
        sessions = [value] if isinstance(value, str) else value
        if not isinstance(sessions, (list, tuple)) or not all(isinstance(s, str) for s in sessions):
            problems.append(f'{day}: write the sessions as a list of words, e.g. ["easy run"].')
            continue
        found[day] = tuple(s.strip() for s in sessions if s.strip())
    for day in days:
        if day not in seen:
            problems.append(f'{day} is missing: write [] or "rest" for a rest day.')
    parsed: list[Day] = []
    for day in days:
        if day not in found:
            continue
        acts: list[Activity] = []
        for session in found[day]:
            matched = activities_of(session)
            if not matched:
                known = ", ".join(a.id for a in tables().activities)
                problems.append(
                    f"{day}: I don't recognise {quote(session)}. Use words such as: {known}."
                )
            acts.extend(matched)
        parsed.append(Day(day, found[day], tuple(acts)))
    return parsed, problems


def _described(day: Day) -> str:
    return ", ".join(day.sessions) if day.sessions else "rest"


def evaluate_week_plan(plan: object) -> CheckResult:
    """Check a week: runs, at least one core and one cross-training session, a rest day, and
    no muscle group worked hard on two consecutive days (the week repeats)."""
    days, problems = parse_plan(plan)
    if problems:
        return CheckResult(EXERCISE, False, tuple(problems))
    notes: list[str] = []
    kinds = {kind for d in days for kind in d.kinds}
    if "run" not in kinds:
        problems.append("There is no run in the plan: add at least one.")
    if "core" not in kinds:
        problems.append(
            "Add a core session (for example planks or bridges): the article recommends toning "
            "work between runs to keep the core muscles that support the back stable."
        )
    if "cross-training" not in kinds:
        problems.append(
            "Add a cross-training session (cycling, swimming, rowing…): the article says it "
            "helps prevent overuse from working the same muscle groups again and again."
        )
    if not any(d.is_rest for d in days):
        problems.append("Every day has a hard session: give yourself at least one rest day.")
        notes.append(REST_DAY_NOTE)
    for i, today in enumerate(days):
        tomorrow = days[(i + 1) % len(days)]
        shared = sorted(today.loads & tomorrow.loads)
        if shared:
            wrap = " (the week repeats, so they are back to back)" if i == len(days) - 1 else ""
            problems.append(
                f"{today.name} ({_described(today)}) and {tomorrow.name} "
                f"({_described(tomorrow)}) both work the {' and the '.join(shared)}{wrap}. "
                "Working the same muscle groups day after day is what the article calls "
                "overuse: swap one of them for a different activity or rest."
            )
    if "stretching" not in kinds:
        notes.append(
            "The article pairs toning with stretching between runs: consider a stretching "
            "session too."
        )
    if problems:
        return CheckResult(EXERCISE, False, tuple(problems), tuple(notes))

    def listed(kind: str) -> str:
        return ", ".join(d.name for d in days if kind in d.kinds)

    rest = ", ".join(d.name for d in days if d.is_rest)
    return CheckResult(
        EXERCISE,
        True,
        (
            f"Runs on {listed('run')}; core work on {listed('core')}; cross-training on "
            f"{listed('cross-training')}; rest on {rest}.",
            "No muscle group is worked hard on two days in a row, so no overuse.",
        ),
        tuple(notes),
    )
