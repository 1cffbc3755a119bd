"""The live quiz, in-process: set `.value`, call `.click()`, read the feedback widget."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from ipywidgets import Button, Checkbox, Text, ToggleButton, Widget

from runwell import quiz
from runwell.quiz.bank import validate_bank
from runwell.quiz.grading import choice_order
from runwell.quiz.radio import RadioGroup
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


def test_single_choice_right_answer(widget: QuizWidget, course: Path) -> None:
    view = widget.questions[0]
    view.radio.value = 0
    view.check_button.click()
    assert text_of(view.feedback.value).startswith("Correct. Yes, the article names hamstring")
    assert "runwell-verdict-correct" in view.feedback.value
    assert view.explanation.layout.display is None  # shown after a right answer
    assert "Tight hamstrings" in view.explanation.value
    assert widget.score.value == "1 of 4 correct"
    entry = saved(course)["01_sample"]["sample-single"]
    assert entry["answer"] == "Hamstring stretch" and entry["correct"] is True
    assert entry["attempts"] == 1 and entry["time"].endswith("Z")


def test_wrong_answer_then_try_again_then_right(widget: QuizWidget, course: Path) -> None:
    view = widget.questions[0]
    assert view.retry_button.disabled
    view.radio.value = 2
    view.check_button.click()
    assert text_of(view.feedback.value).startswith("Not quite. Wrists do little")
    assert "Press Try again, or open the Hint." in view.feedback.value
    assert view.explanation.layout.display == "none"  # not given away on a first wrong try
    assert widget.score.value == "0 of 4 correct"
    assert not view.retry_button.disabled

    view.retry_button.click()
    assert view.radio.value is None and view.feedback.value == ""
    assert view.retry_button.disabled

    view.radio.value = 0
    view.check_button.click()
    assert widget.score.value == "1 of 4 correct"
    entry = saved(course)["01_sample"]["sample-single"]
    assert entry["correct"] is True and entry["attempts"] == 2


def test_try_again_takes_a_right_answer_off_the_score(widget: QuizWidget) -> None:
    view = widget.questions[2]
    view.radio.value = 0
    view.check_button.click()
    assert widget.score.value == "1 of 4 correct"
    view.retry_button.click()
    assert widget.score.value == "0 of 4 correct"


def test_explanation_shown_after_two_wrong_checks(widget: QuizWidget) -> None:
    view = widget.questions[3]
    view.number.value = "5"
    view.check_button.click()
    assert view.explanation.layout.display == "none"
    view.check_button.click()
    assert view.explanation.layout.display is None


def test_multiple_choice_checkboxes(widget: QuizWidget, course: Path) -> None:
    view = widget.questions[1]
    assert [cb.description for cb in view.checkboxes] == [
        "Strides", "Walking that builds up to a jog", "A sprint from a standing start"
    ]
    view.checkboxes[0].value = True
    view.check_button.click()
    assert text_of(view.feedback.value).startswith("Not quite.")
    assert "1 correct answer not ticked yet." in view.feedback.value
    view.checkboxes[1].value = True
    view.check_button.click()
    assert text_of(view.feedback.value).startswith("Correct.")
    assert saved(course)["01_sample"]["sample-multiple"]["answer"] == [
        "Strides", "Walking that builds up to a jog"
    ]


def test_numeric_input_with_unit(widget: QuizWidget, course: Path) -> None:
    view = widget.questions[3]
    assert "(cm)" in view.number.description
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


def test_shuffle_is_seeded_by_question_id(course: Path) -> None:
    one = quiz.show("01_sample", root=course, shuffle=True)
    two = quiz.show("01_sample", root=course, shuffle=True)
    labels = [o[0] for o in one.questions[0].radio.options]
    assert labels == [o[0] for o in two.questions[0].radio.options]
    bank = one.bank
    expected = [bank.questions[0].choices[i].text for i in choice_order(bank.questions[0], True)]
    assert labels == expected
    # the grade follows the choice, not its position on screen
    view = one.questions[0]
    view.radio.value = 0  # value is the bank index, whatever the order shown
    view.check_button.click()
    assert text_of(view.feedback.value).startswith("Correct.")


def test_unsaveable_progress_does_not_break_the_quiz(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = course.parent / "not-a-folder"
    blocker.write_text("x")
    w = quiz.show("01_sample", root=course, progress_path=blocker / "progress.json")
    view = w.questions[0]
    view.radio.value = 0
    view.check_button.click()
    assert text_of(view.feedback.value).startswith("Correct.")
    assert "could not be saved" in view.feedback.value
    assert w.score.value == "1 of 4 correct"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not save your answer" in err


def test_question_view_works_without_a_quiz_around_it() -> None:
    b, _ = validate_bank(VALID)
    assert b is not None
    view = QuestionView(b.questions[2], 1, 1)
    view.radio.value = 1
    result = view.check()
    assert not result.correct and text_of(view.feedback.value).startswith("Not quite.")


def test_warm_up_lesson_quiz_loads_from_the_course(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("RUNWELL_PROGRESS", str(tmp_path / "progress.json"))
    w = quiz.show("01_warm_up", root=ROOT)
    assert repr(w).startswith("Quiz('01_warm_up', ")
    assert w._repr_mimebundle_()[STATIC] == {"widget": "quiz", "bank": "01_warm_up"}


# ---------------------------------------------------------------- resuming saved answers


def _save(path: Path, answers: dict[str, tuple[object, bool]], attempts: int = 1) -> None:
    from runwell import progress

    for qid, (answer, correct) in answers.items():
        for _ in range(attempts):
            progress.record("01_sample", qid, answer, correct, path=path,
                            time="2024-05-01T10:00:00Z")


def test_reopening_restores_saved_answers_feedback_and_score(course: Path, tmp_path: Path) -> None:
    path = tmp_path / "saved.json"
    _save(path, {
        "sample-single": ("Hamstring stretch", True),
        "sample-multiple": (["Strides"], False),
        "sample-true-false": ("False", False),
        "sample-numeric": (1.5, True),
    })
    before = path.read_bytes()
    w = quiz.show("01_sample", root=course, progress_path=path)
    single, multiple, true_false, numeric = w.questions

    assert single.radio.value == 0  # bank index of "Hamstring stretch"
    assert text_of(single.feedback.value).startswith("Correct. Yes, the article names hamstring")
    assert single.explanation.layout.display is None and not single.retry_button.disabled
    assert [cb.value for cb in multiple.checkboxes] == [True, False, False]
    assert text_of(multiple.feedback.value).startswith("Not quite. Strides bring blood")
    assert true_false.radio.value == 1
    assert text_of(true_false.feedback.value).startswith("Not quite. They are held still")
    assert numeric.number.value == "1.5"
    assert text_of(numeric.feedback.value).startswith("Correct. About a thumb's width, yes.")
    for view in w.questions:
        assert "Your saved answer. Press Try again" in view.feedback.value
    assert w.score.value == "2 of 4 correct" and w.restored == 4
    assert path.read_bytes() == before  # opening records nothing


def test_restored_answer_can_be_tried_again_and_checked(course: Path, tmp_path: Path) -> None:
    path = tmp_path / "saved.json"
    _save(path, {"sample-single": ("Wrist circles", False)}, attempts=2)
    w = quiz.show("01_sample", root=course, progress_path=path)
    view = w.questions[0]
    assert view.radio.value == 2 and w.score.value == "0 of 4 correct"
    assert view.explanation.layout.display is None  # two wrong checks saved: explanation shown
    view.retry_button.click()
    assert view.radio.value is None and view.feedback.value == ""
    view.radio.value = 0
    view.check_button.click()
    assert w.score.value == "1 of 4 correct"
    entry = json.loads(path.read_text())["answers"]["01_sample"]["sample-single"]
    assert entry["answer"] == "Hamstring stretch" and entry["attempts"] == 3


def test_restore_follows_the_choice_text_when_shuffled(course: Path, tmp_path: Path) -> None:
    path = tmp_path / "saved.json"
    _save(path, {"sample-multiple": (["Strides", "Walking that builds up to a jog"], True)})
    w = quiz.show("01_sample", root=course, progress_path=path, shuffle=True)
    view = w.questions[1]
    ticked = sorted(cb.description for cb in view.checkboxes if cb.value)
    assert ticked == ["Strides", "Walking that builds up to a jog"]
    assert text_of(view.feedback.value).startswith("Correct.") and w.score.value.startswith("1 ")


@pytest.mark.parametrize(
    "qid, answer",
    [
        ("sample-single", "Hamstring stretches (renamed by the instructor)"),
        ("sample-multiple", ["Strides", "Skipping"]),  # one text no longer in the bank
        ("sample-multiple", "Strides"),  # not a list
        ("sample-true-false", True),  # not the choice text
        ("sample-numeric", "a lot"),
        ("sample-numeric", [1.5]),
    ],
)
def test_saved_answer_that_no_longer_fits_is_ignored(
    course: Path, tmp_path: Path, qid: str, answer: object
) -> None:
    path = tmp_path / "saved.json"
    _save(path, {qid: (answer, True), "sample-single-gone": ("x", True)})
    before = path.read_bytes()
    w = quiz.show("01_sample", root=course, progress_path=path)
    view = next(v for v in w.questions if v.question.id == qid)
    assert view.feedback.value == "" and view.result is None and view.retry_button.disabled
    assert view.response() in (None, (), "")
    assert w.score.value == "0 of 4 correct" and w.restored == 0
    assert path.read_bytes() == before


def test_answers_of_another_lesson_are_not_restored(course: Path, tmp_path: Path) -> None:
    from runwell import progress

    path = tmp_path / "saved.json"
    progress.record("01_warm_up", "sample-single", "Hamstring stretch", True, path=path)
    w = quiz.show("01_sample", root=course, progress_path=path)
    assert w.questions[0].radio.value is None and w.score.value == "0 of 4 correct"


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
