"""The course's lessons and exercises as the model knows them: title, time, objectives, the
guidance they teach, their quiz banks and figures, read from the notebooks as plain JSON (fast,
no nbformat), and the previous/next links between them."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runwell.errors import CourseError, clean_text, display_path
from runwell.fileio import read_within
from runwell.paths import exercise_notebooks, lesson_notebooks
from runwell.static_form import STATIC_MIME

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
    teaches: frozenset[str] = frozenset()  # guidance ids its markdown cells list
    texts: tuple[tuple[str, str], ...] = ()  # (cell type, source) of every cell, in order
    # Health content (issue 16): per cell, the addition ids (sources.yaml) its metadata.runwell
    # .adds lists, and the static forms its outputs name with their stored text/plain.
    adds: tuple[tuple[str, ...], ...] = ()
    views: tuple[tuple[dict[str, Any], str], ...] = ()
    tags: tuple[tuple[str, ...], ...] = ()  # per cell, its tags
    lang: str = "en"  # the edition (notebooks/<lang>/, exercises/<lang>/ for a translation)

    @property
    def additions(self) -> frozenset[str]:
        return frozenset(a for cell in self.adds for a in cell)

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
    if isinstance(src, list):
        return "".join(s for s in src if isinstance(s, str))
    return src if isinstance(src, str) else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


MAX_NOTEBOOK_BYTES = 20_000_000


def read_page(path: Path, kind: str, lang: str = "en") -> Page:
    """Read what the course needs from a notebook without converting it (plain JSON, fast).
    A notebook that cannot be read, or is not a notebook, is one CourseError line."""
    shown = display_path(path)
    raw = read_within(path, MAX_NOTEBOOK_BYTES, f"{shown}:", "notebook")
    try:
        nb = json.loads(raw)
    except (ValueError, RecursionError):
        raise CourseError(f"{shown}: not a readable notebook (invalid JSON)") from None
    cells = [c for c in nb.get("cells", []) if isinstance(c, dict)] if isinstance(nb, dict) else []
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise CourseError(f"{shown}: not a readable notebook (no list of cells)")
    meta = _dict(nb.get("metadata"))
    markdown = [c for c in cells if c.get("cell_type") == "markdown"]
    title = None
    for cell in markdown:
        match = _HEADING.search(_source(cell))
        if match:
            title = _plain(match.group(1))
            break
    objectives: tuple[str, ...] = ()
    for cell in markdown:
        if "objectives" in _strings(_dict(cell.get("metadata")).get("tags")):
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
    views: list[tuple[dict[str, Any], str]] = []
    for cell in cells:
        outputs = cell.get("outputs") if cell.get("cell_type") == "code" else None
        for output in outputs if isinstance(outputs, list) else []:
            spec = _dict(_dict(output).get("data")).get(STATIC_MIME)
            if isinstance(spec, dict):
                plain = _dict(_dict(output).get("data")).get("text/plain", "")
                views.append((spec, "".join(_strings(plain)) if isinstance(plain, list)
                              else str(plain)))
            if isinstance(spec, dict) and spec.get("widget") == "quiz":
                bank = spec.get("bank")
                if isinstance(bank, str) and bank not in banks:
                    banks.append(bank)
    taught: set[str] = set()
    for cell in markdown:
        taught.update(_strings(_dict(_dict(cell.get("metadata")).get("runwell")).get("teaches")))
    runwell_meta = _dict(meta.get("runwell"))
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
        teaches=frozenset(taught),
        texts=tuple((str(c.get("cell_type", "")), _source(c)) for c in cells),
        adds=tuple(
            tuple(_strings(_dict(_dict(c.get("metadata")).get("runwell")).get("adds")))
            for c in cells
        ),
        views=tuple(views),
        tags=tuple(tuple(_strings(_dict(c.get("metadata")).get("tags"))) for c in cells),
        lang=lang,
    )


def plan(root: Path, lang: str = "en") -> list[Page]:
    """Every page of the *lang* edition, lessons first, then exercises, each in file-name
    order."""
    pages = [read_page(p, "lesson", lang) for p in lesson_notebooks(root, lang)]
    pages += [read_page(p, "exercise", lang) for p in exercise_notebooks(root, lang)]
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


def read_notebook_node(path: Path, shown: str) -> Any:
    """The notebook at *path* as an nbformat node (version 4), read within
    :data:`MAX_NOTEBOOK_BYTES`; one CourseError line naming *shown* if it cannot be used. For the
    tools that rewrite notebooks (``runwell execute``, ``runwell student``)."""
    import nbformat

    raw = read_within(path, MAX_NOTEBOOK_BYTES, f"{shown}:", "notebook")
    try:
        return nbformat.reads(raw.decode("utf-8"), as_version=4)
    except RecursionError:
        raise CourseError(f"{shown}: not a readable notebook: nested too deeply") from None
    except Exception as exc:  # nbformat raises several unrelated types for broken files
        raise CourseError(f"{shown}: not a readable notebook: {clean_text(exc)}") from None

