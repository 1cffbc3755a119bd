"""``runwell report FILES… [--csv OUT] [--html OUT]``: the class report.

Outputs are written atomically and only where that is safe: never over one of the progress files
being read, never over a file the report did not write (an existing output must carry the
report's own CSV header or HTML generator mark), never over a folder, a pipe or a device (which
is never opened, so it cannot hang the report), and every operating-system error is one line.
Temporary files an interrupted write of an output left beside it are removed by the next run.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path

from runwell.errors import CourseError, clean_text, display_path, os_error_line
from runwell.fileio import atomic_write_bytes, read_regular, sweep_temps
from runwell.report.model import build_report, expand, read_files
from runwell.report.views import (
    GENERATOR,
    LEARNER_HEADER,
    QUESTION_HEADER,
    html_page,
    learners_csv,
    questions_csv,
    text_report,
)

__all__ = ["command", "learners_csv_path"]


def learners_csv_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}-learners{out.suffix or '.csv'}")


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _ours(path: Path, marks: tuple[str, ...]) -> bool:
    """Whether the existing file at *path* was written by the report (by its own marks)."""
    try:
        head = read_regular(path, 4096).decode("utf-8", errors="replace")
    except OSError:
        return False
    return any(mark in head for mark in marks)


def _check_target(path: Path, inputs: list[Path], marks: tuple[str, ...]) -> None:
    shown = clean_text(display_path(path), 300)
    for source in inputs:
        if _same(path, source):
            raise CourseError(f"{shown}: is one of the progress files being read; "
                              "choose another output name")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise CourseError(os_error_line(exc, "write", path)) from None
    if stat.S_ISDIR(st.st_mode):
        raise CourseError(f"{shown}: is a folder; give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise CourseError(f"{shown}: exists and is not a regular file; give a file name")
    if not _ours(path, marks):
        raise CourseError(f"{shown}: exists and was not written by `runwell report`; "
                          "choose another name or remove it")


def _write(path: Path, text: str) -> None:
    sweep_temps(path)  # what an interrupted write of this output left, if anything
    try:
        # A file name that is not valid UTF-8 reaches the tables as lone surrogates: write "?".
        atomic_write_bytes(path, text.encode("utf-8", errors="replace"))
    except OSError as exc:
        raise CourseError(os_error_line(exc, "write", path)) from None


def command(args: argparse.Namespace) -> int:
    from runwell import course as model

    course = model.load()
    inputs = expand(args.files)
    csv_mark = (",".join(QUESTION_HEADER),)
    targets: list[tuple[Path, tuple[str, ...]]] = []
    if args.csv is not None:
        targets.append((args.csv, csv_mark))
        targets.append((learners_csv_path(args.csv), (",".join(LEARNER_HEADER),)))
    if args.html is not None:
        targets.append((args.html, (f'<meta name="generator" content="{GENERATOR}">',)))
    for path, marks in targets:  # refuse before reading anything
        _check_target(path, inputs, marks)
    files, skipped = read_files(inputs, course)
    for s in skipped:
        print(s, file=sys.stderr)
    if not files:
        raise CourseError(f"no readable progress file among the {len(skipped)} given")
    report = build_report(files, course, skipped)
    sys.stdout.write(text_report(report))
    written: list[Path] = []
    if args.csv is not None:
        _write(args.csv, questions_csv(report))
        _write(learners_csv_path(args.csv), learners_csv(report))
        written += [args.csv, learners_csv_path(args.csv)]
    if args.html is not None:
        _write(args.html, html_page(report))
        written.append(args.html)
    for path in written:
        print(f"wrote {clean_text(display_path(path), 300)}", file=sys.stderr)
    return 0
