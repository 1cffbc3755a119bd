"""The course model: one validated, cached picture of the course that every view reads.

- :func:`load` gives the :class:`Course` (guidance, quiz banks, exercise tables, shoe-fit text,
  red flags, sources, settings, and the lessons and exercises), read and validated once per
  change of its files (:mod:`runwell.course.loader`);
- the dataclasses are in :mod:`runwell.course.model`, the choice order in
  :mod:`runwell.course.order`;
- :mod:`runwell.course.yamlio` is the only module that parses YAML, and
  :mod:`runwell.course.schema` the only one that validates (JSON Schema).

Views (live widgets, handouts, the quiz app, the class report, exports) take the model; none of
them reads a data file. The loader is imported on first use, so importing the dataclasses alone
stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runwell.course.model import (
    LETTERS,
    Bank,
    Choice,
    Course,
    GuidancePoint,
    NumericFeedback,
    Question,
)

__all__ = [
    "LETTERS",
    "Bank",
    "Choice",
    "Course",
    "GuidancePoint",
    "NumericFeedback",
    "Question",
    "bundle",
    "clear_cache",
    "from_bundle",
    "load",
]


def load(root: Path | str | None = None, lang: str = "en") -> Course:
    """The course, validated and cached (see :func:`runwell.course.loader.load`)."""
    from runwell.course.loader import load as _load

    return _load(root, lang)


def bundle(root: Path | str | None = None, lang: str = "en") -> dict[str, Any]:
    """The validated course data as one JSON-ready dict (:func:`runwell.course.loader.bundle`)."""
    from runwell.course.loader import bundle as _bundle

    return _bundle(root, lang)


def from_bundle(data: Any, lang: str = "en") -> Course:
    """The course from a bundle (:func:`runwell.course.loader.from_bundle`)."""
    from runwell.course.loader import from_bundle as _from_bundle

    return _from_bundle(data, lang)


def clear_cache() -> None:
    """Forget the in-process cache."""
    from runwell.course.loader import clear_cache as _clear

    _clear()
