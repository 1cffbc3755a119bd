"""The exercises' check helpers: each accepts the notebook's own solution, rejects typical wrong
answers with feedback that says what to look at, and never raises on a malformed answer."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runwell.course.build import build_tables
from runwell.exercises import (
    CheckResult,
    check_pain_decisions,
    check_route,
    check_shoe_fit,
    check_warm_up,
    check_week_plan,
    diary,
    diary_markdown,
    triage,
)
from runwell.exercises.surfaces import assess_surface
from runwell.exercises.tables import matches
from runwell.paths import data_file

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"


def solution_namespace(name: str) -> dict:
    """Run the solution notebook's code cells (as committed) and return their variables."""
    nb = nbformat.read(EXERCISES / f"{name}.ipynb", as_version=4)
    namespace: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, f"{name}.ipynb", "exec"), namespace)
    return namespace


def assert_rejected(result: CheckResult, *needles: str) -> None:
    assert isinstance(result, CheckResult)
    assert result.ok is False and not result
    assert result.messages, "a rejection must say what to look at"
    text = result.text.lower()
    for needle in needles:
        assert needle.lower() in text, f"{needle!r} not in feedback:\n{result.text}"


# ------------------------------------------------------------------------------- solutions


def test_exercise_1_solution_passes():
    ns = solution_namespace("01_measure_your_feet")
    result = check_shoe_fit(
        ns["my_foot_length"],
        ns["my_unit"],
        ns["my_shoe_size"],
        ns["my_system"],
        room_mm=ns["room_mm"],
        verdict=ns["my_verdict"],
    )
    assert result.ok, result.text
    assert any("thumb" in m for m in result.messages)


def test_exercise_2_solution_passes_with_the_static_stretching_note():
    result = check_warm_up(solution_namespace("02_build_your_warm_up")["routine"])
    assert result.ok, result.text
    assert any("Beyond the article" in n and "Behm et al., 2016" in n for n in result.notes)
    assert not any("ends with static" in n for n in result.notes), "the model ends on strides"


def test_exercise_3_solution_passes():
    result = check_week_plan(solution_namespace("03_plan_your_week")["plan"])
    assert result.ok, result.text


def test_exercise_4_solution_passes_with_the_surface_evidence_note():
    ns = solution_namespace("04_audit_your_route")
    result = check_route(ns["ratings"], ns["choice"])
    assert result.ok, result.text
    assert any("Beyond the article" in n and "mixed" in n for n in result.notes)


def test_exercise_5_solution_passes():
    result = check_pain_decisions(solution_namespace("05_pain_diary")["decisions"])
    assert result.ok, result.text


# --------------------------------------------------------------------------- exercise 1


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        ((26.5, "mm", 9.5, "us-men", 18.6, "good"), ["outside the accepted", "26.5 cm"]),
        ((26.5, "cm", 9.5, "us-men", 265 - 283.6, "good"), ["room = inner length"]),
        ((26.5, "cm", 8, "us-men", 5.9, "good"), ["too short", "thumb"]),
        ((26.5, "cm", 12, "us-men", 39.8, "good"), ["probably too long"]),
        ((26.5, "cm", 9.5, "us-men", 18.6, "fine"), ["should be one of"]),
        ((26.5, "cm", 9.7, "us-men", 18.6, "good"), ["not a size shops sell"]),
        ((26.5, "cm", 9.5, "us-mens", 18.6, "good"), ["not one of"]),
        ((26.5, "cm", 9.5, "us-men", "lots", "good"), ["number of millimetres"]),
    ],
)
def test_shoe_fit_rejects_typical_mistakes(args, needles):
    foot, unit, size, system, room, verdict = args
    result = check_shoe_fit(foot, unit, size, system, room_mm=room, verdict=verdict)
    assert_rejected(result, *needles)


def test_shoe_fit_accepts_a_too_long_shoe_judged_correctly():
    result = check_shoe_fit(265, "mm", 12, "us-men", room_mm=39.8, verdict="probably too long")
    assert result.ok, result.text


# --------------------------------------------------------------------------- exercise 2

GOOD_WARM_UP = [
    ("walk building to a steady jog", 5),
    ("hamstring stretches", 2),
    ("static stretches", 2),
    ("strides", 2),
]


