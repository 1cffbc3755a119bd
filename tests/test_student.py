"""Learner versions of the exercises: solution regions stubbed, solution-only cells removed,
outputs cleared; malformed markers refused with ``file: cell N: problem``; the real exercises
leak no solution line."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

import runwell
from runwell import cli
from runwell.errors import CourseError
from runwell.exercises.student import (
    BEGIN,
    END,
    MANIFEST,
    strip_solutions,
    write_student_versions,
)
from runwell.paths import exercise_notebooks

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = exercise_notebooks(ROOT)


def code(source: str, *tags: str, outputs: list | None = None) -> nbformat.NotebookNode:
    cell = v4.new_code_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    if outputs is not None:
        cell.outputs = outputs
        cell.execution_count = 7
    return cell


def notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    nb.cells = list(cells)
    return nb


SOLVED = f"""\
def area(w, h):
    {BEGIN}
    return w * h
    {END}

{BEGIN}
answer = area(2, 3)
{END}
print(answer)"""


def test_regions_become_indented_stubs_and_the_rest_stays():
    nb = notebook(code(SOLVED, "solution"))
    out = strip_solutions(nb, "ex.ipynb")
    assert out.cells[0].source == (
        "def area(w, h):\n"
        "    # YOUR CODE HERE\n"
        "    raise NotImplementedError()\n"
        "\n"
        "# YOUR CODE HERE\n"
        "raise NotImplementedError()\n"
        "print(answer)"
    )
    compile(out.cells[0].source, "learner", "exec")  # still valid Python


def test_strip_is_pure_and_clears_outputs_counts_and_metadata():
    output = v4.new_output("stream", name="stdout", text="6\n")
    cell = code(SOLVED, "solution", outputs=[output])
    cell.metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00Z"}
    cell.metadata["collapsed"] = False
    plain = code("x = 1", outputs=[output])
    nb = notebook(cell, plain, v4.new_markdown_cell("# Title"))
    nb.metadata["widgets"] = {"state": {}}
    nb.metadata["runwell"] = {"minutes": 10, "question": "Why?"}
    before = nbformat.writes(nb)
    out = strip_solutions(nb, "ex.ipynb")
    assert nbformat.writes(nb) == before, "the source notebook must not change"
    for c in out.cells:
        if c.cell_type == "code":
            assert c.outputs == [] and c.execution_count is None
        assert set(c.metadata) <= {"tags", "runwell"}
    assert out.cells[0].metadata["tags"] == ["solution"]
    assert "widgets" not in out.metadata
    assert out.metadata["runwell"] == {"minutes": 10, "question": "Why?"}
    nbformat.validate(out)


def test_solution_only_cells_are_removed():
    nb = notebook(
        v4.new_markdown_cell("Brief"),
        code("model = 42", "solution-only"),
        _tagged_md("The model answer is 42.", "solution-only"),
        code("check()"),
    )
    out = strip_solutions(nb, "ex.ipynb")
    assert [c.source for c in out.cells] == ["Brief", "check()"]


def test_markers_inside_a_solution_only_cell_are_dropped_with_it():
    nb = notebook(code(f"{BEGIN}\nsecret = 1\n{END}", "solution-only"), code("x = 1"))
    out = strip_solutions(nb, "ex.ipynb")
    assert [c.source for c in out.cells] == ["x = 1"]


def _tagged_md(source: str, *tags: str) -> nbformat.NotebookNode:
    cell = v4.new_markdown_cell(source)
    cell.metadata["tags"] = list(tags)
    return cell


MALFORMED = {
    "no END": (code(f"{BEGIN}\nx = 1", "solution"), "without a matching"),
    "nested BEGIN": (code(f"{BEGIN}\n{BEGIN}\nx = 1\n{END}", "solution"), "nested"),
    "END without BEGIN (after a region)": (
        code(f"{BEGIN}\nx = 1\n{END}\n{END}", "solution"),
        "without a",
    ),
    "END without BEGIN (alone)": (code(f"x = 1\n{END}", "solution"), "without a"),
    "BEGIN and END on one line": (code(f"{BEGIN} {END}", "solution"), "on one line"),
    "marker in an untagged code cell": (code(f"{BEGIN}\nx = 1\n{END}"), "not tagged"),
    "marker in an untagged markdown cell": (
        v4.new_markdown_cell(f"{BEGIN}\nanswer\n{END}"),
        "not tagged",
    ),
    "solution tag on a markdown cell": (_tagged_md("answer", "solution"), "code cells"),
    "solution cell without a region": (code("x = 1", "solution"), "no ### BEGIN"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_markers_are_refused_with_file_and_cell(case):
    bad, expected = MALFORMED[case]
    nb = notebook(v4.new_markdown_cell("# Exercise"), code("import math"), bad)
    with pytest.raises(CourseError) as info:
        strip_solutions(nb, Path("exercises/09_broken.ipynb"))
    message = str(info.value)
    assert message.startswith("exercises/09_broken.ipynb: cell 3: "), message
    assert expected in message
    assert "\n" not in message


def _write(path: Path, nb: nbformat.NotebookNode) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb), encoding="utf-8")


def test_write_student_versions_writes_one_notebook_per_exercise(tmp_path):
    _write(tmp_path / "exercises" / "01_one.ipynb", notebook(code(SOLVED, "solution")))
    _write(tmp_path / "exercises" / "02_two.ipynb", notebook(code("print(1)")))
    _write(tmp_path / "exercises" / "notes.ipynb", notebook(code("ignored")))
    out = tmp_path / "build" / "student"
    build = write_student_versions(tmp_path, out)
    assert build.written == [out / "01_one.ipynb", out / "02_two.ipynb"]
    assert build.kept == build.removed == build.unchanged == []
    learner = nbformat.read(out / "01_one.ipynb", as_version=4)
    assert "raise NotImplementedError()" in learner.cells[0].source
    assert "w * h" not in learner.cells[0].source


def test_a_broken_exercise_stops_the_build_and_nothing_is_written(tmp_path):
    _write(tmp_path / "exercises" / "01_good.ipynb", notebook(code(SOLVED, "solution")))
    _write(
        tmp_path / "exercises" / "02_bad.ipynb",
        notebook(code("x = 1"), code(f"{BEGIN}\nx = 2", "solution")),
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / "01_good.ipynb").write_text("previous build", encoding="utf-8")
    with pytest.raises(CourseError, match=r"02_bad\.ipynb: cell 2: line 1: ### BEGIN SOLUTION"):
        write_student_versions(tmp_path, out)
    assert (out / "01_good.ipynb").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in out.iterdir()) == ["01_good.ipynb"]


# ------------------------------------------------------------ rebuilding where learners work


def _course(tmp_path: Path, *names: str) -> Path:
    for name in names:
        _write(tmp_path / "exercises" / name, notebook(code(SOLVED, "solution")))
    return tmp_path / "build" / "student"


def test_a_rebuild_leaves_an_untouched_copy_alone_and_refreshes_it_when_the_exercise_changes(
    tmp_path,
):
    out = _course(tmp_path, "01_one.ipynb")
    write_student_versions(tmp_path, out)
    again = write_student_versions(tmp_path, out)
    assert again.unchanged == [out / "01_one.ipynb"] and again.written == []
    _write(tmp_path / "exercises" / "01_one.ipynb", notebook(code("print('new task')")))
    refreshed = write_student_versions(tmp_path, out)
    assert refreshed.written == [out / "01_one.ipynb"]
    assert "new task" in (out / "01_one.ipynb").read_text(encoding="utf-8")


def test_a_learners_changes_are_never_overwritten(tmp_path, capsys):
    out = _course(tmp_path, "01_one.ipynb")
    write_student_versions(tmp_path, out)
    mine = out / "01_one.ipynb"
    work = mine.read_text(encoding="utf-8").replace("# YOUR CODE HERE", "answer = 6  # mine")
    mine.write_text(work, encoding="utf-8")
    _write(tmp_path / "exercises" / "01_one.ipynb", notebook(code("print('new task')")))
    assert cli.main(["student", "--root", str(tmp_path), "--out", str(out)]) == 0
    assert mine.read_text(encoding="utf-8") == work
    printed = capsys.readouterr().out
    assert "kept " in printed and "01_one.ipynb: not as `runwell student` last wrote it" in printed
    # still kept on the next build: the manifest remembers what was written, not the edit
    assert write_student_versions(tmp_path, out).kept == [mine]
    # once the learner moves it away, a fresh copy arrives
    mine.rename(out / "01_one-mine.ipynb")
    assert write_student_versions(tmp_path, out).written == [mine]
    assert (out / "01_one-mine.ipynb").read_text(encoding="utf-8") == work


def test_a_notebook_the_build_did_not_write_is_kept(tmp_path):
    out = _course(tmp_path, "01_one.ipynb")
    out.mkdir(parents=True)
    (out / "01_one.ipynb").write_text("a learner's own file", encoding="utf-8")
    (out / "notes.ipynb").write_text("not an exercise", encoding="utf-8")
    build = write_student_versions(tmp_path, out)
    assert build.kept == [out / "01_one.ipynb"]
    assert (out / "01_one.ipynb").read_text(encoding="utf-8") == "a learner's own file"
    assert (out / "notes.ipynb").read_text(encoding="utf-8") == "not an exercise"


def test_a_renamed_exercise_leaves_no_stale_copy_unless_it_was_changed(tmp_path, capsys):
    out = _course(tmp_path, "01_one.ipynb", "02_two.ipynb")
    write_student_versions(tmp_path, out)
    edited = out / "02_two.ipynb"
    edited.write_text(edited.read_text(encoding="utf-8") + " ", encoding="utf-8")
    (tmp_path / "exercises" / "01_one.ipynb").rename(tmp_path / "exercises" / "01_first.ipynb")
    (tmp_path / "exercises" / "02_two.ipynb").unlink()
    assert cli.main(["student", "--root", str(tmp_path), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.glob("*.ipynb")) == ["01_first.ipynb", "02_two.ipynb"]
    printed = capsys.readouterr().out
    assert "removed " in printed and "01_one.ipynb: its exercise no longer exists" in printed
    assert "02_two.ipynb: its exercise no longer exists, but it was changed" in printed
    assert "1 learner notebook(s)" in printed


@pytest.mark.parametrize("manifest", ["{not json", '["a list"]', '{"files": 3}'])
def test_a_broken_manifest_is_a_warning_and_keeps_what_is_there(tmp_path, capsys, manifest):
    out = _course(tmp_path, "01_one.ipynb")
    write_student_versions(tmp_path, out)
    (out / MANIFEST).write_text(manifest, encoding="utf-8")
    _write(tmp_path / "exercises" / "01_one.ipynb", notebook(code("print('new task')")))
    before = (out / "01_one.ipynb").read_text(encoding="utf-8")
    assert cli.main(["student", "--root", str(tmp_path), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert (out / "01_one.ipynb").read_text(encoding="utf-8") == before
    assert captured.err.count("\n") == 1 and MANIFEST in captured.err
    assert "existing notebooks are kept" in captured.err and "Traceback" not in captured.err


def test_cli_student_reports_a_broken_exercise_in_one_line(tmp_path, capsys):
    _write(tmp_path / "exercises" / "01_bad.ipynb", notebook(code(f"{END}", "solution")))
    status = cli.main(["student", "--root", str(tmp_path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and "01_bad.ipynb: cell 1:" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_cli_student_without_exercises_is_a_user_error(tmp_path, capsys):
    status = cli.main(["student", "--root", str(tmp_path), "--out", str(tmp_path / "out")])
    assert status == 1
    assert "no exercise notebooks" in capsys.readouterr().err


# ---------------------------------------------------------------------------- real exercises


def _solution_lines(nb: nbformat.NotebookNode) -> set[str]:
    """Non-blank lines inside solution regions (or solution-only cells) that appear nowhere
    else in the notebook: if one of them shows up in the learner version, the answer leaked."""
    inside: set[str] = set()
    outside: set[str] = set()
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        in_region = "solution-only" in tags
        for line in cell.source.splitlines():
            stripped = line.strip()
            if BEGIN in line:
                in_region = True
            elif END in line:
                in_region = "solution-only" in tags
            elif stripped:
                (inside if in_region else outside).add(stripped)
    return inside - outside


def test_there_are_at_least_five_exercises():
    assert len(EXERCISES) >= 5


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_learner_versions_leak_no_solution_line(path, tmp_path):
    source = nbformat.read(path, as_version=4)
    secret = _solution_lines(source)
    assert secret, f"{path.name}: no solution region found"
    learner = strip_solutions(source, path)
    text = "\n".join(cell.source for cell in learner.cells)
    assert BEGIN not in text and END not in text
    leaked = sorted(line for line in secret if line in {x.strip() for x in text.splitlines()})
    assert not leaked, f"{path.name}: solution lines in the learner version: {leaked}"
    assert text.count("raise NotImplementedError()") >= 1
    assert not any(c.get("outputs") for c in learner.cells)
    assert not any("solution-only" in c.metadata.get("tags", []) for c in learner.cells)


def test_runwell_student_writes_every_learner_version(tmp_path):
    out = tmp_path / "student"
    assert cli.main(["student", "--root", str(ROOT), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.glob("*.ipynb")) == [p.name for p in EXERCISES]
    for p in out.glob("*.ipynb"):
        nbformat.validate(nbformat.read(p, as_version=4))


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_exercise_anatomy(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and "objectives" in first.metadata.get("tags", [])
    assert re.match(r"# Exercise \d+: \S", first.source)
    meta = nb.metadata["runwell"]
    assert isinstance(meta["question"], str) and meta["question"].endswith("?")
    assert f"*Time: {meta['minutes']} minutes*" in first.source
    notices = [c for c in nb.cells[:3] if "notice" in c.metadata.get("tags", [])]
    assert notices and runwell.NOTICE in notices[0].source.replace("**", "")
    tagged = [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert tagged and all(c.cell_type == "code" for c in tagged)
    checks = [
        c
        for c in nb.cells
        if c.cell_type == "code"
        and re.search(r"\bcheck_\w+\(", c.source)
        and "solution" not in c.metadata.get("tags", [])
    ]
    assert checks, f"{path.name}: no check cell calling a check_… helper"
