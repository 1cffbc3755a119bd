"""Exercise 2: a warm-up routine built from the article's four warm-up elements.

A routine is a list of ``(step, minutes)`` pairs (or a dict ``{step: minutes}``), in order. Each
step is recognised by keywords (``data/exercises.yaml``; a language adds its own words): one step
may count for several elements ("static hamstring stretches" is both a hamstring stretch and a
static stretch).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from runwell.exercises.feedback import CheckResult, quote
from runwell.exercises.tables import matches, tables
from runwell.i18n import N_, translator

EXERCISE = N_("Warm-up check")

__all__ = ["EXERCISE", "Step", "elements_of", "evaluate_warm_up", "parse_routine"]


@dataclass(frozen=True)
class Step:
    name: str
    minutes: float
    elements: tuple[str, ...]  # ids of the article's elements this step covers


def elements_of(name: str, lang: str = "en") -> tuple[str, ...]:
    """Ids of the article's warm-up elements a step's name refers to."""
    return tuple(e.id for e in tables(lang).warm_up_elements if matches(name, e.keywords))


def _minutes(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def parse_routine(routine: object, lang: str = "en") -> tuple[list[Step], list[str]]:
    """The steps of *routine*, and a message for each entry that cannot be read."""
    _ = translator(lang).gettext
    problems: list[str] = []
    if isinstance(routine, Mapping):
        pairs: list[object] = list(routine.items())
    elif isinstance(routine, Iterable) and not isinstance(routine, (str, bytes)):
        pairs = list(routine)
    else:
        return [], [
            _("Write the routine as a list of (step, minutes) pairs, for example {example}; got "
              "{value}.").format(example=_('[("walk building to a steady jog", 5), '
                                           '("strides", 2)]'), value=quote(routine))
        ]
    steps: list[Step] = []
    for n, pair in enumerate(pairs, start=1):
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2 and isinstance(pair[0], str)):
            problems.append(
                _("Step {n}: {value} is not a (step, minutes) pair such as {example}.").format(
                    n=n, value=quote(pair), example=_('("strides", 2)'))
            )
            continue
        name, raw = pair[0].strip(), pair[1]
        minutes = _minutes(raw)
        if not name:
            problems.append(_("Step {n}: give the step a name.").format(n=n))
        elif minutes is None:
            problems.append(_("Step {n} ({name}): minutes should be a number, not {value}.")
                            .format(n=n, name=quote(name), value=repr(raw)))
        elif minutes <= 0:
            problems.append(
                _("Step {n} ({name}): {minutes} minutes. Give every step some time (at least a "
                  "minute), or leave it out.").format(n=n, name=quote(name), minutes=f"{minutes:g}")
            )
        else:
            steps.append(Step(name, minutes, elements_of(name, lang)))
    return steps, problems


def evaluate_warm_up(routine: object, lang: str = "en") -> CheckResult:
    """Check a routine: all four elements present, sensible minutes, and a note on static
    stretching before a run (beyond the article)."""
    _ = translator(lang).gettext
    t = tables(lang)
    steps, problems = parse_routine(routine, lang)
    notes: list[str] = []
    covered = {element for step in steps for element in step.elements}
    for element in t.warm_up_elements:
        if element.id not in covered:
            problems.append(
                _("Missing: {element}, one of the article's four elements ({why}).").format(
                    element=element.name, why=element.why)
            )
    total = sum(step.minutes for step in steps)
    limits = {"low": f"{t.warm_up_min_minutes:g}", "high": f"{t.warm_up_max_minutes:g}",
              "total": f"{total:g}"}
    if steps and not problems:
        if total < t.warm_up_min_minutes:
            problems.append(
                _("Your warm-up adds up to {total} minutes, which is too short to warm the "
                  "muscles; this course suggests {low} to {high} minutes.").format(**limits)
            )
        elif total > t.warm_up_max_minutes:
            problems.append(
                _("Your warm-up adds up to {total} minutes: longer than a warm-up needs (this "
                  "course suggests {low} to {high}). Keep your energy for the run.").format(
                    **limits)
            )
    for step in steps:
        if not step.elements:
            notes.append(
                _("{step} is not one of the article's four elements. You may keep it, but it "
                  "does not count towards them.").format(step=quote(step.name))
            )
    static = [s for s in steps if "static-stretches" in s.elements]
    if static:
        static_minutes = sum(s.minutes for s in static)
        if static_minutes > t.static_max_minutes:
            notes.append(
                _("You gave static stretches {minutes} minutes before the run; the note below "
                  "suggests fewer, shorter holds.").format(minutes=f"{static_minutes:g}")
            )
        first_jog = next(
            (i for i, s in enumerate(steps) if "walk-to-jog" in s.elements), len(steps)
        )
        if steps.index(static[0]) < first_jog:
            notes.append(
                _("Your static stretches come before any walking or jogging; the note below "
                  "suggests warming up with the walk and jog first.")
            )
        strides = [i for i, s in enumerate(steps) if "strides" in s.elements]
        if strides and strides[-1] < steps.index(static[-1]):
            notes.append(
                _("Your warm-up ends with static stretches; the note below suggests ending with "
                  "the strides, so the muscles are ready for running pace.")
            )
    notes.append(t.static_note)
    name = _(EXERCISE)
    if problems:
        return CheckResult(name, False, tuple(problems), tuple(notes), lang=lang)
    names = ", ".join(e.name for e in t.warm_up_elements)
    return CheckResult(
        name,
        True,
        (
            _("All four of the article's warm-up elements are in your routine ({names}).")
            .format(names=names),
            _("{steps} steps, {total} minutes in total: a sensible length.").format(
                steps=len(steps), total=f"{total:g}"),
        ),
        tuple(notes),
        lang=lang,
    )
