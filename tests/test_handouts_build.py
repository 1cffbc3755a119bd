"""The handout build pipeline on a tiny course in a temporary folder: outputs, incremental
rebuilds, atomic failure, the CLI's one-line error, and self-containment of every page."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat import v4

from runwell.cli import main
from runwell.errors import CourseError
from runwell.handouts import build_handouts
from runwell.handouts.build import MANIFEST
from runwell.handouts.static import STATIC_MIME, WIDGET_VIEW_MIME

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">'
    '<rect width="8" height="8"/></svg>'
)


class FakeStatic:
    def widget(self, spec: Any) -> str:
        return f'<div class="runwell-question">static {spec["widget"]}</div>'

    def answer_key(self) -> str:
        return "<details><summary>Answer</summary><p>B</p></details>"


def lesson(title: str, body: str = "Some text.") -> Any:
    nb = v4.new_notebook()
    nb.metadata["runwell"] = {"minutes": 10, "question": f"What is {title}?"}
    view = {"model_id": "w-1", "version_major": 2, "version_minor": 0}
    nb.cells = [
        v4.new_markdown_cell(f"# {title}\n\n- objective one", metadata={"tags": ["objectives"]}),
        v4.new_markdown_cell(f"## Part\n\n{body}\n\n![a square](figures/01_square.svg)"),
        v4.new_markdown_cell("## Key points\n\n- remember", metadata={"tags": ["keypoints"]}),
        v4.new_code_cell(
            "progress.summary_widget()",
            outputs=[
                v4.new_output(
                    "display_data",
                    data={
                        "text/plain": "Progress()",
                        WIDGET_VIEW_MIME: view,
                        STATIC_MIME: {"widget": "progress"},
                    },
                )
            ],
        ),
    ]
    return nb


def make_course(root: Path) -> Path:
    (root / "notebooks" / "quizzes").mkdir(parents=True)
    (root / "notebooks" / "figures").mkdir()
    (root / "exercises").mkdir()
    (root / "notebooks" / "figures" / "01_square.svg").write_text(SVG, encoding="utf-8")
    nbformat.write(lesson("Alpha"), root / "notebooks" / "01_alpha.ipynb")
    nbformat.write(lesson("Beta"), root / "notebooks" / "02_beta.ipynb")
    ex = v4.new_notebook()
    ex.cells = [
        v4.new_markdown_cell("# Try it"),
        v4.new_code_cell(
            "### BEGIN SOLUTION\nx = 'RWMARK-secret'\n### END SOLUTION\nprint(x)",
            metadata={"tags": ["solution"]},
            outputs=[v4.new_output("stream", name="stdout", text="RWMARK-secret\n")],
        ),
    ]
    nbformat.write(ex, root / "exercises" / "01_try.ipynb")
    return root


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return make_course(tmp_path / "course")


def build(course: Path, out: Path, **kw: Any) -> Any:
    return build_handouts(course, out, static=FakeStatic(), log=None, **kw)


PAGES = {"01_alpha.html", "02_beta.html", "01_try.html", "index.html", "answer-key.html"}


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_ino, p.read_bytes()) for p in folder.iterdir()}


def test_build_writes_every_page(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = build(course, out)
    assert {p.name for p in out.iterdir()} == PAGES | {MANIFEST}
    assert set(report.built) == PAGES
    alpha = (out / "01_alpha.html").read_text(encoding="utf-8")
    assert '<a href="02_beta.html" rel="next">' in alpha
    assert "static progress" in alpha
    assert "RWMARK-secret" not in (out / "01_try.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "01_alpha.html" in index and "01_try.html" in index and "answer-key.html" in index
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["pages"]) == PAGES


def test_no_scripts_no_remote_resources(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    for page in sorted(out.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html.lower(), page.name
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I), page.name
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", html), page.name
        assert len(html.encode()) < 29_000, page.name


def test_second_build_rebuilds_nothing(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    before = snapshot(out)
    report = build(course, out)
    assert report.built == () and report.up_to_date
    assert snapshot(out) == before  # same files, same inodes: nothing rewritten


def test_touch_and_edit_one_notebook(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    path = course / "notebooks" / "02_beta.ipynb"
    path.touch()  # a new mtime, same content: still nothing to do
    assert build(course, out).built == ()
    nbformat.write(lesson("Beta", body="RWMARK-edited"), path)
    report = build(course, out)
    assert report.built == ("02_beta.html",)
    assert set(report.reused) == PAGES - {"02_beta.html"}
    assert "RWMARK-edited" in (out / "02_beta.html").read_text(encoding="utf-8")


def test_title_change_rebuilds_neighbours_and_index(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    nbformat.write(lesson("Gamma"), course / "notebooks" / "02_beta.ipynb")
    report = build(course, out)
    assert set(report.built) == {"01_alpha.html", "02_beta.html", "index.html"}


def test_figure_change_rebuilds_pages_using_it(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    (course / "notebooks" / "figures" / "01_square.svg").write_text(SVG.replace("8", "9"))
    assert set(build(course, out).built) == {"01_alpha.html", "02_beta.html"}


def test_force_rebuilds_everything(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    assert set(build(course, out, force=True).built) == PAGES


def test_failure_leaves_previous_build_intact(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    before = snapshot(out)
    nbformat.write(lesson("Beta", body="changed"), course / "notebooks" / "02_beta.ipynb")
    broken = lesson("Broken")
    broken.cells[-1].outputs[0]["data"][STATIC_MIME] = {"widget": "no-such-widget"}
    nbformat.write(broken, course / "notebooks" / "03_broken.ipynb")
    with pytest.raises(CourseError, match=r"notebooks/03_broken\.ipynb: unknown widget"):
        build_handouts(course, out, log=None)  # the real static source rejects the widget
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course", "out"]  # no temp folders


def test_unreadable_notebook_is_one_line_cli_error(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    build(course, out)
    before = snapshot(out)
    (course / "notebooks" / "03_bad.ipynb").write_text("{not json", encoding="utf-8")
    status = main(["handouts", "--root", str(course), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and "03_bad.ipynb" in err and "Traceback" not in err
    assert snapshot(out) == before


def test_cli_progress_lines_and_quiet(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["handouts", "--root", str(course), "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("[1/5] 01_alpha.html: built") for line in lines)
    assert main(["handouts", "--root", str(course), "--out", str(out), "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_refuses_to_replace_a_foreign_folder(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.txt").write_text("precious", encoding="utf-8")
    with pytest.raises(CourseError, match="not written by `runwell handouts`"):
        build(course, out)
    assert (out / "thesis.txt").read_text(encoding="utf-8") == "precious"


def test_duplicate_handout_names_are_an_error(course: Path, tmp_path: Path) -> None:
    nbformat.write(lesson("Again"), course / "exercises" / "01_alpha.ipynb")
    with pytest.raises(CourseError, match="same handout name"):
        build(course, tmp_path / "out")


def test_cli_in_a_fresh_process(course: Path, tmp_path: Path) -> None:
    """The real front door in its own process, with its start-up shortcut (no rfc3987 grammar)."""
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "runwell", "handouts", "--root", str(course), "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in out.glob("*.html")} == PAGES
    assert "[1/5] 01_alpha.html: built" in proc.stdout
    no_cells = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}}
    (course / "notebooks" / "03_bad.ipynb").write_text(json.dumps(no_cells), encoding="utf-8")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "03_bad.ipynb: not a readable notebook" in proc.stderr
    assert {p.name for p in out.glob("*.html")} == PAGES
