"""`runwell check` refuses a translation that differs from the English edition in structure.

A translated bank has the English bank's question ids (in its order), types, guidance,
choice ids, correct marks, numeric answers, tolerances and units, and a text wherever the English
bank has one. A data overlay names exactly the English file's ids and keeps its placeholders.
A translated page teaches what the English page teaches. Spanish pages report their Fernández
Huerta index and fail below 70.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from runwell import CourseError
from runwell import course as model
from runwell.check import run_checks
from runwell.course import clinical, rules, translate
from runwell.course.yamlio import read_yaml
from runwell.paths import data_file

ROOT = Path(__file__).resolve().parents[1]
BANK = "03_supportive_shoes"
ENGLISH = ROOT / "notebooks" / "quizzes" / f"{BANK}.yaml"
SPANISH = ROOT / "notebooks" / "quizzes" / "es" / f"{BANK}.yaml"

if not SPANISH.is_file():
    _REASON = f"no {SPANISH.relative_to(ROOT)} yet (the es-content branch)"
    print(f"SKIP tests/test_translations.py: {_REASON}")
    pytest.skip(_REASON, allow_module_level=True)


def course_with(tmp_path: Path, change: Callable[[dict[str, Any]], None] | None) -> Path:
    """A course folder with lesson 03's English bank and its Spanish translation, changed."""
    quizzes = tmp_path / "course" / "notebooks" / "quizzes"
    (quizzes / "es").mkdir(parents=True)
    shutil.copy(ENGLISH, quizzes)
    data = yaml.safe_load(SPANISH.read_text(encoding="utf-8"))
    if change is not None:
        change(data)
    (quizzes / "es" / f"{BANK}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                 encoding="utf-8")
    return tmp_path / "course"


def question(data: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for q in data["questions"] if q["id"] == qid)


def change_choice_id(data: dict[str, Any]) -> None:
    question(data, "shoes-arch-choice")["choices"][0]["id"] = "renamed"


def drop_feedback(data: dict[str, Any]) -> None:
    del question(data, "shoes-arch-choice")["choices"][1]["feedback"]


def move_the_key(data: dict[str, Any]) -> None:
    choices = question(data, "shoes-arch-choice")["choices"]
    right = next(c for c in choices if c.get("correct"))
    wrong = next(c for c in choices if not c.get("correct"))
    right.pop("correct")
    wrong["correct"] = True


def drop_a_question(data: dict[str, Any]) -> None:
    data["questions"] = [q for q in data["questions"] if q["id"] != "shoes-room-cm"]


def change_the_tolerance(data: dict[str, Any]) -> None:
    question(data, "shoes-room-cm")["tolerance"] = 5


def translate_the_unit(data: dict[str, Any]) -> None:
    question(data, "shoes-room-cm")["unit"] = "centímetros"


def drop_a_numeric_feedback(data: dict[str, Any]) -> None:
    question(data, "shoes-room-cm")["feedback"]["high"] = "  "


def change_guidance(data: dict[str, Any]) -> None:
    question(data, "shoes-arch-choice")["guidance"] = ["shoes-hot-spots"]


def reorder(data: dict[str, Any]) -> None:
    data["questions"].reverse()


def drop_the_hint(data: dict[str, Any]) -> None:
    for q in data["questions"]:
        q.pop("hint", None)


def add_a_question(data: dict[str, Any]) -> None:
    extra = copy.deepcopy(question(data, "shoes-arch-choice"))
    extra["id"] = "shoes-extra"
    data["questions"].append(extra)


CASES: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "a changed choice id": (change_choice_id, "shoes-arch-choice", "the choice ids"),
    "a missing feedback text": (drop_feedback, "shoes-arch-choice",
                                "missing required key 'feedback'"),
    "a different correct mark": (move_the_key, "shoes-arch-choice",
                                 "which choices are marked correct"),
    "a missing question": (drop_a_question, "shoes-room-cm", "question missing"),
    "another tolerance": (change_the_tolerance, "shoes-room-cm", "'tolerance' differs"),
    "a translated unit": (translate_the_unit, "shoes-room-cm", "'unit' differs"),
    "an empty numeric feedback": (drop_a_numeric_feedback, "shoes-room-cm", "is empty"),
    "other guidance": (change_guidance, "shoes-arch-choice", "the guidance list differs"),
    "another order": (reorder, "-", "not in the English bank's order"),
    "no hint": (drop_the_hint, "", "has no hint where the English bank has one"),
    "an extra question": (add_a_question, "shoes-extra", "no question with this id"),
}


