"""Quiz bank loading and validation: every failure mode named, with file and question id."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from runwell.errors import CourseError, Problem
from runwell.guidance import inventory
from runwell.paths import data_file
from runwell.quiz import load_bank
from runwell.quiz.bank import Bank, load_banks, validate_bank

FIXTURES = Path(__file__).parent / "fixtures" / "quizzes"
BROKEN = FIXTURES / "broken"
GUIDANCE = set(inventory())

# scenario folder -> (file, question id, part of the message) that must be reported
SCENARIOS = {
    "invalid_yaml": ("01_sample.yaml", "-", "invalid YAML at line 7"),
    "not_a_mapping": ("01_sample.yaml", "-", "a bank must be a mapping"),
    "unknown_key_bank": ("01_sample.yaml", "-", "unknown key(s): author"),
    "unknown_key_question": ("01_sample.yaml", "q-one", "unknown key(s): explain"),
    "missing_text": ("01_sample.yaml", "q-one", "missing required key 'text'"),
    "missing_title": ("01_sample.yaml", "-", "missing required key 'title'"),
    "empty_text": ("01_sample.yaml", "q-one", "'text' is empty"),
    "empty_choice_feedback": ("01_sample.yaml", "q-one", "choice 2 'feedback' is empty"),
    "duplicate_id": ("01_sample.yaml", "q-one", "duplicate question id in this bank"),
    "duplicate_across_banks": (
        "02_other.yaml",
        "q-one",
        "duplicate question id (also in broken/duplicate_across_banks/01_sample.yaml)",
    ),
    "no_correct": ("01_sample.yaml", "q-one", "no correct answer"),
    "multiple_no_correct": ("01_sample.yaml", "q-one", "no correct answer"),
    "two_correct_single": ("01_sample.yaml", "q-one", "2 choices marked correct"),
    "true_false_other_choices": (
        "01_sample.yaml",
        "q-one",
        "a true/false question needs exactly the choices True and False",
    ),
    "true_false_three_choices": ("01_sample.yaml", "q-one", "exactly two choices, True and False"),
    "numeric_without_tolerance": ("01_sample.yaml", "q-one", "missing required key 'tolerance'"),
    "numeric_with_choices": (
        "01_sample.yaml",
        "q-one",
        "key 'choices' is not used by a numeric question",
    ),
    "unknown_guidance": ("01_sample.yaml", "q-one", "unknown guidance id 'warmup-yoga'"),
    "lesson_mismatch": (
        "01_sample.yaml",
        "-",
        "'lesson' is '02_other' but the file is named 01_sample.yaml",
    ),
    "unknown_type": ("01_sample.yaml", "q-one", "'type' must be one of: single, multiple"),
    "no_questions": ("01_sample.yaml", "-", "the bank has no questions"),
    "bad_id": ("01_sample.yaml", "Q One", "'id' must be lower-case words joined by '-'"),
}


def test_every_broken_fixture_has_a_scenario() -> None:
    folders = {p.name for p in BROKEN.iterdir() if p.is_dir()} - {"many_problems"}
    assert folders == set(SCENARIOS)


def test_schema_is_a_valid_json_schema() -> None:
    schema = json.loads(data_file("quiz_bank.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert set(schema["properties"]) == {"lesson", "title", "intro", "shuffle", "questions"}


def test_valid_bank_loads_into_frozen_dataclasses() -> None:
    banks, problems = load_banks(FIXTURES / "valid", GUIDANCE)
    assert problems == []
    bank = banks["01_sample"]
    assert isinstance(bank, Bank)
    assert bank.lesson == "01_sample"
    assert bank.title == "Warm-up check"
    assert [q.type for q in bank.questions] == ["single", "multiple", "true_false", "numeric"]
    single, multiple, true_false, numeric = bank.questions
    assert single.guidance == ("warmup-hamstrings",)
    assert single.correct_indices == (0,)
    assert multiple.correct_indices == (0, 1)
    assert [c.text for c in true_false.choices] == ["True", "False"]
    assert (numeric.answer, numeric.tolerance, numeric.unit) == (1.5, 0.5, "cm")
    assert numeric.feedback is not None and numeric.feedback.low.startswith("Too snug")
    with pytest.raises(AttributeError):
        single.text = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_each_failure_mode_is_reported(scenario: str) -> None:
    filename, item, message = SCENARIOS[scenario]
    _, problems = load_banks(BROKEN / scenario, GUIDANCE)
    expected_path = f"broken/{scenario}/{filename}"
    matching = [
        p for p in problems if p.path == expected_path and p.item == item and message in p.message
    ]
    assert matching, f"expected {expected_path}: {item}: …{message}…, got {problems}"
    for p in problems:  # one line each, short and without Python noise
        assert "\n" not in str(p) and "Traceback" not in str(p) and len(str(p)) < 250


def test_all_problems_are_collected_not_just_the_first() -> None:
    _, problems = load_banks(BROKEN / "many_problems", GUIDANCE)
    found = {(p.item, p.message.split(" (")[0]) for p in problems}
    assert found == {
        ("-", "unknown key(s): colour"),
        ("q-one", "no correct answer: mark a choice with 'correct: true'"),
        ("q-two", "unknown guidance id 'nope'"),
        ("q-three", "missing required key 'tolerance'"),
    }


def test_broken_questions_are_left_out_but_valid_ones_kept() -> None:
    banks, _ = load_banks(BROKEN / "many_problems", GUIDANCE)
    # q-three fails the schema and is not built; q-one and q-two break rules only
    assert [q.id for q in banks["01_sample"].questions] == ["q-one", "q-two"]


def test_guidance_check_can_be_skipped() -> None:
    _, problems = load_banks(BROKEN / "unknown_guidance", None)
    assert problems == []


def test_problem_paths_are_relative_to_the_course_root(tmp_path: Path) -> None:
    quizzes = tmp_path / "notebooks" / "quizzes"
    quizzes.mkdir(parents=True)
    shutil.copy(BROKEN / "no_correct" / "01_sample.yaml", quizzes)
    _, problems = load_banks(quizzes, GUIDANCE)
    assert [str(p) for p in problems] == [
        "notebooks/quizzes/01_sample.yaml: q-one: no correct answer: "
        "mark a choice with 'correct: true'"
    ]


def test_yml_files_are_flagged(tmp_path: Path) -> None:
    quizzes = tmp_path / "notebooks" / "quizzes"
    quizzes.mkdir(parents=True)
    shutil.copy(FIXTURES / "valid" / "01_sample.yaml", quizzes / "01_sample.yml")
    banks, problems = load_banks(quizzes, GUIDANCE)
    assert banks == {}
    assert problems == [
        Problem("notebooks/quizzes/01_sample.yml", "-", "rename to .yaml to be loaded")
    ]


def test_validate_bank_on_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "01_sample.yaml"
    path.write_bytes(b"\xff\xfe not utf-8")
    bank, problems = validate_bank(path, root=tmp_path)
    assert bank is None
    assert problems[0].path == "01_sample.yaml" and problems[0].message.startswith("cannot read")


def _course(tmp_path: Path, *sources: Path) -> Path:
    quizzes = tmp_path / "notebooks" / "quizzes"
    quizzes.mkdir(parents=True)
    for src in sources:
        shutil.copy(src, quizzes / src.name)
    return tmp_path


def test_load_bank_by_name(tmp_path: Path) -> None:
    root = _course(tmp_path, FIXTURES / "valid" / "01_sample.yaml")
    bank = load_bank("01_sample", root=root)
    assert bank.path == "notebooks/quizzes/01_sample.yaml"
    assert len(bank.questions) == 4


def test_load_bank_missing_names_the_known_banks(tmp_path: Path) -> None:
    root = _course(tmp_path, FIXTURES / "valid" / "01_sample.yaml")
    expected = r"no quiz bank notebooks/quizzes/09_nope\.yaml.*01_sample"
    with pytest.raises(CourseError, match=expected):
        load_bank("09_nope", root=root)


def test_load_bank_refuses_a_broken_bank_with_the_first_problem(tmp_path: Path) -> None:
    root = _course(tmp_path, BROKEN / "many_problems" / "01_sample.yaml")
    with pytest.raises(CourseError) as info:
        load_bank("01_sample", root=root)
    message = str(info.value)
    assert message.startswith("notebooks/quizzes/01_sample.yaml: ")
    assert "and 3 more; run `runwell check`" in message


def test_load_bank_ignores_problems_in_other_banks(tmp_path: Path) -> None:
    root = _course(tmp_path, FIXTURES / "valid" / "01_sample.yaml")
    (root / "notebooks" / "quizzes" / "02_other.yaml").write_text("lesson: [broken\n")
    assert load_bank("01_sample", root=root).lesson == "01_sample"


def test_authoring_guide_examples_are_valid(tmp_path: Path) -> None:
    """The README's examples of each question type form a valid bank, so the guide cannot rot."""
    import re

    guide = (Path(__file__).resolve().parents[1] / "notebooks" / "quizzes" / "README.md")
    blocks = re.findall(r"```yaml\n(.*?)```", guide.read_text(encoding="utf-8"), re.DOTALL)
    questions = [b for b in blocks if b.lstrip().startswith("- id:")]
    types = {re.search(r"type: (\w+)", q).group(1) for q in questions}  # type: ignore[union-attr]
    assert types == {"single", "multiple", "true_false", "numeric"}
    path = tmp_path / "01_guide.yaml"
    path.write_text("lesson: 01_guide\ntitle: Guide\nquestions:\n" + "".join(questions))
    bank, problems = validate_bank(path, root=tmp_path, guidance_ids=GUIDANCE)
    assert problems == []
    assert bank is not None and len(bank.questions) == 4
