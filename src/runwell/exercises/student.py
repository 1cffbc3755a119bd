"""Learner versions of the exercises: solutions out, outputs cleared (`runwell student`).

Solutions follow nbgrader's convention. In a code cell tagged ``solution``, each region between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes a stub, indented like the ``BEGIN`` line::

    # YOUR CODE HERE
    raise NotImplementedError()

A cell tagged ``solution-only`` (a model answer, an explanation for instructors) is removed
entirely. Every output and execution count is cleared and metadata is reduced to what a learner
needs. Malformed markers stop the build with ``file: cell N: problem`` (N counts every cell from
1), before anything is written.

A learner may already be working in the output folder, so a rebuild never destroys work. The
folder keeps a manifest (``.runwell-student.json``) of what was written; a learner notebook that
changed since then is kept as it is and reported, and so is any notebook the manifest does not
know. A notebook written by an earlier build for an exercise that no longer exists (renamed or
removed) is deleted, but only if nobody changed it. Nothing else in the folder is touched, apart
from the temporary files an interrupted write of ours left there. An output that is a file, or a
folder where a learner notebook goes, stops the build in one line before anything is written;
so does every error the operating system reports.

Each language edition's exercises (``exercises/es/``) go into a folder of the same name in the
output (``build/student/es/``), with its own manifest.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from runwell.course.notebooks import read_notebook_node
from runwell.errors import CourseError, clean_text, display_path, os_error_line
from runwell.fileio import (
    NotRegularFile,
    atomic_write_bytes,
    output_folder_exists,
    read_regular,
    sha256_regular,
    sweep_temps,
)
from runwell.paths import course_root, edition_dir, exercise_notebooks

SOLUTION_TAG = "solution"
SOLUTION_ONLY_TAG = "solution-only"
BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
# Metadata that survives into the learner's copy; everything else (execution timings, widget
# state, editor settings) is run-specific noise.
KEEP_CELL_METADATA = ("tags", "runwell")
KEEP_NOTEBOOK_METADATA = ("kernelspec", "language_info", "runwell")
MANIFEST = ".runwell-student.json"
MANIFEST_VERSION = 1
MAX_MANIFEST_BYTES = 1_000_000
# A name the manifest may list: a notebook directly in the output folder, nothing hidden.
_NAME = re.compile(r"[^./\\][^/\\]*\.ipynb")

__all__ = [
    "BEGIN",
    "END",
    "MANIFEST",
    "SOLUTION_ONLY_TAG",
    "SOLUTION_TAG",
    "STUB",
    "StudentBuild",
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


@dataclass
class StudentBuild:
    """What a build did in the output folder."""

    written: list[Path] = field(default_factory=list)  # new or refreshed learner notebooks
    unchanged: list[Path] = field(default_factory=list)  # already exactly as they would be
    kept: list[Path] = field(default_factory=list)  # changed by someone since: left alone
    removed: list[Path] = field(default_factory=list)  # stale copies of vanished exercises
    stale_kept: list[Path] = field(default_factory=list)  # stale, but changed: left alone

    @property
    def current(self) -> list[Path]:
        """Every exercise's learner notebook in the folder, in exercise order."""
        return sorted(self.written + self.unchanged + self.kept, key=lambda p: p.name)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _shown(path: Path) -> str:
    return clean_text(display_path(path), 300)


def _name_ok(name: object) -> bool:
    return isinstance(name, str) and bool(_NAME.fullmatch(name)) and name == clean_text(name, 300)


def _read_manifest(out: Path) -> dict[str, str]:
    """File name → digest of what the last build wrote. A missing or unreadable manifest is
    empty (with a one-line warning when unreadable), which only makes the build more careful:
    files it does not know are kept. Names that are not a plain notebook file name are ignored."""
    path = out / MANIFEST
    try:
        raw = read_regular(path, MAX_MANIFEST_BYTES)
        if len(raw) > MAX_MANIFEST_BYTES:
            raise ValueError(f"larger than {MAX_MANIFEST_BYTES:,} bytes")
        data = json.loads(raw)
    except FileNotFoundError:
        return {}
    except RecursionError:
        problem, data = "unreadable (nested too deeply)", None
    except (OSError, ValueError) as exc:
        problem, data = f"unreadable ({clean_text(exc)})", None
    else:
        problem = "not a runwell student manifest"
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        print(
            f"runwell: warning: {_shown(path)}: {problem}; existing notebooks are kept",
            file=sys.stderr,
        )
        return {}
    return {k: v for k, v in files.items() if _name_ok(k) and isinstance(v, str)}


def _read_exercise(source: Path, shown: str) -> NotebookNode:
    """One exercise notebook, bounded; CourseError (one line) if it cannot be used."""
    node: NotebookNode = read_notebook_node(source, shown)
    return node


