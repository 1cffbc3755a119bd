"""Pure grading: choices, multiple choice, true/false, numeric with tolerance, shuffling."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runwell.quiz.bank import Question, validate_bank
from runwell.quiz.grading import (
    CORRECT,
    NOT_QUITE,
    choice_order,
    correct_answer_text,
    grade,
    parse_number,
)

BANK, _ = validate_bank(Path(__file__).parent / "fixtures" / "quizzes" / "valid" / "01_sample.yaml")
assert BANK is not None
SINGLE, MULTIPLE, TRUE_FALSE, NUMERIC = BANK.questions


def test_single_correct_choice() -> None:
    g = grade(SINGLE, (0,))
    assert (g.answered, g.correct, g.verdict) == (True, True, CORRECT)
    assert g.feedback == ("Yes, the article names hamstring stretches.",)
    assert g.answer == "Hamstring stretch"


def test_single_wrong_choice_gives_that_choices_feedback() -> None:
    g = grade(SINGLE, 1)
    assert (g.correct, g.verdict) == (False, NOT_QUITE)
    assert g.feedback == ("Not the muscle group the article points to.",)
    assert g.answer == "Neck rolls"


def test_no_choice_is_not_an_answer() -> None:
    g = grade(SINGLE, None)
    assert not g.answered and not g.correct and g.answer is None
    assert g.verdict == NOT_QUITE and "Choose one" in g.feedback[0]


def test_single_refuses_two_choices_and_bad_indices() -> None:
    with pytest.raises(ValueError, match="choose one answer only"):
        grade(SINGLE, (0, 1))
    with pytest.raises(ValueError, match="no choice number 7"):
        grade(SINGLE, (7,))
    with pytest.raises(ValueError, match="takes choice indices"):
        grade(SINGLE, "Hamstring stretch")


def test_multiple_needs_exactly_the_correct_set() -> None:
    assert grade(MULTIPLE, (1, 0)).correct
    partial = grade(MULTIPLE, (0,))
    assert not partial.correct
    assert "1 correct answer not ticked yet." in partial.feedback
    extra = grade(MULTIPLE, (0, 1, 2))
    assert not extra.correct
    assert "1 of your ticks is not right." in extra.feedback
    assert extra.answer == [
        "Strides", "Walking that builds up to a jog", "A sprint from a standing start"
    ]


def test_multiple_with_nothing_ticked() -> None:
    g = grade(MULTIPLE, ())
    assert not g.answered and "Tick every answer" in g.feedback[0]


def test_true_false() -> None:
    assert grade(TRUE_FALSE, (0,)).correct
    wrong = grade(TRUE_FALSE, (1,))
    assert not wrong.correct and wrong.answer == "False"


@pytest.mark.parametrize(
    ("typed", "correct", "line"),
    [
        ("1.5", True, "About a thumb's width, yes."),
        ("1", True, "About a thumb's width, yes."),  # the edge of the tolerance counts
        ("2,0", True, "About a thumb's width, yes."),  # a decimal comma is fine
        (" 0.9 ", False, "Too snug; your toes need more room."),
        ("2.1", False, "That much room lets the foot slide."),
        (3, False, "That much room lets the foot slide."),
    ],
)
def test_numeric_low_high_correct(typed: str | float, correct: bool, line: str) -> None:
    g = grade(NUMERIC, typed)
    assert g.answered and g.correct is correct and g.feedback == (line,)
    assert g.verdict == (CORRECT if correct else NOT_QUITE)


@pytest.mark.parametrize("typed", ["", "   ", "abc", "1.2.3", "nan", "inf", None])
def test_numeric_not_a_number_is_not_an_answer(typed: str | None) -> None:
    g = grade(NUMERIC, typed)
    assert not g.answered and "Type a number in cm" in g.feedback[0]


@given(st.floats(min_value=-100, max_value=100, allow_nan=False))
def test_numeric_is_correct_exactly_within_tolerance(value: float) -> None:
    g = grade(NUMERIC, value)
    assert g.correct == (abs(value - 1.5) <= 0.5 + 1e-9)
    if not g.correct:
        assert g.feedback[0] == ("Too snug; your toes need more room." if value < 1.5 else
                                 "That much room lets the foot slide.")


@given(st.text(max_size=12))
def test_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or math.isfinite(value)


def test_correct_answer_text() -> None:
    assert correct_answer_text(SINGLE) == "Hamstring stretch"
    assert correct_answer_text(MULTIPLE) == "Strides; Walking that builds up to a jog"
    assert correct_answer_text(NUMERIC) == "1.5 cm (± 0.5 cm)"


def test_choice_order_is_bank_order_without_shuffle() -> None:
    assert choice_order(MULTIPLE, False) == (0, 1, 2)


@given(st.text(alphabet="abcdefghij-", min_size=1, max_size=20), st.integers(2, 8))
def test_shuffle_is_a_deterministic_permutation(qid: str, n: int) -> None:
    question = Question(
        id=qid, type="single", text="t", guidance=("warmup-why",),
        choices=tuple(SINGLE.choices[0] for _ in range(n)),
    )
    first = choice_order(question, True)
    assert sorted(first) == list(range(n))
    assert choice_order(question, True) == first


def test_shuffle_keeps_true_before_false() -> None:
    assert choice_order(TRUE_FALSE, True) == (0, 1)


def test_shuffle_changes_some_orders() -> None:
    # a seeded shuffle that never moved anything would be useless; 5 choices, different ids
    base = Question(id="x", type="single", text="t", guidance=("warmup-why",),
                    choices=tuple(SINGLE.choices[0] for _ in range(5)))
    orders = {choice_order(Question(**{**base.__dict__, "id": f"q-{i}"}), True) for i in range(10)}
    assert len(orders) > 1