def test_the_real_translation_has_the_english_structure() -> None:
    assert "shoes-arch-choice" in [q.id for q in model.load(ROOT, "es").bank(BANK).questions]
    problems = translate.bank_problems(read_yaml(SPANISH, "es"), read_yaml(ENGLISH, "en"),
                                       "es", "en")
    assert problems == []


def test_the_fixture_course_is_clean(tmp_path: Path) -> None:
    es = model.load(course_with(tmp_path, None), "es")
    assert not es.problems, es.problems


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_translated_bank_that_differs_in_structure_is_refused(tmp_path: Path, case: str) -> None:
    change, item, message = CASES[case]
    root = course_with(tmp_path, change)
    model.clear_cache()
    es = model.load(root, "es")
    shown = f"notebooks/quizzes/es/{BANK}.yaml"
    found = [p for p in es.problems if p.path == shown and message in p.message
             and (not item or p.item == item)]
    assert found, f"{case}: {es.problems}"
    with pytest.raises(CourseError):
        es.bank(BANK)  # a broken translation is never shown to learners
    report = run_checks(root, "es")
    assert any(message in p.message for p in report.problems)


def test_check_names_the_translation_in_one_line_and_fails(tmp_path: Path) -> None:
    root = course_with(tmp_path, move_the_key)
    shutil.copytree(ROOT / "notebooks" / "figures", root / "notebooks" / "figures")
    result = subprocess.run([sys.executable, "-m", "runwell", "check", "--root", str(root)],
                            capture_output=True, text=True, timeout=300, cwd=root, check=False,
                            env={**os.environ, "RUNWELL_ROOT": str(root)})
    assert result.returncode == 1, result.stdout
    assert (f"notebooks/quizzes/es/{BANK}.yaml: shoes-arch-choice: which choices are marked "
            "correct differs from the English bank's") in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_an_untranslated_bank_and_an_orphan_translation_are_named(tmp_path: Path) -> None:
    root = course_with(tmp_path, None)
    shutil.copy(ROOT / "notebooks" / "quizzes" / "01_warm_up.yaml", root / "notebooks" / "quizzes")
    orphan = yaml.safe_load(SPANISH.read_text(encoding="utf-8"))
    orphan["lesson"] = "07_extra"
    for q in orphan["questions"]:
        q["id"] = "x-" + q["id"]
    (root / "notebooks" / "quizzes" / "es" / "07_extra.yaml").write_text(
        yaml.safe_dump(orphan, allow_unicode=True), encoding="utf-8")
    es = model.load(root, "es")
    messages = [str(p) for p in es.problems]
    assert any("01_warm_up: no es translation of notebooks/quizzes/01_warm_up.yaml" in m
               for m in messages), messages
    assert any("07_extra.yaml: -: no English bank of that name" in m for m in messages)


# ------------------------------------------------------------------------------ overlays


def overlay(name: str) -> dict[str, Any]:
    data = read_yaml(data_file(f"es/{name}.yaml"), name)
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def english() -> model.Course:
    """The English model as the loader has it when it applies a translation: the red flags'
    placeholders not yet filled in from the settings."""
    from runwell.course.build import build_safety

    course = model.load(ROOT, "en")
    safety, _ = build_safety(read_yaml(data_file("red_flags.yaml"), "red_flags"), "red_flags")
    return replace(course, safety=safety)


def test_the_overlays_apply_cleanly(english: model.Course) -> None:
    _, found = translate.apply_tables(english.tables, overlay("exercises"), "x")
    assert found == []
    _, found = translate.apply_safety(english.safety, overlay("red_flags"), "x")
    assert found == []
    _, found = translate.apply_shoefit(english.shoefit, overlay("shoefit"), "x")
    assert found == []
    _, found = translate.apply_health(english.health, overlay("sources"), "x")
    assert found == []


