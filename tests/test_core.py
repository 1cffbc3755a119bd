"""Unit tests of the package core: guidance inventory, paths, atomic writes, CLI front door,
and the notebook output normaliser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

import runwell
from runwell import cli, course
from runwell.course.build import build_guidance
from runwell.errors import CourseError, Problem
from runwell.execute import normalize
from runwell.fileio import atomic_write_text
from runwell.guidance import inventory
from runwell.paths import course_root, data_file

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "source" / "minimize-back-pain-while-running.txt"


def test_inventory_loads_with_stable_unique_ids():
    points = course.load().guidance
    assert len(points) >= 20
    assert all(key == p.id for key, p in points.items())
    assert inventory()["warmup-hamstrings"].lesson == "01_warm_up"


def test_every_passage_is_a_short_citation_from_the_article():
    if not ARTICLE.exists():
        pytest.skip(f"the source article is not beside the checkout ({ARTICLE})")
    text = ARTICLE.read_text(encoding="utf-8")
    for point in inventory().values():
        assert point.passage in text, f"{point.id}: passage is not a verbatim citation"
        assert len(point.passage.split()) <= 20
        assert point.summary not in text, f"{point.id}: summary copies the article; paraphrase it"


def test_inventory_covers_every_section_of_the_article():
    sections = {p.section for p in inventory().values()}
    for heading in (
        "Do a Proper Warm-Up",
        "Muscle Toning and Stretching",
        "Wear Supportive Shoes",
        "Run on Forgiving Surfaces",
    ):
        assert heading in sections
    assert {"Forms of back pain", "Relief", "When to see a doctor"} <= sections


def test_inventory_leaves_the_advertising_out():
    text = data_file("guidance.yaml").read_text(encoding="utf-8").lower()
    for ad in ("spine institute", "santa monica", "828-7757"):
        assert ad not in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"nope": []}, "unknown key(s): nope"),
        (
            {"source": {"title": "t"},
             "guidance": [{"id": "a", "summary": "s", "passage": "p", "section": "x"}]},
            "missing required key 'lesson'",
        ),
        (
            {
                "guidance": [
                    {
                        "id": "a",
                        "summary": "s",
                        "passage": "p",
                        "section": "x",
                        "lesson": "01_l",
                        "extra": 1,
                    }
                ]
            },
            "unknown key(s): extra",
        ),
        (
            {
                "guidance": [
                    {"id": "Bad_Id", "summary": "s", "passage": "p", "section": "x",
                     "lesson": "01_l"}
                ]
            },
            "lower-case",
        ),
        (
            {
                "guidance": [
                    {"id": "a", "summary": "s", "passage": "p", "section": "x", "lesson": "01_l"}
                ]
                * 2
            },
            "duplicate id",
        ),
        (
            {
                "guidance": [
                    {"id": "a", "summary": "s", "passage": "w " * 30, "section": "x",
                     "lesson": "01_l"}
                ]
            },
            "cite, don't copy",
        ),
    ],
)
def test_inventory_validation_names_the_problem(raw, expected):
    raw = {"source": {"title": "t"}, **raw} if "nope" not in raw else raw
    _, problems = build_guidance(raw, "guidance.yaml")
    assert any(expected in str(p) for p in problems), problems
    assert all(str(p).startswith("guidance.yaml: ") for p in problems)


def test_broken_yaml_is_one_clear_problem_with_its_line(tmp_path):
    from runwell.course.yamlio import read_yaml

    bad = tmp_path / "guidance.yaml"
    bad.write_text("guidance: [\n", encoding="utf-8")
    with pytest.raises(CourseError, match=r"^guidance.yaml: -: invalid YAML at line 2"):
        read_yaml(bad, "guidance.yaml")


def test_problem_prints_path_id_message():
    assert str(Problem("notebooks/quizzes/x.yaml", "q1", "no correct answer")) == (
        "notebooks/quizzes/x.yaml: q1: no correct answer"
    )


def test_course_root_is_found_from_a_subfolder(tmp_path, monkeypatch):
    (tmp_path / "notebooks" / "quizzes").mkdir(parents=True)
    monkeypatch.delenv("RUNWELL_ROOT", raising=False)
    assert course_root(tmp_path / "notebooks") == tmp_path.resolve()


def test_course_root_env_must_point_at_a_course(tmp_path, monkeypatch):
    monkeypatch.setenv("RUNWELL_ROOT", str(tmp_path))
    with pytest.raises(CourseError, match="no notebooks/ folder"):
        course_root()


def test_atomic_write_replaces_whole_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "sub" / "file.txt"
    atomic_write_text(target, "first")
    atomic_write_text(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["file.txt"]


def test_atomic_write_keeps_permissions_of_an_existing_file(tmp_path):
    target = tmp_path / "shared.txt"
    target.write_text("old")
    target.chmod(0o644)
    atomic_write_text(target, "new")
    assert target.stat().st_mode & 0o777 == 0o644


def test_atomic_write_failure_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "file.txt"
    atomic_write_text(target, "old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]


def test_normalize_numbers_widget_ids_and_drops_run_noise():
    nb = v4.new_notebook()
    nb.metadata["widgets"] = {"state": {}}
    cell = v4.new_code_cell("quiz.show('x')")
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01"}
    view = {"model_id": "9f1c0ffee", "version_major": 2, "version_minor": 0}
    cell.outputs = [
        v4.new_output("display_data", data={"application/vnd.jupyter.widget-view+json": view})
    ]
    nb.cells = [cell]
    normalize(nb, "01_warm_up")
    assert "widgets" not in nb.metadata
    assert "execution" not in nb.cells[0].metadata
    data = nb.cells[0].outputs[0]["data"]["application/vnd.jupyter.widget-view+json"]
    assert data["model_id"] == "01_warm_up-widget-1"


def test_cli_usage_error_is_one_line_with_status_2(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["shoe-fit", "--foot-length", "26", "--unit", "furlong"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice" in err


def test_cli_course_error_is_one_line_without_traceback(tmp_path):
    env = {**os.environ, "RUNWELL_ROOT": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "runwell", "check"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "Traceback" not in result.stderr and "no notebooks/ folder" in result.stderr


def test_version_and_notice_are_exported():
    assert runwell.__version__ == "0.1.0"
    assert "not medical advice" in runwell.NOTICE
    assert runwell.ARTICLE_TITLE == "Minimize Back Pain While Running"


def test_shipped_data_files_are_package_data():
    for name in ("guidance.yaml", "exercises.yaml", "shoefit.yaml",
                 "schemas/quiz_bank.schema.json", "progress_v1_choices.json"):
        assert data_file(name).is_file()


def test_notebook_files_are_valid_nbformat():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
        (ROOT / "exercises").glob("*.ipynb")
    ):
        nbformat.validate(nbformat.read(path, as_version=4))


def test_check_flags_the_articles_advertising_in_a_notebook(tmp_path):
    from runwell.check import advertising_problems

    (tmp_path / "notebooks" / "quizzes").mkdir(parents=True)
    nb = v4.new_notebook()
    nb.cells = [v4.new_markdown_cell("Call the clinic in Santa Monica on (310) 555-0100.")]
    nbformat.write(nb, tmp_path / "notebooks" / "00_welcome.ipynb")
    problems = advertising_problems(course.load(tmp_path))
    assert [str(p) for p in problems] == [
        "notebooks/00_welcome.ipynb: cell 1: contains the article's advertising"
    ]