def _learner_bytes(nb: NotebookNode, shown: str) -> bytes:
    try:
        learner = strip_solutions(nb, shown)
        nbformat.validate(learner)
        return (nbformat.writes(learner) + "\n").encode()
    except CourseError:
        raise
    except RecursionError:
        raise CourseError(f"{shown}: not a usable notebook: nested too deeply") from None
    except Exception as exc:  # nbformat's ValidationError, or a cell of the wrong shape
        raise CourseError(f"{shown}: not a valid notebook: {clean_text(exc)}") from None


def _current(target: Path) -> str | None:
    """The digest of what is at *target* now (None: nothing); CourseError if it is not a file
    this build could replace (a folder, a pipe) or cannot be read."""
    try:
        return sha256_regular(target)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise CourseError(
            f"{_shown(target)}: is a folder where a learner notebook goes; move it away"
        ) from None
    except NotRegularFile:
        raise CourseError(
            f"{_shown(target)}: not a regular file where a learner notebook goes; move it away"
        ) from None
    except OSError as exc:
        raise CourseError(os_error_line(exc, "read", target)) from None


def _check_out(out: Path) -> None:
    output_folder_exists(out, _shown(out), "; give a folder with --out")


def write_student_versions(root: Path, out: Path, lang: str = "en") -> StudentBuild:
    """Write the learner version of every exercise in ``root/exercises`` (another language's:
    ``root/exercises/<lang>``) into *out*.

    Every exercise is read and stripped, and every file it would replace is checked, first;
    only when all of them are sound is anything written, each file atomically. A learner
    notebook that changed since the last build wrote it is kept, never overwritten (see the
    module's docstring). Every problem is a :class:`CourseError` of one line.
    """
    sources = exercise_notebooks(root, lang)
    if not sources:
        folder = edition_dir(root, "exercises", lang)
        raise CourseError(f"{display_path(folder)}: no exercise notebooks (NN_*.ipynb)")
    ready: list[tuple[Path, bytes]] = []
    for source in sources:
        shown = clean_text(display_path(source, root), 300)
        data = _learner_bytes(_read_exercise(source, shown), shown)
        ready.append((student_path(source, out), data))
    _check_out(out)

    before = _read_manifest(out)
    for name in [MANIFEST, *before, *(target.name for target, _ in ready)]:
        sweep_temps(out / name)
    currents = [_current(target) for target, _ in ready]  # refuse before writing anything
    after: dict[str, str] = {}
    build = StudentBuild()
    for (target, data), current in zip(ready, currents, strict=True):
        new = _digest(data)
        if current == new:
            build.unchanged.append(target)
            after[target.name] = new
        elif current is None or before.get(target.name) == current:
            _write(target, data)
            build.written.append(target)
            after[target.name] = new
        else:
            build.kept.append(target)
            if target.name in before:
                after[target.name] = before[target.name]
    produced = {target.name for target, _ in ready}
    for name, digest in sorted(before.items()):
        if name in produced:
            continue
        stale = out / name
        try:
            current = _current(stale)
        except CourseError:
            continue  # no longer a file of ours (a folder now?): not ours to touch or list
        if current is None:
            continue
        if current == digest:
            try:
                stale.unlink()
            except OSError as exc:
                raise CourseError(os_error_line(exc, "remove", stale)) from None
            build.removed.append(stale)
        else:
            build.stale_kept.append(stale)
            after[name] = digest
    if after != before or not (out / MANIFEST).exists():
        manifest = {"version": MANIFEST_VERSION, "files": after}
        _write(out / MANIFEST, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    return build


def _write(path: Path, data: bytes) -> None:
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise CourseError(os_error_line(exc, "write", path)) from None


def editions(root: Path) -> list[str]:
    """English, then every language of the course with translated exercises."""
    from runwell.i18n import languages

    return ["en", *(lang for lang in languages()[1:] if exercise_notebooks(root, lang))]


def command(args: argparse.Namespace) -> int:
    root = (args.root or course_root()).resolve()
    base = args.out if args.out is not None else root / "build" / "student"
    for lang in editions(root):
        out = base if lang == "en" else base / lang
        _report(write_student_versions(root, out, lang), out)
    return 0


def _report(build: StudentBuild, out: Path) -> None:
    for path in build.written:
        print(f"wrote {_shown(path)}")
    for path in build.unchanged:
        print(f"up to date {_shown(path)}")
    for path in build.kept:
        print(
            f"kept {_shown(path)}: not as `runwell student` last wrote it (a learner's "
            "work?); move or delete it to get a fresh copy"
        )
    for path in build.removed:
        print(f"removed {_shown(path)}: its exercise no longer exists")
    for path in build.stale_kept:
        print(f"kept {_shown(path)}: its exercise no longer exists, but it was changed")
    print(f"{len(build.current)} learner notebook(s) in {_shown(out)}")
