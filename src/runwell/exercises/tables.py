"""The exercises' tables, from the course model (``data/exercises.yaml``; a language's words
from ``data/<lang>/exercises.yaml``), and keyword matching.

A keyword matches at the start of a word, ignoring capitals and accents, so ``run`` matches "long
run" and "running" but not "brunch", and ``estatic`` matches "estático".
"""

from __future__ import annotations

import re
import unicodedata
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
    "fold",
    "matches",
    "tables",
]


def fold(text: str) -> str:
    """*text* in lower case without accents (``Estático`` → ``estatico``), spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def matches(text: str, keywords: Iterable[str]) -> bool:
    """Whether any keyword starts a word of *text* (ignoring capitals and accents)."""
    folded = fold(text)
    return any(re.search(r"(?<![^\W\d_])" + re.escape(fold(k)), folded) for k in keywords)


def tables(lang: str = "en") -> Tables:
    """The course's exercise tables in *lang* (from the cached course model)."""
    from runwell import course

    return course.load(lang=lang).tables
