"""Pure grading by choice id: single, multiple, true/false, numeric with tolerance; the order."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runwell.course.build import build_bank
from runwell.course.order import display_order
from runwell.course.yamlio import read_yaml
from runwell.quiz.grading import CORRECT, NOT_QUITE, correct_answer_text, grade, parse_number

_PATH = Path(__file__).parent / "fixtures" / "quizzes" / "valid" / "01_sample.yaml"
BANK, _problems = build_bank(read_yaml(_PATH), "01_sample.yaml", "01_sample")
assert BANK is not None and not _problems
SINGLE, MULTIPLE, TRUE_FALSE, NUMERIC = BANK.questions


def test_single_correct_choice() -> None:
    g = grade(SINGLE, ("hamstring-stretch",))
    assert (g.answered, g.correct, g.verdict) == (True, True, CORRECT)
    assert g.feedback == ("Yes, the article names hamstring stretches.",)
    assert g.answer == ("hamstring-stretch",)


def test_single_wrong_choice_gives_that_choices_feedback() -> None:
    g = grade(SINGLE, "neck-rolls")
    assert (g.correct, g.verdict) == (False, NOT_QUITE)
    assert g.feedback == ("Not the muscle group the article points to.",)
    assert g.answer == ("neck-rolls",)


def test_no_choice_is_not_an_answer() -> None:
    g = grade(SINGLE, None)
    assert not g.answered and not g.correct and g.answer is None
    assert g.verdict == NOT_QUITE and "Choose one" in g.feedback[0]


def test_single_refuses_two_choices_unknown_ids_and_numbers() -> None:
    with pytest.raises(ValueError, match="choose one answer only"):
        grade(SINGLE, ("hamstring-stretch", "neck-rolls"))
    with pytest.raises(ValueError, match="no choice 'calf-raise'"):
        grade(SINGLE, ("calf-raise",))
    with pytest.raises(ValueError, match="takes choice ids"):
        grade(SINGLE, 1)


def test_multiple_needs_exactly_the_correct_set() -> None:
    assert grade(MULTIPLE, ("walking-builds-up", "strides")).correct
    partial = grade(MULTIPLE, ("strides",))
    assert not partial.correct
    assert "1 correct answer not ticked yet." in partial.feedback
    extra = grade(MULTIPLE, ("strides", "walking-builds-up", "sprint-standing-start"))
    assert not extra.correct
    assert "1 of your ticks is not right." in extra.feedback
    # the stored answer lists the ticked ids in the order they are shown
    shown = [c.id for c in MULTIPLE.shown]
    assert list(extra.answer) == shown  # type: ignore[arg-type]


def test_multiple_with_nothing_ticked() -> None:
    g = grade(MULTIPLE, ())
    assert not g.answered and "Tick every answer" in g.feedback[0]


def test_true_false() -> None:
    assert grade(TRUE_FALSE, ("true",)).correct
    wrong = grade(TRUE_FALSE, ("false",))
    assert not wrong.correct and wrong.answer == ("false",)


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


@pytest.mark.parametrize("typed", ["", "   ", "abc", "1.2.3", "nan", "inf", None, True,
                                   "9" * 500, 10**400])
def test_numeric_not_a_number_is_not_an_answer(typed: object) -> None:
    g = grade(NUMERIC, typed)  # type: ignore[arg-type]
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


def test_correct_answer_text_follows_the_shown_order() -> None:
    assert correct_answer_text(SINGLE) == "Hamstring stretch"
    right = [c.text for c in MULTIPLE.shown if c.correct]
    assert correct_answer_text(MULTIPLE) == "; ".join(right)
    assert correct_answer_text(NUMERIC) == "1.5 cm (± 0.5 cm)"


def test_without_shuffle_the_order_is_the_written_order() -> None:
    assert display_order("q", "multiple", ["a", "b", "c"], False) == (0, 1, 2)


@given(st.text(alphabet="abcdefghij-", min_size=1, max_size=20),
       st.lists(st.text(alphabet="abcdef", min_size=1, max_size=6), min_size=2, max_size=8,
                unique=True))
def test_shuffle_is_a_deterministic_permutation_independent_of_written_order(
    qid: str, ids: list[str]
) -> None:
    first = display_order(qid, "single", ids, True)
    assert sorted(first) == list(range(len(ids)))
    assert display_order(qid, "single", ids, True) == first
    shown = [ids[i] for i in first]
    backwards = list(reversed(ids))
    assert [backwards[i] for i in display_order(qid, "single", backwards, True)] == shown


def test_true_false_keeps_true_before_false() -> None:
    assert display_order("q", "true_false", ["false", "true"], True) == (1, 0)
    assert display_order("q", "true_false", ["true", "false"], True) == (0, 1)


def test_shuffle_changes_some_orders() -> None:
    # a seeded shuffle that never moved anything would be useless
    orders = {display_order(f"q-{i}", "single", list("abcde"), True) for i in range(10)}
    assert len(orders) > 1