def test_overlays_hold_words_only_facts_stay_english(english: model.Course) -> None:
    es = model.load(ROOT, "es")
    assert [(f.id, f.tier, f.sources, f.reviewed) for f in es.safety.flags] == [
        (f.id, f.tier, f.sources, f.reviewed) for f in english.safety.flags]
    assert [t.decision for t in es.safety.tiers] == [t.decision for t in english.safety.tiers]
    assert [(s.id, s.title, s.url) for s in es.health.sources.values()] == [
        (s.id, s.title, s.url) for s in english.health.sources.values()]  # titles stay original
    assert [(d.id, d.days, d.trend, d.red_flags) for d in es.tables.diary] == [
        (d.id, d.days, d.trend, d.red_flags) for d in english.tables.diary]
    assert es.tables.self_care_days == english.tables.self_care_days
    assert es.shoefit.sources == english.shoefit.sources
    for name in ("exercises", "red_flags", "shoefit", "sources"):
        text = data_file(f"es/{name}.yaml").read_text(encoding="utf-8")
        for fact in ("tier:", "reviewed:", "sources:", "emergency_number:", "days:",
                     "self_care_days", "url:", "title:"):
            if fact == "days:" and name == "exercises":
                continue  # the week's day names are words (same count and order as English)
            assert fact not in text, f"data/es/{name}.yaml holds a fact: {fact}"


