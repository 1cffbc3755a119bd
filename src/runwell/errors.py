"""User-facing errors and problems: one line each, naming what is wrong and where."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class CourseError(ValueError):
    """A user's mistake (bad input, broken data file): the CLI prints one line, no traceback."""


@dataclass(frozen=True)
class Problem:
    """One validation problem, printed as ``path: item-id: what is wrong``."""

    path: str
    item: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.item}: {self.message}"


def display_path(path: Path | str, root: Path | None = None) -> str:
    """A short path for messages: relative to *root* (or the working directory) when possible."""
    p = Path(path)
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return p.resolve().relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            continue
    return p.as_posix()
