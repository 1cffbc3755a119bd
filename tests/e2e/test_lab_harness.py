"""The harness itself, on a tiny notebook: a widget renders live, a click reaches the kernel,
a cell that raises is reported as an error output, and axe-core sees a contrast fault inside a
kit widget below the fold (so the lesson checks can fail)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page, expect

from .a11y import audit
from .helpers import error_outputs, open_notebook, run_all_cells, unrun_cells
from .server import JupyterServer

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

BUTTON = """\
import ipywidgets as w
out = w.Label(value="not clicked")
b = w.Button(description="Press me")
b.add_class("e2e-button")
out.add_class("e2e-label")
def on_click(_):
    out.value = "clicked"
b.on_click(on_click)
w.VBox([b, out])
"""

TALL = 'print("\\n".join(f"line {n}" for n in range(120)))'

# Too faint to read (about 1.7:1), inside a box with a kit class: the audit must fail on it.
FAINT = """\
import ipywidgets as w
faint = w.HTML(value='<p style="color:#c8c8c8; background:#ffffff">Faint text</p>')
faint.add_class("runwell-quiz")
faint
"""


def _write(path: Path, *sources: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(src) for src in sources]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def test_harness_sees_widgets_and_errors(page: Page, lab_server: JupyterServer) -> None:
    """A live widget round trip through the kernel, and a failing cell caught as an error
    output (with the cells after it left unrun), on one tiny notebook."""
    _write(
        lab_server.root / "e2e-scratch" / "harness.ipynb",
        "x = 1",
        TALL,
        BUTTON,
        FAINT,
        "raise ValueError('boom')",
        "y = 2",
    )
    notebook = open_notebook(page, lab_server, "e2e-scratch/harness.ipynb", "harness")
    run_all_cells(page, notebook)
    errors = error_outputs(notebook)
    assert [e.cell for e in errors] == [4], errors
    assert "ValueError" in errors[0].text
    assert unrun_cells(notebook) == [5]
    notebook.locator(".e2e-button").click()
    expect(notebook.locator(".e2e-label")).to_have_text("clicked")
    kit, _lab = audit(page)
    faint = [f for f in kit if f.rule == "color-contrast" and "Faint text" in f.html]
    assert faint, f"axe-core missed the faint text in a kit widget; it found: {kit}"
