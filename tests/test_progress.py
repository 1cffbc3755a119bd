"""The progress file: format, atomic writes, corrupt files, concurrent writers, CLI, widget."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
from pathlib import Path

import pytest

from runwell import progress
from runwell.errors import CourseError

STATIC = "application/vnd.runwell.static+json"


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
        "format": "runwell-progress", "version": 1, "learner": "", "answers": {}
    }
    assert not path.exists()


def test_record_writes_the_versioned_format(path: Path) -> None:
    progress.record("01_warm_up", "q-one", "Strides", True, time="2024-05-01T10:00:00Z")
    progress.record("01_warm_up", "q-one", "Walking", False, time="2024-05-01T10:01:00Z")
    data = json.loads(path.read_text())
    assert data == {
        "format": "runwell-progress",
        "version": 1,
        "learner": "",
        "answers": {
            "01_warm_up": {
                "q-one": {
                    "answer": "Walking",
                    "correct": False,
                    "time": "2024-05-01T10:01:00Z",
                    "attempts": 2,
                }
            }
        },
    }


def test_record_time_is_utc_iso(path: Path) -> None:
    entry = progress.record("01_warm_up", "q-one", 1.5, True)
    assert entry["time"].endswith("Z") and "T" in entry["time"]


def test_learner_name_is_kept(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format": "runwell-progress", "version": 1,
                                "learner": "Ada", "answers": {}}))
    progress.record("01_warm_up", "q-one", "x", True)
    assert json.loads(path.read_text())["learner"] == "Ada"


def test_write_is_atomic(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    progress.record("01_warm_up", "q-one", "a", True)
    before = path.read_text()

    def crash(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        progress.record("01_warm_up", "q-two", "b", False)
    assert path.read_text() == before  # the old file is whole
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        '{"format": "something-else", "version": 1, "answers": {}}',
        '{"format": "runwell-progress", "version": 1, "answers": []}',
        '{"format": "runwell-progress", "version": 1, "answers": {"01": {"q": {"correct": 3}}}}',
        "\udcff",
    ],
    ids=["broken-json", "list", "other-format", "answers-list", "bad-entry", "not-utf8"],
)
def test_corrupt_file_is_moved_aside_with_one_line(
    path: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path.parent.mkdir(parents=True)
    raw = content.encode("utf-8", "surrogateescape")
    path.write_bytes(raw)
    progress.record("01_warm_up", "q-one", "a", True)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "warning" in err and "started a fresh progress file" in err
    aside = [p for p in path.parent.iterdir() if p.name.startswith("progress.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == raw  # nothing else lost
    assert progress.load()["answers"] == {
        "01_warm_up": {"q-one": {"answer": "a", "correct": True, "attempts": 1,
                                 "time": progress.load()["answers"]["01_warm_up"]["q-one"]["time"]}}
    }


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


def _writer(path: str, worker: int, count: int) -> None:
    for i in range(count):
        progress.record(f"0{worker}_lesson", f"q-{i}", i, i % 2 == 0, path=Path(path))


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
    progress.record("01_warm_up", "a", 1, True)
    progress.record("01_warm_up", "b", 1, False)
    progress.record("02_strength", "c", 1, True)
    assert progress.reset("01_warm_up") == 2
    assert set(progress.load()["answers"]) == {"02_strength"}
    assert progress.reset("09_none") == 0
    assert progress.reset() == 1
    assert progress.load()["answers"] == {}


def test_standing_counts_against_bank_sizes(path: Path) -> None:
    progress.record("01_warm_up", "a", 1, True)
    progress.record("01_warm_up", "b", 1, False)
    rows = progress.standing(progress.load(), {"01_warm_up": 5, "02_strength": 4})
    assert [str(r) for r in rows] == [
        "01_warm_up: 1 of 5 correct (2 answered)",
        "02_strength: 0 of 4 correct (0 answered)",
    ]
    assert [str(r) for r in progress.standing(progress.load(), {})] == [
        "01_warm_up: 1 of 2 correct"
    ]


def args(**kw: object) -> argparse.Namespace:
    return argparse.Namespace(
        **{"reset": None, "learner": None, "yes": False, "json": False, **kw}
    )


def _sizes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "_bank_sizes", lambda: {"01_warm_up": 2, "02_strength": 3})


def test_command_prints_standing_per_lesson(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _sizes(monkeypatch)
    progress.record("01_warm_up", "a", 1, True)
    progress.record("01_warm_up", "b", 1, True)
    assert progress.command(args()) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"progress file: {path}",
        "learner: no name yet (runwell progress --learner NAME)",
        "01_warm_up: 2 of 2 correct",
        "02_strength: 0 of 3 correct (0 answered)",
    ]


def test_command_json(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _sizes(monkeypatch)
    progress.record("01_warm_up", "a", 1, False)
    assert progress.command(args(json=True)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lessons"]["01_warm_up"] == {"correct": 0, "answered": 1, "total": 2}


def test_command_reset_asks_first(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    progress.record("01_warm_up", "a", 1, True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert progress.command(args(reset="all")) == 1
    assert "nothing reset" in capsys.readouterr().out
    assert progress.load()["answers"] != {}
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    assert progress.command(args(reset="01_warm_up")) == 0
    assert "forgot 1 answer" in capsys.readouterr().out
    assert progress.load()["answers"] == {}


def test_command_reset_yes_and_no_terminal(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    progress.record("01_warm_up", "a", 1, True)

    def no_terminal(prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)
    assert progress.command(args(reset="all")) == 1
    assert progress.command(args(reset="all", yes=True)) == 0
    assert progress.load()["answers"] == {}


def test_cli_front_door(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from runwell.cli import main

    progress.record("01_warm_up", "a", 1, True)
    assert main(["progress", "--reset", "--yes"]) == 0
    assert main(["progress"]) == 0
    assert "progress file:" in capsys.readouterr().out


def test_newer_version_is_refused_not_destroyed(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format": "runwell-progress", "version": 99, "answers": {}}))
    # an unknown version is not ours to interpret: it is moved aside, never overwritten in place
    progress.load()
    assert list(path.parent.glob("progress.json.corrupt-*"))


def test_summary_widget(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _sizes(monkeypatch)
    w = progress.summary_widget()
    assert repr(w) == "ProgressSummary()"
    assert w._repr_mimebundle_()[STATIC] == {"widget": "progress"}
    assert "runwell-progress" in w._dom_classes
    assert w.table.value.startswith("<p>No quiz answers saved yet.")
    progress.record("01_warm_up", "a", 1, True)
    w.refresh_button.click()
    assert "<li>01_warm_up: 1 of 2 correct (1 answered)</li>" in w.table.value
    assert w.refresh_button.description == "Refresh" and w.refresh_button.tooltip


def test_lock_timeout_is_a_course_error(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from filelock import FileLock

    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 0.1)
    path.parent.mkdir(parents=True)
    holder = FileLock(str(path) + ".lock")
    with holder, pytest.raises(CourseError, match="busy"):
        _other_process_record(path)  # another process cannot get the lock while we hold it


def _other_process_record(path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        result = pool.apply(_record_or_error, (str(path),))
    if result:
        raise CourseError(result)


def _record_or_error(path: str) -> str:
    progress.LOCK_TIMEOUT = 0.1
    try:
        progress.record("01_warm_up", "a", 1, True, path=Path(path))
    except CourseError as exc:
        return str(exc)
    return ""


# ---------------------------------------------------------------- learner name


def test_cli_learner_name_is_stored_trimmed_and_shown(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from runwell.cli import main

    _sizes(monkeypatch)
    progress.record("01_warm_up", "a", "Strides", True, time="2024-05-01T10:00:00Z")
    assert main(["progress", "--learner", "  Ana María O'Neill  "]) == 0
    assert capsys.readouterr().out == f"learner name set to Ana María O'Neill (in {path})\n"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["learner"] == "Ana María O'Neill"
    assert data["answers"]["01_warm_up"]["a"]["answer"] == "Strides"  # answers kept
    assert main(["progress"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "learner: Ana María O'Neill"
    assert main(["progress", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["learner"] == "Ana María O'Neill"
    assert main(["progress", "--learner", "Ana"]) == 0  # a later name replaces it
    assert progress.load()["learner"] == "Ana"


def test_learner_name_of_80_characters_is_accepted(path: Path) -> None:
    assert progress.set_learner("x" * 80) == "x" * 80
    assert progress.load()["learner"] == "x" * 80


def test_learner_name_waits_for_the_lock(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from filelock import FileLock

    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 0.1)
    path.parent.mkdir(parents=True)
    with FileLock(str(path) + ".lock"), pytest.raises(CourseError, match="busy"):
        progress.set_learner("Ada")
    assert not path.exists()


def test_learner_name_write_is_atomic(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    progress.record("01_warm_up", "q-one", "a", True)
    before = path.read_text()

    def crash(*_a: object, **_k: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(progress, "atomic_write_text", crash)
    with pytest.raises(OSError):
        progress.set_learner("Ada")
    assert path.read_text() == before


@pytest.mark.parametrize(
    "name, why",
    [
        ("", "is empty"),
        ("   \t ", "is empty"),
        ("x" * 81, "is 81 characters long"),
        ("Ana\nrm -rf", "U+000A"),
        ("Ana\x1b[31m", "U+001B"),
        ("Ana\u200bB", "U+200B"),
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


def test_a_stored_name_with_control_characters_prints_on_one_line(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _sizes(monkeypatch)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format": "runwell-progress", "version": 1,
                                "learner": "Eve\nlearner: Mallory", "answers": {}}))
    assert progress.command(args()) == 0
    assert capsys.readouterr().out.splitlines()[1] == "learner: Eve?learner: Mallory"
