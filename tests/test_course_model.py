"""The course model: banks loaded and validated once (every failure mode named, with file and
question id), bounded YAML, choice ids, the display order, caching, bundles, and the rules
`runwell check` applies to the whole course."""

from __future__ import annotations

import ast
import json
import re
import shutil
import time
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from runwell import course
from runwell.check import run_checks
from runwell.course import Bank
from runwell.course.yamlio import MAX_DEPTH, parse_yaml
from runwell.errors import CourseError, Problem
from runwell.paths import bank_dir, data_file

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "runwell"
FIXTURES = Path(__file__).parent / "fixtures" / "quizzes"
BROKEN = FIXTURES / "broken"
BANKS = "notebooks/quizzes"

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
        "02_other.yaml", "q-one", f"duplicate question id (also in {BANKS}/01_sample.yaml)",
    ),
    "no_correct": ("01_sample.yaml", "q-one", "no correct answer"),
    "multiple_no_correct": ("01_sample.yaml", "q-one", "no correct answer"),
    "two_correct_single": ("01_sample.yaml", "q-one", "2 choices marked correct"),
    "true_false_other_choices": (
        "01_sample.yaml", "q-one", "'text' must be True or False in a true/false question",
    ),
    "true_false_three_choices": ("01_sample.yaml", "q-one", "exactly two choices, True and False"),
    "numeric_without_tolerance": ("01_sample.yaml", "q-one", "missing required key 'tolerance'"),
    "numeric_with_choices": (
        "01_sample.yaml", "q-one", "key 'choices' is not used by a numeric question",
    ),
    "unknown_guidance": ("01_sample.yaml", "q-one", "unknown guidance id 'warmup-yoga'"),
    "lesson_mismatch": (
        "01_sample.yaml", "-", "'lesson' is '02_other' but the file is named 01_sample.yaml",
    ),
    "unknown_type": ("01_sample.yaml", "q-one", "'type' must be one of: single, multiple"),
    "no_questions": ("01_sample.yaml", "-", "the bank has no questions"),
    "bad_id": ("01_sample.yaml", "Q One", "'id' must be lower-case words joined by '-'"),
}


def make_course(root: Path, *banks: Path, **texts: str) -> Path:
    """A course folder with these bank files (copied) and bank texts (by stem)."""
    quizzes = root / "notebooks" / "quizzes"
    quizzes.mkdir(parents=True, exist_ok=True)
    for src in banks:
        shutil.copy(src, quizzes / src.name)
    for stem, text in texts.items():
        (quizzes / f"{stem}.yaml").write_text(text, encoding="utf-8")
    return root


def problems_of(root: Path) -> list[Problem]:
    course.clear_cache()
    return list(course.load(root).problems)


# ------------------------------------------------------------------------------ banks


def test_every_broken_fixture_has_a_scenario() -> None:
    folders = {p.name for p in BROKEN.iterdir() if p.is_dir()} - {"many_problems"}
    assert folders == set(SCENARIOS)


