"""`python -m runwell report FILES…`: merge learners' progress files into a class report.

Learners hand in their progress file (or the instructor collects them from JupyterHub home
folders). The report has two tables, per question (how many learners answered it, how many got
it right) and per learner, printed as text, written as CSV with ``--csv`` and as a small,
self-contained HTML page with ``--html`` (a bar chart of the questions the class missed most; no
JavaScript, no network). A file that is not a readable runwell progress file is skipped with one
line on stderr saying why; the rest of the class still gets a report.

Reading only: the report never changes, repairs or resets a learner's file.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

import yaml

from runwell import ARTICLE_TITLE, COURSE_TITLE, NOTICE
from runwell.errors import CourseError, display_path
from runwell.fileio import atomic_write_text
from runwell.paths import data_file, quizzes_dir
from runwell.progress import FORMAT, VERSION

__all__ = [
    "ClassReport",
    "LearnerFile",
    "LearnerStat",
    "QuestionStat",
    "Record",
    "Skipped",
    "build_report",
    "command",
    "course_questions",
    "html_page",
    "learners_csv",
    "load_learner_file",
    "questions_csv",
    "read_files",
    "text_report",
]

MAX_BYTES = 5_000_000  # a progress file is a few kilobytes; anything this big is not one
CHART_BARS = 10  # the chart shows at most this many most-missed questions


# ---------------------------------------------------------------------------------------------
# Reading progress files


@dataclass(frozen=True)
class Record:
    """One learner's standing on one question: is the latest answer right, after how many tries."""

    lesson: str
    question: str
    correct: bool
    attempts: int
    time: str


@dataclass(frozen=True)
class LearnerFile:
    """A readable progress file: who it belongs to and their answers."""

    path: Path
    learner: str
    records: tuple[Record, ...]


