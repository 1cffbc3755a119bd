"""The course model: one validated, cached picture of the course that every view reads.

- :func:`load` gives the :class:`Course` (guidance, quiz banks, exercise tables, shoe-fit text,
  and the lessons and exercises), read and validated once per change of its files
  (:mod:`runwell.course.loader`);
- the dataclasses are in :mod:`runwell.course.model`, the choice order in
  :mod:`runwell.course.order`;
- :mod:`runwell.course.yamlio` is the only module that parses YAML, and
  :mod:`runwell.course.schema` the only one that validates (JSON Schema).

Views (live widgets, handouts, the quiz app, the class report, exports) take the model; none of
them reads a data file. The names below are imported on first use, so importing one submodule
(say, the dataclasses) does not import the loader.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runwell.course.loader import bundle, clear_cache, from_bundle, load
    from runwell.course.model import (
        LETTERS,
        Bank,
        Choice,
        Course,
        GuidancePoint,
        NumericFeedback,
        Question,
    )

_WHERE = {
    "bundle": "loader", "clear_cache": "loader", "from_bundle": "loader", "load": "loader",
    "LETTERS": "model", "Bank": "model", "Choice": "model", "Course": "model",
    "GuidancePoint": "model", "NumericFeedback": "model", "Question": "model",
}

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


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'runwell.course' has no attribute {name!r}")
    return getattr(import_module(f"runwell.course.{_WHERE[name]}"), name)
