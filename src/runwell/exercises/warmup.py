"""Exercise 2: a warm-up routine built from the article's four warm-up elements.

A routine is a list of ``(step, minutes)`` pairs (or a dict ``{step: minutes}``), in order. Each
step is recognised by keywords (``data/exercises.yaml``): one step may count for several elements
("static hamstring stretches" is both a hamstring stretch and a static stretch).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from runwell.exercises.feedback import CheckResult, quote
from runwell.exercises.tables import matches, tables

EXERCISE = "Warm-up check"

__all__ = ["EXERCISE", "Step", "elements_of", "evaluate_warm_up", "parse_routine"]


@dataclass(frozen=True)
class Step:
    name: str
    minutes: float
    elements: tuple[str, ...]  # ids of the article's elements this step covers


def elements_of(name: str) -> tuple[str, ...]:
    """Ids of the article's warm-up elements a step's name refers to."""
    return tuple(e.id for e in tables().warm_up_elements if matches(name, e.keywords))


def _minutes(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def parse_routine(routine: object) -> tuple[list[Step], list[str]]:
    """The steps of *routine*, and a message for each entry that cannot be read."""
    problems: list[str] = []
    if isinstance(routine, Mapping):
        pairs: list[object] = list(routine.items())
    elif isinstance(routine, Iterable) and not isinstance(routine, (str, bytes)):
        pairs = list(routine)
    else:
        return [], [
            "Write the routine as a list of (step, minutes) pairs, for example "
            '[("walk building to a steady jog", 5), ("strides", 2)]; '
            f"got {quote(routine)}."
        ]
    steps: list[Step] = []
    for n, pair in enumerate(pairs, start=1):
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2 and isinstance(pair[0], str)):
            problems.append(
                f'Step {n}: {quote(pair)} is not a (step, minutes) pair such as ("strides", 2).'
            )
            continue
        name, raw = pair[0].strip(), pair[1]
        minutes = _minutes(raw)
        if not name:
            problems.append(f"Step {n}: give the step a name.")
        elif minutes is None:
            problems.append(f"Step {n} ({quote(name)}): minutes should be a number, not {raw!r}.")
        elif minutes <= 0:
            problems.append(
                f"Step {n} ({quote(name)}): {minutes:g} minutes. Give every step some time "
                "(at least a minute), or leave it out."
            )
        else:
            steps.append(Step(name, minutes, elements_of(name)))
    return steps, problems


def evaluate_warm_up(routine: object) -> CheckResult:
    """Check a routine: all four elements present, sensible minutes, and a note on static
    stretching before a run (beyond the article)."""
    t = tables()
    steps, problems = parse_routine(routine)
    notes: list[str] = []
    covered = {element for step in steps for element in step.elements}
    for element in t.warm_up_elements:
        if element.id not in covered:
            problems.append(
                f"Missing: {element.name}, one of the article's four elements ({element.why})."
            )
    total = sum(step.minutes for step in steps)
    if steps and not problems:
        if total < t.warm_up_min_minutes:
            problems.append(
                f"Your warm-up adds up to {total:g} minutes, which is too short to warm the "
                f"muscles; this course suggests {t.warm_up_min_minutes:g} to "
                f"{t.warm_up_max_minutes:g} minutes."
            )
        elif total > t.warm_up_max_minutes:
            problems.append(
                f"Your warm-up adds up to {total:g} minutes: longer than a warm-up needs (this "
                f"course suggests {t.warm_up_min_minutes:g} to {t.warm_up_max_minutes:g}). Keep "
                "your energy for the run."
            )
    for step in steps:
        if not step.elements:
            notes.append(
                f"{quote(step.name)} is not one of the article's four elements. You may keep it, "
                "but it does not count towards them."
            )
    static = [s for s in steps if "static-stretches" in s.elements]
    if static:
        static_minutes = sum(s.minutes for s in static)
        if static_minutes > t.static_max_minutes:
            notes.append(
                f"You gave static stretches {static_minutes:g} minutes before the run; the "
                "note below suggests fewer, shorter holds."
            )
        first_jog = next(
            (i for i, s in enumerate(steps) if "walk-to-jog" in s.elements), len(steps)
        )
        if steps.index(static[0]) < first_jog:
            notes.append(
                "Your static stretches come before any walking or jogging; the note below "
                "suggests warming up with the walk and jog first."
            )
        strides = [i for i, s in enumerate(steps) if "strides" in s.elements]
        if strides and strides[-1] < steps.index(static[-1]):
            notes.append(
                "Your warm-up ends with static stretches; the note below suggests ending with "
                "the strides, so the muscles are ready for running pace."
            )
    notes.append(t.static_note)
    if problems:
        return CheckResult(EXERCISE, False, tuple(problems), tuple(notes))
    names = ", ".join(e.name for e in t.warm_up_elements)
    return CheckResult(
        EXERCISE,
        True,
        (
            f"All four of the article's warm-up elements are in your routine ({names}).",
            f"{len(steps)} steps, {total:g} minutes in total: a sensible length.",
        ),
        tuple(notes),
    )