@dataclass(frozen=True)
class Skipped:
    """A file left out of the report, and why (printed as ``path: reason``)."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{display_path(self.path)}: skipped: {self.reason}"


def _records(answers: Any) -> tuple[Record, ...]:
    """Validate the ``answers`` mapping; raise CourseError naming the first bad entry."""
    if not isinstance(answers, dict):
        raise CourseError("'answers' is not an object")
    records: list[Record] = []
    for lesson, questions in answers.items():
        if not isinstance(questions, dict):
            raise CourseError(f"answers.{lesson}: not an object of questions")
        for qid, entry in questions.items():
            where = f"answers.{lesson}.{qid}"
            if not isinstance(entry, dict):
                raise CourseError(f"{where}: not an object")
            correct = entry.get("correct")
            if not isinstance(correct, bool):
                raise CourseError(f"{where}: 'correct' is missing or not true/false")
            attempts = entry.get("attempts", 1)
            if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 0:
                raise CourseError(f"{where}: 'attempts' is not a whole number >= 0")
            when = entry.get("time", "")
            if not isinstance(when, str):
                raise CourseError(f"{where}: 'time' is not a string")
            records.append(Record(lesson, qid, correct, attempts, when))
    return tuple(records)


def load_learner_file(path: Path) -> LearnerFile:
    """Read one progress file, raising CourseError with a one-line reason if it is not usable."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise CourseError("no such file") from None
    except OSError as exc:
        raise CourseError(f"cannot read: {exc.strerror or exc}") from None
    if not path.is_file():
        raise CourseError("not a file")
    if size > MAX_BYTES:
        raise CourseError(f"too large for a progress file ({size} bytes)")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise CourseError(f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CourseError("not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise CourseError(f"not JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CourseError(f"not a runwell progress file (no \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise CourseError(f"unsupported progress file version {data.get('version')!r}")
    learner = data.get("learner")
    if learner is not None and not isinstance(learner, str):
        raise CourseError("'learner' is not a string")
    name = " ".join((learner or "").split()) or path.stem
    return LearnerFile(path, name, _records(data.get("answers", {})))


def _expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for every ``*.json`` file below it (sorted)."""
    out: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        found = sorted(q for q in p.rglob("*.json") if q.is_file()) if p.is_dir() else [p]
        for q in found:
            key = q.resolve()
            if key not in seen:
                seen.add(key)
                out.append(q)
    return out


def read_files(paths: Iterable[Path]) -> tuple[list[LearnerFile], list[Skipped]]:
    """Read every file (folders expanded); return the readable ones and the skipped ones."""
    good: list[LearnerFile] = []
    skipped: list[Skipped] = []
    for path in _expand(paths):
        try:
            good.append(load_learner_file(path))
        except CourseError as exc:
            skipped.append(Skipped(path, str(exc)))
    return good, skipped


# ---------------------------------------------------------------------------------------------
# Aggregating


@dataclass(frozen=True)
class QuestionStat:
    lesson: str
    question: str
    answered: int
    correct: int
    attempts: int  # summed over the learners who answered
    text: str = ""  # the question, from its bank (empty if the bank is not at hand)

    @property
    def missed(self) -> int:
        return self.answered - self.correct

    @property
    def percent_correct(self) -> float:
        return 100.0 * self.correct / self.answered if self.answered else 0.0

    @property
    def mean_attempts(self) -> float:
        return self.attempts / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class LearnerStat:
    learner: str
    path: Path
    answered: int
    correct: int
    lessons: int
    last_answer: str

    @property
    def percent_correct(self) -> float:
        return 100.0 * self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class ClassReport:
    questions: tuple[QuestionStat, ...]
    learners: tuple[LearnerStat, ...]
    skipped: tuple[Skipped, ...]

    def most_missed(self, limit: int = CHART_BARS) -> list[QuestionStat]:
        """Questions anyone missed, worst first (by share missed, then by how many answered)."""
        missed = [q for q in self.questions if q.missed > 0]
        missed.sort(key=lambda q: (q.percent_correct, -q.answered, q.lesson, q.question))
        return missed[:limit]


def _unique_names(files: Sequence[LearnerFile]) -> list[str]:
    """Learner names, with the file's path added where two files carry the same name."""
    counts: dict[str, int] = {}
    for f in files:
        counts[f.learner] = counts.get(f.learner, 0) + 1
    return [
        f"{f.learner} ({display_path(f.path)})" if counts[f.learner] > 1 else f.learner
        for f in files
    ]


def course_questions(root: Path | None = None) -> dict[tuple[str, str], tuple[int, str]]:
    """``(lesson, question id) -> (position, text)`` from the course's quiz banks, so the report
    can show each question's words in bank order; empty when no course folder is found.

    The banks are only read here, not validated (``runwell check`` does that): a report must not
    fail, or wait for the schema machinery, because of a bank being edited.
    """
    try:
        folder = quizzes_dir(root)
    except CourseError:
        return {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found: dict[tuple[str, str], tuple[int, str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # a safe loader
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
            continue
        lesson = raw.get("lesson")
        if not isinstance(lesson, str):
            lesson = path.stem
        for n, q in enumerate(raw["questions"]):
            if isinstance(q, dict) and isinstance(q.get("id"), str):
                text = q.get("text")
                words = " ".join(text.split()) if isinstance(text, str) else ""
                found.setdefault((lesson, q["id"]), (n, words))
    return found


def build_report(
    files: Sequence[LearnerFile],
    skipped: Sequence[Skipped] = (),
    known: Mapping[tuple[str, str], tuple[int, str]] | None = None,
) -> ClassReport:
    """Per-question and per-learner tables from the readable files.

    *known* (see :func:`course_questions`) adds each question's text and orders questions as in
    their bank; questions it does not know (an old or renamed id) follow, by id.
    """
    known = known or {}
    totals: dict[tuple[str, str], list[int]] = {}
    learners: list[LearnerStat] = []
    for f, name in zip(files, _unique_names(files), strict=True):
        right = 0
        for r in f.records:
            t = totals.setdefault((r.lesson, r.question), [0, 0, 0])
            t[0] += 1
            t[1] += r.correct
            t[2] += r.attempts
            right += r.correct
        learners.append(
            LearnerStat(
                learner=name,
                path=f.path,
                answered=len(f.records),
                correct=right,
                lessons=len({r.lesson for r in f.records}),
                last_answer=max((r.time for r in f.records), default=""),
            )
        )
    def order(key: tuple[str, str]) -> tuple[str, int, str]:
        return (key[0], known[key][0] if key in known else len(known), key[1])

    questions = tuple(
        QuestionStat(
            lesson=key[0],
            question=key[1],
            answered=totals[key][0],
            correct=totals[key][1],
            attempts=totals[key][2],
            text=known.get(key, (0, ""))[1],
        )
        for key in sorted(totals, key=order)
    )
    learners.sort(key=lambda s: (s.learner.casefold(), s.learner))
    return ClassReport(questions, tuple(learners), tuple(skipped))


# ---------------------------------------------------------------------------------------------
# Views: text, CSV, HTML

QUESTION_HEADER = ("lesson", "question", "answered", "correct", "percent_correct", "mean_attempts")
LEARNER_HEADER = ("learner", "file", "answered", "correct", "percent_correct", "lessons",
                  "last_answer")


def _question_rows(report: ClassReport) -> list[tuple[str, ...]]:
    return [
        (q.lesson, q.question, str(q.answered), str(q.correct), f"{q.percent_correct:.1f}",
         f"{q.mean_attempts:.2f}")
        for q in report.questions
    ]


def _learner_rows(report: ClassReport) -> list[tuple[str, ...]]:
    return [
        (s.learner, display_path(s.path), str(s.answered), str(s.correct),
         f"{s.percent_correct:.1f}", str(s.lessons), s.last_answer)
        for s in report.learners
    ]


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def questions_csv(report: ClassReport) -> str:
    rows = [(*row, q.text) for row, q in zip(_question_rows(report), report.questions, strict=True)]
    return _csv((*QUESTION_HEADER, "text"), rows)


def learners_csv(report: ClassReport) -> str:
    return _csv(LEARNER_HEADER, _learner_rows(report))


def _text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return out


def text_report(report: ClassReport) -> str:
    """Both tables as aligned plain text (what the command prints)."""
    n = len(report.learners)
    lines = [f"Class report: {n} learner{'s' if n != 1 else ''}, "
             f"{len(report.questions)} question{'s' if len(report.questions) != 1 else ''}", "",
             "Per question"]
    lines += _text_table(QUESTION_HEADER, _question_rows(report))
    lines += ["", "Per learner"]
    lines += _text_table(LEARNER_HEADER, _learner_rows(report))
    return "\n".join(lines) + "\n"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chart_svg(bars: Sequence[QuestionStat]) -> str:
    """A horizontal bar chart (inline SVG) of the share of learners who missed each question."""
    label_w, bar_w, row_h, top = 260, 300, 30, 10
    width, height = label_w + bar_w + 70, top + row_h * len(bars) + 10
    desc = "; ".join(
        f"{q.lesson} {q.question}: {q.missed} of {q.answered} missed "
        f"({100 - q.percent_correct:.0f}%)"
        for q in bars
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="chart-title chart-desc">',
        '<title id="chart-title">Questions the class missed most, by share of learners who '
        "answered them wrongly</title>",
        f'<desc id="chart-desc">{_e(desc)}</desc>',
    ]
    for i, q in enumerate(bars):
        y = top + i * row_h
        share = q.missed / q.answered
        w = max(1, round(bar_w * share))
        label = f"{q.lesson} / {q.question}"
        parts += [
            "<g>",
            f"<title>{_e(label)}: {q.missed} of {q.answered} missed"
            f"{_e(': ' + _short(q.text, 120)) if q.text else ''}</title>",
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" class="label">'
            f"{_e(_short(label))}</text>",
            f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 8}" class="bar"/>',
            f'<text x="{label_w + w + 6}" y="{y + 19}" class="value">'
            f"{100 * share:.0f}%</text>",
            "</g>",
        ]
    parts.append("</svg>")
    return "\n".join(parts)


def _html_table(caption: str, header: Sequence[str], rows: Sequence[Sequence[str]],
                numeric: Iterable[int]) -> str:
    """A table whose first column heads each row; columns in *numeric* are right-aligned."""
    right = set(numeric)
    head = "".join(f'<th scope="col">{_e(h.replace("_", " "))}</th>' for h in header)
    body = []
    for r in rows:
        cells = [f'<th scope="row">{_e(r[0])}</th>'] + [
            f'<td class="num">{_e(c)}</td>' if i in right else f"<td>{_e(c)}</td>"
            for i, c in enumerate(r[1:], start=1)
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<table>\n<caption>{_e(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
            f"<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>")


def html_page(report: ClassReport) -> str:
    """A self-contained HTML page (no JavaScript, no network) with the chart and both tables."""
    bars = report.most_missed()
    if bars:
        missed_rows = [
            (f"{q.lesson} / {q.question}", q.text, str(q.missed), str(q.answered),
             f"{100 - q.percent_correct:.1f}")
            for q in bars
        ]
        chart = (
            '<figure>\n' + chart_svg(bars) + "\n<figcaption>The questions most often answered "
            "wrongly (latest answer), as a share of the learners who answered them. The same "
            "figures are in the table below.</figcaption>\n</figure>\n"
            + _html_table("Most-missed questions", ("question", "text", "missed", "answered",
                                                    "percent_missed"), missed_rows, (2, 3, 4))
        )
    else:
        chart = "<p>Nobody's latest answer to any question is wrong: nothing to chart.</p>"
    skipped = ""
    if report.skipped:
        items = "\n".join(f"<li>{_e(s)}</li>" for s in report.skipped)
        skipped = (f'<section aria-labelledby="skipped-heading">\n<h2 id="skipped-heading">Files '
                   f"left out ({len(report.skipped)})</h2>\n<ul>\n{items}\n</ul>\n</section>")
    template = Template(data_file("report.html").read_text(encoding="utf-8"))
    n = len(report.learners)
    return template.substitute(
        title=_e(f"{COURSE_TITLE}: class report"),
        css=data_file("report.css").read_text(encoding="utf-8"),
        summary=_e(f"{n} learner{'s' if n != 1 else ''}, {len(report.questions)} questions "
                   f"answered at least once, {len(report.skipped)} files left out."),
        chart=chart,
        questions=_html_table(
            "Per question",
            ("question", "text", *QUESTION_HEADER[2:]),
            [(f"{r[0]} / {r[1]}", q.text, *r[2:])
             for r, q in zip(_question_rows(report), report.questions, strict=True)],
            (2, 3, 4, 5),
        ),
        learners=_html_table("Per learner", LEARNER_HEADER, _learner_rows(report), (2, 3, 4, 5)),
        skipped=skipped,
        notice=_e(NOTICE),
        article=_e(ARTICLE_TITLE),
    )


# ---------------------------------------------------------------------------------------------
# Command


def _learners_csv_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}-learners{out.suffix or '.csv'}")


def write_outputs(report: ClassReport, csv_out: Path | None, html_out: Path | None) -> list[Path]:
    written: list[Path] = []
    if csv_out is not None:
        atomic_write_text(csv_out, questions_csv(report))
        atomic_write_text(_learners_csv_path(csv_out), learners_csv(report))
        written += [csv_out, _learners_csv_path(csv_out)]
    if html_out is not None:
        atomic_write_text(html_out, html_page(report))
        written.append(html_out)
    return written


def command(args: argparse.Namespace) -> int:
    files, skipped = read_files(args.files)
    for s in skipped:
        print(s, file=sys.stderr)
    if not files:
        raise CourseError(f"no readable progress file among the {len(skipped)} given")
    report = build_report(files, skipped, course_questions())
    sys.stdout.write(text_report(report))
    for path in write_outputs(report, args.csv, args.html):
        print(f"wrote {display_path(path)}", file=sys.stderr)
    return 0

