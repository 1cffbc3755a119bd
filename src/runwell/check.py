"""`runwell check`: validate the whole course, from the course model.

Prints one ``path: id: problem`` line per problem and exits 1 when there is any; warnings print
as ``warning: path: id: …`` and do not fail. The rules live with the model
(:mod:`runwell.course.rules`); this module gathers them and adds the checks that read notebook
text (the article's advertising must never reach learners).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from runwell.course.model import Course
from runwell.errors import CourseError, Problem, clean_text, display_path
from runwell.paths import course_root

__all__ = ["ADVERTISING", "Report", "advertising_problems", "command", "run_checks"]

# The article's advertising must never reach learners (clinic, city, phone number).
ADVERTISING = re.compile(r"spine\s+institute|santa\s+monica|828\W?7757|\(310\)", re.IGNORECASE)


class Report:
    """What ``runwell check`` found: problems (fail) and warnings (print only)."""

    def __init__(self, problems: list[Problem], warnings: list[Problem]) -> None:
        self.problems = list(dict.fromkeys(problems))
        self.warnings = list(dict.fromkeys(warnings))


def advertising_problems(course: Course) -> list[Problem]:
    root = Path(course.root) if course.root else None
    problems = []
    for page in course.pages:
        for n, (_kind, source) in enumerate(page.texts, start=1):
            if ADVERTISING.search(source):
                problems.append(Problem(display_path(page.source, root), f"cell {n}",
                                        "contains the article's advertising"))
    return problems


def run_checks(root: Path | None = None, lang: str = "en") -> Report:
    """Every problem and warning in the course, in a stable order."""
    from runwell import course as model
    from runwell.course import rules

    course = model.load(root, lang)
    problems = list(course.problems)
    warnings: list[Problem] = []
    try:
        course.pages  # noqa: B018 - read the notebooks once; their problems are reported here
    except CourseError as exc:
        problems.append(Problem("notebooks", "-", str(exc)))
        return Report(problems, warnings)
    problems += rules.coverage_problems(course)
    problems += advertising_problems(course)
    problems += rules.answer_pattern_problems(course)
    warnings += rules.longest_choice_warnings(course)
    return Report(problems, warnings)


def command(args: argparse.Namespace) -> int:
    root = (args.root or course_root()).resolve()
    if args.root is not None and not (root / "notebooks").is_dir():
        shown = clean_text(display_path(args.root), 300)
        raise CourseError(f"{shown}: no notebooks/ folder (not a course folder?)")
    report = run_checks(root)
    for warning in report.warnings:
        print(f"warning: {clean_text(warning, 400)}")
    for problem in report.problems:
        print(clean_text(problem, 400))
    if report.problems:
        print(f"{len(report.problems)} problem(s) found", flush=True)
        return 1
    print("ok: guidance inventory, quiz banks and notebooks are consistent")
    return 0