def break_overlay(name: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(overlay(name))
    change(data)
    return data


OVERLAY_CASES: dict[str, tuple[str, Callable[[dict[str, Any]], None], str]] = {
    "unknown red flag": ("red_flags", lambda d: d["flags"].update(
        {"made-up": {"text": "algo"}}), "unknown red flag id"),
    "missing red flag": ("red_flags", lambda d: d["flags"].pop("fever"),
                         "red flag 'fever' has no translation"),
    "empty flag text": ("red_flags", lambda d: d["flags"]["fever"].update({"text": " "}),
                        "is empty"),
    "placeholder dropped": ("red_flags", lambda d: d["tiers"]["emergency"].update(
        {"action": "Llame a urgencias."}), "placeholders ({emergency_number})"),
    "missing diary entry": ("exercises", lambda d: d["pain"]["diary"].pop("C"),
                            "diary entry 'C' has no translation"),
    "six days": ("exercises", lambda d: d["week"].update({"days": d["week"]["days"][:6]}),
                 "6 days; the English file has 7"),
    "unknown activity": ("exercises", lambda d: d["week"]["activities"].update(
        {"surf": {"name": "surf", "keywords": ["surf"]}}), "unknown activity id"),
    "a number in the words": ("exercises", lambda d: d["warm_up"].update(
        {"total_minutes": {"min": 1, "max": 99}}), "unknown key(s): total_minutes"),
    "verdict without its size": ("shoefit", lambda d: d["verdicts"].update(
        {"too short": "Pruebe una zapatilla más larga."}), "placeholders ({recommended})"),
    "one measuring step short": ("shoefit", lambda d: d["measure_steps"].pop(),
                                 "5 steps; the English file has 6"),
    "a translated title": ("sources", lambda d: d.update(
        {"titles": {"article": "Minimizar el dolor"}}), "unknown key(s): titles"),
}


@pytest.mark.parametrize("case", sorted(OVERLAY_CASES))
def test_an_overlay_with_unknown_or_missing_ids_is_refused(english: model.Course,
                                                           case: str) -> None:
    name, change, message = OVERLAY_CASES[case]
    apply = {"red_flags": (translate.apply_safety, english.safety),
             "exercises": (translate.apply_tables, english.tables),
             "shoefit": (translate.apply_shoefit, english.shoefit),
             "sources": (translate.apply_health, english.health)}[name]
    _, problems = apply[0](apply[1], break_overlay(name, change),
                                f"src/runwell/data/es/{name}.yaml")
    assert any(message in p.message for p in problems), problems
    assert all(p.path == f"src/runwell/data/es/{name}.yaml" for p in problems)


def test_the_loader_reports_a_broken_or_missing_overlay(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from runwell.course import loader

    data = tmp_path / "data"
    shutil.copytree(data_file("."), data, ignore=shutil.ignore_patterns("course-bundle-*"))
    broken = break_overlay("red_flags", lambda d: d["flags"].pop("fever"))
    (data / "es" / "red_flags.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True),
                                                encoding="utf-8")
    (data / "es" / "shoefit.yaml").unlink()
    monkeypatch.setattr(loader, "data_file", lambda name: data / name)
    model.clear_cache()
    try:
        es = model.load(ROOT, "es")
    finally:
        model.clear_cache()
    messages = [str(p) for p in es.problems]
    assert any("red_flags.yaml: fever: red flag 'fever' has no translation" in m
               for m in messages), messages
    assert any("data/es/shoefit.yaml: -: missing: the es edition translates" in m
               for m in messages), messages
    assert es.safety.flag("fever").text  # the course still loads, with the English words there


# ------------------------------------------------------------------------------ pages


def test_translated_pages_mirror_the_english_pages(english: model.Course) -> None:
    es = model.load(ROOT, "es")
    assert rules.translation_problems(es, english) == []
    lesson = next(p for p in es.pages if p.stem == BANK)
    changed = replace(lesson, teaches=frozenset({"shoes-heel-fit"}), minutes=99,
                      tags=tuple(t for t in lesson.tags if "keypoints" not in t))
    fake = replace(es)
    fake.__dict__["pages"] = tuple(changed if p is lesson else p for p in es.pages)
    messages = [f"{p.item}: {p.message}" for p in rules.translation_problems(fake, english)]
    assert any(m.startswith("teaches: the guidance ids") for m in messages), messages
    assert any(m.startswith("minutes: 99 minutes") for m in messages)
    assert any(m.startswith("keypoints: 0 cell(s)") for m in messages)


def test_a_missing_translated_page_is_named(english: model.Course) -> None:
    es = model.load(ROOT, "es")
    fake = replace(es)
    fake.__dict__["pages"] = tuple(p for p in es.pages if p.stem != "04_audit_your_route")
    messages = [str(p) for p in rules.translation_problems(fake, english)]
    assert "exercises/04_audit_your_route.ipynb: es: no es translation of this exercise" in (
        messages)


# ------------------------------------------------------------------------------ readability


def test_spanish_pages_report_their_fernandez_huerta_index() -> None:
    report = run_checks(ROOT, "es")
    lines = [line for line in report.info if "Fernández Huerta" in line]
    assert len(lines) == 12, report.info  # seven lessons, five exercises
    for line in lines:
        score = float(line.split("Fernández Huerta ")[1].split()[0])
        assert score >= 70, line
    assert not [p for p in report.problems if p.item == "readability"]


def test_hard_spanish_fails_below_70() -> None:
    from runwell.readability import MIN_FERNANDEZ_HUERTA, fernandez_huerta

    hard = ("No obstante la considerable variabilidad interindividual, las manifestaciones "
            "musculoesqueléticas frecuentemente requieren una evaluación multidisciplinaria "
            "exhaustiva, incluyendo exploración neurológica pormenorizada y radiológica.")
    assert fernandez_huerta(hard) < MIN_FERNANDEZ_HUERTA
    es = model.load(ROOT, "es")
    page = es.pages[0]
    fake = replace(es)
    fake.__dict__["pages"] = (replace(page, texts=(("markdown", hard),), tags=((),)),)
    problems, _, lines = clinical.readability_report(fake)
    assert problems and "Fernández Huerta index" in problems[0].message
    assert "is below 70" in problems[0].message
    assert lines[0].startswith(f"es/{page.stem}: Fernández Huerta ")


def test_spanish_sentences_split_at_opening_marks() -> None:
    from runwell.readability import sentences

    assert sentences("Mida su pie. ¿Le duele? ¡Pare! Él corre.") == [
        "Mida su pie.", "¿Le duele?", "¡Pare!", "Él corre."]