def test_schemas_are_valid_json_schemas() -> None:
    for path in sorted(data_file("schemas").glob("*.schema.json")):
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))
    schema = json.loads(data_file("schemas/quiz_bank.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]) == {"lesson", "title", "intro", "shuffle", "questions"}


def test_valid_bank_loads_into_frozen_dataclasses(tmp_path: Path) -> None:
    root = make_course(tmp_path, FIXTURES / "valid" / "01_sample.yaml")
    model = course.load(root)
    assert model.problems == ()
    bank = model.bank("01_sample")
    assert isinstance(bank, Bank)
    assert (bank.lesson, bank.title, bank.path) == ("01_sample", "Warm-up check",
                                                    f"{BANKS}/01_sample.yaml")
    assert [q.type for q in bank.questions] == ["single", "multiple", "true_false", "numeric"]
    single, multiple, true_false, numeric = bank.questions
    assert single.guidance == ("warmup-hamstrings",)
    assert single.correct_ids == {"hamstring-stretch"}
    assert multiple.correct_ids == {"strides", "walking-builds-up"}
    assert [c.id for c in true_false.shown] == ["true", "false"]
    assert (numeric.answer, numeric.tolerance, numeric.unit) == (1.5, 0.5, "cm")
    assert numeric.feedback is not None and numeric.feedback.low.startswith("Too snug")
    with pytest.raises(AttributeError):
        single.text = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_each_failure_mode_is_reported(scenario: str, tmp_path: Path) -> None:
    filename, item, message = SCENARIOS[scenario]
    root = make_course(tmp_path, *sorted((BROKEN / scenario).glob("*.yaml")))
    problems = problems_of(root)
    expected_path = f"{BANKS}/{filename}"
    matching = [
        p for p in problems if p.path == expected_path and p.item == item and message in p.message
    ]
    assert matching, f"expected {expected_path}: {item}: …{message}…, got {problems}"
    for p in problems:  # one line each, short and without Python noise
        assert "\n" not in str(p) and "Traceback" not in str(p) and len(str(p)) < 250


def test_all_problems_are_collected_not_just_the_first(tmp_path: Path) -> None:
    root = make_course(tmp_path, BROKEN / "many_problems" / "01_sample.yaml")
    found = {(p.item, p.message.split(" (")[0]) for p in problems_of(root)}
    assert found == {
        ("-", "unknown key(s): colour"),
        ("q-one", "no correct answer: mark a choice with 'correct: true'"),
        ("q-two", "unknown guidance id 'nope'"),
        ("q-three", "missing required key 'tolerance'"),
    }


def test_broken_questions_are_left_out_and_the_bank_refused_with_its_first_problem(
    tmp_path: Path,
) -> None:
    root = make_course(tmp_path, BROKEN / "many_problems" / "01_sample.yaml")
    model = course.load(root)
    assert model.banks["01_sample"].questions == ()  # every question has a problem
    with pytest.raises(CourseError) as info:
        model.bank("01_sample")
    assert str(info.value).startswith(f"{BANKS}/01_sample.yaml: ")
    assert "and 3 more; run `runwell check`" in str(info.value)


def test_a_broken_bank_does_not_stop_the_others(tmp_path: Path) -> None:
    root = make_course(tmp_path, FIXTURES / "valid" / "01_sample.yaml",
                       **{"02_other": "lesson: [broken\n"})
    model = course.load(root)
    assert model.bank("01_sample").lesson == "01_sample"
    assert list(model.usable_banks) == ["01_sample"]
    with pytest.raises(CourseError, match=r"02_other\.yaml: -: invalid YAML"):
        model.bank("02_other")


def test_missing_bank_names_the_known_banks(tmp_path: Path) -> None:
    root = make_course(tmp_path, FIXTURES / "valid" / "01_sample.yaml")
    expected = r"no quiz bank notebooks/quizzes/09_nope\.yaml.*01_sample"
    with pytest.raises(CourseError, match=expected):
        course.load(root).bank("09_nope")


def test_yml_files_are_flagged(tmp_path: Path) -> None:
    root = make_course(tmp_path)
    shutil.copy(FIXTURES / "valid" / "01_sample.yaml", bank_dir(root) / "01_sample.yml")
    assert problems_of(root) == [
        Problem(f"{BANKS}/01_sample.yml", "-", "rename to .yaml to be loaded")
    ]


def test_unreadable_bank_is_one_problem(tmp_path: Path) -> None:
    root = make_course(tmp_path)
    (bank_dir(root) / "01_sample.yaml").write_bytes(b"\xff\xfe not utf-8")
    (p,) = problems_of(root)
    assert (p.path, p.item) == (f"{BANKS}/01_sample.yaml", "-") and "not UTF-8" in p.message


def test_authoring_guide_examples_are_valid(tmp_path: Path) -> None:
    """The guide's examples of each question type form a valid bank, so the guide cannot rot."""
    guide = ROOT / "notebooks" / "quizzes" / "README.md"
    blocks = re.findall(r"```yaml\n(.*?)```", guide.read_text(encoding="utf-8"), re.DOTALL)
    questions = [b for b in blocks if b.lstrip().startswith("- id:")]
    types = {re.search(r"type: (\w+)", q).group(1) for q in questions}  # type: ignore[union-attr]
    assert types == {"single", "multiple", "true_false", "numeric"}
    root = make_course(tmp_path, **{"01_guide": "lesson: 01_guide\ntitle: Guide\nquestions:\n"
                                    + "".join(questions)})
    model = course.load(root)
    assert model.problems == ()
    assert len(model.bank("01_guide").questions) == 4


# ------------------------------------------------------------------------------ bounded YAML


def test_a_billion_laughs_bank_is_refused_at_once(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 12):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ",".join([f"*{chr(96 + n)}"] * 9) + "]")
    root = make_course(tmp_path, **{"01_bomb": "\n".join(lines) + "\n"})
    start = time.perf_counter()
    (p,) = problems_of(root)
    assert time.perf_counter() - start < 5  # a guard against hanging, not a benchmark
    assert p.path == f"{BANKS}/01_bomb.yaml" and "anchors and aliases" in p.message


def test_deep_nesting_is_refused_without_a_recursion_error(tmp_path: Path) -> None:
    root = make_course(tmp_path, **{"01_deep": "a: " + "[" * 20_000 + "]" * 20_000 + "\n"})
    (p,) = problems_of(root)
    with pytest.raises(CourseError, match=f"nested more than {MAX_DEPTH} levels deep"):
        parse_yaml("a: " + "[" * 40 + "]" * 40 + "\n", "x.yaml")
    assert "nest" in p.message and "Traceback" not in p.message  # ours, or libyaml's limit


def test_a_repeated_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match="the key 'title' appears twice in one mapping"):
        parse_yaml("lesson: 01_x\ntitle: A\ntitle: B\n", "x.yaml")