@pytest.mark.parametrize(
    ("routine", "needles"),
    [
        (GOOD_WARM_UP[:3], ["missing: strides"]),
        ([("jog", 5), ("static stretches", 3)], ["missing: strides", "missing: hamstring"]),
        ([*GOOD_WARM_UP[:3], ("strides", 0)], ["0 minutes"]),
        ([*GOOD_WARM_UP[:3], ("strides", "two")], ["should be a number"]),
        ([("walk to jog", 1), ("strides", 1), ("hamstring", 1), ("static", 1)], ["too short"]),
        ([("walk to jog", 30), *GOOD_WARM_UP[1:]], ["longer than a warm-up needs"]),
        ("walk, then jog", ["list of (step, minutes) pairs"]),
        ([("strides",)], ["not a (step, minutes) pair"]),
    ],
)
def test_warm_up_rejects_typical_mistakes(routine, needles):
    assert_rejected(check_warm_up(routine), *needles)


def test_warm_up_accepts_a_dict_and_flags_long_static_stretching_first():
    routine = {"static hamstring stretches": 8, "walk, then jog": 8, "pick-ups": 3}
    result = check_warm_up(routine)
    assert result.ok, result.text
    assert any("8 minutes" in n for n in result.notes)
    assert any("before any walking or jogging" in n for n in result.notes)


def test_warm_up_ending_with_static_stretches_gets_the_order_note():
    """Lesson 01 and exercise 2 share one order: walk and jog, short stretches, then strides."""
    routine = [("walk to a jog", 5), ("strides", 2), ("hamstring stretches", 2), ("static", 2)]
    result = check_warm_up(routine)
    assert result.ok, result.text
    assert any("ends with static stretches" in n for n in result.notes)
    assert any("End with dynamic" in n and "strides" in n for n in result.notes)


def test_warm_up_keeps_extra_steps_with_a_note():
    result = check_warm_up([*GOOD_WARM_UP, ("leg swings", 1)])
    assert result.ok
    assert any("leg swings" in n for n in result.notes)


# --------------------------------------------------------------------------- exercise 3

GOOD_WEEK = {
    "Monday": ["easy run"],
    "Tuesday": ["core", "stretching"],
    "Wednesday": ["swimming"],
    "Thursday": ["run"],
    "Friday": [],
    "Saturday": ["long run"],
    "Sunday": ["core"],
}


def week(**changes):
    plan = dict(GOOD_WEEK)
    plan.update({k.capitalize(): v for k, v in changes.items()})
    return plan


@pytest.mark.parametrize(
    ("plan", "needles"),
    [
        (week(tuesday=["run"]), ["monday (easy run) and tuesday (run)", "overuse"]),
        (week(sunday=["parkrun"]), ["back to back", "overuse"]),
        (
            week(wednesday=["rowing"], thursday=["cycling"], friday=["rest"], saturday=["rest"]),
            ["thighs"],
        ),
        (week(friday=["cycling"]), ["thursday (run) and friday (cycling)", "thighs"]),
        (week(wednesday=["cycling"]), ["wednesday (cycling) and thursday (run)"]),
        (week(tuesday=["stretching"], sunday=["rest"]), ["add a core session"]),
        (week(wednesday=["core"], sunday=["stretching"]), ["add a cross-training session"]),
        (week(friday=["core"]), ["rest day"]),
        ({k: v for k, v in GOOD_WEEK.items() if k != "Sunday"}, ["sunday is missing"]),
        (week(friday=["juggling"]), ["don't recognise", "juggling"]),
        ({**GOOD_WEEK, "Funday": []}, ["not a day of the week"]),
        ({**GOOD_WEEK, "mon": ["run"]}, ["monday appears twice"]),
        (["run", "rest"], ["dict from day to sessions"]),
    ],
)
def test_week_plan_rejects_typical_mistakes(plan, needles):
    assert_rejected(check_week_plan(plan), *needles)


def test_week_plan_accepts_short_day_names_and_single_strings():
    plan = {k[:3].lower(): (v[0] if v else "rest") for k, v in GOOD_WEEK.items()}
    assert check_week_plan(plan).ok


def test_week_without_stretching_passes_with_a_note():
    result = check_week_plan(week(tuesday=["plank"], sunday=["rest"]))
    assert result.ok, result.text
    assert any("stretching" in n for n in result.notes)


# --------------------------------------------------------------------------- exercise 4


@pytest.mark.parametrize(
    ("name", "problems"),
    [
        ("rubber track", ()),
        ("smooth asphalt bike path", ()),
        ("concrete pavement", ("hard",)),
        ("pavement", ("hard",)),
        ("concrete sidewalk", ("hard",)),
        ("sidewalk", ("hard",)),
        ("grass playing field", ()),
        ("flat, mown grass", ()),
        ("rough grass", ("uneven",)),
        ("icy pavement", ("hard", "slippery")),
        ("muddy track", ("slippery",)),
        ("forest trail", ("uneven",)),
        ("steep hill road", ("uphill",)),
        ("hilly gravel trail", ("uphill", "uneven")),
    ],
)
def test_surfaces_are_judged_by_the_articles_three_problems(name, problems):
    """The article's hard, uphill and uneven, plus slippery (beyond the article). Pavement (UK)
    and sidewalk (US) are the same hard footway; a flat playing field is even."""
    surface = assess_surface(name)
    assert surface.recognised and surface.problems == problems


