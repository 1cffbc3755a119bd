"""The class report's views: aligned text for the terminal, CSV for spreadsheets, and one
self-contained HTML page (Jinja, autoescaped; no JavaScript, no network).

Learner-controlled text (names, file names) is made safe for where it goes: on a terminal,
control and escape characters are replaced; in a CSV, a cell that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is prefixed with ``'``
(OWASP, "CSV Injection"), while the report's own numbers stay numbers; in HTML, everything is
escaped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from runwell import ARTICLE_TITLE, COURSE_TITLE, NOTICE
from runwell.errors import clean_text, display_path
from runwell.report.model import ClassReport, QuestionStat

__all__ = [
    "LEARNER_HEADER",
    "QUESTION_HEADER",
    "csv_cell",
    "html_page",
    "learners_csv",
    "questions_csv",
    "text_report",
]

QUESTION_HEADER = ("lesson", "question", "answered", "correct", "percent_correct", "mean_attempts")
LEARNER_HEADER = ("learner", "file", "answered", "correct", "percent_correct", "lessons",
                  "last_answer", "not_counted")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GENERATOR = "runwell report"


def csv_cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP's rule)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _question_rows(report: ClassReport) -> list[tuple[str, ...]]:
    return [
        (q.lesson, q.question, str(q.answered), str(q.correct), f"{q.percent_correct:.1f}",
         f"{q.mean_attempts:.2f}")
        for q in report.questions
    ]


def _learner_rows(report: ClassReport) -> list[tuple[str, ...]]:
    return [
        (s.learner, display_path(s.path), str(s.answered), str(s.correct),
         f"{s.percent_correct:.1f}", str(s.lessons), s.last_answer, str(s.not_counted))
        for s in report.learners
    ]


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]], text_columns: set[int]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(c) if i in text_columns else c for i, c in enumerate(row)])
    return buf.getvalue()


def questions_csv(report: ClassReport) -> str:
    rows = [(*row, q.text) for row, q in zip(_question_rows(report), report.questions, strict=True)]
    return _csv((*QUESTION_HEADER, "text"), rows, {0, 1, 6})


def learners_csv(report: ClassReport) -> str:
    return _csv(LEARNER_HEADER, _learner_rows(report), {0, 1, 6})


def _text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    rows = [[clean_text(c, 80) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return out


def text_report(report: ClassReport) -> str:
    """Both tables as aligned plain text (what the command prints), safe for a terminal."""
    n = len(report.learners)
    lines = [f"Class report: {n} learner{'s' if n != 1 else ''}, "
             f"{len(report.questions)} question{'s' if len(report.questions) != 1 else ''}", "",
             "Per question"]
    lines += _text_table(QUESTION_HEADER, _question_rows(report))
    lines += ["", "Per learner"]
    lines += _text_table(LEARNER_HEADER, _learner_rows(report))
    if report.orphans:
        lines += ["", f"Answers not counted ({len(report.orphans)}): the course no longer has "
                  "their question or choice"]
        lines += [f"  {clean_text(name, 80)}: {clean_text(o, 160)}" for name, o in report.orphans]
    return "\n".join(lines) + "\n"


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bars(bars: Sequence[QuestionStat]) -> list[dict[str, object]]:
    bar_w, row_h, top = 300, 30, 10
    out = []
    for i, q in enumerate(bars):
        share = q.missed / q.answered
        w = max(1, round(bar_w * share))
        label = f"{q.lesson} / {q.question}"
        out.append({
            "y": top + i * row_h, "w": w, "label": label, "short": _short(label),
            "title": f"{label}: {q.missed} of {q.answered} missed"
                     + (f": {_short(q.text, 120)}" if q.text else ""),
            "percent": f"{100 * share:.0f}",
        })
    return out


def html_page(report: ClassReport) -> str:
    """A self-contained HTML page (no JavaScript, no network) with the chart and both tables."""
    from runwell.paths import data_file
    from runwell.templates import render

    bars = report.most_missed()
    n = len(report.learners)
    label_w, bar_w, row_h, top = 260, 300, 30, 10
    return render(
        "report/report.html.j2",
        generator=GENERATOR,
        title=f"{COURSE_TITLE}: class report",
        css=data_file("report.css").read_text(encoding="utf-8"),
        summary=(f"{n} learner{'s' if n != 1 else ''}, {len(report.questions)} questions "
                 f"answered at least once, {len(report.skipped)} files left out."),
        chart={
            "width": label_w + bar_w + 70, "height": top + row_h * len(bars) + 10,
            "label_w": label_w, "row_h": row_h,
            "desc": "; ".join(
                f"{q.lesson} {q.question}: {q.missed} of {q.answered} missed "
                f"({100 - q.percent_correct:.0f}%)" for q in bars
            ),
            "bars": _bars(bars),
        } if bars else None,
        missed=[(f"{q.lesson} / {q.question}", q.text, str(q.missed), str(q.answered),
                 f"{100 - q.percent_correct:.1f}") for q in bars],
        questions=[(f"{r[0]} / {r[1]}", q.text, *r[2:])
                   for r, q in zip(_question_rows(report), report.questions, strict=True)],
        question_header=("question", "text", *QUESTION_HEADER[2:]),
        learners=_learner_rows(report),
        learner_header=LEARNER_HEADER,
        orphans=[(name, str(o)) for name, o in report.orphans],
        skipped=[str(s) for s in report.skipped],
        notice=NOTICE,
        article=ARTICLE_TITLE,
    )
