"""Every lesson in JupyterLab, as a learner meets it: open it, Run All Cells, see no error, answer
each quiz question wrongly then rightly and read the feedback and score change; the answers are
saved (and the review lesson's standing shows them); axe-core finds nothing wrong inside the
kit's own widgets. In the shoes lesson the calculator is used too (see ``calculator.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from runwell import progress

from .a11y import audit
from .calculator import SHOES_LESSON, exercise_calculator
from .conftest import REPO
from .helpers import error_outputs, open_notebook, run_all_cells, unrun_cells, use_theme
from .quiz_driver import answer_quiz, bank_for, quiz_calls
from .server import JupyterServer

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
RESUME_LESSON = "01_warm_up"  # one lesson is re-run to see the quiz resume from saved answers
# Audited in JupyterLab's dark theme too: between them, every kind of kit widget.
DARK_LESSONS = (SHOES_LESSON, "06_review")


def _progress(server: JupyterServer) -> dict[str, object]:
    path = Path(server.env["RUNWELL_PROGRESS"])
    assert path.is_file(), f"no progress file at {path} after answering"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.skipif(not LESSONS, reason="no lesson notebooks in notebooks/ yet")
@pytest.mark.parametrize("lesson", [p.name for p in LESSONS] or ["none"])
def test_lesson(page: Page, lab_server: JupyterServer, lesson: str) -> None:
    stem = lesson.removesuffix(".ipynb")
    # Quizzes resume from the progress file: start this lesson's quizzes blank whatever ran before.
    for name in quiz_calls((lab_server.root / "notebooks" / lesson).read_text(encoding="utf-8")):
        progress.reset(name, path=Path(lab_server.env["RUNWELL_PROGRESS"]))
    notebook = open_notebook(page, lab_server, f"notebooks/{lesson}", f"l{stem}")
    run_all_cells(page, notebook)
    errors = error_outputs(notebook)
    assert not errors, "error output after Run All:\n" + "\n".join(map(str, errors))
    assert unrun_cells(notebook) == [], "some code cells did not run"

    banks = quiz_calls((lab_server.root / "notebooks" / lesson).read_text(encoding="utf-8"))
    assert banks, f"{lesson}: no quiz.show(...) call (CONTRIBUTING: every lesson ends with a quiz)"
    quizzes = notebook.locator(".runwell-quiz")
    expect(quizzes).to_have_count(len(banks))
    answered: dict[str, list[str]] = {}
    for n, name in enumerate(banks):
        bank = bank_for(name, lab_server.root)
        answered[bank.lesson] = answer_quiz(quizzes.nth(n), bank)

    saved = _progress(lab_server)["answers"]
    assert isinstance(saved, dict)
    for bank_name, ids in answered.items():
        for qid in ids:
            entry = saved.get(bank_name, {}).get(qid)
            assert entry, f"{bank_name}/{qid}: answer not saved to the progress file"
            assert entry["correct"] is True, f"{bank_name}/{qid}: last answer not saved as correct"
            assert entry["attempts"] >= 2, f"{bank_name}/{qid}: the wrong answer was not counted"

    if stem == RESUME_LESSON:  # run the lesson again: the quiz reopens with the saved answers
        run_all_cells(page, notebook)
        assert error_outputs(notebook) == []
        quiz = notebook.locator(".runwell-quiz").first
        total = len(bank_for(banks[0], lab_server.root).questions)
        expect(quiz.locator(".runwell-score")).to_contain_text(f"{total} of {total} correct")
        expect(quiz.locator(".runwell-feedback").first).to_contain_text("Your saved answer")

    summaries = notebook.locator(".runwell-progress")
    if summaries.count():  # the review lesson's standing: Refresh reads the saved answers
        summary = summaries.first
        summary.get_by_role("button", name="Refresh", exact=True).click()
        for bank_name, ids in answered.items():
            expect(summary).to_contain_text(f"{bank_name}: {len(ids)} of {len(ids)} correct")

    if stem == SHOES_LESSON:
        exercise_calculator(notebook)

    kit, lab = audit(page)
    if lab:
        rules = sorted({f.rule for f in lab})
        print(f"{lesson}: axe-core, JupyterLab's own (not failed on): {len(lab)} nodes, {rules}")
    assert not kit, "axe-core violations inside the kit's widgets:\n" + "\n".join(map(str, kit))

    if stem in DARK_LESSONS:  # quiz, calculator and progress summary readable in the dark too
        use_theme(page, "JupyterLab Dark")
        try:
            kit, _lab = audit(page)
        finally:
            use_theme(page, "JupyterLab Light")
        assert not kit, "axe-core, dark theme, inside the kit's widgets:\n" + "\n".join(
            map(str, kit)
        )