GOOD_RATINGS = {"rubber track": 5, "smooth asphalt path": 4, "concrete": 2, "trail": 2, "hill": 1}


@pytest.mark.parametrize(
    ("ratings", "choice", "needles"),
    [
        (GOOD_RATINGS, "trail", ["more forgiving", "rubber track"]),
        (GOOD_RATINGS, "concrete", ["hard", "hard, uphill or uneven ground"]),
        ({**GOOD_RATINGS, "trail": 5}, "rubber track", ["should get the higher rating"]),
        ({**GOOD_RATINGS, "hilly trail": 2}, "rubber track", ["hilly trail"]),
        (GOOD_RATINGS, "the beach", ["one of the surfaces you rated"]),
        ({**GOOD_RATINGS, "moon dust": 3}, "rubber track", ["can't tell what"]),
        ({**GOOD_RATINGS, "concrete": 7}, "rubber track", ["whole number from 1 to 5"]),
        ({"rubber track": 5}, "rubber track", ["at least two surfaces"]),
    ],
)
def test_route_rejects_typical_mistakes(ratings, choice, needles):
    assert_rejected(check_route(ratings, choice), *needles)


def test_an_icy_pavement_is_rated_below_a_dry_one():
    assert_rejected(check_route({"icy pavement": 4, "pavement": 3}, "icy pavement"),
                    "should get the higher rating")
    assert check_route({"icy pavement": 2, "pavement": 3}, "pavement").ok


def test_route_without_a_perfect_surface_accepts_the_least_bad():
    result = check_route({"concrete sidewalk": 3, "hilly trail": 1}, "concrete sidewalk")
    assert result.ok, result.text


# --------------------------------------------------------------------------- exercise 5

SOLUTION = {
    "A": "rest",
    "B": "self-care",
    "C": "see a doctor",
    "D": "see a doctor",
    "E": "see a doctor",
    "F": "emergency",
    "G": "emergency",
    "H": "see a doctor",
    "I": "see a doctor",
    "J": "same day",
}


def test_the_notebook_solution_is_the_tested_solution():
    assert solution_namespace("05_pain_diary")["decisions"] == SOLUTION


@pytest.mark.parametrize(
    ("days", "trend", "daily_life", "flags", "expected"),
    [
        (1, "better", False, (), "rest"),
        (1, "same", False, (), "self-care"),
        (2, "same", False, (), "self-care"),
        (3, "better", False, (), "see a doctor"),
        (1, "worse", False, (), "see a doctor"),
        (1, "same", True, (), "see a doctor"),
        (1, "better", False, ("fever",), "same day"),
        (1, "better", False, ("numbness-saddle",), "emergency"),
        (10, "worse", True, ("bladder-bowel",), "emergency"),
        # the review's two cases: flagged, mild and easing, never rest
        (1, "better", False, ("medical-history", "first-after-50"), "see a doctor"),
        (1, "same", False, ("below-knee",), "see a doctor"),
    ],
)
def test_triage_follows_the_articles_rule_and_red_flags(days, trend, daily_life, flags, expected):
    assert triage(days, trend, daily_life, flags).decision == expected


def test_day_two_is_the_boundary_where_seeing_a_doctor_is_accepted_too():
    decision = triage(2, "same", False)
    assert decision.decision == "self-care"
    assert decision.accepts("see a doctor") and decision.accepts("rest")
    assert not triage(1, "same", False).accepts("see a doctor")


@pytest.mark.parametrize(
    "args",
    [(0, "same", False), (-1, "same", False), (1, "meh", False), (True, "same", False),
     (1, "same", False, ["x"])],
)
def test_triage_refuses_bad_input_with_a_clear_message(args):
    with pytest.raises(ValueError, match=r"days|trend|red flag"):
        triage(*args)


@pytest.mark.parametrize(
    ("changes", "needles"),
    [
        ({"C": "self-care"}, ["entry c", "more than a day or two"]),
        ({"D": "rest"}, ["entry d", "getting worse"]),
        ({"E": "self-care"}, ["entry e", "everyday life"]),
        ({"F": "see a doctor"}, ["entry f", "red flag", "call 911"]),
        ({"F": "same day"}, ["entry f", "emergency"]),
        ({"G": "self-care"}, ["entry g", "fall"]),
        ({"H": "rest"}, ["entry h", "cancer", "physiotherapist"]),
        ({"I": "self-care"}, ["entry i", "below the knee"]),
        ({"J": "see a doctor"}, ["entry j", "same day", "today"]),
        ({"A": "emergency"}, ["entry a", "never wrong if you are worried"]),
        ({"J": "emergency"}, ["entry j", "same day"]),
        ({"B": "maybe later"}, ["not one of"]),
        ({"Z": "rest"}, ["no diary entry"]),
    ],
)
def test_pain_decisions_reject_typical_mistakes(changes, needles):
    assert_rejected(check_pain_decisions({**SOLUTION, **changes}), *needles)


