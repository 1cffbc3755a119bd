"""The result every ``check_…`` helper returns: friendly feedback, never an AssertionError.

A :class:`CheckResult` displays itself in a notebook as Markdown (a verdict line, what to fix or
what went well, then notes such as *Beyond the article* remarks) and has a short, stable plain
text form, so stored outputs stay deterministic for strict nbval.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from runwell.i18n import translator

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
    lang: str = "en"  # the language of the words around the messages

    @property
    def headline(self) -> str:
        t = translator(self.lang)
        if self.ok:
            return t.gettext("{exercise}: passed. Well done!").format(exercise=self.exercise)
        count = len(self.messages)
        return t.ngettext("{exercise}: not yet. {count} thing to look at:",
                          "{exercise}: not yet. {count} things to look at:", count).format(
            exercise=self.exercise, count=count)

    @property
    def text(self) -> str:
        """Everything the learner is told, as plain text."""
        note = translator(self.lang).gettext("Note: {note}")
        lines = [self.headline, *(f"- {m}" for m in self.messages)]
        lines += [note.format(note=n) for n in self.notes]
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
