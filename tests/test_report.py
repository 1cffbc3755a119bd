"""The class report: `python -m runwell report FILES… [--csv OUT] [--html OUT]`."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runwell import NOTICE
from runwell.cli import main
from runwell.report import (
    build_report,
    course_questions,
    html_page,
    load_learner_file,
    questions_csv,
    read_files,
)

ROOT = Path(__file__).resolve().parents[1]


def progress(answers: dict[str, dict[str, tuple[bool, int]]], learner: str | None = None) -> dict:
    data: dict[str, Any] = {
        "format": "runwell-progress",
        "version": 1,
        "answers": {
            lesson: {
                qid: {"answer": 0, "correct": ok, "time": f"2025-01-0{tries}T10:00:00Z",
                      "attempts": tries}
                for qid, (ok, tries) in qs.items()
            }
            for lesson, qs in answers.items()
        },
    }
    if learner is not None:
        data["learner"] = learner
    return data


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


@pytest.fixture
def klass(tmp_path: Path) -> list[Path]:
    """Three learners; q2 of the review is the one the class misses."""
    return [
        write(tmp_path / "ana.json", progress(
            {"06_review": {"q1": (True, 1), "q2": (False, 2)}, "01_warm_up": {"w1": (True, 1)}},
            learner="Ana",
        )),
        write(tmp_path / "ben.json", progress({"06_review": {"q1": (True, 3), "q2": (False, 1)}})),
        write(tmp_path / "cy.json", progress({"06_review": {"q2": (True, 1)}}, learner="")),
    ]


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main(["report", *map(str, argv)])
    out, err = capsys.readouterr()
    return status, out, err


def test_per_question_and_per_learner_tables(klass: list[Path]) -> None:
    files, skipped = read_files(klass)
    report = build_report(files, skipped)
    assert skipped == []
    rows = {(q.lesson, q.question): (q.answered, q.correct, q.attempts) for q in report.questions}
    assert rows == {
        ("01_warm_up", "w1"): (1, 1, 1),
        ("06_review", "q1"): (2, 2, 4),
        ("06_review", "q2"): (3, 1, 4),
    }
    q2 = next(q for q in report.questions if q.question == "q2")
    assert q2.percent_correct == pytest.approx(100 / 3)
    learners = {s.learner: (s.answered, s.correct, s.lessons, s.last_answer)
                for s in report.learners}
    # the name comes from the "learner" field, else (missing or blank) from the file name
    assert learners == {
        "Ana": (3, 2, 2, "2025-01-02T10:00:00Z"),
        "ben": (2, 1, 1, "2025-01-03T10:00:00Z"),
        "cy": (1, 1, 1, "2025-01-01T10:00:00Z"),
    }
    assert [q.question for q in report.most_missed()] == ["q2"]  # q1, w1: nobody missed them


def test_cli_prints_tables_and_writes_csv(klass: list[Path], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out_csv = tmp_path / "out" / "class.csv"
    status, out, err = run(capsys, *klass, "--csv", out_csv)
    assert status == 0
    assert "Per question" in out and "Per learner" in out
    assert re.search(r"06_review\s+q2\s+3\s+1\s+33\.3", out)
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert [(r["lesson"], r["question"], r["answered"], r["correct"], r["percent_correct"])
            for r in rows] == [
        ("01_warm_up", "w1", "1", "1", "100.0"),
        ("06_review", "q1", "2", "2", "100.0"),
        ("06_review", "q2", "3", "1", "33.3"),
    ]
    per_learner = list(csv.DictReader(
        io.StringIO((tmp_path / "out" / "class-learners.csv").read_text(encoding="utf-8"))))
    assert [(r["learner"], r["answered"], r["correct"]) for r in per_learner] == [
        ("Ana", "3", "2"), ("ben", "2", "1"), ("cy", "1", "1")]
    assert "wrote" in err


BAD_FILES = {
    "notes.json": ({"todo": []}, "not a runwell progress file"),
    "list.json": ([1, 2], "not a runwell progress file"),
    "truncated.json": ('{"format": "runwell-progress", "vers', "not JSON"),
    "latin1.json": (None, "not UTF-8"),
    "future.json": ({"format": "runwell-progress", "version": 9, "answers": {}},
                    "unsupported progress file version 9"),
    "answers.json": ({"format": "runwell-progress", "version": 1, "answers": []},
                     "'answers' is not an object"),
    "correct.json": ({"format": "runwell-progress", "version": 1,
                      "answers": {"06_review": {"q1": {"correct": "yes"}}}},
                     "answers.06_review.q1: 'correct' is missing or not true/false"),
    "attempts.json": ({"format": "runwell-progress", "version": 1,
                       "answers": {"06_review": {"q1": {"correct": True, "attempts": -1}}}},
                      "answers.06_review.q1: 'attempts'"),
    "name.json": ({"format": "runwell-progress", "version": 1, "learner": 7, "answers": {}},
                  "'learner' is not a string"),
}


def test_malformed_and_foreign_files_are_skipped_with_one_line_each(
    klass: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = []
    for name, (content, _) in BAD_FILES.items():
        path = tmp_path / "bad" / name
        path.parent.mkdir(exist_ok=True)
        if content is None:
            path.write_bytes(b'{"learner": "Jos\xe9"}')
        else:
            write(path, content)
        bad.append(path)
    before = {p: p.read_bytes() for p in bad}
    status, out, err = run(capsys, *klass, *bad, tmp_path / "missing.json")
    assert status == 0
    lines = [line for line in err.splitlines() if "skipped" in line]
    assert len(lines) == len(BAD_FILES) + 1
    for name, (_, reason) in BAD_FILES.items():
        line = next(line for line in lines if f"{name}: skipped:" in line)
        assert reason in line, line
    assert any("missing.json: skipped: no such file" in line for line in lines)
    assert "Traceback" not in err
    assert "3 learners" in out
    # reading only: learners' files are never changed, moved aside or "repaired"
    assert {p: p.read_bytes() for p in bad} == before
    assert sorted(p.name for p in (tmp_path / "bad").iterdir()) == sorted(BAD_FILES)


def test_no_readable_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, write(tmp_path / "x.json", {"a": 1}))
    assert status == 1
    assert out == ""
    assert err.splitlines()[-1] == "runwell report: no readable progress file among the 1 given"


def test_folders_expand_and_duplicate_names_are_told_apart(tmp_path: Path) -> None:
    # collected from JupyterHub home folders: every file is called progress.json
    for user in ("u1", "u2"):
        (tmp_path / user).mkdir()
        write(tmp_path / user / "progress.json", progress({"06_review": {"q1": (True, 1)}}))
    files, skipped = read_files([tmp_path, tmp_path / "u1" / "progress.json"])
    assert len(files) == 2 and skipped == []  # the file named twice is read once
    names = [s.learner for s in build_report(files).learners]
    assert len(set(names)) == 2
    assert all(n.startswith("progress (") for n in names)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_page_is_accessible_self_contained_and_escaped(
    klass: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(klass[0], progress({"06_review": {"q2": (False, 1)}}, learner="<script>x</script>"))
    out_html = tmp_path / "report.html"
    status, _, _ = run(capsys, *klass, "--html", out_html)
    assert status == 0
    page = out_html.read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(page)
    tags = [t for t, _ in parsed.tags]
    assert "script" not in tags and "<script>x" not in page  # escaped, and no JavaScript
    assert not re.search(r"(src|href)=", page)  # nothing fetched from anywhere
    assert re.findall(r"https?://[^\s\"']+", page) == ["http://www.w3.org/2000/svg"]
    assert "<title>Running Without Back Pain: class report</title>" in page
    svg = next(a for t, a in parsed.tags if t == "svg")
    assert svg["role"] == "img" and svg["aria-labelledby"] == "chart-title chart-desc"
    assert re.search(r'<desc id="chart-desc">06_review q2: 2 of 3 missed', page)
    # the chart's figures are also in a table (the fallback for screen readers and print)
    assert "<caption>Most-missed questions</caption>" in page
    assert tags.count("table") == 3 and ("th", {"scope": "col"}) in parsed.tags
    assert NOTICE in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_html_without_misses_has_no_chart(tmp_path: Path) -> None:
    files, _ = read_files([write(tmp_path / "a.json", progress({"06_review": {"q": (True, 1)}}))])
    page = html_page(build_report(files))
    assert "<svg" not in page and "nothing to chart" in page


def test_chart_shows_the_worst_ten_worst_first(tmp_path: Path) -> None:
    qs = {f"q{k:02d}": (False, 1) for k in range(15)}
    qs.update({"easy": (True, 1)})
    learners = [write(tmp_path / f"l{n}.json", progress(
        {"06_review": {q: (ok or n < int(q[1:]) if q != "easy" else True, 1)
                       for q, (ok, _) in qs.items()}}))
        for n in range(15)]
    files, _ = read_files(learners)
    worst = build_report(files).most_missed()
    assert [q.question for q in worst] == [f"q{k:02d}" for k in range(10)]
    page = html_page(build_report(files))
    assert page.count('class="bar"') == 10


records = st.dictionaries(
    st.sampled_from(["00_welcome", "03_supportive_shoes", "06_review"]),
    st.dictionaries(st.text("abc-", min_size=1, max_size=3),
                    st.tuples(st.booleans(), st.integers(1, 5)), max_size=4),
    max_size=3,
)


@settings(max_examples=40, deadline=None)
@given(st.lists(records, min_size=1, max_size=6))
def test_totals_agree_between_the_two_tables(class_answers: list[dict]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        paths = [write(Path(tmp) / f"{n}.json", progress(a)) for n, a in enumerate(class_answers)]
        report = build_report([load_learner_file(p) for p in paths])
    assert sum(q.answered for q in report.questions) == sum(s.answered for s in report.learners)
    assert sum(q.correct for q in report.questions) == sum(s.correct for s in report.learners)
    assert all(0 <= q.percent_correct <= 100 for q in report.questions)
    assert len(report.learners) == len(class_answers)


def test_a_thousand_learners_in_seconds() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_report.py"), "--learners", "1000",
         "--budget", "10"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    print(result.stdout)
    assert result.returncode == 0, result.stderr
    assert "learners read      1000 (2 files skipped)" in result.stdout


def test_question_text_and_bank_order_come_from_the_banks(tmp_path: Path) -> None:
    quizzes = tmp_path / "course" / "notebooks" / "quizzes"
    quizzes.mkdir(parents=True)
    (quizzes / "06_review.yaml").write_text(
        "lesson: 06_review\ntitle: Review\nquestions:\n"
        "  - {id: zeta, type: true_false, text: 'Heat can   help?'}\n"
        "  - {id: alpha, type: true_false, text: Run on hills?}\n",
        encoding="utf-8",
    )
    (quizzes / "broken.yaml").write_text("questions: [", encoding="utf-8")
    known = course_questions(tmp_path / "course")
    assert known == {("06_review", "zeta"): (0, "Heat can help?"),
                     ("06_review", "alpha"): (1, "Run on hills?")}
    path = write(tmp_path / "a.json", progress(
        {"06_review": {"alpha": (False, 1), "zeta": (True, 1), "old-id": (False, 1)}}))
    report = build_report(*read_files([path]), known)
    assert [(q.question, q.text) for q in report.questions] == [
        ("zeta", "Heat can help?"), ("alpha", "Run on hills?"), ("old-id", "")]
    rows = list(csv.DictReader(io.StringIO(questions_csv(report))))
    assert [r["text"] for r in rows] == ["Heat can help?", "Run on hills?", ""]
    page = html_page(report)
    assert "<td>Run on hills?</td>" in page
    assert "06_review / alpha: 1 of 1 missed: Run on hills?</title>" in page
    assert course_questions(tmp_path / "nowhere") == {}


@pytest.mark.browser
def test_html_report_in_chromium_has_no_axe_violation_and_no_request(
    klass: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], chromium
) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Route

    out_html = tmp_path / "report.html"
    assert run(capsys, *klass, "--html", out_html)[0] == 0
    requests: list[str] = []
    context = chromium.new_context()
    try:
        page = context.new_page()

        def only_the_file(route: Route) -> None:
            requests.append(route.request.url)
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                route.abort()

        page.route("**/*", only_the_file)
        page.goto(out_html.as_uri())
        violations = Axe().run(page).response["violations"]
        bars = page.locator("svg rect.bar").count()
        svg_name = page.locator("svg[role=img]").get_attribute("aria-labelledby")
    finally:
        context.close()
    assert [r for r in requests if not r.startswith("file:")] == []
    assert violations == [], [(v["id"], v["help"]) for v in violations]
    assert bars == 1 and svg_name == "chart-title chart-desc"
