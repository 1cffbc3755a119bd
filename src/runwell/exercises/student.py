"""Learner versions of the exercises: solutions out, outputs cleared (`runwell student`).

Solutions follow nbgrader's convention. In a code cell tagged ``solution``, each region between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes a stub, indented like the ``BEGIN`` line::

    # YOUR CODE HERE
    raise NotImplementedError()

A cell tagged ``solution-only`` (a model answer, an explanation for instructors) is removed
entirely. Every output and execution count is cleared and metadata is reduced to what a learner
needs. Malformed markers stop the build with ``file: cell N: problem`` (N counts every cell from
1), before anything is written.
"""

from __future__ import annotations

import argparse
import copy
import re
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from runwell.errors import CourseError, display_path
from runwell.fileio import atomic_write_text
from runwell.paths import course_root, exercise_notebooks

SOLUTION_TAG = "solution"
SOLUTION_ONLY_TAG = "solution-only"
BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
# Metadata that survives into the learner's copy; everything else (execution timings, widget
# state, editor settings) is run-specific noise.
KEEP_CELL_METADATA = ("tags", "runwell")
KEEP_NOTEBOOK_METADATA = ("kernelspec", "language_info", "runwell")

__all__ = [
    "BEGIN",
    "END",
    "SOLUTION_ONLY_TAG",
    "SOLUTION_TAG",
    "STUB",
    "command",
    "strip_solutions",
    "student_path",
    "write_student_versions",
]


def _replace_regions(source: str, where: str) -> str:
    """Replace every solution region in *source* with the indented stub."""
    out: list[str] = []
    begin_line = 0
    for number, line in enumerate(source.splitlines(), start=1):
        if BEGIN in line:
            if END in line:
                raise CourseError(f"{where}: line {number}: {BEGIN} and {END} on one line")
            if begin_line:
                raise CourseError(
                    f"{where}: line {number}: nested {BEGIN} (the region opened on line "
                    f"{begin_line} has no {END} before it)"
                )
            begin_line = number
            indent = re.match(r"[ \t]*", line).group(0)  # type: ignore[union-attr]
            out.extend(indent + stub for stub in STUB)
        elif END in line:
            if not begin_line:
                raise CourseError(f"{where}: line {number}: {END} without a {BEGIN} before it")
            begin_line = 0
        elif not begin_line:
            out.append(line)
    if begin_line:
        raise CourseError(f"{where}: line {begin_line}: {BEGIN} without a matching {END}")
    return "\n".join(out)


def _has_marker(source: str) -> bool:
    return BEGIN in source or END in source


def strip_solutions(nb: NotebookNode, path: Path | str) -> NotebookNode:
    """Return the learner version of *nb* (a new notebook; *nb* is not changed).

    *path* only names the notebook in error messages. Raises :class:`CourseError`
    (``path: cell N: problem``) for a marker outside a code cell tagged ``solution``, a
    ``solution`` cell without a region, a ``BEGIN`` without ``END``, a nested ``BEGIN`` or an
    ``END`` without ``BEGIN``.
    """
    name = display_path(path)
    learner = copy.deepcopy(nb)
    cells: list[NotebookNode] = []
    for number, cell in enumerate(learner.cells, start=1):
        where = f"{name}: cell {number}"
        tags = list(cell.get("metadata", {}).get("tags", []))
        if SOLUTION_ONLY_TAG in tags:
            continue
        source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
        if SOLUTION_TAG in tags:
            if cell.cell_type != "code":
                raise CourseError(
                    f"{where}: the '{SOLUTION_TAG}' tag belongs on code cells; tag a markdown "
                    f"answer '{SOLUTION_ONLY_TAG}' instead"
                )
            if BEGIN not in source:
                if END in source:
                    raise CourseError(f"{where}: {END} without a {BEGIN} before it")
                raise CourseError(f"{where}: tagged '{SOLUTION_TAG}' but has no {BEGIN} region")
            source = _replace_regions(source, where)
        elif _has_marker(source):
            raise CourseError(
                f"{where}: solution marker in a cell not tagged '{SOLUTION_TAG}' "
                "(it would leak the answer)"
            )
        cell.source = source
        cell.metadata = NotebookNode(
            {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
        )
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    learner.cells = cells
    metadata = {k: v for k, v in learner.metadata.items() if k in KEEP_NOTEBOOK_METADATA}
    if isinstance(metadata.get("language_info"), dict):
        # The recording machine's Python version is noise for a learner.
        metadata["language_info"] = {"name": metadata["language_info"].get("name", "python")}
    learner.metadata = NotebookNode(metadata)
    return learner


def student_path(source: Path, out: Path) -> Path:
    """Where the learner version of exercise *source* goes: same file name, in *out*."""
    return out / source.name


def write_student_versions(root: Path, out: Path) -> list[Path]:
    """Write the learner version of every exercise in ``root/exercises`` into *out*.

    Every exercise is read and stripped first; only when all of them are sound is anything
    written, each file atomically. Returns the written paths in exercise order.
    """
    sources = exercise_notebooks(root)
    if not sources:
        raise CourseError(f"{display_path(root / 'exercises')}: no exercise notebooks (NN_*.ipynb)")
    ready: list[tuple[Path, str]] = []
    for source in sources:
        shown = display_path(source, root)
        try:
            nb = nbformat.read(source, as_version=4)
        except Exception as exc:  # nbformat raises several unrelated types for broken files
            message = " ".join(str(exc).split())[:200]
            raise CourseError(f"{shown}: not a readable notebook: {message}") from None
        learner = strip_solutions(nb, shown)
        nbformat.validate(learner)
        ready.append((student_path(source, out), nbformat.writes(learner) + "\n"))
    for target, text in ready:
        atomic_write_text(target, text)
    return [target for target, _ in ready]


def command(args: argparse.Namespace) -> int:
    root = (args.root or course_root()).resolve()
    out = args.out if args.out is not None else root / "build" / "student"
    written = write_student_versions(root, out)
    for path in written:
        print(f"wrote {display_path(path)}")
    print(f"{len(written)} learner notebook(s) in {display_path(out)}")
    return 0
