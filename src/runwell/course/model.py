"""The course model: frozen dataclasses that every view reads.

Nothing here reads files. :mod:`runwell.course.loader` builds these from the data files (or from
the JSON the zero-install site ships), validated once.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from runwell.errors import CourseError, Problem

if TYPE_CHECKING:
    from runwell.course.notebooks import Page

__all__ = [
    "LETTERS",
    "Activity",
    "AdviceItem",
    "Bank",
    "Choice",
    "Course",
    "DiaryEntry",
    "GuidancePoint",
    "NumericFeedback",
    "Question",
    "RedFlag",
    "ShoeFitText",
    "SurfaceTable",
    "Tables",
    "WarmUpElement",
    "frozen_map",
]

LETTERS = string.ascii_uppercase


def frozen_map(items: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """A read-only mapping (frozen dataclasses hold these instead of dicts)."""
    return MappingProxyType(dict(items or {}))


# ------------------------------------------------------------------------------ guidance


@dataclass(frozen=True)
class GuidancePoint:
    """One piece of the article's guidance (``data/guidance.yaml``)."""

    id: str
    summary: str
    passage: str
    section: str
    lesson: str


# ------------------------------------------------------------------------------ quiz banks


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class NumericFeedback:
    low: str
    high: str
    correct: str


@dataclass(frozen=True)
class Question:
    """A quiz question. ``choices`` are in bank order; ``order`` is the order every view shows
    them in (indices into ``choices``), fixed by the model (:mod:`runwell.course.order`).
    ``shuffle`` is the bank's rule for this question (its own ``shuffle``, else the bank's): a
    view that shuffles by itself, such as a learning platform, shuffles only when it is true."""

    id: str
    type: str
    text: str
    guidance: tuple[str, ...]
    hint: str | None = None
    explanation: str | None = None
    choices: tuple[Choice, ...] = ()
    order: tuple[int, ...] = ()
    answer: float | None = None
    tolerance: float | None = None
    unit: str | None = None
    feedback: NumericFeedback | None = None
    shuffle: bool = True

    @property
    def shown(self) -> tuple[Choice, ...]:
        """The choices in the order every view shows them."""
        return tuple(self.choices[i] for i in self.order)

    @cached_property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.choices if c.correct)

    @property
    def correct_indices(self) -> tuple[int, ...]:
        """Indices (in bank order) of the correct choices."""
        return tuple(i for i, c in enumerate(self.choices) if c.correct)

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    def letter(self, choice_id: str) -> str:
        """The letter (A, B, …) a choice is shown with."""
        for position, index in enumerate(self.order):
            if self.choices[index].id == choice_id:
                return LETTERS[position]
        raise KeyError(choice_id)


@dataclass(frozen=True)
class Bank:
    lesson: str
    title: str
    questions: tuple[Question, ...]
    intro: str | None = None
    path: str = ""  # as shown in messages, e.g. notebooks/quizzes/01_warm_up.yaml

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


# ------------------------------------------------------------------------------ exercises


@dataclass(frozen=True)
class WarmUpElement:
    id: str
    name: str
    guidance: str
    keywords: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Activity:
    id: str
    kind: str  # run | cross-training | core | stretching | light | rest
    keywords: tuple[str, ...]
    loads: tuple[str, ...]


@dataclass(frozen=True)
class SurfaceTable:
    forgiving_keywords: tuple[str, ...]
    problems: Mapping[str, tuple[str, ...]]  # hard / uphill / uneven -> keywords
    note: str


@dataclass(frozen=True)
class RedFlag:
    id: str
    text: str
    source: str


@dataclass(frozen=True)
class DiaryEntry:
    id: str
    who: str
    story: str
    days: int
    trend: str  # better | same | worse
    daily_life: bool
    red_flags: tuple[str, ...]


