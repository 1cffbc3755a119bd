"""The README tells the truth: its commands are the ones CI runs, its exercise table matches the
exercise notebooks, and every local link points at a file that exists."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from runwell.paths import exercise_notebooks

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_names_the_three_commands():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    for command in ("make lab", "make handouts", "make test"):
        assert command in quick


def test_ci_runs_what_the_readme_tells_users_to_run():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    steps = [line for line in ci.splitlines() if line.strip() and not line.startswith("#")]
    assert "make test" in steps
    assert not [s for s in steps if s.startswith(("pytest", "python", ".venv"))]


def test_makefile_has_every_target_the_readme_names():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"`make ([a-z0-9-]+)", README)):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), f"no `{target}` target"


def _exercise_rows() -> dict[str, tuple[str, int, str]]:
    row = re.compile(
        r"^\|\s*\d\d\s*\|\s*\[(?P<title>[^\]]+)\]\(exercises/(?P<stem>[^)]+)\.ipynb\)"
        r"\s*\|\s*(?P<minutes>\d+)\s*\|\s*(?P<question>[^|]+?)\s*\|\s*$"
    )
    return {
        m["stem"]: (m["title"], int(m["minutes"]), m["question"])
        for m in map(row.match, README.splitlines())
        if m
    }


@pytest.mark.parametrize("path", exercise_notebooks(ROOT), ids=lambda p: p.stem)
def test_exercise_table_agrees_with_the_notebook(path: Path):
    rows = _exercise_rows()
    assert path.stem in rows, f"README's exercise table has no row for {path.name}"
    title, minutes, question = rows[path.stem]
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["runwell"]["minutes"] == minutes
    assert nb.metadata["runwell"]["question"] == question
    assert title in nb.cells[0].source


def test_exercise_table_has_no_stale_rows():
    assert set(_exercise_rows()) == {p.stem for p in exercise_notebooks(ROOT)}


def test_local_links_point_at_existing_files():
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        if "://" not in target:
            assert (ROOT / target).exists(), f"README links to missing {target}"
