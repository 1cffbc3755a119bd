"""Run notebooks top to bottom and store clean, reproducible outputs (maintainers' tool).

Strict nbval compares the stored outputs, so they must come from a real top-to-bottom run. This
also keeps the committed files small and stable: no widget state blob in the metadata, no
per-run timestamps, and widget model ids numbered per notebook instead of random.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from runwell.course.notebooks import read_notebook_node
from runwell.errors import CourseError, clean_text, display_path, os_error_line
from runwell.fileio import atomic_write_text
from runwell.paths import course_root
from runwell.static_form import WIDGET_VIEW_MIME as WIDGET_VIEW


def normalize(nb: nbformat.NotebookNode, stem: str) -> nbformat.NotebookNode:
    """Drop run-specific noise in place: widget state, execution timestamps, random model ids."""
    nb.metadata.pop("widgets", None)
    counter = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if isinstance(view, dict) and "model_id" in view:
                counter += 1
                view["model_id"] = f"{stem}-widget-{counter}"
    return nb




def _read(path: Path) -> nbformat.NotebookNode:
    """The notebook at *path*, bounded; CourseError (one line) if it cannot be used."""
    return read_notebook_node(path, clean_text(display_path(path), 300))


def execute_notebook(path: Path, timeout: int = 120) -> None:
    """Execute *path* in its own folder and write it back atomically with normalised outputs."""
    nb = _read(path)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
    )
    with tempfile.TemporaryDirectory() as tmp:
        # Never touch the maintainer's own quiz progress while recording outputs.
        saved = os.environ.get("RUNWELL_PROGRESS")
        os.environ["RUNWELL_PROGRESS"] = str(Path(tmp) / "progress.json")
        try:
            client.execute()
        except CellExecutionError as exc:
            first = str(exc).strip().splitlines()[-1] if str(exc).strip() else "error"
            raise CourseError(f"{display_path(path)}: a cell failed: {first}") from None
        finally:
            if saved is None:
                os.environ.pop("RUNWELL_PROGRESS", None)
            else:
                os.environ["RUNWELL_PROGRESS"] = saved
    normalize(nb, path.stem)
    try:
        atomic_write_text(path, nbformat.writes(nb) + "\n")
    except OSError as exc:
        raise CourseError(os_error_line(exc, "write", path)) from None


def expand(paths: list[Path]) -> list[Path]:
    """Folders become the notebooks inside them; no paths means every notebook of the course,
    in every edition (``notebooks/``, ``exercises/``, ``notebooks/es/``, ``exercises/es/``…)."""
    if not paths:
        from runwell.i18n import languages
        from runwell.paths import edition_dir

        root = course_root()
        folders = [edition_dir(root, folder, lang) for lang in languages()
                   for folder in ("notebooks", "exercises")]
        return expand([f for f in folders if f.is_dir()])
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(p.glob("*.ipynb")))
        elif p.suffix == ".ipynb" and p.is_file():
            found.append(p)
        else:
            raise CourseError(f"{p}: not a notebook or a folder of notebooks")
    return found


def command(args: argparse.Namespace) -> int:
    for path in expand(list(args.paths)):
        print(f"running {clean_text(display_path(path), 300)}", flush=True)
        execute_notebook(path, timeout=args.timeout)
    return 0
