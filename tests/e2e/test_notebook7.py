"""The same lesson in Notebook 7 (``jupyter notebook``): open it, Run All Cells, see no error,
answer its quiz wrongly then rightly, and find the answers saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import REPO
from .helpers import error_outputs, open_notebook, run_all_cells, unrun_cells
from .quiz_driver import answer_quiz, bank_for, quiz_calls
from .server import JupyterServer

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

LESSON = "01_warm_up.ipynb"


@pytest.mark.skipif(
    not (REPO / "notebooks" / LESSON).is_file(), reason=f"notebooks/{LESSON} does not exist yet"
)
def test_lesson_in_notebook7(nb7_page: Page, notebook_server: JupyterServer) -> None:
    page = nb7_page
    notebook = open_notebook(page, notebook_server, f"notebooks/{LESSON}")
    # Notebook 7's own page (not JupyterLab): its logo and body marker.
    expect(page.locator("#jp-NotebookLogo")).to_be_visible()
    assert page.evaluate("() => document.body.dataset.notebook") == "notebooks"
    run_all_cells(page, notebook)
    errors = error_outputs(notebook)
    assert not errors, "error output after Run All:\n" + "\n".join(map(str, errors))
    assert unrun_cells(notebook) == []

    (name, *_rest) = quiz_calls((notebook_server.root / "notebooks" / LESSON).read_text("utf-8"))
    bank = bank_for(name, notebook_server.root)
    ids = answer_quiz(notebook.locator(".runwell-quiz").first, bank)

    progress = Path(notebook_server.env["RUNWELL_PROGRESS"])
    saved = json.loads(progress.read_text(encoding="utf-8"))["answers"][bank.lesson]
    assert all(sorted(saved[qid]["answer"]) == sorted(bank.question(qid).correct_ids)  # type: ignore[union-attr]
               if bank.question(qid).type != "numeric" else True  # type: ignore[union-attr]
               for qid in ids), saved
