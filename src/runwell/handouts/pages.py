"""What the build knows about a notebook before converting it: title, time, objectives, quiz
banks and figures, read as plain JSON (fast), and the previous/next links between handouts."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runwell.errors import CourseError, display_path
from runwell.handouts.static import STATIC_MIME
from runwell.paths import exercise_notebooks, lesson_notebooks

__all__ = ["RESERVED", "NavLink", "Page", "neighbours", "plan", "read_page"]

RESERVED = {"index", "answer-key"}


@dataclass(frozen=True)
class NavLink:
    href: str
    title: str


@dataclass(frozen=True)
class Page:
    """One notebook to turn into a handout, with what the index and the nav need to know."""

    stem: str
    kind: str  # "lesson" or "exercise"
    source: Path
    title: str
    minutes: int | None = None
    question: str | None = None
    objectives: tuple[str, ...] = ()
    banks: tuple[str, ...] = ()
    figures: tuple[Path, ...] = ()
    digest: str = ""

    @property
    def name(self) -> str:
        return f"{self.stem}.html"

    @property
    def number(self) -> str:
        return self.stem.split("_", 1)[0]


_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_BULLET = re.compile(r"^\s*[-*+]\s+(.+?)\s*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img\s[^>]*src=[\"']([^\"']+)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def _plain(markdown: str) -> str:
    """A one-line plain-text version of a short markdown phrase (for the index)."""
    text = _LINK.sub(r"\1", markdown)
    return re.sub(r"[*_`]+", "", text).strip()


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _tags(cell: dict[str, Any]) -> list[str]:
    tags = cell.get("metadata", {}).get("tags", [])
    return tags if isinstance(tags, list) else []


def read_page(path: Path, kind: str) -> Page:
    """Read what the build needs from a notebook without converting it (plain JSON, fast)."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
        nb = json.loads(raw)
        cells = nb["cells"]
        meta = nb.get("metadata", {})
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CourseError(f"{shown}: not a readable notebook ({exc})") from None
    markdown = [c for c in cells if c.get("cell_type") == "markdown"]
    title = None
    for cell in markdown:
        match = _HEADING.search(_source(cell))
        if match:
            title = _plain(match.group(1))
            break
    objectives: tuple[str, ...] = ()
    for cell in markdown:
        if "objectives" in _tags(cell):
            objectives = tuple(_plain(m) for m in _BULLET.findall(_source(cell)))
            break
    figures: list[Path] = []
    for cell in markdown:
        for match in _IMAGE.finditer(_source(cell)):
            ref = match.group(1) or match.group(2)
            if ref and ":" not in ref:
                candidate = (path.parent / ref).resolve()
                if candidate.is_file() and candidate not in figures:
                    figures.append(candidate)
    banks: list[str] = []
    for cell in cells:
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            spec = output.get("data", {}).get(STATIC_MIME)
            if isinstance(spec, dict) and spec.get("widget") == "quiz":
                bank = spec.get("bank")
                if isinstance(bank, str) and bank not in banks:
                    banks.append(bank)
    runwell_meta = meta.get("runwell", {}) if isinstance(meta.get("runwell"), dict) else {}
    minutes = runwell_meta.get("minutes")
    question = runwell_meta.get("question")
    return Page(
        stem=path.stem,
        kind=kind,
        source=path,
        title=title or path.stem.split("_", 1)[-1].replace("_", " ").capitalize(),
        minutes=minutes if isinstance(minutes, int) and not isinstance(minutes, bool) else None,
        question=question if isinstance(question, str) else None,
        objectives=objectives,
        banks=tuple(banks),
        figures=tuple(figures),
        digest=hashlib.sha256(raw).hexdigest(),
    )


def plan(root: Path) -> list[Page]:
    """Every page to build, lessons first, then exercises, each in file-name order."""
    pages = [read_page(p, "lesson") for p in lesson_notebooks(root)]
    pages += [read_page(p, "exercise") for p in exercise_notebooks(root)]
    seen: dict[str, Page] = {}
    for page in pages:
        if page.stem in RESERVED:
            raise CourseError(f"{display_path(page.source)}: the name {page.stem} is reserved")
        if page.stem in seen:
            other = display_path(seen[page.stem].source)
            raise CourseError(
                f"{display_path(page.source)}: same handout name as {other} ({page.name})"
            )
        seen[page.stem] = page
    return pages


def neighbours(pages: list[Page]) -> dict[str, tuple[NavLink | None, NavLink | None]]:
    """Previous and next page of the same kind (lessons chain together, exercises too)."""
    nav: dict[str, tuple[NavLink | None, NavLink | None]] = {}
    for kind in ("lesson", "exercise"):
        group = [p for p in pages if p.kind == kind]
        for i, page in enumerate(group):
            prev = NavLink(group[i - 1].name, group[i - 1].title) if i > 0 else None
            nxt = NavLink(group[i + 1].name, group[i + 1].title) if i + 1 < len(group) else None
            nav[page.stem] = (prev, nxt)
    return nav
