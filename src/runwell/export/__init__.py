"""Quizzes into learning platforms: Moodle XML and IMS QTI 1.2 (``runwell export``).

- :func:`build` turns the course model's banks into the files of one format (name → bytes),
  reads them back and checks that they hold exactly the banks as a platform should receive
  them (:func:`~runwell.export.common.platform_view`), naming any question that differs;
- :mod:`runwell.export.moodle` and :mod:`runwell.export.qti` hold each format's mapping,
  :mod:`runwell.export.read` the readers, :mod:`runwell.export.output` the safe writing.

Questions a format cannot carry (characters XML forbids, numbers that are not finite, figures
that are missing, more choices than Moodle's grade fractions can share) are reported as
problems, ``path: question-id: what``, and nothing is written.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

from runwell.course.model import Bank, Course, Question
from runwell.errors import CourseError, Problem
from runwell.export.common import Renderer, platform_view, text_problems
from runwell.export.moodle import COURSE_FILE, lesson_file, moodle_files
from runwell.export.qti import package_name, qti_package
from runwell.export.read import ExportFormatError, ReadBack, read_moodle, read_qti

__all__ = ["FORMATS", "Export", "build", "usable_banks"]

FORMATS = ("moodle", "qti")


@dataclass
class Export:
    """The files of one export (name → bytes), or the problems that stopped it."""

    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def usable_banks(course: Course) -> list[Bank]:
    """The course's banks in lesson order; CourseError (one line) when there are none or when
    one has a problem (``runwell check`` says which)."""
    if course.root_error:
        raise CourseError(course.root_error)
    if course.broken:
        mine = [p for p in course.problems if any(p.path.endswith(f"/{b}.yaml")
                                                  for b in course.broken)]
        first = str(mine[0]) if mine else f"{sorted(course.broken)[0]}: has problems"
        raise CourseError(f"{first} (run `runwell check`: the export takes only valid banks)")
    banks = list(course.usable_banks.values())
    if not banks:
        raise CourseError(f"no quiz banks for language {course.lang!r} in this course")
    return banks


def _difference(got: Question | None, want: Question) -> str:
    if got is None:
        return "is missing when the file is read back"
    for f in fields(Question):
        if getattr(got, f.name) != getattr(want, f.name):
            return f"its {f.name} reads back differently from the file"
    return "reads back differently from the file"


def _check(read: Callable[[bytes], ReadBack], data: bytes, banks: list[Bank],
           renderer: Renderer, name: str, lang: str) -> list[Problem]:
    """Problems where *data*, read back, is not exactly *banks* as a platform receives them."""
    try:
        back = read(data)
    except ExportFormatError as exc:
        return [Problem(name, "-", f"the export cannot read its own file: {exc}")]
    found: list[Problem] = []
    for bank in banks:
        want = platform_view(bank, renderer, lang)
        got = back.banks.get(bank.lesson)
        if got == want:
            continue
        if got is None:
            found.append(Problem(bank.path, "-", f"missing from {name} when read back"))
            continue
        for q in want.questions:
            mine = got.question(q.id)
            if mine != q:
                found.append(Problem(bank.path, q.id, f"{_difference(mine, q)} ({name})"))
        if not any(p.path == bank.path for p in found):
            found.append(Problem(bank.path, "-", f"its title or intro reads back differently "
                                 f"({name})"))
    return found


def build(course: Course, fmt: str) -> Export:
    """The files of *fmt* (``moodle`` or ``qti``) for *course*'s banks, checked by reading
    them back; or the problems that stop it."""
    if fmt not in FORMATS:
        raise CourseError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    banks = usable_banks(course)
    result = Export()
    for bank in banks:
        result.problems += text_problems(bank)
    if result.problems:
        return result
    renderer = Renderer(Path(course.root) if course.root else None)
    if fmt == "moodle":
        files = moodle_files(banks, course.lang, renderer)
        reader: Callable[[bytes], ReadBack] = functools.partial(read_moodle, lang=course.lang)
        checks = [(name, reader, [b for b in banks if name in (lesson_file(b.lesson),
                                                                    COURSE_FILE)])
                  for name in files]
    else:
        name = package_name(course.lang)
        files = {name: qti_package(banks, course.lang, renderer)}
        checks = [(name, read_qti, banks)]
    if renderer.problems:
        result.problems = list(dict.fromkeys(renderer.problems))
        return result
    for name, reader, covered in checks:
        result.problems += _check(reader, files[name], covered, renderer, name, course.lang)
    if not result.problems:
        result.files = files
    return result
