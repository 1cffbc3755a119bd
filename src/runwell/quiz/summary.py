"""The review lesson's progress summary: the learner's standing per lesson, graded against the
current banks, and a control to forget saved answers (all, or one lesson) after a confirmation.

Progress stays on the learner's machine; forgetting rewrites that one file (atomically, under its
lock) and touches nothing else. Every control is a standard button or dropdown with a label, so
the whole summary works with the keyboard. Answers are stored by lesson, question and choice id,
so an answer given in the Spanish lesson counts in the English summary and the other way round;
the words come from the catalogue of the summary's language (:mod:`runwell.i18n`).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from ipywidgets import HTML, Button, Dropdown, HBox, VBox

from runwell import progress
from runwell.errors import CourseError
from runwell.i18n import translator
from runwell.progress.standing import LessonStanding, Orphan, standing
from runwell.static_form import StaticForm

__all__ = ["ALL", "ProgressSummary", "standing_line", "summary_html"]

ALL = "all"


def standing_line(row: LessonStanding, lang: str = "en") -> str:
    """``03_supportive_shoes: 4 of 6 correct (5 answered)``, in *lang*."""
    t = translator(lang)
    text = t.gettext("{lesson}: {correct} of {total} correct").format(
        lesson=row.lesson, correct=row.correct, total=row.total)
    if row.answered < row.total:
        text += " " + t.gettext("({answered} answered)").format(answered=row.answered)
    return text


def summary_html(rows: list[LessonStanding], orphans: list[Orphan], lang: str = "en") -> str:
    """The standing as a small HTML fragment."""
    t = translator(lang)
    if not any(s.answered for s in rows) and not orphans:
        return "<p>{}</p>".format(escape(t.gettext(
            "No quiz answers saved yet. Answer a lesson's quiz, then press Refresh.")))
    items = "".join(f"<li>{escape(standing_line(s, lang))}</li>" for s in rows)
    heading = t.gettext("Your quiz standing:")
    html = f"<p>{escape(heading)}</p><ul>{items}</ul>"
    if orphans:
        html += "<p>{}</p>".format(escape(t.ngettext(
            "{n} saved answer no longer fits the course (a question or choice was changed) and "
            "is not counted.",
            "{n} saved answers no longer fit the course (a question or choice was changed) and "
            "are not counted.", len(orphans)).format(n=len(orphans))))
    return html


class ProgressSummary(StaticForm, VBox):
    """Standing per lesson, Refresh, and "Forget my answers" with a confirmation step."""

    def __init__(self, path: Path | None = None, *, lang: str = "en") -> None:
        from runwell import course

        self._path = path
        self.lang = lang
        self._course = course.load(lang=lang)
        _ = translator(lang).gettext
        lessons = list(self._course.usable_banks.values())
        self.table = HTML(value="")
        self.table.add_class("runwell-progress-table")
        self.refresh_button = Button(
            description=_("Refresh"), tooltip=_("Read your saved quiz answers again")
        )
        self.refresh_button.on_click(lambda _b: self.refresh())

        self.scope = Dropdown(
            options=[(_("All lessons"), ALL)] + [(f"{b.lesson[:2]}: {b.title}", b.lesson)
                                                 for b in lessons],
            value=ALL,
            description=_("Forget answers for"),
            style={"description_width": "initial"},
        )
        self.forget_button = Button(
            description=_("Forget my answers…"),
            tooltip=_("Erase your saved quiz answers on this computer (asks first)"),
        )
        self.forget_button.add_class("runwell-forget")
        self.forget_button.on_click(lambda _b: self.ask())
        self.question = HTML(value="")
        self.confirm_button = Button(
            description=_("Yes, forget them"), button_style="danger",
            tooltip=_("Erase the saved answers now; this cannot be undone"),
        )
        self.confirm_button.add_class("runwell-forget-confirm")
        self.cancel_button = Button(description=_("Cancel"), tooltip=_("Keep your saved answers"))
        self.confirm_button.on_click(lambda _b: self.confirm())
        self.cancel_button.on_click(lambda _b: self.cancel())
        self.confirmation = VBox([self.question, HBox([self.confirm_button, self.cancel_button])])
        self.confirmation.add_class("runwell-forget-confirmation")
        self.confirmation.layout.display = "none"
        self.status = HTML(value="")
        self.status.add_class("runwell-forget-status")
        forget = VBox([HBox([self.scope, self.forget_button]), self.confirmation, self.status])
        forget.add_class("runwell-forget-box")
        super().__init__(children=[self.table, self.refresh_button, forget])
        self.add_class("runwell-progress")
        self.refresh()

    def refresh(self) -> None:
        english = self._course if self._course.lang == "en" else None  # maps version-1 files
        try:
            rows, orphans = standing(progress.load(self._path, course=english), self._course)
            self.table.value = summary_html(rows, orphans, self.lang)
        except (CourseError, OSError) as exc:
            message = translator(self.lang).gettext("Your progress could not be read: {error}")
            self.table.value = f"<p>{escape(message.format(error=exc))}</p>"

    def _scope_words(self) -> str:
        _ = translator(self.lang).gettext
        if self.scope.value == ALL:
            return _("all your saved quiz answers")
        return _("your saved answers for {lesson}").format(lesson=self.scope.label)

    def ask(self) -> None:
        """Show the confirmation step (nothing is erased yet)."""
        _ = translator(self.lang).gettext
        self.status.value = ""
        question = _("Forget {what}?").format(what=self._scope_words())
        warning = _("They are erased from this computer and cannot be brought back.")
        self.question.value = (
            f'<p role="alert"><strong>{escape(question)}</strong> {escape(warning)}</p>'
        )
        self.confirmation.layout.display = None

    def cancel(self) -> None:
        self.confirmation.layout.display = "none"
        done = translator(self.lang).gettext("Nothing was forgotten.")
        self.status.value = f'<p role="status">{escape(done)}</p>'

    def confirm(self) -> int:
        """Erase the chosen answers; returns how many were forgotten."""
        t = translator(self.lang)
        self.confirmation.layout.display = "none"
        lesson = None if self.scope.value == ALL else str(self.scope.value)
        try:
            n = progress.reset(lesson, path=self._path)
        except (CourseError, OSError) as exc:
            failed = t.gettext("Nothing was forgotten: {error}").format(error=exc)
            self.status.value = f'<p role="alert">{escape(failed)}</p>'
            return 0
        done = t.ngettext("Forgot {n} saved answer ({what}).", "Forgot {n} saved answers ({what}).",
                          n).format(n=n, what=self._scope_words())
        self.status.value = f'<p role="status">{escape(done)}</p>'
        self.refresh()
        return n

    def __repr__(self) -> str:
        return "ProgressSummary()"

    def static_spec(self) -> dict[str, Any]:
        spec = {"widget": "progress"}
        if self.lang != "en":
            spec["lang"] = self.lang
        return spec
