"""The exercises' tables (package data ``data/exercises.yaml``), parsed into frozen dataclasses.

Keyword matching is shared by the exercises: a keyword matches at the start of a word,
case-insensitively, so ``run`` matches "long run" and "running" but not "brunch".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from runwell.errors import CourseError
from runwell.paths import data_file

TABLES_FILE = "exercises.yaml"

__all__ = [
    "Activity",
    "DiaryEntry",
    "RedFlag",
    "SurfaceTable",
    "Tables",
    "WarmUpElement",
    "matches",
    "tables",
]


def matches(text: str, keywords: Iterable[str]) -> bool:
    """Whether any keyword starts a word of *text* (case-insensitive)."""
    lowered = text.lower()
    return any(re.search(r"(?<![a-z])" + re.escape(k.lower()), lowered) for k in keywords)


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
    problems: dict[str, tuple[str, ...]]  # hard / uphill / uneven -> keywords
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
    warm_up_elements: tuple[WarmUpElement, ...]
    warm_up_min_minutes: float
    warm_up_max_minutes: float
    static_max_minutes: float
    static_note: str
    days: tuple[str, ...]
    activities: tuple[Activity, ...]
    surfaces: SurfaceTable
    decisions: dict[str, str]  # decision -> what it means
    red_flags: tuple[RedFlag, ...]
    self_care_days: int
    diary: tuple[DiaryEntry, ...]


def _words(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


def parse_tables(raw: Any, where: str = TABLES_FILE) -> Tables:
    """Build :class:`Tables` from the parsed YAML; a structural mistake raises CourseError."""
    try:
        warm, week, surf, pain = raw["warm_up"], raw["week"], raw["surfaces"], raw["pain"]
        return Tables(
            warm_up_elements=tuple(
                WarmUpElement(e["id"], e["name"], e["guidance"], _words(e["keywords"]), e["why"])
                for e in warm["elements"]
            ),
            warm_up_min_minutes=float(warm["total_minutes"]["min"]),
            warm_up_max_minutes=float(warm["total_minutes"]["max"]),
            static_max_minutes=float(warm["static_max_minutes"]),
            static_note=" ".join(warm["static_note"].split()),
            days=_words(week["days"]),
            activities=tuple(
                Activity(a["id"], a["kind"], _words(a["keywords"]), _words(a["loads"]))
                for a in week["activities"]
            ),
            surfaces=SurfaceTable(
                forgiving_keywords=_words(surf["forgiving_keywords"]),
                problems={k: _words(v) for k, v in surf["problems"].items()},
                note=" ".join(surf["note"].split()),
            ),
            decisions={d["id"]: " ".join(d["meaning"].split()) for d in pain["decisions"]},
            red_flags=tuple(RedFlag(f["id"], f["text"], f["source"]) for f in pain["red_flags"]),
            self_care_days=int(pain["self_care_days"]),
            diary=tuple(
                DiaryEntry(
                    str(d["id"]),
                    d["who"],
                    " ".join(d["story"].split()),
                    int(d["days"]),
                    d["trend"],
                    bool(d["daily_life"]),
                    _words(d["red_flags"]),
                )
                for d in pain["diary"]
            ),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CourseError(f"{where}: malformed exercise tables: {exc!r}") from None


@cache
def tables() -> Tables:
    """The course's exercise tables, loaded once."""
    path = data_file(TABLES_FILE)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CourseError(f"{TABLES_FILE}: cannot read: {' '.join(str(exc).split())}") from None
    return parse_tables(raw, TABLES_FILE)
