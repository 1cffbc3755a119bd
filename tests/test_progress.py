"""The progress file: format 2 by choice id, the version-1 migration, re-grading, atomic writes,
corrupt and hostile files, concurrent writers, the command line."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

from runwell import course, progress
from runwell.errors import CourseError
from runwell.progress import cli, store
from runwell.progress.document import ProgressError, migrate, parse
from runwell.progress.standing import standing

ROOT = Path(__file__).resolve().parents[1]
V1 = Path(__file__).parent / "fixtures" / "progress" / "v1_made_by_runwell_0.1.0.json"


@pytest.fixture
def path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    p = tmp_path / "data" / "progress.json"
    monkeypatch.setenv("RUNWELL_PROGRESS", str(p))
    return p


def test_env_overrides_the_path(path: Path) -> None:
    assert progress.progress_path() == path


def test_default_path_is_in_the_user_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RUNWELL_PROGRESS", raising=False)
    default = progress.progress_path()
    assert default.name == "progress.json" and "runwell" in default.parts


def test_missing_file_is_an_empty_progress(path: Path) -> None:
    assert progress.load() == {
        "format": "runwell-progress", "version": 2, "learner": "", "answers": {}
    }
    assert not path.exists()


def test_record_writes_choice_ids_not_words(path: Path) -> None:
    progress.record("01_warm_up", "q-one", ("strides",), time="2024-05-01T10:00:00Z")
    progress.record("01_warm_up", "q-one", ("walk-to-jog",), time="2024-05-01T10:01:00Z")
    progress.record("01_warm_up", "q-two", 1.5, time="2024-05-01T10:02:00Z")
    assert json.loads(path.read_text()) == {
        "format": "runwell-progress",
        "version": 2,
        "learner": "",
        "answers": {
            "01_warm_up": {
                "q-one": {"answer": ["walk-to-jog"], "time": "2024-05-01T10:01:00Z",
                          "attempts": 2},
                "q-two": {"answer": 1.5, "time": "2024-05-01T10:02:00Z", "attempts": 1},
            }
        },
    }


def test_record_time_is_utc_iso(path: Path) -> None:
    entry = progress.record("01_warm_up", "q-one", 1.5)
    assert entry["time"].endswith("Z") and "T" in entry["time"]


def test_learner_name_is_kept(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format": "runwell-progress", "version": 2,
                                "learner": "Ada", "answers": {}}))
    progress.record("01_warm_up", "q-one", ("x",))
    assert json.loads(path.read_text())["learner"] == "Ada"


def test_write_is_atomic(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    progress.record("01_warm_up", "q-one", ("a",))
    before = path.read_text()

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(CourseError, match="cannot save your progress"):
        progress.record("01_warm_up", "q-two", ("b",))
    assert path.read_text() == before  # the old file is whole
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_an_interrupted_write_is_swept_up_by_the_next(path: Path) -> None:
    progress.record("01_warm_up", "q-one", ("a",))
    stale = path.parent / f".{path.name}.abc123.tmp"  # what kill -9 mid-write leaves
    stale.write_text("half a fi")
    other = path.parent / "notes.tmp"  # not ours: never touched
    other.write_text("mine")
    progress.record("01_warm_up", "q-two", ("b",))
    assert not stale.exists() and other.read_text() == "mine"


# ---------------------------------------------------------------- version 1: migrated on read


def test_a_real_version_1_file_loses_no_answer(tmp_path: Path) -> None:
    v1 = json.loads(V1.read_text(encoding="utf-8"))
    path = tmp_path / "progress.json"
    shutil.copy(V1, path)
    data = progress.load(path)
    assert data["version"] == 2 and "legacy" not in data
    assert data["learner"] == v1["learner"]
    table = json.loads((ROOT / "src/runwell/data/progress_v1_choices.json").read_text())["choices"]
    count = 0
    for lesson, entries in v1["answers"].items():
        for qid, old in entries.items():
            new = data["answers"][lesson][qid]
            count += 1
            assert new["attempts"] == old["attempts"] and new["time"] == old["time"]
            if isinstance(old["answer"], (int, float)):
                assert new["answer"] == old["answer"]
                continue
            texts = old["answer"] if isinstance(old["answer"], list) else [old["answer"]]
            known = table.get(qid, {"True": "true", "False": "false"})
            assert sorted(new["answer"]) == sorted(known[t] for t in texts), qid
    assert count == 49
    assert path.read_bytes() == V1.read_bytes()  # read, never moved aside or rewritten


def test_a_version_1_file_is_saved_as_version_2_on_the_next_answer(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    shutil.copy(V1, path)
    before = progress.load(path)["answers"]
    progress.record("06_review", "review-repetition", ("true",), path=path)
    after = json.loads(path.read_text(encoding="utf-8"))
    assert after["version"] == 2 and not list(tmp_path.glob("*.corrupt-*"))
    before["06_review"].pop("review-repetition")
    after["answers"]["06_review"].pop("review-repetition")
    assert after["answers"] == before  # every other answer kept exactly


def test_the_v1_standing_matches_what_v1_recorded() -> None:
    """Graded against today's banks, each migrated answer is right exactly when version 1 said
    so, except where a bank's key was corrected since (then the new key wins)."""
    v1 = json.loads(V1.read_text(encoding="utf-8"))
    model = course.load(ROOT)
    data = migrate(parse(V1.read_bytes()), model)
    from runwell.progress.standing import graded_answer

    agree = 0
    for lesson, entries in v1["answers"].items():
        for qid, old in entries.items():
            q = model.question(lesson, qid)
            if q is None:
                continue
            result = graded_answer(q, data["answers"][lesson][qid])
            if isinstance(result, str):
                continue  # its choice was replaced: reported as not counted, never wrongly graded
            agree += result.correct == old["correct"]
    assert agree >= 40


