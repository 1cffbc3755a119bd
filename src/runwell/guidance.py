"""The inventory of the article's guidance points.

Each point has a stable id that lessons and quiz questions refer to, so coverage can be checked
(`runwell check`, ``tests/test_traceability.py``). The inventory is package data:
``data/guidance.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from runwell.errors import CourseError, Problem
from runwell.paths import data_file

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FIELDS = ("id", "summary", "passage", "section", "lesson")
MAX_PASSAGE_WORDS = 20  # a short citation, never a copy of the article


@dataclass(frozen=True)
class GuidancePoint:
    id: str
    summary: str
    passage: str
    section: str
    lesson: str


def validate_inventory(raw: object, path: str) -> tuple[list[GuidancePoint], list[Problem]]:
    """Check the raw YAML structure; return the points that are valid and every problem found."""
    problems: list[Problem] = []
    points: list[GuidancePoint] = []
    if not isinstance(raw, dict) or not isinstance(raw.get("guidance"), list):
        return [], [Problem(path, "-", "expected a mapping with a 'guidance' list")]
    seen: set[str] = set()
    for n, entry in enumerate(raw["guidance"], start=1):
        label = str(entry["id"]) if isinstance(entry, dict) and entry.get("id") else f"entry {n}"
        if not isinstance(entry, dict):
            problems.append(Problem(path, label, "each entry must be a mapping"))
            continue
        unknown = sorted(set(entry) - set(FIELDS))
        if unknown:
            problems.append(Problem(path, label, f"unknown key(s): {', '.join(unknown)}"))
        missing = [f for f in FIELDS if not isinstance(entry.get(f), str) or not entry[f].strip()]
        if missing:
            problems.append(Problem(path, label, f"missing or empty: {', '.join(missing)}"))
            continue
        if not ID_PATTERN.match(entry["id"]):
            problems.append(Problem(path, label, "id must be lower-case words joined by '-'"))
        if entry["id"] in seen:
            problems.append(Problem(path, label, "duplicate id"))
        seen.add(entry["id"])
        if len(entry["passage"].split()) > MAX_PASSAGE_WORDS:
            problems.append(
                Problem(
                    path, label, f"passage longer than {MAX_PASSAGE_WORDS} words: cite, don't copy"
                )
            )
        points.append(GuidancePoint(**{f: entry[f].strip() for f in FIELDS}))
    return points, problems


def load_inventory(path: Path | None = None) -> list[GuidancePoint]:
    """Load and validate the inventory; raise :class:`CourseError` on the first problem."""
    path = path or data_file("guidance.yaml")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CourseError(f"{path}: -: cannot read the guidance inventory ({exc})") from None
    points, problems = validate_inventory(raw, str(path))
    if problems:
        raise CourseError(str(problems[0]))
    return points


@cache
def inventory() -> dict[str, GuidancePoint]:
    """The shipped inventory, by id (cached)."""
    return {p.id: p for p in load_inventory()}


def for_lesson(lesson: str) -> list[GuidancePoint]:
    """The guidance points a lesson teaches, in inventory order."""
    return [p for p in inventory().values() if p.lesson == lesson]