def test_pain_decisions_report_a_missing_entry():
    answers = {k: v for k, v in SOLUTION.items() if k != "G"}
    assert_rejected(check_pain_decisions(answers), "entry g: no decision yet")


def test_rest_and_self_care_are_both_accepted_for_mild_pain():
    result = check_pain_decisions({**SOLUTION, "A": "self care", "B": "rest", "C": "Doctor"})
    assert result.ok, result.text
    assert any(n.startswith("Entry A:") for n in result.notes)


def test_seeing_a_doctor_is_accepted_for_the_boundary_entry_b():
    result = check_pain_decisions({**SOLUTION, "B": "see a GP"})
    assert result.ok, result.text
    assert any(n.startswith("Entry B:") and "a day or two" in n for n in result.notes)


def test_learners_words_for_the_decisions():
    result = check_pain_decisions({**SOLUTION, "F": "A&E", "J": "urgent care", "H": "physio"})
    assert result.ok, result.text


def test_day_counting_is_the_same_in_every_entry():
    """The day the pain began is day 1: "since yesterday" is day 2, "this morning" day 1."""
    for entry in diary():
        story = entry.story.lower()
        if "since yesterday" in story:
            assert entry.days == 2, entry.id
        elif "this morning" in story or "today" in story:
            assert entry.days == 1, entry.id


def test_the_diary_in_the_notebook_is_the_diary_the_check_uses():
    nb = nbformat.read(EXERCISES / "05_pain_diary.ipynb", as_version=4)
    assert any(diary_markdown().strip() in c.source for c in nb.cells)
    assert {e.id for e in diary()} == set(SOLUTION)


# --------------------------------------------------------------------- every helper


HELPERS = {
    "shoe fit": lambda x: check_shoe_fit(x, "cm", x, "eu", room_mm=x, verdict=x),
    "warm-up": check_warm_up,
    "week": check_week_plan,
    "route": lambda x: check_route(x, x),
    "pain": check_pain_decisions,
}
GARBAGE = [None, 0, 3.5, True, "", "text", [], [1, 2], {}, {"a": object()}, {1: [None]}]


@pytest.mark.parametrize("helper", sorted(HELPERS))
@pytest.mark.parametrize("value", GARBAGE, ids=repr)
def test_helpers_never_raise_on_malformed_answers(helper, value):
    result = HELPERS[helper](value)
    assert isinstance(result, CheckResult) and not result.ok and result.messages


scalars = st.none() | st.booleans() | st.integers(-5, 50) | st.floats() | st.text(max_size=12)
anything = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=7)
    ),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(plan=anything, ratings=anything, routine=anything)
def test_helpers_never_raise_on_arbitrary_values(plan, ratings, routine):
    for result in (
        check_week_plan(plan),
        check_route(ratings, plan),
        check_warm_up(routine),
        check_pain_decisions(plan),
    ):
        assert isinstance(result, CheckResult)
        assert result.ok or result.messages


def test_feedback_displays_as_escaped_markdown_with_a_short_stable_repr():
    result = check_warm_up([("<script>alert(1)</script>", 5)])
    markdown = result._repr_markdown_()
    assert markdown.startswith("**✋ Warm-up check: not yet.")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert repr(result) == "CheckResult('Warm-up check', ok=False, 4 message(s))"
    assert str(result) == result.text


# --------------------------------------------------------------------------- tables


def test_keywords_match_at_the_start_of_a_word_only():
    assert matches("Long Run", ["run"]) and matches("running", ["run"])
    assert not matches("brunch", ["run"]) and not matches("tomorrow", ["row"])


def test_tables_carry_no_advertising_and_no_red_flags_of_their_own():
    text = data_file("exercises.yaml").read_text(encoding="utf-8")
    for ad in ("spine institute", "santa monica", "828-7757"):
        assert ad not in text.lower()
    assert "red_flags:\n" not in text.replace("red_flags: [", ""), "they live in red_flags.yaml"


def test_malformed_tables_are_problems_naming_the_file():
    tables, problems = build_tables({"warm_up": {}}, "src/runwell/data/exercises.yaml")
    assert tables is None
    assert problems and all(p.path == "src/runwell/data/exercises.yaml" for p in problems)
    assert any("missing required key 'week'" in p.message for p in problems)
