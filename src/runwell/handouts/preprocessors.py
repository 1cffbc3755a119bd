"""nbconvert preprocessors for handouts, and the learner version of an exercise.

Code input is hidden by the exporter itself (``exclude_input``); cells tagged ``remove-cell`` go
through nbconvert's ``TagRemovePreprocessor`` (configured in the template's ``conf.json``). What is
ours: swapping each live widget's output for its static HTML, and keeping solutions out of
exercise handouts.
"""

from __future__ import annotations

import copy
import importlib
import json
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor

from runwell.handouts.static import STATIC_MIME, WIDGET_VIEW_MIME, CourseStatic, StaticSource

__all__ = ["StaticWidgetPreprocessor", "learner_version", "swap_outputs"]

SOLUTION_TAG = "solution"


def _payload(value: Any) -> Any:
    """A JSON mimetype may be stored as a dict or (by older writers) as a JSON string."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def swap_outputs(outputs: list[Any], source: StaticSource) -> list[Any]:
    """The outputs a handout shows: static HTML for a live widget, no widget views, no stderr."""
    kept: list[Any] = []
    for output in outputs:
        data = output.get("data", {})
        if STATIC_MIME in data:
            html = source.widget(_payload(data[STATIC_MIME]))
            kept.append(nbformat.v4.new_output("display_data", data={"text/html": html}))
        elif WIDGET_VIEW_MIME in data:
            continue  # a widget without a static form: an empty box in a handout, so drop it
        elif output.get("output_type") == "stream" and output.get("name") == "stderr":
            continue
        else:
            kept.append(output)
    return kept


class StaticWidgetPreprocessor(Preprocessor):
    """Replace outputs carrying ``application/vnd.runwell.static+json`` by their static HTML.

    The static source comes from ``resources["runwell"]["static"]`` (the build passes one per
    run); without it, the real quiz engine and calculator are used."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        context = resources.get("runwell") or {}
        source = context.get("static") or CourseStatic(context.get("root"))
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.get("outputs"):
                cell.outputs = swap_outputs(cell.outputs, source)
        return nb, resources


def _fallback_strip(nb: Any) -> Any:
    nb.cells = [c for c in nb.cells if SOLUTION_TAG not in c.get("metadata", {}).get("tags", [])]
    return nb


def learner_version(nb: Any, path: Path) -> tuple[Any, str | None]:
    """The exercise as a learner gets it: solution regions removed, and no outputs from
    solution cells (they were recorded with the solutions in). Returns the notebook and a note
    when the exercises package is missing and whole ``solution`` cells were dropped instead."""
    nb = copy.deepcopy(nb)
    note = None
    try:
        student = importlib.import_module("runwell.exercises.student")
        strip = student.strip_solutions
    except (ImportError, AttributeError):
        strip = None
    if strip is not None:
        nb = strip(nb, path)
    else:
        nb = _fallback_strip(nb)
        note = (
            f"{path.name}: runwell.exercises.student.strip_solutions is not available; "
            f"dropped the cells tagged '{SOLUTION_TAG}' instead"
        )
    for cell in nb.cells:
        if cell.cell_type == "code" and SOLUTION_TAG in cell.get("metadata", {}).get("tags", []):
            cell.outputs = []
            cell.execution_count = None
    return nb, note
