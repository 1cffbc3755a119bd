"""The result every ``check_…`` helper returns: friendly feedback, never an AssertionError.

A :class:`CheckResult` displays itself in a notebook as Markdown (a verdict line, what to fix or
what went well, then notes such as *Beyond the article* remarks) and has a short, stable plain
text form, so stored outputs stay deterministic for strict nbval.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

__all__ = ["CheckResult", "quote"]


def quote(value: object) -> str:
    """A learner's value, quoted for a message ("strides", 3)."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"“{text}”"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one answer.

    ``ok`` says whether the answer is accepted; ``messages`` are what to fix (when not ok) or
    what is right (when ok); ``notes`` add context that does not change the verdict.
    """

    exercise: str
    ok: bool
    messages: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def headline(self) -> str:
        if self.ok:
            return f"{self.exercise}: passed. Well done!"
        count = len(self.messages)
        things = "thing" if count == 1 else "things"
        return f"{self.exercise}: not yet. {count} {things} to look at:"

    @property
    def text(self) -> str:
        """Everything the learner is told, as plain text."""
        lines = [self.headline, *(f"- {m}" for m in self.messages)]
        lines += [f"Note: {n}" for n in self.notes]
        return "\n".join(lines)

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return f"CheckResult({self.exercise!r}, ok={self.ok}, {len(self.messages)} message(s))"

    def __str__(self) -> str:
        return self.text

    def _repr_markdown_(self) -> str:
        icon = "✅" if self.ok else "✋"
        parts = [f"**{icon} {_md(self.headline)}**", ""]
        parts += [f"- {_md(m)}" for m in self.messages]
        for note in self.notes:
            parts += ["", f"> {_md(note)}"]
        return "\n".join(parts) + "\n"


def _md(text: str) -> str:
    """Escape a message for Markdown: no raw HTML from learners' values, no stray emphasis."""
    escaped = html.escape(text, quote=False)
    for char in "*_`[]":
        escaped = escaped.replace(char, "\\" + char)
    return escaped
