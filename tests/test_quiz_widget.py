"""The live quiz, in-process: set `.value`, call `.click()`, read the feedback widget."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from ipywidgets import Button, Checkbox, Dropdown, Text, ToggleButton, Widget

from runwell import course as model
from runwell import progress, quiz
from runwell.course.model import LETTERS
from runwell.quiz.radio import RadioGroup
from runwell.quiz.summary import ProgressSummary
from runwell.quiz.widget import QuestionView, QuizWidget

ROOT = Path(__file__).resolve().parents[1]
VALID = Path(__file__).parent / "fixtures" / "quizzes" / "valid" / "01_sample.yaml"
STATIC = "application/vnd.runwell.static+json"


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    quizzes = tmp_path / "course" / "notebooks" / "quizzes"
    quizzes.mkdir(parents=True)
    shutil.copy(VALID, quizzes)
    monkeypatch.setenv("RUNWELL_PROGRESS", str(tmp_path / "progress.json"))
    return tmp_path / "course"


@pytest.fixture
def widget(course: Path) -> QuizWidget:
    return quiz.show("01_sample", root=course)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def saved(course: Path) -> dict:
    return json.loads((course.parent / "progress.json").read_text())["answers"]


def walk(w: Widget):
    yield w
    for child in getattr(w, "children", ()):
        yield from walk(child)


def pick(view: QuestionView, choice_id: str) -> None:
    """Choose the radio of *choice_id*, wherever the model shows it."""
    assert view.radio is not None
    view.radio.value = [c.id for c in view.question.shown].index(choice_id)


def tick(view: QuestionView, *choice_ids: str) -> None:
    for box, choice in zip(view.checkboxes, view.question.shown, strict=True):
        box.value = choice.id in choice_ids


def test_repr_and_static_mimebundle_are_deterministic(widget: QuizWidget) -> None:
    assert repr(widget) == "Quiz('01_sample', 4 questions)"
    bundle = widget._repr_mimebundle_()
    assert bundle["text/plain"] == "Quiz('01_sample', 4 questions)"
    assert bundle[STATIC] == {"widget": "quiz", "bank": "01_sample"}
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_contract_classes_and_labels(widget: QuizWidget) -> None:
    assert "runwell-quiz" in widget._dom_classes
    assert len(widget.questions) == 4
    for view in widget.questions:
        assert view.check_button.description == "Check"
        assert "runwell-feedback" in view.feedback._dom_classes
        assert view.feedback.value == ""
    assert widget.score.value == "0 of 4 correct"


def test_live_quiz_says_how_to_use_it(widget: QuizWidget) -> None:
    # Bank intros are shared with the printed handout, so the live view adds its own how-to.
    assert "press <strong>Check</strong>" in widget.header.value
    assert "<strong>Try again</strong>" in widget.header.value


def test_every_control_has_a_label(widget: QuizWidget) -> None:
    controls = [w for w in walk(widget) if isinstance(w, (Button, ToggleButton, Checkbox,
                                                           RadioGroup, Text))]
    assert len(controls) >= 4 * 3
    for control in controls:
        assert control.description.strip(), f"{type(control).__name__} without a description"
    for button in (c for c in controls if isinstance(c, (Button, ToggleButton))):
        assert button.tooltip, f"{button.description} button without a tooltip"


def test_choices_are_shown_lettered_in_the_models_order(widget: QuizWidget) -> None:
    single, multiple, true_false, _ = widget.questions
    q = single.question
    assert [label for label, _ in single.radio.options] == [  # type: ignore[union-attr]
        f"{LETTERS[i]}. {c.text}" for i, c in enumerate(q.shown)
    ]
    assert [cb.description for cb in multiple.checkboxes] == [
        f"{LETTERS[i]}. {c.text}" for i, c in enumerate(multiple.question.shown)
    ]
    assert [label for label, _ in true_false.radio.options] == ["True", "False"]  # type: ignore[union-attr]


def test_single_choice_right_answer(widget: QuizWidget, course: Path) -> None:
    view = widget.questions[0]
    pick(view, "hamstring-stretch")
    view.check_button.click()
    assert text_of(view.feedback.value).startswith("Correct. Yes, the article names hamstring")
    assert "runwell-verdict-correct" in view.feedback.value
    assert view.explanation.layout.display is None  # shown after a right answer
    assert "Tight hamstrings" in view.explanation.value
    assert widget.score.value == "1 of 4 correct"
    entry = saved(course)["01_sample"]["sample-single"]
    assert entry["answer"] == ["hamstring-stretch"] and "correct" not in entry
    assert entry["attempts"] == 1 and entry["time"].endswith("Z")


def test_wrong_answer_then_try_again_then_right(widget: QuizWidget, course: Path) -> None:
    view = widget.questions[0]
    assert view.retry_button.disabled
    pick(view, "wrist-circles")
    view.check_button.click()
    assert text_of(view.feedback.value).startswith("Not quite. Wrists do little")
    assert "Press Try again, or open the Hint." in view.feedback.value
    assert view.explanation.layout.display == "none"  # not given away on a first wrong try
    assert widget.score.value == "0 of 4 correct"
    assert not view.retry_button.disabled

    view.retry_button.click()
    assert view.radio.value is None and view.feedback.value == ""  # type: ignore[union-attr]
    assert view.retry_button.disabled

    pick(view, "hamstring-stretch")
    view.check_button.click()
    assert widget.score.value == "1 of 4 correct"
    entry = saved(course)["01_sample"]["sample-single"]
    assert entry["answer"] == ["hamstring-stretch"] and entry["attempts"] == 2


def test_try_again_takes_a_right_answer_off_the_score(widget: QuizWidget) -> None:
    view = widget.questions[2]
    pick(view, "true")
    view.check_button.click()
    assert widget.score.value == "1 of 4 correct"
    view.retry_button.click()
    assert widget.score.value == "0 of 4 correct"


def test_explanation_shown_after_two_wrong_checks(widget: QuizWidget) -> None:
    view = widget.questions[3]
    view.number.value = "5"  # type: ignore[union-attr]
    view.check_button.click()
    assert view.explanation.layout.display == "none"
    view.check_button.click()
    assert view.explanation.layout.display is None


def test_multiple_choice_checkboxes(widget: QuizWidget, course: Path) -> None:
    view = widget.questions[1]
    tick(view, "strides")
    view.check_button.click()
    assert text_of(view.feedback.value).startswith("Not quite.")
    assert "1 correct answer not ticked yet." in view.feedback.value
    tick(view, "strides", "walking-builds-up")
    view.check_button.click()
    assert text_of(view.feedback.value).startswith("Correct.")
    stored = saved(course)["01_sample"]["sample-multiple"]["answer"]
    assert sorted(stored) == ["strides", "walking-builds-up"]


def test_numeric_input_with_unit(widget: QuizWidget, course: Path) -> None:
    view = widget.questions[3]
    assert view.number is not None and "(cm)" in view.number.description
    view.number.value = "0.5"
    view.check_button.click()
    assert text_of(view.feedback.value).startswith("Not quite. Too snug")
    view.number.value = "1,5"
    view.check_button.click()
    assert text_of(view.feedback.value).startswith("Correct. About a thumb's width")
    assert saved(course)["01_sample"]["sample-numeric"]["answer"] == 1.5


def test_checking_without_an_answer_saves_nothing(widget: QuizWidget, course: Path) -> None:
    view = widget.questions[3]
    view.check_button.click()
    assert text_of(view.feedback.value) == "Not quite. Type a number in cm, then press Check."
    assert view.attempts == 0 and view.retry_button.disabled
    assert not (course.parent / "progress.json").exists()


def test_hint_toggle(widget: QuizWidget) -> None:
    view = widget.questions[0]
    assert view.hint_button is not None and view.hint.layout.display == "none"
    view.hint_button.value = True
    assert view.hint.layout.display is None
    assert "Think of the back of the thighs." in view.hint.value
    view.hint_button.value = False
    assert view.hint.layout.display == "none"
    assert widget.questions[1].hint_button is None  # no hint in the bank, no button


def test_markdown_question_text(widget: QuizWidget) -> None:
    assert "<strong>lower back</strong>" in widget.questions[0].prompt.value
    assert "Question 1 of 4. Choose one answer." in text_of(widget.questions[0].prompt.value)


def test_the_order_is_the_same_in_every_quiz_shown(course: Path) -> None:
    one = quiz.show("01_sample", root=course)
    two = quiz.show("01_sample", root=course)
    assert one.questions[0].radio.options == two.questions[0].radio.options  # type: ignore[union-attr]


def test_unsaveable_progress_does_not_break_the_quiz(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = course.parent / "not-a-folder"
    blocker.write_text("x")
    w = quiz.show("01_sample", root=course, progress_path=blocker / "progress.json")
    view = w.questions[0]
    pick(view, "hamstring-stretch")
    view.check_button.click()
    assert text_of(view.feedback.value).startswith("Correct.")
    assert "could not be saved" in view.feedback.value
    assert w.score.value == "1 of 4 correct"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not save your answer" in err
    assert "is a file, not a folder" in err


def test_question_view_works_without_a_quiz_around_it(course: Path) -> None:
    bank = model.load(course).bank("01_sample")
    view = QuestionView(bank.questions[2], 1, 1)
    pick(view, "false")
    result = view.check()
    assert not result.correct and text_of(view.feedback.value).startswith("Not quite.")


def test_warm_up_lesson_quiz_loads_from_the_course(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("RUNWELL_PROGRESS", str(tmp_path / "progress.json"))
    w = quiz.show("01_warm_up", root=ROOT)
    assert repr(w).startswith("Quiz('01_warm_up', ")
    assert w._repr_mimebundle_()[STATIC] == {"widget": "quiz", "bank": "01_warm_up"}


# ---------------------------------------------------------------- resuming saved answers


def _save(path: Path, answers: dict[str, object], attempts: int = 1) -> None:
    for qid, answer in answers.items():
        for _ in range(attempts):
            progress.record("01_sample", qid, answer, path=path,  # type: ignore[arg-type]
                            time="2024-05-01T10:00:00Z")


def test_reopening_restores_saved_answers_feedback_and_score(course: Path, tmp_path: Path) -> None:
    path = tmp_path / "saved.json"
    _save(path, {
        "sample-single": ["hamstring-stretch"],
        "sample-multiple": ["strides"],
        "sample-true-false": ["false"],
        "sample-numeric": 1.5,
    })
    before = path.read_bytes()
    w = quiz.show("01_sample", root=course, progress_path=path)
    single, multiple, true_false, numeric = w.questions

    assert single.response() == ("hamstring-stretch",)
    assert text_of(single.feedback.value).startswith("Correct. Yes, the article names hamstring")
    assert single.explanation.layout.display is None and not single.retry_button.disabled
    assert multiple.response() == ("strides",)
    assert text_of(multiple.feedback.value).startswith("Not quite. Strides bring blood")
    assert true_false.response() == ("false",)
    assert text_of(true_false.feedback.value).startswith("Not quite. They are held still")
    assert numeric.number is not None and numeric.number.value == "1.5"
    assert text_of(numeric.feedback.value).startswith("Correct. About a thumb's width, yes.")
    for view in w.questions:
        assert "Your saved answer. Press Try again" in view.feedback.value
    assert w.score.value == "2 of 4 correct" and w.restored == 4
    assert path.read_bytes() == before  # opening records nothing


def test_restore_survives_rewording_and_regrades_a_corrected_key(course: Path,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "saved.json"
    _save(path, {"sample-single": ["neck-rolls"]})
    bank = course / "notebooks" / "quizzes" / "01_sample.yaml"
    text = bank.read_text(encoding="utf-8")
    text = text.replace("text: Neck rolls", "text: Gentle neck circles")
    # the instructor decides the key was wrong: neck rolls are right, hamstrings not
    text = text.replace("        text: Hamstring stretch\n        correct: true\n",
                        "        text: Hamstring stretch\n")
    text = text.replace("        text: Gentle neck circles\n",
                        "        text: Gentle neck circles\n        correct: true\n")
    bank.write_text(text, encoding="utf-8")
    w = quiz.show("01_sample", root=course, progress_path=path)
    view = w.questions[0]
    assert view.response() == ("neck-rolls",)
    assert text_of(view.feedback.value).startswith("Correct.")
    assert w.score.value == "1 of 4 correct"


def test_restored_answer_can_be_tried_again_and_checked(course: Path, tmp_path: Path) -> None:
    path = tmp_path / "saved.json"
    _save(path, {"sample-single": ["wrist-circles"]}, attempts=2)
    w = quiz.show("01_sample", root=course, progress_path=path)
    view = w.questions[0]
    assert view.response() == ("wrist-circles",) and w.score.value == "0 of 4 correct"
    assert view.explanation.layout.display is None  # two wrong checks saved: explanation shown
    view.retry_button.click()
    assert view.response() is None and view.feedback.value == ""
    pick(view, "hamstring-stretch")
    view.check_button.click()
    assert w.score.value == "1 of 4 correct"
    entry = json.loads(path.read_text())["answers"]["01_sample"]["sample-single"]
    assert entry["answer"] == ["hamstring-stretch"] and entry["attempts"] == 3


@pytest.mark.parametrize(
    "qid, answer",
    [
        ("sample-single", ["hamstring-stretches-renamed"]),  # an id the bank no longer has
        ("sample-multiple", ["strides", "skipping"]),  # one id no longer in the bank
        ("sample-single", ["hamstring-stretch", "neck-rolls"]),  # two answers to a single
        ("sample-true-false", ["maybe"]),
        ("sample-numeric", ["1.5"]),  # a choice answer to a numeric question
    ],
)
def test_saved_answer_that_no_longer_fits_is_ignored(
    course: Path, tmp_path: Path, qid: str, answer: object
) -> None:
    path = tmp_path / "saved.json"
    _save(path, {qid: answer, "sample-single-gone": ["x"]})
    before = path.read_bytes()
    w = quiz.show("01_sample", root=course, progress_path=path)
    view = next(v for v in w.questions if v.question.id == qid)
    assert view.feedback.value == "" and view.result is None and view.retry_button.disabled
    assert view.response() in (None, (), "")
    assert w.score.value == "0 of 4 correct" and w.restored == 0
    assert path.read_bytes() == before


def test_answers_of_another_lesson_are_not_restored(course: Path, tmp_path: Path) -> None:
    path = tmp_path / "saved.json"
    progress.record("01_warm_up", "sample-single", ["hamstring-stretch"], path=path)
    w = quiz.show("01_sample", root=course, progress_path=path)
    assert w.questions[0].response() is None and w.score.value == "0 of 4 correct"


def test_a_version_1_file_restores_by_its_texts(course: Path, tmp_path: Path) -> None:
    path = tmp_path / "saved.json"
    path.write_text(json.dumps({
        "format": "runwell-progress", "version": 1, "learner": "", "answers": {"01_sample": {
            "sample-single": {"answer": "Hamstring stretch", "correct": True, "attempts": 1},
            "sample-true-false": {"answer": "True", "correct": True, "attempts": 1},
        }}}))
    w = quiz.show("01_sample", root=course, progress_path=path)
    assert w.questions[0].response() == ("hamstring-stretch",)
    assert w.questions[2].response() == ("true",)
    assert w.score.value == "2 of 4 correct"
    assert json.loads(path.read_text())["version"] == 1  # opening never rewrites


def test_corrupt_progress_file_opens_a_blank_quiz(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "saved.json"
    path.write_text("{not json")
    w = quiz.show("01_sample", root=course, progress_path=path)
    assert w.score.value == "0 of 4 correct" and w.restored == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "moved it to saved.json.corrupt-" in err
    assert not path.exists()  # moved aside; nothing new written just by opening


def test_unreadable_progress_file_opens_a_blank_quiz(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "saved.json"
    path.mkdir()  # a folder where the file should be: reading fails
    w = quiz.show("01_sample", root=course, progress_path=path)
    assert w.score.value == "0 of 4 correct"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not read your saved answers" in err
    assert "is a folder" in err


# ---------------------------------------------------------------- the progress summary


@pytest.fixture
def summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ProgressSummary:
    path = tmp_path / "summary.json"
    progress.record("01_warm_up", "warmup-purpose", ["eases-aches-pains"], path=path)
    progress.record("03_supportive_shoes", "shoes-heel-snug", ["snug-but-not"], path=path)
    monkeypatch.chdir(ROOT)
    return ProgressSummary(path)


def test_summary_shows_the_regraded_standing(summary: ProgressSummary) -> None:
    text = text_of(summary.table.value)
    assert "01_warm_up: 1 of" in text and "03_supportive_shoes: 1 of" in text
    assert summary._repr_mimebundle_()[STATIC] == {"widget": "progress"}
    assert repr(summary) == "ProgressSummary()"


def test_summary_controls_are_labelled(summary: ProgressSummary) -> None:
    for control in walk(summary):
        if isinstance(control, (Button, Dropdown)):
            assert control.description.strip()
            if isinstance(control, Button):
                assert control.tooltip


def test_forgetting_asks_first_and_cancel_keeps_everything(summary: ProgressSummary) -> None:
    path = summary._path
    assert path is not None
    before = path.read_bytes()
    summary.forget_button.click()
    assert summary.confirmation.layout.display is None
    assert "Forget all your saved quiz answers?" in text_of(summary.question.value)
    assert path.read_bytes() == before  # asking erases nothing
    summary.cancel_button.click()
    assert summary.confirmation.layout.display == "none"
    assert "Nothing was forgotten" in summary.status.value
    assert path.read_bytes() == before


def test_forgetting_one_lesson(summary: ProgressSummary) -> None:
    summary.scope.value = "01_warm_up"
    summary.forget_button.click()
    assert "your saved answers for 01: " in text_of(summary.question.value)
    summary.confirm_button.click()
    assert "Forgot 1 saved answer" in summary.status.value
    answers = progress.load(summary._path)["answers"]
    assert "01_warm_up" not in answers and "03_supportive_shoes" in answers
    assert "01_warm_up: 0 of" in text_of(summary.table.value)


def test_forgetting_everything(summary: ProgressSummary) -> None:
    summary.forget_button.click()
    summary.confirm_button.click()
    assert "Forgot 2 saved answers" in summary.status.value
    assert progress.load(summary._path)["answers"] == {}
    assert "No quiz answers saved yet" in summary.table.value


def test_forgetting_when_the_file_cannot_be_changed_says_so(
    summary: ProgressSummary, tmp_path: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    summary._path = blocker / "progress.json"
    (blocker.parent / "x").mkdir()
    summary.forget_button.click()
    assert summary.confirm() == 0
    assert "Forgot 0 saved answers" in summary.status.value or "Nothing was forgotten" in (
        summary.status.value)
