"""One truth for red flags: the data file (red_flags.yaml), the triage rule, the generated views,
the quiz links and the emergency number by locale all agree, and a flagged case is never sent to
rest or self-care."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runwell import course, health
from runwell.course import clinical
from runwell.course.build import build_bank, build_safety, build_settings, with_settings
from runwell.course.model import Settings, frozen_map
from runwell.course.yamlio import read_yaml
from runwell.exercises import triage
from runwell.exercises.triage import DECISIONS, RELIEF
from runwell.paths import data_file

MODEL = course.load()
SAFETY = MODEL.safety
FLAGS = [f.id for f in SAFETY.flags]
ORDER = [t.id for t in SAFETY.tiers]  # most urgent first
# The red-flag data before the settings fill in the numbers (to try every locale).
TEMPLATE, _ = build_safety(read_yaml(data_file("red_flags.yaml")), "red_flags.yaml")

# The review's synthesis (NHS "Back pain", NHS "Cauda equina syndrome", Mayo Clinic "Back pain:
# when to see a doctor"); where the sources differ, the more urgent tier.
EXPECTED_TIERS = {
    "emergency": {"numbness-saddle", "bladder-bowel", "both-legs", "after-injury", "chest-pain"},
    "same-day": {"fever", "weight-loss", "lump-or-shape", "night-pain", "cough-sneeze",
                 "between-shoulders", "leg-weakness"},
    "soon": {"medical-history", "first-after-50", "below-knee"},
}


def most_urgent(flags: tuple[str, ...]) -> str:
    return SAFETY.tier(min((SAFETY.flag(f).tier for f in flags), key=ORDER.index)).decision


def test_every_flag_of_the_review_is_in_the_data_in_its_tier():
    for tier, wanted in EXPECTED_TIERS.items():
        assert {f.id for f in SAFETY.in_tier(tier)} == wanted, tier


def test_every_flag_cites_known_sources_and_has_a_review_date():
    for flag in SAFETY.flags:
        assert flag.sources and all(s in MODEL.health.sources for s in flag.sources), flag.id
        assert flag.reviewed, flag.id


def test_tiers_are_most_urgent_first_and_match_the_exercise_decisions():
    assert ORDER == ["emergency", "same-day", "soon"]
    assert [t.decision for t in reversed(SAFETY.tiers)] == list(DECISIONS[2:])
    assert "Call 911" in SAFETY.tier("emergency").action
    assert "physiotherapist" in SAFETY.tier("soon").action


@pytest.mark.parametrize("flag", FLAGS)
@pytest.mark.parametrize("days", [1, 2, 5])
@pytest.mark.parametrize("trend", ["better", "same", "worse"])
@pytest.mark.parametrize("daily_life", [False, True])
def test_each_flag_alone_gives_its_tier_whatever_the_day_count(flag, days, trend, daily_life):
    decision = triage(days, trend, daily_life, [flag])
    assert decision.decision == SAFETY.tier(SAFETY.flag(flag).tier).decision
    assert decision.decision not in RELIEF
    assert not decision.also, "no softer answer is accepted for a red flag"
    assert SAFETY.flag(flag).text in decision.reason


@pytest.mark.parametrize("pair", list(itertools.combinations(FLAGS, 2)), ids="+".join)
def test_every_pair_of_flags_gives_the_more_urgent_tier(pair):
    assert triage(1, "better", False, pair).decision == most_urgent(pair)


@settings(max_examples=200, deadline=None)
@given(
    flags=st.lists(st.sampled_from(FLAGS), min_size=1, max_size=5),
    days=st.integers(1, 30),
    trend=st.sampled_from(["better", "same", "worse"]),
    daily_life=st.booleans(),
)
def test_any_combination_of_flags_is_never_rest_or_self_care(flags, days, trend, daily_life):
    decision = triage(days, trend, daily_life, flags)
    assert decision.decision == most_urgent(tuple(flags))
    assert decision.decision not in RELIEF


def test_the_reviews_cases():
    """A 58-year-old with a history of cancer whose pain eased on day 1, and tingling below the
    knee in one leg on day 1, were told to rest. Saddle numbness with bladder trouble was told
    "the same day"."""
    assert triage(1, "better", False, ["medical-history", "first-after-50"]).decision == (
        "see a doctor"
    )
    assert triage(1, "same", False, ["below-knee"]).decision == "see a doctor"
    cauda = triage(1, "same", False, ["numbness-saddle", "bladder-bowel"])
    assert cauda.decision == "emergency" and "Call 911" in cauda.reason
    assert "same day" not in cauda.reason.lower()


# ------------------------------------------------------------------------------ locales


LOCALES = {"en-US": "911", "es-US": "911", "en-GB": "999", "en-EU": "112", "es-ES": "112"}


@pytest.mark.parametrize(("locale", "number"), sorted(LOCALES.items()))
def test_the_emergency_number_follows_the_locale(locale, number):
    settings_, problems = build_settings({"locale": locale}, "settings.yaml", SAFETY.locales)
    assert not problems and settings_.emergency_number == number
    filled = with_settings(TEMPLATE, settings_)
    assert f"Call {number}" in filled.tier("emergency").action
    view = health.red_flags(replace(MODEL, safety=filled, settings=settings_))
    assert f"Call {number}" in view.html and number in view.text
    assert f"Call {number}" in health.flowchart_svg(replace(MODEL, safety=filled,
                                                            settings=settings_))


def test_default_settings_are_empty_and_us():
    assert MODEL.settings.locale == "en-US" and MODEL.settings.emergency_number == "911"
    assert MODEL.settings.organisation is None and MODEL.settings.contact is None


def test_the_uk_urgent_line_and_an_override():
    uk, _ = build_settings({"locale": "en-GB"}, "s", SAFETY.locales)
    assert "NHS 111" in with_settings(TEMPLATE, uk).tier("same-day").action
    own, problems = build_settings({"locale": "en-GB", "emergency_number": "112"}, "s",
                                   SAFETY.locales)
    assert not problems and own.emergency_number == "112"


def test_an_unknown_locale_is_a_problem_and_falls_back_to_the_default():
    found, problems = build_settings({"locale": "fr-FR"}, "settings.yaml", SAFETY.locales)
    assert found.locale == "en-US" and found.emergency_number == "911"
    assert problems and "unknown locale 'fr-FR'" in problems[0].message


def test_quiz_text_gets_the_number_from_the_settings():
    raw = {
        "lesson": "05_when_it_hurts",
        "title": "t",
        "questions": [{
            "id": "q-call", "type": "true_false", "guidance": ["pain-relief"],
            "text": "Call {emergency_number}?",
            "choices": [{"text": "True", "correct": True, "feedback": "Yes, {emergency_number}."},
                        {"text": "False", "feedback": "No."}],
        }],
    }
    bank, problems = build_bank(raw, "b.yaml", "05_when_it_hurts",
                                fill=Settings(emergency_number="999").fill)
    assert not problems and bank is not None
    assert bank.questions[0].text == "Call 999?"
    assert bank.questions[0].choices[0].feedback == "Yes, 999."
    _, question = MODEL.find_question("pain-red-flags") or (None, None)
    assert question is not None and "call 911" in question.text


# ------------------------------------------------------------------------------ check rules


def _with_choice(choice_id: str, **changes: object):
    lesson, question = MODEL.find_question("pain-red-flags")  # type: ignore[misc]
    choices = tuple(replace(c, **changes) if c.id == choice_id else c for c in question.choices)
    bank = MODEL.banks[lesson]
    questions = tuple(replace(q, choices=choices) if q.id == question.id else q
                      for q in bank.questions)
    return replace(MODEL, banks=frozen_map({**MODEL.banks, lesson: replace(bank,
                                                                             questions=questions)}))


def test_the_course_agrees_with_the_red_flag_data():
    assert clinical.red_flag_problems(MODEL) == []


def test_a_quiz_key_that_disagrees_with_the_tier_fails_the_check():
    found = clinical.red_flag_problems(_with_choice("fever-shivery", correct=True))
    assert any("'fever-shivery'" in p.message and "must be not correct" in p.message
               for p in found)


def test_quiz_feedback_must_name_the_flags_tier():
    found = clinical.red_flag_problems(_with_choice("fever-shivery", feedback="Not now."))
    assert any("must say the flag's tier ('same day')" in p.message for p in found)


def test_tiers_that_disagree_with_the_exercise_fail_the_check():
    tiers = tuple(replace(t, decision="urgent care") if t.id == "same-day" else t
                  for t in SAFETY.tiers)
    found = clinical.red_flag_problems(replace(MODEL, safety=replace(SAFETY, tiers=tiers)))
    assert any(p.item == "tiers" for p in found)


def test_a_hand_typed_red_flag_list_or_a_stale_table_fails_the_check():
    page = next(p for p in MODEL.pages if p.stem == "05_when_it_hurts")
    typed = "- " + SAFETY.flags[0].text + "\n- " + SAFETY.flags[1].text
    views = tuple((spec, "old text") if spec.get("widget") == "red-flags" else (spec, text)
                  for spec, text in page.views)
    changed = replace(page, texts=(*page.texts, ("markdown", typed)), views=views,
                      adds=(*page.adds, ()), tags=(*page.tags, ()))
    fake = replace(MODEL)
    fake.__dict__["pages"] = tuple(changed if p.stem == page.stem else p for p in MODEL.pages)
    messages = [p.message for p in clinical.red_flag_problems(fake)]
    assert any("lists red flags by hand" in m for m in messages)
    assert any("out of date" in m for m in messages)


def test_the_views_and_triage_import_nothing_a_browser_kernel_lacks():
    """What runs in a learner's kernel must work in Pyodide: no PyYAML, Jinja or jsonschema at
    import time (the model comes from the cache or the bundle)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import runwell.health, runwell.exercises.triage, runwell.exercises\n"
        "bad = [m for m in ('yaml', 'jinja2', 'markupsafe', 'jsonschema', 'textstat') "
        "if m in sys.modules]\n"
        "print(bad)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
