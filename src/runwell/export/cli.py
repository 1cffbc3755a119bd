"""``runwell export --format {moodle,qti} [--out DIR] [--lang es] [--root DIR]``.

Writes into DIR (default ``build/export`` in the course); another language's files go in
``DIR/<lang>/``, as the handouts do. Questions the export cannot map print one line each,
``path: question-id: what``, and nothing is written (exit 1).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from runwell.course import load
from runwell.course.loader import bank_dir
from runwell.errors import CourseError, clean_text, display_path
from runwell.export import build
from runwell.export.output import write_outputs
from runwell.paths import course_root

__all__ = ["command"]

LANGUAGE_NAMES = {"es": "Spanish"}


def command(args: argparse.Namespace) -> int:
    root = (args.root or course_root()).resolve()
    lang = args.lang
    if lang != "en" and not bank_dir(root, lang).is_dir():
        name = LANGUAGE_NAMES.get(lang, lang)
        raise CourseError(
            f"no {name} edition yet: {display_path(bank_dir(root, lang), root)}/ does not exist"
        )
    course = load(root, lang=lang)
    export = build(course, args.format)
    if export.problems:
        for problem in export.problems:
            print(clean_text(problem, 500), file=sys.stderr)
        print(f"runwell export: {len(export.problems)} question(s) cannot be exported; "
              "nothing was written", file=sys.stderr)
        return 1
    out: Path = args.out if args.out is not None else root / "build" / "export"
    if lang != "en":
        out = out / lang
    written = write_outputs(out, export.files)
    for path in written.written:
        print(f"wrote {display_path(path)}")
    for path in written.unchanged:
        print(f"up to date {display_path(path)}")
    questions = sum(len(b.questions) for b in course.usable_banks.values())
    print(f"{questions} questions from {len(course.usable_banks)} lessons, "
          f"{args.format} format, in {display_path(out)}")
    return 0
