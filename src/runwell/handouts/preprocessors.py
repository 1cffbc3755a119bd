"""nbconvert preprocessors for handouts, and the learner version of an exercise.

Code input is hidden by the exporter itself (``exclude_input``); cells tagged ``remove-cell`` go
through nbconvert's ``TagRemovePreprocessor`` (configured in the template's ``conf.json``). What is
ours: swapping each live widget's output for its static HTML, and keeping solutions out of
exercise handouts.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor

from runwell.handouts.static import STATIC_MIME, WIDGET_VIEW_MIME, CourseStatic, StaticSource
from runwell.i18n import N_, translator

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
    run); without it, the course model at ``resources["runwell"]["root"]`` is loaded."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        context = resources.get("runwell") or {}
        source = context.get("static")
        if source is None:
            from runwell import course

            source = CourseStatic(course.load(context.get("root"), context.get("lang", "en")))
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.get("outputs"):
                cell.outputs = swap_outputs(cell.outputs, source)
        return nb, resources


_WRITE_IN = (N_("Your answer."),
             N_("Work it out here; in the notebook, this is the cell where you type it."))
_CHECK_NOTE = (N_("Check:"), N_("in the notebook, run this cell for feedback on your answer."))


def write_in(lang: str = "en") -> str:
    """The box an exercise handout prints where the notebook has a solution cell."""
    _ = translator(lang).gettext
    return (f'<div class="runwell-writein" role="note"><p><strong>{_(_WRITE_IN[0])}</strong> '
            f"{_(_WRITE_IN[1])}</p></div>")


def check_note(lang: str = "en") -> str:
    """The line an exercise handout prints where the notebook has a check cell."""
    _ = translator(lang).gettext
    return (f'<p class="runwell-checknote"><strong>{_(_CHECK_NOTE[0])}</strong> '
            f"{_(_CHECK_NOTE[1])}</p>")


WRITE_IN = write_in()
CHECK_NOTE = check_note()
CHECK_CALL = re.compile(r"^\s*check_\w+\(", re.MULTILINE)


def learner_version(nb: Any, path: Path, lang: str = "en") -> Any:
    """The exercise as a printed handout gives it: the learner version (solution regions and
    ``solution-only`` cells removed, outputs cleared; :func:`runwell.exercises.student
    .strip_solutions`), with each ``solution`` cell shown as a box to write the answer in and
    each check cell as a line saying to run it in the notebook. *nb* is not changed."""
    from runwell.exercises.student import SOLUTION_ONLY_TAG, strip_solutions

    learner = strip_solutions(copy.deepcopy(nb), path)
    # Views generated from the course model (red flags, references) print on paper too: keep the
    # outputs that name a static form (the build swaps them for HTML from the model).
    kept = [c for c in nb.cells if SOLUTION_ONLY_TAG not in c.get("metadata", {}).get("tags", [])]
    for original, cell in zip(kept, learner.cells, strict=True):
        tags = original.get("metadata", {}).get("tags", [])
        if cell.cell_type == "code" and SOLUTION_TAG not in tags and any(
            STATIC_MIME in o.get("data", {}) for o in original.get("outputs", [])
        ):
            cell.outputs = copy.deepcopy(original.outputs)
    for n, cell in enumerate(learner.cells):
        if cell.cell_type != "code":
            continue
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []):
            learner.cells[n] = nbformat.v4.new_markdown_cell(write_in(lang))
        elif CHECK_CALL.search(cell.source):
            learner.cells[n] = nbformat.v4.new_markdown_cell(check_note(lang))
    return learner
