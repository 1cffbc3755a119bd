"""The exercises' tables, from the course model (``data/exercises.yaml``), and keyword matching.

A keyword matches at the start of a word, case-insensitively, so ``run`` matches "long run" and
"running" but not "brunch".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from runwell.course.model import (
    Activity,
    DiaryEntry,
    RedFlag,
    SurfaceTable,
    Tables,
    WarmUpElement,
)

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


def tables() -> Tables:
    """The course's exercise tables (from the cached course model)."""
    from runwell import course

    return course.load().tables