def test_unknown_v1_texts_are_kept_verbatim_as_legacy(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"format": "runwell-progress", "version": 1, "learner": "",
                                "answers": {"01_warm_up": {
                                    "warmup-purpose": {"answer": "A text nobody wrote",
                                                       "correct": True, "attempts": 3},
                                    "warmup-walk-then-jog": {"answer": "False",
                                                             "correct": True}}}}))
    data = progress.load(path)
    assert data["answers"] == {"01_warm_up": {"warmup-walk-then-jog": {"answer": ["false"]}}}
    assert data["legacy"]["01_warm_up"]["warmup-purpose"]["answer"] == "A text nobody wrote"
    _rows, orphans = standing(data, course.load(ROOT))
    assert [str(o) for o in orphans] == [
        "01_warm_up: warmup-purpose: an answer from an older version that matches no choice"
    ]
    progress.record("01_warm_up", "warmup-purpose", ("eases-aches-pains",), path=path)
    assert "legacy" not in json.loads(path.read_text())  # answered afresh: superseded


# ---------------------------------------------------------------- standing: re-graded


def test_standing_regrades_against_the_current_banks(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(ROOT / "notebooks" / "quizzes", root / "notebooks" / "quizzes")
    data = {"answers": {"03_supportive_shoes": {"shoes-heel-snug": {"answer": ["snug-but-not"]},
                                                "shoes-gone": {"answer": ["x"]}},
                        "99_old": {"q": {"answer": 1}}}}
    rows, orphans = standing(data, course.load(root))
    shoes = next(r for r in rows if r.lesson == "03_supportive_shoes")
    assert (shoes.correct, shoes.answered) == (1, 1)
    assert {str(o) for o in orphans} == {
        "03_supportive_shoes: shoes-gone: no such question in the lesson's quiz",
        "99_old: q: no such lesson in the course",
    }
    # the instructor corrects the key: the same stored answer is now wrong
    bank = root / "notebooks" / "quizzes" / "03_supportive_shoes.yaml"
    text = bank.read_text(encoding="utf-8")
    start = text.index("  - id: shoes-heel-snug")
    part = text[start:].replace("        correct: true\n", "", 1)
    part = part.replace("        text: As tight as possible\n",
                        "        text: As tight as possible\n        correct: true\n", 1)
    bank.write_text(text[:start] + part, encoding="utf-8")
    course.clear_cache()
    rows, _ = standing(data, course.load(root))
    shoes = next(r for r in rows if r.lesson == "03_supportive_shoes")
    assert (shoes.correct, shoes.answered) == (0, 1)


def test_an_answer_whose_choice_was_removed_is_reported_not_counted() -> None:
    data = {"answers": {"03_supportive_shoes": {"shoes-heel-snug": {"answer": ["wobbly"]}}}}
    rows, orphans = standing(data, course.load(ROOT))
    assert next(r for r in rows if r.lesson == "03_supportive_shoes").answered == 0
    assert [o.reason for o in orphans] == [
        "a chosen answer is no longer one of the question's choices"
    ]


# ---------------------------------------------------------------- corrupt and hostile files


@pytest.mark.parametrize(
    "content, why",
    [
        ("{not json", "not valid JSON"),
        ("[]", "not a runwell progress file"),
        ('{"format": "something-else", "version": 2, "answers": {}}', "not a runwell progress"),
        ('{"format": "runwell-progress", "version": 2, "answers": []}', "'answers' is not"),
        ('{"format": "runwell-progress", "version": 2, "answers": {"01_x": {"q": {"answer": '
         '{"a": 1}}}}}', "'answer' is not an answer"),
        ('{"format": "runwell-progress", "version": 1, "answers": {"01": {"q": {"correct": 3}}}}',
         "'correct' is missing"),
        ("\udcff", "not UTF-8"),
        ('{"format": "runwell-progress", "version": 2, "answers": ' + "[" * 100_000
         + "]" * 100_000 + "}", "nested more than"),
        ('{"format": "runwell-progress", "version": 2, "answers": {"01_x": {"q": {"answer": ["a"],'
         ' "attempts": ' + "9" * 5000 + "}}}}", "digits"),
        ('{"format": "runwell-progress", "version": 2, "answers": {"01_x": {"q": {"answer": 1e999'
         "}}}}", "too large"),
        ('{"format": "runwell-progress", "version": 2, "answers": {"01_x": {"q": {"answer": NaN'
         "}}}}", "NaN"),
        ('{"format": "runwell-progress", "version": 2, "answers": {"\\u001b]0;pwn\\u0007": {}}}',
         "a lesson name is not an id"),
    ],
    ids=["broken-json", "list", "other-format", "answers-list", "bad-answer", "bad-v1-entry",
         "not-utf8", "deep", "huge-int", "huge-float", "nan", "escape-in-key"],
)
def test_corrupt_file_is_moved_aside_with_one_line(
    path: Path, content: str, why: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path.parent.mkdir(parents=True)
    raw = content.encode("utf-8", "surrogateescape")
    path.write_bytes(raw)
    with pytest.raises(ProgressError, match=why):
        parse(raw)
    progress.record("01_warm_up", "q-one", ("a",))
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "warning" in err and "started a fresh progress file" in err
    assert "\x1b" not in err
    aside = [p for p in path.parent.iterdir() if p.name.startswith("progress.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == raw  # nothing else lost
    assert progress.load()["answers"]["01_warm_up"]["q-one"]["answer"] == ["a"]


def test_two_corrupt_files_in_a_row_are_both_kept(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path.parent.mkdir(parents=True)
    for n in range(2):
        path.write_text(f"{{broken {n}")
        progress.load()
    kept = sorted(p.read_text() for p in path.parent.glob("progress.json.corrupt-*"))
    assert kept == ["{broken 0", "{broken 1"]
    assert capsys.readouterr().err.count("\n") == 2


def test_a_file_from_a_newer_runwell_is_kept_and_not_overwritten(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path.parent.mkdir(parents=True)
    newer = json.dumps({"format": "runwell-progress", "version": 99, "answers": {}})
    path.write_text(newer)
    with pytest.raises(CourseError, match="written by a newer runwell"):
        progress.load()
    with pytest.raises(CourseError, match="your answers there are kept"):
        progress.record("01_warm_up", "q-one", ("a",))
    assert path.read_text() == newer and not list(path.parent.glob("*.corrupt-*"))


def test_viewing_writes_nothing_not_even_a_lock_file(tmp_path: Path) -> None:
    """So `runwell progress` works in a read-only folder (the lock is for changes only)."""
    folder = tmp_path / "ro"
    path = folder / "progress.json"
    progress.record("01_warm_up", "q-one", ("a",), path=path)
    (folder / "progress.json.lock").unlink(missing_ok=True)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert progress.load(path)["answers"]["01_warm_up"]["q-one"]["answer"] == ["a"]
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def test_a_save_the_system_refuses_is_one_line_and_keeps_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    path = tmp_path / "progress.json"
    progress.record("01_warm_up", "q-one", ("a",), path=path)
    before = path.read_bytes()

    def refused(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(CourseError) as info:
        progress.record("01_warm_up", "q-two", ("b",), path=path)
    assert str(info.value) == (f"{path}: cannot save your progress "
                               "(permission denied)")
    assert path.read_bytes() == before


def test_progress_under_a_file_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    path = blocker / "progress.json"
    assert progress.load(path)["answers"] == {}  # nothing can be saved there: nothing to read
    with pytest.raises(CourseError, match=r"blocker is a file, not a folder"):
        progress.record("01_warm_up", "q", ("a",), path=path)


def _writer(path: str, worker: int, count: int) -> None:
    for i in range(count):
        progress.record(f"0{worker}_lesson", f"q-{i}", float(i), path=Path(path))


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(str(path), w, 20)) for w in (1, 2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    answers = progress.load(path)["answers"]
    assert sum(len(v) for v in answers.values()) == 40
    assert set(answers) == {"01_lesson", "02_lesson"}


def test_reset_one_lesson_or_all(path: Path) -> None:
    assert progress.reset() == 0 and not path.exists()  # nothing saved: nothing written
    progress.record("01_warm_up", "a", 1.0)
    progress.record("01_warm_up", "b", 1.0)
    progress.record("02_strength", "c", 1.0)
    assert progress.reset("01_warm_up") == 2
    assert set(progress.load()["answers"]) == {"02_strength"}
    assert progress.reset("09_none") == 0
    assert progress.reset() == 1
    assert progress.load()["answers"] == {}


def test_lock_timeout_is_a_course_error(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from filelock import FileLock

    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.1)
    path.parent.mkdir(parents=True)
    with FileLock(str(path) + ".lock"), pytest.raises(CourseError, match="busy"):
        progress.set_learner("Ada")
    assert not path.exists()


# ---------------------------------------------------------------- the command


def args(**kw: object) -> argparse.Namespace:
    return argparse.Namespace(**{"reset": None, "learner": None, "yes": False, "json": False, **kw})


def test_command_prints_the_regraded_standing_per_lesson(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    progress.record("03_supportive_shoes", "shoes-heel-snug", ("snug-but-not",))
    progress.record("03_supportive_shoes", "shoes-why-room", ("make-shoe-lighter",))
    assert cli.command(args()) == 0
    out = capsys.readouterr().out.splitlines()
    total = len(course.load(ROOT).bank("03_supportive_shoes").questions)
    assert out[:2] == [f"progress file: {path}",
                       "learner: no name yet (runwell progress --learner NAME)"]
    assert f"03_supportive_shoes: 1 of {total} correct (2 answered)" in out
    assert len([line for line in out if " correct" in line]) == 7  # every lesson, answered or not


def test_command_json_follows_the_contract(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    progress.record("03_supportive_shoes", "shoes-heel-snug", ("loose-heel-lift",))
    progress.record("03_supportive_shoes", "shoes-old", ("x",))
    assert cli.command(args(json=True)) == 0
    data = json.loads(capsys.readouterr().out)
    total = len(course.load(ROOT).bank("03_supportive_shoes").questions)
    assert data["learner"] == ""
    assert data["lessons"]["03_supportive_shoes"] == {"correct": 0, "answered": 1, "total": total}
    assert data["orphans"] == [{"lesson": "03_supportive_shoes", "question": "shoes-old",
                                "reason": "no such question in the lesson's quiz"}]


def test_command_reset_asks_first(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    progress.record("01_warm_up", "a", 1.0)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert cli.command(args(reset="all")) == 1
    assert "nothing reset" in capsys.readouterr().out
    assert progress.load()["answers"] != {}
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    assert cli.command(args(reset="01_warm_up")) == 0
    assert "forgot 1 answer" in capsys.readouterr().out
    assert progress.load()["answers"] == {}


def test_command_reset_yes_and_no_terminal(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    progress.record("01_warm_up", "a", 1.0)

    def no_terminal(prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)
    assert cli.command(args(reset="all")) == 1
    assert cli.command(args(reset="all", yes=True)) == 0
    assert progress.load()["answers"] == {}


def test_cli_front_door(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from runwell.cli import main

    progress.record("01_warm_up", "a", 1.0)
    assert main(["progress", "--reset", "--yes"]) == 0
    assert main(["progress"]) == 0
    assert "progress file:" in capsys.readouterr().out


# ---------------------------------------------------------------- learner name


def test_cli_learner_name_is_stored_trimmed_and_shown(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from runwell.cli import main

    progress.record("01_warm_up", "a", ("strides",), time="2024-05-01T10:00:00Z")
    assert main(["progress", "--learner", "  Ana María O'Neill  "]) == 0
    assert capsys.readouterr().out == f"learner name set to Ana María O'Neill (in {path})\n"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["learner"] == "Ana María O'Neill"
    assert data["answers"]["01_warm_up"]["a"]["answer"] == ["strides"]  # answers kept
    assert main(["progress"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "learner: Ana María O'Neill"
    assert main(["progress", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["learner"] == "Ana María O'Neill"
    assert main(["progress", "--learner", "Ana"]) == 0  # a later name replaces it
    assert progress.load()["learner"] == "Ana"


@pytest.mark.parametrize("name", [
    "x" * 80,
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian with a ZWNJ
    "Ana\u00a0Lucía",  # a no-break space
    "\U0001f469\u200d\U0001f3eb Ms Kay",  # an emoji joined with ZWJ
])
def test_legitimate_learner_names_are_accepted(path: Path, name: str) -> None:
    assert progress.set_learner(name) == name
    assert progress.load()["learner"] == name


@pytest.mark.parametrize(
    "name, why",
    [
        ("", "is empty"),
        ("   \t ", "is empty"),
        ("x" * 81, "is 81 characters long"),
        ("Ana\nrm -rf", "U+000A"),
        ("Ana\x1b[31m", "U+001B"),
        ("Ana\u200bB", "U+200B"),
        ("Ana\u202eevil", "U+202E"),
        ("Ana\x9b31m", "U+009B"),
    ],
)
def test_cli_refuses_a_bad_learner_name_in_one_line(
    path: Path, capsys: pytest.CaptureFixture[str], name: str, why: str
) -> None:
    from runwell.cli import main

    progress.set_learner("Before")
    before = path.read_bytes()
    assert main(["progress", f"--learner={name}"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("runwell progress: ")
    assert why in captured.err and "1 to 80 printable characters" in captured.err
    assert path.read_bytes() == before  # nothing written


def test_learner_and_reset_are_not_combined(capsys: pytest.CaptureFixture[str]) -> None:
    from runwell.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["progress", "--learner", "Ana", "--reset", "--yes"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_stored_name_with_escape_codes_prints_on_one_safe_line(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format": "runwell-progress", "version": 2,
                                "learner": "Eve\nlearner: Mallory\x1b]0;pwned\x07", "answers": {}}))
    assert cli.command(args()) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert line == "learner: Eve?learner: Mallory?]0;pwned?"