def test_dates_stay_text() -> None:
    assert parse_yaml("reviewed: 2026-05-01\n", "x.yaml") == {"reviewed": "2026-05-01"}


def test_only_one_module_parses_yaml() -> None:
    importers = sorted(
        str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
        if re.search(r"^\s*(import yaml|from yaml )", p.read_text(encoding="utf-8"), re.M)
    )
    assert importers == ["course/yamlio.py"]


def _module_imports(path: Path) -> set[str]:
    """runwell modules imported at module level (not inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If):  # `if TYPE_CHECKING:` blocks are not imports at run time
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("runwell"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("runwell"))
    return found


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC.parent).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        graph[name] = _module_imports(path)

    def resolve(target: str) -> str | None:
        while target and target not in graph:
            target = target.rpartition(".")[0]
        return target or None

    def parents(name: str) -> set[str]:
        parts = name.split(".")
        return {".".join(parts[:i]) for i in range(1, len(parts))}

    edges = {n: {r for t in ts if (r := resolve(t)) and r != n} for n, ts in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt in parents(node):  # importing a submodule imports its package first: fine
                continue
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt):], nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)


def test_the_learner_path_needs_no_yaml_jinja_or_jsonschema() -> None:
    """What a learner's kernel imports to show a quiz also runs in the browser (Pyodide)."""
    import subprocess
    import sys

    code = (
        "import sys; from runwell import quiz, shoefit; from runwell.quiz import widget, summary;"
        " from runwell import exercises;"
        " bad = [m for m in ('yaml', 'jinja2', 'markupsafe', 'jsonschema') if m in sys.modules];"
        " print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------------------ ids and order


SAMPLE = (FIXTURES / "valid" / "01_sample.yaml").read_text(encoding="utf-8")


def _question(root: Path, text: str, qid: str = "sample-single") -> object:
    course.clear_cache()
    make_course(root, **{"01_sample": text})
    model = course.load(root)
    assert model.problems == (), model.problems
    return model.bank("01_sample").question(qid)


def test_choice_ids_and_order_survive_rewording_and_reordering(tmp_path: Path) -> None:
    before = _question(tmp_path / "a", SAMPLE)
    reworded = SAMPLE.replace("text: Neck rolls", "text: Slow neck circles")
    after = _question(tmp_path / "b", reworded)
    assert [c.id for c in after.shown] == [c.id for c in before.shown]  # type: ignore[attr-defined]
    assert after.choice("neck-rolls").text == "Slow neck circles"  # type: ignore[attr-defined]
    # moving a choice in the file does not move it on screen: the order is the model's
    block = re.search(r"      - id: wrist-circles\n.*?\n.*?\n", SAMPLE).group(0)  # type: ignore[union-attr]
    first = "    choices:\n      - id: hamstring-stretch"
    moved = SAMPLE.replace(block, "").replace(first, "    choices:\n" + block + first[13:], 1)
    assert moved != SAMPLE
    again = _question(tmp_path / "c", moved)
    assert [c.id for c in again.shown] == [c.id for c in before.shown]  # type: ignore[attr-defined]


def test_shuffle_opt_out_keeps_the_written_order(tmp_path: Path) -> None:
    text = SAMPLE.replace("    hint: Think of", "    shuffle: false\n    hint: Think of")
    q = _question(tmp_path, text)
    assert [c.id for c in q.shown] == ["hamstring-stretch", "neck-rolls", "wrist-circles"]  # type: ignore[attr-defined]
    assert q.letter("neck-rolls") == "B"  # type: ignore[attr-defined]


def test_true_false_always_shows_true_then_false(tmp_path: Path) -> None:
    text = SAMPLE.replace('      - text: "True"\n        correct: true\n        feedback: That is '
                          'what static means here.\n', "")
    text = text.replace('        feedback: They are held still, in one position.\n',
                        '        feedback: They are held still, in one position.\n'
                        '      - text: "True"\n        correct: true\n        feedback: Yes.\n', 1)
    q = _question(tmp_path, text, "sample-true-false")
    assert [c.text for c in q.shown] == ["True", "False"]  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------ caching, bundles


def test_the_model_is_cached_and_reloaded_when_a_file_changes(tmp_path: Path) -> None:
    root = make_course(tmp_path, FIXTURES / "valid" / "01_sample.yaml")
    first = course.load(root)
    assert course.load(root) is first
    path = bank_dir(root) / "01_sample.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Warm-up check", "Warm-ups"),
                    encoding="utf-8")
    assert course.load(root).bank("01_sample").title == "Warm-ups"


