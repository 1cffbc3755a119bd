"""The course model: one validated, cached picture of the course that every view reads.

- :func:`load` gives the :class:`Course` (guidance, quiz banks, exercise tables, shoe-fit text),
  read and validated once per change of its files (:mod:`runwell.course.loader`);
- the dataclasses are in :mod:`runwell.course.model`, the choice order in
  :mod:`runwell.course.order`;
- :mod:`runwell.course.yamlio` is the only module that parses YAML, and
  :mod:`runwell.course.schema` the only one that validates (JSON Schema).

Views (live widgets, handouts, the quiz app, the class report, exports) take the model; none of
them reads a data file.
"""

from __future__ import annotations

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