@dataclass(frozen=True)
class Tables:
    """The exercises' tables (``data/exercises.yaml``)."""

    warm_up_elements: tuple[WarmUpElement, ...]
    warm_up_min_minutes: float
    warm_up_max_minutes: float
    static_max_minutes: float
    static_note: str
    days: tuple[str, ...]
    activities: tuple[Activity, ...]
    surfaces: SurfaceTable
    decisions: Mapping[str, str]  # decision -> what it means
    red_flags: tuple[RedFlag, ...]
    self_care_days: int
    diary: tuple[DiaryEntry, ...]


# ------------------------------------------------------------------------------ shoe fit


@dataclass(frozen=True)
class AdviceItem:
    id: str
    text: str
    beyond: bool = False
    source: str | None = None  # key of ShoeFitText.sources (beyond the article)
    guidance: str | None = None  # guidance id (the article's own points)
    also: str | None = None  # a further source key


@dataclass(frozen=True)
class ShoeFitText:
    """The words around the calculator's numbers (``data/shoefit.yaml``)."""

    sources: Mapping[str, str]
    advice: tuple[AdviceItem, ...]
    verdicts: Mapping[str, str]
    measure_steps: tuple[str, ...]


# ------------------------------------------------------------------------------ the course


@dataclass(frozen=True)
class Course:
    """Everything the views need, validated. ``problems`` lists what ``runwell check`` reports;
    banks with a problem are kept (so coverage can still be checked) but :meth:`bank` refuses
    them."""

    lang: str
    guidance: Mapping[str, GuidancePoint]
    banks: Mapping[str, Bank]
    tables: Tables
    shoefit: ShoeFitText
    problems: tuple[Problem, ...] = ()
    root: str = ""
    root_error: str = ""  # why no course folder was found (then there are no banks)
    broken: frozenset[str] = field(default_factory=frozenset)  # bank names with problems

    def bank(self, name: str) -> Bank:
        """A usable bank by lesson name; CourseError (one line) if missing or broken."""
        stem = name[:-5] if name.endswith(".yaml") else name
        bank = self.banks.get(stem)
        if bank is None and self.root_error:
            raise CourseError(self.root_error)
        if bank is None:
            unreadable = [p for p in self.problems if p.path.endswith(f"/{stem}.yaml")]
            if unreadable:
                raise CourseError(str(unreadable[0]))
            known = ", ".join(sorted(self.banks)) or "none"
            raise CourseError(
                f"{stem}: no quiz bank notebooks/quizzes/{stem}.yaml (banks: {known})"
            )
        if stem in self.broken:
            mine = [p for p in self.problems if p.path == bank.path]
            more = f" (and {len(mine) - 1} more; run `runwell check`)" if len(mine) > 1 else ""
            raise CourseError(f"{mine[0] if mine else bank.path}{more}")
        return bank

    @property
    def usable_banks(self) -> Mapping[str, Bank]:
        """The banks without problems, by lesson name, in lesson order."""
        return frozen_map({k: b for k, b in sorted(self.banks.items()) if k not in self.broken})

    def question(self, lesson: str, question_id: str) -> Question | None:
        bank = self.banks.get(lesson)
        return bank.question(question_id) if bank is not None else None

    def find_question(self, question_id: str) -> tuple[str, Question] | None:
        """The lesson and question with this id (ids are unique across banks)."""
        for name, bank in self.banks.items():
            q = bank.question(question_id)
            if q is not None:
                return name, q
        return None

    @cached_property
    def pages(self) -> tuple[Page, ...]:
        """The lesson notebooks, then the exercise notebooks, in file-name order; read (as plain
        JSON) on first use, since a learner's kernel never needs them. CourseError when a
        notebook cannot be read or two share a name."""
        from runwell.course.notebooks import plan

        return tuple(plan(Path(self.root))) if self.root else ()

    @property
    def lessons(self) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.kind == "lesson")

    @property
    def exercises(self) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.kind == "exercise")

    def for_lesson(self, lesson: str) -> list[GuidancePoint]:
        """The guidance points a lesson teaches, in inventory order."""
        return [p for p in self.guidance.values() if p.lesson == lesson]
