"""The inventory of the article's guidance points, from the course model.

Each point has a stable id that lessons and quiz questions refer to, so coverage can be checked
(`runwell check`). The data is ``data/guidance.yaml``, loaded and validated by
:mod:`runwell.course`.
"""

from __future__ import annotations

from collections.abc import Mapping

from runwell.course.model import GuidancePoint

__all__ = ["GuidancePoint", "for_lesson", "inventory"]


def inventory() -> Mapping[str, GuidancePoint]:
    """The guidance points, by id."""
    from runwell import course

    return course.load().guidance


def for_lesson(lesson: str) -> list[GuidancePoint]:
    """The guidance points a lesson teaches, in inventory order."""
    return [p for p in inventory().values() if p.lesson == lesson]
