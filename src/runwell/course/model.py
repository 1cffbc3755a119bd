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
    "Addition",
    "AdviceItem",
    "Bank",
    "Choice",
    "Course",
    "DiaryEntry",
    "GuidancePoint",
    "Health",
    "Locale",
    "NumericFeedback",
    "Question",
    "QuizFlags",
    "RedFlag",
    "Review",
    "Safety",
    "Settings",
    "ShoeFitText",
    "Source",
    "SurfaceTable",
    "Tables",
    "Tier",
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
    source: str = "article"  # a source id (sources.yaml)
    reviewed: str = ""  # YYYY-MM-DD, when last checked against the source


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
    name: str = ""  # how feedback names it in a translation (English: the id)

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class SurfaceTable:
    forgiving_keywords: tuple[str, ...]
    problems: Mapping[str, tuple[str, ...]]  # hard / uphill / uneven -> keywords
    note: str


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
    decisions: Mapping[str, str]  # the article's relief (rest, self-care) -> what it means
    self_care_days: int
    diary: tuple[DiaryEntry, ...]
    # A translation's words (data/<lang>/exercises.yaml); English uses the ids themselves.
    day_names: tuple[str, ...] = ()  # the days as shown, in the order of ``days``
    load_names: Mapping[str, str] = field(default_factory=frozen_map)  # muscle group -> shown
    decision_labels: Mapping[str, str] = field(default_factory=frozen_map)  # rest, self-care
    decision_words: Mapping[str, str] = field(default_factory=frozen_map)  # typed -> decision
    trend_words: Mapping[str, tuple[str, ...]] = field(default_factory=frozen_map)

    def day_label(self, day: str) -> str:
        """A day (an English name from ``days``) as the learner's language shows it."""
        if self.day_names and day in self.days:
            return self.day_names[self.days.index(day)]
        return day

    def load_label(self, group: str) -> str:
        return self.load_names.get(group, group)


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



# ------------------------------------------------------------------------------ health content
# The course's health-information record (``data/sources.yaml``) and its red flags
# (``data/red_flags.yaml``), after the PIF TICK criteria and the NHS Standard for Creating Health
# Content; and the course settings (``data/settings.yaml``).


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    year: int | None = None
    accessed: str | None = None  # YYYY-MM-DD, for web pages that change
    url: str | None = None

    @property
    def when(self) -> str:
        return str(self.year) if self.year is not None else f"Accessed {self.accessed}"


@dataclass(frozen=True)
class Addition:
    """Something the course adds beyond the article, with its sources and the pages carrying it."""

    id: str
    pages: tuple[str, ...]
    summary: str
    sources: tuple[str, ...]
    reviewed: str


@dataclass(frozen=True)
class Review:
    page: str  # notebook stem
    reviewed: str  # YYYY-MM-DD
    next_review: str  # YYYY-MM-DD
    reviewer: str  # a role, never a name


@dataclass(frozen=True)
class Health:
    reviewer: str
    sources: Mapping[str, Source]
    additions: Mapping[str, Addition]
    reviews: Mapping[str, Review]

    def references(self, page: str) -> tuple[Source, ...]:
        """The sources a page cites: the article, then the sources of the additions it carries,
        in the order they are listed in ``sources.yaml``."""
        wanted = {"article"}
        for addition in self.additions.values():
            if page in addition.pages:
                wanted.update(addition.sources)
        return tuple(s for s in self.sources.values() if s.id in wanted)


@dataclass(frozen=True)
class Tier:
    id: str
    label: str
    decision: str  # the decision exercise 5 uses (English; also its id)
    action: str  # what to do, with the settings' number filled in
    also: str | None = None
    decision_label: str = ""  # the decision in a translation (data/<lang>/red_flags.yaml)
    words: tuple[str, ...] = ()  # how quiz feedback names the tier in a translation

    @property
    def decision_shown(self) -> str:
        return self.decision_label or self.decision

    @property
    def names(self) -> tuple[str, ...]:
        """Words that name this tier in quiz feedback (English: its id, e.g. "same day")."""
        return self.words or (self.id.replace("-", " "),)


