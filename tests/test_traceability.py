"""Traceability: every piece of the article's guidance is taught in its lesson and tested by a
question, and every question points at guidance that exists.

The guidance inventory (``src/runwell/data/guidance.yaml``) names the lesson that teaches each
point; lessons list the ids they teach in their markdown cells' ``metadata.runwell.teaches``; quiz
questions list the ids they test in ``guidance``. These tests read the real course content, and
``runwell check`` (the same functions) must agree with them.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import nbformat
import pytest

from runwell import course
from runwell.check import run_checks
from runwell.course import Bank
from runwell.guidance import inventory
from runwell.paths import lesson_notebooks

ROOT = Path(__file__).resolve().parents[1]
QUIZZES = ROOT / "notebooks" / "quizzes"
REVIEW = "06_review"
MIN_QUESTIONS = 5


@pytest.fixture(scope="module")
def banks() -> dict[str, Bank]:
    model = course.load(ROOT)
    bank_problems = [p for p in model.problems if p.path.startswith("notebooks/quizzes")]
    assert not bank_problems, "\n".join(str(p) for p in bank_problems)
    return dict(model.banks)


@pytest.fixture(scope="module")
def taught() -> dict[str, set[str]]:
    """Guidance ids each lesson notebook lists as taught, by notebook stem."""
    return {page.stem: set(page.teaches) for page in course.load(ROOT).lessons}


def lesson_of(guidance_id: str) -> str:
    return inventory()[guidance_id].lesson


def test_every_guidance_point_is_taught_in_its_own_lesson(taught):
    missing = [
        f"{p.id} (lesson {p.lesson})"
        for p in inventory().values()
        if p.id not in taught.get(p.lesson, set())
    ]
    assert not missing, f"guidance not taught in its lesson's markdown: {missing}"


def test_lessons_teach_only_known_guidance(taught):
    unknown = {stem: sorted(ids - set(inventory())) for stem, ids in taught.items()}
    assert not any(unknown.values()), f"unknown guidance ids taught: {unknown}"


def test_every_guidance_point_is_tested_by_a_question(banks):
    tested = {g for bank in banks.values() for q in bank.questions for g in q.guidance}
    untested = sorted(set(inventory()) - tested)
    assert not untested, f"guidance no question tests: {untested}"


def test_every_question_names_known_guidance(banks):
    known = set(inventory())
    bad = [
        f"{bank.lesson}: {q.id}: {sorted(set(q.guidance) - known)}"
        for bank in banks.values()
        for q in bank.questions
        if not q.guidance or set(q.guidance) - known
    ]
    assert not bad, f"questions naming unknown (or no) guidance ids: {bad}"


def test_every_lesson_has_a_bank_and_every_bank_a_lesson(banks, taught):
    assert set(banks) == set(taught)


@pytest.mark.parametrize("stem", [p.stem for p in lesson_notebooks(ROOT)])
def test_lesson_bank_covers_what_the_lesson_teaches(stem, banks, taught):
    bank = banks[stem]
    assert len(bank.questions) >= MIN_QUESTIONS, f"{stem}: fewer than {MIN_QUESTIONS} questions"
    tested = {g for q in bank.questions for g in q.guidance}
    uncovered = sorted(taught[stem] - tested)
    assert not uncovered, f"{stem}: taught but not tested by its own quiz: {uncovered}"


@pytest.mark.parametrize("stem", [p.stem for p in lesson_notebooks(ROOT) if p.stem != REVIEW])
def test_lesson_bank_tests_its_own_lesson(stem, banks):
    """A lesson's quiz is about that lesson: most of its questions test ids the lesson owns."""
    bank = banks[stem]
    own = [q for q in bank.questions if any(lesson_of(g) == stem for g in q.guidance)]
    assert len(own) >= MIN_QUESTIONS, f"{stem}: only {len(own)} questions test its own guidance"


def test_lesson_banks_mix_question_types(banks):
    types = {t for bank in banks.values() for t in (q.type for q in bank.questions)}
    assert types == {"single", "multiple", "true_false", "numeric"}
    for stem, bank in banks.items():
        kinds = {q.type for q in bank.questions}
        assert len(kinds) >= 3, f"{stem}: only {sorted(kinds)}"


def test_review_bank_draws_on_every_lesson(banks):
    review = banks[REVIEW]
    lessons_drawn = {lesson_of(g) for q in review.questions for g in q.guidance}
    teaching_lessons = {p.lesson for p in inventory().values()}
    assert lessons_drawn == teaching_lessons, (
        f"review misses lessons: {sorted(teaching_lessons - lessons_drawn)}"
    )
    per_lesson: dict[str, int] = defaultdict(int)
    for q in review.questions:
        for lesson in {lesson_of(g) for g in q.guidance}:
            per_lesson[lesson] += 1
    assert min(per_lesson.values()) >= 1
    assert all(q.id.startswith("review-") for q in review.questions)


def test_question_ids_are_unique_across_banks(banks):
    ids = [q.id for bank in banks.values() for q in bank.questions]
    assert len(ids) == len(set(ids))


def test_runwell_check_agrees_the_course_is_consistent():
    problems = run_checks(ROOT).problems
    assert not problems, "\n".join(str(p) for p in problems)


def test_check_reports_an_untaught_guidance_point(tmp_path):
    """The same machinery fails when a lesson stops teaching one of its points."""
    course_dir = tmp_path / "course"
    (course_dir / "notebooks" / "quizzes").mkdir(parents=True)
    for bank in QUIZZES.glob("*.yaml"):
        (course_dir / "notebooks" / "quizzes" / bank.name).write_bytes(bank.read_bytes())
    for path in lesson_notebooks(ROOT):
        nb = nbformat.read(path, as_version=4)
        if path.stem == "01_warm_up":
            for cell in nb.cells:
                teaches = cell.metadata.get("runwell", {}).get("teaches", [])
                if "warmup-strides" in teaches:
                    teaches.remove("warmup-strides")
        nbformat.write(nb, course_dir / "notebooks" / path.name)
    messages = [str(p) for p in run_checks(course_dir).problems]
    assert any("warmup-strides" in m and "not taught" in m for m in messages), messages
