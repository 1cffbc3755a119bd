"""User-facing errors and problems: one line each, naming what is wrong and where."""

from __future__ import annotations

import os
import re
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
        except (ValueError, OSError, RuntimeError):  # elsewhere, or a symbolic-link loop
            continue
    return p.as_posix()


# Characters that can rewrite a terminal or disguise text: C0/C1 controls (ESC starts ANSI and
# OSC sequences, CSI is U+009B), line and paragraph separators, surrogates and private use, and
# the bidirectional overrides. Joiners (ZWJ, ZWNJ: Persian, emoji) and no-break spaces are
# ordinary text and stay.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_UNSAFE_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cs", "Co", "Cn"})


def unsafe_char(char: str) -> bool:
    """Whether *char* must not reach a terminal or a one-line message as it is."""
    import unicodedata

    return char in _BIDI or unicodedata.category(char) in _UNSAFE_CATEGORIES


# White space that breaks a line or a word (tabs, new lines, ordinary spaces…), but not the
# no-break spaces a name may be written with (U+00A0, U+2007, U+202F).
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def fold_space(text: str) -> str:
    """*text* on one line: each run of breaking white space becomes one space, trimmed at both
    ends; no-break spaces are part of the text and stay."""
    return _BREAKING_SPACE.sub(" ", text).strip(" ")


def clean_text(text: object, limit: int = 200) -> str:
    """*text* as one safe line for a terminal: unsafe characters become ``?``, runs of white
    space one space (no-break spaces stay), and anything past *limit* characters ``…``."""
    shown = fold_space("".join("?" if unsafe_char(c) else c for c in str(text)))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def os_reason(exc: OSError, path: Path | str | None = None) -> str:
    """A user's words for why the operating system refused something about *path* (default: the
    error's own file name), for one line such as ``path: cannot write (reason)``."""
    import errno

    where = path if path is not None else exc.filename
    if where is not None and not isinstance(where, int):
        blocker = _file_in_the_way(Path(os.fsdecode(where)))
        if blocker is not None:
            return f"{clean_text(display_path(blocker), 300)} is a file, not a folder"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(exc, NotADirectoryError):
        return "not a folder"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    return clean_text(exc.strerror or exc)


def os_error_line(exc: OSError, doing: str, path: Path | str | None = None) -> str:
    """``path: cannot <doing> (reason)`` for an OS error, safe for a terminal."""
    where = path if path is not None else exc.filename
    shown = clean_text(display_path(os.fsdecode(where)), 300) if where is not None else ""
    reason = f"cannot {doing} ({os_reason(exc, path)})"
    return f"{shown}: {reason}" if shown else reason


def _file_in_the_way(path: Path) -> Path | None:
    """The nearest folder above *path* that is in fact a file, if there is one."""
    import stat

    for parent in path.parents:
        try:
            mode = os.stat(parent).st_mode
        except OSError:
            continue
        return None if stat.S_ISDIR(mode) else parent
    return None
