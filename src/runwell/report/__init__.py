"""The class report: learners' progress files merged, graded against the current banks.

- :mod:`~runwell.report.model`: reading (bounded), grading and the tables;
- :mod:`~runwell.report.views`: text, CSV (formula-safe) and HTML (Jinja);
- :mod:`~runwell.report.cli`: ``runwell report FILES… [--csv OUT] [--html OUT]``.
"""

from __future__ import annotations

from runwell.report.model import (
    ClassReport,
    LearnerFile,
    LearnerStat,
    QuestionStat,
    Record,
    Skipped,
    build_report,
    load_learner_file,
    read_files,
)
from runwell.report.views import html_page, learners_csv, questions_csv, text_report

__all__ = [
    "ClassReport",
    "LearnerFile",
    "LearnerStat",
    "QuestionStat",
    "Record",
    "Skipped",
    "build_report",
    "html_page",
    "learners_csv",
    "load_learner_file",
    "questions_csv",
    "read_files",
    "text_report",
]