@dataclass(frozen=True)
class RedFlag:
    id: str
    text: str
    tier: str
    sources: tuple[str, ...] = ()
    reviewed: str = ""
    note: str | None = None


@dataclass(frozen=True)
class Locale:
    id: str
    name: str
    emergency_number: str
    urgent_help: str


@dataclass(frozen=True)
class QuizFlags:
    """A quiz question whose choices name red flags; it asks which belong to ``tier``."""

    question: str
    tier: str
    choices: Mapping[str, str]  # choice id -> flag id


@dataclass(frozen=True)
class Safety:
    tiers: tuple[Tier, ...] = ()  # most urgent first
    flags: tuple[RedFlag, ...] = ()
    locales: Mapping[str, Locale] = field(default_factory=frozen_map)
    quiz: tuple[QuizFlags, ...] = ()

    def tier(self, tier_id: str) -> Tier:
        for tier in self.tiers:
            if tier.id == tier_id:
                return tier
        raise KeyError(tier_id)

    def flag(self, flag_id: str) -> RedFlag:
        for flag in self.flags:
            if flag.id == flag_id:
                return flag
        raise KeyError(flag_id)

    def in_tier(self, tier_id: str) -> tuple[RedFlag, ...]:
        return tuple(f for f in self.flags if f.tier == tier_id)


DEFAULT_LOCALE = "en-US"


@dataclass(frozen=True)
class Settings:
    """The adopting organisation's settings; all optional (``data/settings.yaml``)."""

    locale: str = DEFAULT_LOCALE
    emergency_number: str = "911"
    urgent_help: str = "an urgent care clinic, or a same-day appointment with your doctor"
    organisation: str | None = None
    logo: str | None = None  # a file relative to the course folder
    contact: str | None = None
    reviewer: str | None = None  # the organisation's reviewing role, shown when set
    unit: str = "cm"  # the shoe-fit calculator's first unit
    size_system: str = "eu"  # and size system (all five are shown)

    def fill(self, text: str) -> str:
        """*text* with ``{emergency_number}`` and ``{urgent_help}`` filled in."""
        return text.replace("{emergency_number}", self.emergency_number).replace(
            "{urgent_help}", self.urgent_help
        )

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
    safety: Safety = field(default_factory=Safety)  # red flags, tiers, locales
    health: Health = field(
        default_factory=lambda: Health("", frozen_map(), frozen_map(), frozen_map())
    )  # sources, additions beyond the article, page reviews
    settings: Settings = field(default_factory=Settings)

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
            folder = "notebooks/quizzes" if self.lang == "en" else f"notebooks/quizzes/{self.lang}"
            raise CourseError(f"{stem}: no quiz bank {folder}/{stem}.yaml (banks: {known})")
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
        """The lesson notebooks, then the exercise notebooks of this edition (``notebooks/``, or
        ``notebooks/<lang>/`` for a translation), in file-name order; read (as plain
        JSON) on first use, since a learner's kernel never needs them. CourseError when a
        notebook cannot be read or two share a name."""
        from runwell.course.notebooks import plan

        return tuple(plan(Path(self.root), self.lang)) if self.root else ()

    @property
    def lessons(self) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.kind == "lesson")

    @property
    def exercises(self) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.kind == "exercise")

    def review(self, page: str) -> Review | None:
        """A page's review, with the organisation's reviewer role when the settings name one."""
        review = self.health.reviews.get(page)
        if review is not None and self.settings.reviewer:
            from dataclasses import replace

            review = replace(review, reviewer=self.settings.reviewer)
        return review

    def for_lesson(self, lesson: str) -> list[GuidancePoint]:
        """The guidance points a lesson teaches, in inventory order."""
        return [p for p in self.guidance.values() if p.lesson == lesson]
