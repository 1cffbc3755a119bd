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


def clean_text(text: object, limit: int = 200) -> str:
    """*text* as one safe line for a terminal: unsafe characters become ``?``, runs of white
    space one space, and anything past *limit* characters ``…``."""
    shown = "".join("?" if unsafe_char(c) else c for c in str(text))
    shown = " ".join(shown.split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