def test_a_clean_course_is_cached_on_disk_and_read_back_without_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUNWELL_CACHE", str(tmp_path / "cache"))
    root = make_course(tmp_path / "c", FIXTURES / "valid" / "01_sample.yaml")
    first = course.load(root)
    assert len(list((tmp_path / "cache").glob("course-*.json"))) == 1
    course.clear_cache()
    import runwell.course.build as build

    def no_validation(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(build, "schema_problems", no_validation)
    assert course.load(root).banks == first.banks


def test_a_course_with_problems_is_never_cached(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNWELL_CACHE", str(tmp_path / "cache"))
    root = make_course(tmp_path / "c", BROKEN / "no_correct" / "01_sample.yaml")
    assert course.load(root).problems
    assert not list((tmp_path / "cache").glob("course-*.json"))


def test_a_damaged_cache_entry_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNWELL_CACHE", str(tmp_path / "cache"))
    root = make_course(tmp_path / "c", FIXTURES / "valid" / "01_sample.yaml")
    course.load(root)
    (entry,) = (tmp_path / "cache").glob("course-*.json")
    entry.write_text('{"format": "runwell-course", "version": 1, "lang": "en", "banks": 3}')
    course.clear_cache()
    assert course.load(root).bank("01_sample").title == "Warm-up check"


def test_an_unwritable_cache_only_means_no_cache(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("RUNWELL_CACHE", str(blocker / "cache"))
    root = make_course(tmp_path / "c", FIXTURES / "valid" / "01_sample.yaml")
    assert course.load(root).bank("01_sample").lesson == "01_sample"


def test_bundle_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = course.load(ROOT)
    data = json.loads(json.dumps(course.bundle(ROOT)))
    again = course.from_bundle(data)
    assert again.banks == real.banks and again.guidance == real.guidance
    assert again.tables == real.tables and again.shoefit == real.shoefit
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("RUNWELL_COURSE_BUNDLE", str(path))
    assert course.load().banks == real.banks
    with pytest.raises(CourseError, match="not a runwell course bundle"):
        course.from_bundle({"format": "other"})


# ------------------------------------------------------------------------------ whole-course rules


ALWAYS_FIRST = """\
lesson: 00_planted
title: Planted
shuffle: false
questions:
""" + "".join(
    f"""  - id: planted-{n}
    type: single
    text: Question {n}?
    guidance: [warmup-why]
    choices:
      - {{id: right, text: Right {n}, correct: true, feedback: Yes.}}
      - {{id: wrong, text: Wrong {n}, feedback: No.}}
      - {{id: other, text: Other {n}, feedback: No.}}
"""
    for n in range(30)
) + """  - id: planted-multi
    type: multiple
    text: Which?
    guidance: [warmup-why]
    choices:
      - {id: one, text: One, correct: true, feedback: Yes.}
      - {id: two, text: Two, correct: true, feedback: Yes.}
      - {id: three, text: Three, feedback: No.}
"""


def test_check_fails_on_a_bank_whose_answers_are_always_first(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    (root / "notebooks" / "quizzes" / "00_planted.yaml").write_text(ALWAYS_FIRST)
    report = run_checks(root)
    messages = [str(p) for p in report.problems]
    assert any("position A: " in m and "at most 40% may share a position" in m for m in messages)
    assert any("planted-multi: the key is every choice but the last" in m for m in messages)
    # the shuffled real banks, in the same course, are fine: only the plant is reported
    assert all("planted" in m or "position A" in m or "00_planted" in m for m in messages)


def test_the_real_course_passes_check_and_its_keys_are_spread() -> None:
    report = run_checks(ROOT)
    assert report.problems == [], "\n".join(map(str, report.problems))
