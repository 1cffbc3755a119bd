"""`runwell check`: validate the whole course, every edition, from the course model.

Prints one ``path: id: problem`` line per problem and exits 1 when there is any; warnings print
as ``warning: path: id: …`` and do not fail. The rules live with the model
(:mod:`runwell.course.rules`); this module gathers them and adds the checks that read notebook
text (the article's advertising must never reach learners). Every language of the course
(:func:`runwell.i18n.languages`) whose edition the course folder has is checked: its data
overlays and banks against the English files, its pages against the English pages, its health
content and its reading level.
"""

from __future__ import annotations

import argparse
import datetime
import re
from pathlib import Path

from runwell.course.model import Course
from runwell.errors import CourseError, Problem, clean_text, display_path
from runwell.paths import course_root, edition_exists

__all__ = [
    "ADVERTISING",
    "Report",
    "advertising_problems",
    "command",
    "editions",
    "run_all",
    "run_checks",
]

# The article's advertising must never reach learners (clinic, city, phone number).
ADVERTISING = re.compile(r"spine\s+institute|santa\s+monica|828\W?7757|\(310\)", re.IGNORECASE)


class Report:
    """What ``runwell check`` found: problems (fail) and warnings (print only)."""

    def __init__(
        self, problems: list[Problem], warnings: list[Problem], info: list[str] | None = None
    ) -> None:
        self.problems = list(dict.fromkeys(problems))
        self.warnings = list(dict.fromkeys(warnings))
        self.info = list(info or [])  # e.g. each page's reading grade


def advertising_problems(course: Course) -> list[Problem]:
    root = Path(course.root) if course.root else None
    problems = []
    for page in course.pages:
        for n, (_kind, source) in enumerate(page.texts, start=1):
            if ADVERTISING.search(source):
                problems.append(Problem(display_path(page.source, root), f"cell {n}",
                                        "contains the article's advertising"))
    return problems


def run_checks(
    root: Path | None = None,
    lang: str = "en",
    *,
    today: datetime.date | None = None,
    fail_overdue: bool = False,
) -> Report:
    """Every problem and warning in the course, in a stable order. *today* is the date reviews
    are judged against (default: the real date); overdue reviews are warnings unless
    *fail_overdue*, so CI does not fail because the calendar moved on."""
    from runwell import course as model
    from runwell.course import clinical, rules

    course = model.load(root, lang)
    problems = list(course.problems)
    warnings: list[Problem] = []
    try:
        course.pages  # noqa: B018 - read the notebooks once; their problems are reported here
    except CourseError as exc:
        problems.append(Problem("notebooks", "-", str(exc)))
        return Report(problems, warnings)
    if lang == "en":
        problems += rules.coverage_problems(course)
    else:  # a translation mirrors the English edition (whose coverage the English run checks)
        english = model.load(root, "en")
        try:
            problems += rules.translation_problems(course, english)
        except CourseError as exc:
            problems.append(Problem("notebooks", "-", str(exc)))
    problems += advertising_problems(course)
    problems += rules.answer_pattern_problems(course)
    warnings += rules.longest_choice_warnings(course)
    # Health content (issue 16): one truth for red flags, sources and reviews, no contact details
    # in lesson text, plain language.
    problems += clinical.red_flag_problems(course)
    found, later = clinical.source_findings(course)
    problems += found
    warnings += later
    problems += clinical.contact_problems(course)
    found, later = clinical.review_findings(course, today, fail_overdue=fail_overdue)
    problems += found
    warnings += later
    found, later, info = clinical.readability_report(course)
    problems += found
    warnings += later
    return Report(problems, warnings, info)


def editions(root: Path) -> list[str]:
    """The languages of the course whose edition *root* has (English always)."""
    from runwell.i18n import languages

    return [lang for lang in languages() if edition_exists(root, lang)]


def run_all(
    root: Path, *, today: datetime.date | None = None, fail_overdue: bool = False
) -> Report:
    """:func:`run_checks` for every edition the course folder has, in one report."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    info: list[str] = []
    for lang in editions(root):
        report = run_checks(root, lang, today=today, fail_overdue=fail_overdue)
        problems += report.problems
        warnings += report.warnings
        info += report.info
    return Report(problems, warnings, info)


def command(args: argparse.Namespace) -> int:
    root = (args.root or course_root()).resolve()
    if args.root is not None and not (root / "notebooks").is_dir():
        shown = clean_text(display_path(args.root), 300)
        raise CourseError(f"{shown}: no notebooks/ folder (not a course folder?)")
    today = getattr(args, "today", None)
    report = run_all(root, today=today, fail_overdue=getattr(args, "fail_overdue", False))
    for line in report.info:
        print(f"readability: {line}")
    for warning in report.warnings:
        print(f"warning: {clean_text(warning, 400)}")
    for problem in report.problems:
        print(clean_text(problem, 400))
    if report.problems:
        print(f"{len(report.problems)} problem(s) found", flush=True)
        return 1
    print("ok: guidance inventory, quiz banks, notebooks, red flags, sources and reviews are "
          f"consistent (editions: {', '.join(editions(root))})")
    return 0
