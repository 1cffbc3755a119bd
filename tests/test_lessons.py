"""Lesson anatomy: every lesson notebook has the shape CONTRIBUTING.md describes, its figures exist
and are accessible, its stored outputs are small and clean, and the README's lesson table agrees
with the notebooks.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest

import runwell
from runwell.check import ADVERTISING
from runwell.paths import lesson_notebooks

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
FIGURES = NOTEBOOKS / "figures"
STATIC_MIME = "application/vnd.runwell.static+json"
LESSONS = [
    "00_welcome",
    "01_warm_up",
    "02_strength_and_cross_training",
    "03_supportive_shoes",
    "04_forgiving_surfaces",
    "05_when_it_hurts",
    "06_review",
]
FIGURE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)")
MAX_IMAGE_BYTES = 50 * 1024
MAX_NBVAL_MARKERS = 3
SVG_NS = "{http://www.w3.org/2000/svg}"


def load(stem: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)


def plain(text: str) -> str:
    """Markdown reduced to its words: emphasis, quote marks and line breaks don't matter."""
    return " ".join(re.sub(r"[*_>`]", " ", text).split())


def markdown(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "markdown"]


def tagged(nb: nbformat.NotebookNode, tag: str) -> list[int]:
    return [i for i, c in enumerate(nb.cells) if tag in c.metadata.get("tags", [])]


def title_of(nb: nbformat.NotebookNode) -> str:
    first = nb.cells[0].source.splitlines()[0]
    return first[2:].strip() if first.startswith("# ") else ""


def readme_rows() -> dict[str, dict[str, str]]:
    """The README lesson table: `| NN | [Title](notebooks/NN_x.ipynb) | minutes | question |`."""
    row = re.compile(
        r"^\|\s*(?P<num>\d\d)\s*\|\s*\[(?P<title>[^\]]+)\]\(notebooks/(?P<stem>[^)]+)\.ipynb\)"
        r"\s*\|\s*(?P<minutes>\d+)\s*\|\s*(?P<question>[^|]+?)\s*\|\s*$"
    )
    rows = {}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        m = row.match(line)
        if m:
            rows[m["stem"]] = m.groupdict()
    return rows


def test_the_lesson_series_is_complete_and_in_order():
    assert [p.stem for p in lesson_notebooks(ROOT)] == LESSONS


@pytest.mark.parametrize("stem", LESSONS)
def test_objectives_cell_opens_the_lesson(stem):
    nb = load(stem)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert tagged(nb, "objectives") == [0], "the first cell, and only it, is tagged objectives"
    assert title_of(nb), "the objectives cell starts with '# Title'"
    meta = nb.metadata["runwell"]
    assert f"*Time: {meta['minutes']} minutes*" in first.source
    assert plain(meta["question"]) in plain(first.source)
    assert len(re.findall(r"^- ", first.source, re.MULTILINE)) >= 2, "a list of objectives"


@pytest.mark.parametrize("stem", LESSONS)
def test_notebook_metadata_has_minutes_and_question(stem):
    meta = load(stem).metadata.get("runwell", {})
    assert isinstance(meta.get("minutes"), int) and 5 <= meta["minutes"] <= 30
    assert isinstance(meta.get("question"), str) and meta["question"].endswith("?")


@pytest.mark.parametrize("stem", LESSONS)
def test_notice_is_near_the_top(stem):
    nb = load(stem)
    top = [plain(c.source) for c in nb.cells[:3] if c.cell_type == "markdown"]
    assert any(plain(runwell.NOTICE) in text for text in top), "runwell.NOTICE near the top"


GENERATED_IMG = re.compile(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)"')


def generated_figures(nb: nbformat.NotebookNode) -> list[str]:
    """SVG figures a code cell generates from the course data (e.g. lesson 05's flow chart): an
    HTML <img> with a data URI and alt text, which JupyterLab shows even before the notebook is
    trusted."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            for m in GENERATED_IMG.finditer("".join(out.get("data", {}).get("text/html", ""))):
                assert len(m[2].split()) >= 30, "alt text says what the chart says"
                found.append(base64.b64decode(m[1]).decode("utf-8"))
    return found


@pytest.mark.parametrize("stem", LESSONS)
def test_figures_exist_belong_to_the_lesson_and_have_alt_text(stem):
    nb = load(stem)
    figures = [m for c in markdown(nb) for m in FIGURE_RE.finditer(c.source)]
    assert figures or generated_figures(nb), f"{stem}: at least one figure"
    for svg in generated_figures(nb):
        root = ET.fromstring(svg)
        title, desc = root.find(f"{SVG_NS}title"), root.find(f"{SVG_NS}desc")
        assert root.get("role") == "img" and title is not None and desc is not None
        assert len((desc.text or "").split()) >= 30, "the description says what the chart says"
    for m in figures:
        src, alt = m["src"], m["alt"].strip()
        assert len(alt.split()) >= 8, f"{src}: alt text should describe the figure"
        assert src.startswith(f"figures/{stem[:2]}_") and src.endswith(".svg"), src
        assert (NOTEBOOKS / src).is_file(), f"{src} is missing"


@pytest.mark.parametrize("svg", sorted(FIGURES.glob("*.svg")), ids=lambda p: p.name)
def test_svg_figures_are_small_accessible_and_used(svg):
    assert svg.stat().st_size < MAX_IMAGE_BYTES
    root = ET.parse(svg).getroot()
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG_NS}title"), root.find(f"{SVG_NS}desc")
    assert title is not None and (title.text or "").strip()
    assert desc is not None and len((desc.text or "").split()) >= 10
    labelled = (root.get("aria-labelledby") or "").split()
    assert title.get("id") in labelled and desc.get("id") in labelled
    assert "http" not in svg.read_text(encoding="utf-8").replace(
        "http://www.w3.org/2000/svg", ""
    ), "figures must not load anything from the network"
    used = any(f"figures/{svg.name}" in c.source for s in LESSONS for c in markdown(load(s)))
    assert used, f"{svg.name} is not used by any lesson"


@pytest.mark.parametrize("stem", LESSONS)
def test_keypoints_then_quiz(stem):
    nb = load(stem)
    keypoints = tagged(nb, "keypoints")
    assert len(keypoints) == 1, "one markdown cell tagged keypoints"
    kp = nb.cells[keypoints[0]]
    assert kp.cell_type == "markdown"
    assert len(re.findall(r"^- ", kp.source, re.MULTILINE)) >= 3
    quiz_cells = [
        i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "quiz.show(" in c.source
    ]
    assert len(quiz_cells) == 1
    assert quiz_cells[0] > keypoints[0], "the quiz comes after the key points"
    cell = nb.cells[quiz_cells[0]]
    assert f'quiz.show("{stem}")' in cell.source
    bundles = [o.get("data", {}) for o in cell.outputs]
    assert {"widget": "quiz", "bank": stem} in [b.get(STATIC_MIME) for b in bundles]


@pytest.mark.parametrize("stem", LESSONS)
def test_code_cells_are_thin_and_were_run_cleanly(stem):
    nb = load(stem)
    counts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert len(cell.source.splitlines()) <= 4, f"thin code cells only:\n{cell.source}"
        assert cell.execution_count is not None, "outputs are committed (run `runwell execute`)"
        counts.append(cell.execution_count)
        for out in cell.outputs:
            assert out.output_type != "error", out
            assert not (out.output_type == "stream" and out.name == "stderr"), out.text
    assert counts == list(range(1, len(counts) + 1)), "a clean top-to-bottom run"
    assert "widgets" not in nb.metadata, "no stored widget state"


def test_shoe_lesson_has_the_calculator_and_its_convention():
    from runwell.shoefit import CONVENTION_MARKDOWN

    nb = load("03_supportive_shoes")
    calc = [c for c in nb.cells if c.cell_type == "code" and "shoefit.calculator()" in c.source]
    assert len(calc) == 1
    assert {"widget": "shoefit"} in [o.get("data", {}).get(STATIC_MIME) for o in calc[0].outputs]
    texts = [plain(c.source) for c in markdown(nb)]
    assert plain(CONVENTION_MARKDOWN) in texts, "the convention paragraph matches runwell.shoefit"


def test_review_lesson_shows_progress():
    nb = load("06_review")
    cells = [c for c in nb.cells if c.cell_type == "code" and "quiz.progress_summary()" in c.source]
    assert len(cells) == 1
    assert {"widget": "progress"} in [o.get("data", {}).get(STATIC_MIME) for o in cells[0].outputs]


@pytest.mark.parametrize("stem", LESSONS)
def test_beyond_the_article_notes_cite_a_source(stem):
    """Every note beyond the article names its additions (sources.yaml), each with sources, and
    the lesson shows its references generated from them."""
    from runwell import course

    model = course.load()
    nb = load(stem)
    for cell in markdown(nb):
        if "notice" in cell.metadata.get("tags", []):
            continue  # the notice explains the marking; it is not a note itself
        if "beyond the article" in cell.source.lower():
            adds = cell.metadata.get("runwell", {}).get("adds", [])
            assert adds, f"'Beyond the article' without metadata.runwell.adds:\n{cell.source}"
            for addition in adds:
                assert model.health.additions[addition].sources, addition
    refs = [c for c in nb.cells if c.cell_type == "code" and "health.references(" in c.source]
    assert len(refs) == 1 and f'health.references("{stem}")' in refs[0].source
    specs = [o.get("data", {}).get(STATIC_MIME) for o in refs[0].outputs]
    assert {"widget": "references", "page": stem} in specs


def test_red_flags_are_generated_from_the_data_and_cited():
    """Lesson 05 shows the red-flag table and flow chart generated from red_flags.yaml (never a
    hand-typed list), with every flag, its tier's action and its sources."""
    from runwell import course, health

    model = course.load()
    nb = load("05_when_it_hurts")
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    kinds = [o.get("data", {}).get(STATIC_MIME, {}).get("widget") for o in outputs]
    assert "red-flags" in kinds and "flowchart" in kinds
    table = next("".join(o["data"]["text/html"]) for o in outputs
                 if o.get("data", {}).get(STATIC_MIME, {}).get("widget") == "red-flags")
    assert table == health.red_flags_html(model), "stored table is the generated one"
    for flag in model.safety.flags:
        assert flag.text in table.replace("&#x27;", "'"), flag.id
    for tier in model.safety.tiers:
        assert tier.action in table.replace("&#x27;", "'"), tier.id
    assert "Call 911" in table and "NHS" in table and "Mayo Clinic" in table
    text = "\n".join(c.source for c in markdown(nb))
    assert "physiotherapist" in text and "may be time" in text and "spine specialist" in text
    assert "999" not in text and "911" not in text, "the number comes from the settings"


def test_readme_table_agrees_with_the_notebooks():
    rows = readme_rows()
    assert sorted(rows) == LESSONS
    for stem in LESSONS:
        nb, row = load(stem), rows[stem]
        assert row["num"] == stem[:2]
        assert row["title"] == title_of(nb), stem
        assert int(row["minutes"]) == nb.metadata["runwell"]["minutes"], stem
        assert row["question"] == nb.metadata["runwell"]["question"], stem


def _images(nb: nbformat.NotebookNode):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            for mime, data in out.get("data", {}).items():
                if mime.startswith("image/") and mime != "image/svg+xml":
                    yield mime, data
        for name, bundle in cell.get("attachments", {}).items():
            for mime, data in bundle.items():
                yield f"attachment {name} {mime}", data
        for m in re.finditer(r"data:image/[a-z+]+;base64,([A-Za-z0-9+/=]+)", cell.source):
            yield "inline data URI", m[1]


@pytest.mark.parametrize("stem", LESSONS)
def test_outputs_are_small_and_advert_free(stem):
    path = NOTEBOOKS / f"{stem}.ipynb"
    nb = load(stem)
    for where, data in _images(nb):
        try:
            size = len(base64.b64decode("".join(data)))
        except (binascii.Error, ValueError):
            size = len(data)
        assert size <= MAX_IMAGE_BYTES, f"{stem}: {where} is {size} bytes"
    assert path.stat().st_size < 100 * 1024
    assert not ADVERTISING.search(json.dumps(nb)), f"{stem}: contains the article's advertising"


def test_quiz_banks_and_figures_are_advert_free():
    for path in [*(NOTEBOOKS / "quizzes").glob("*.yaml"), *FIGURES.glob("*.svg")]:
        assert not ADVERTISING.search(path.read_text(encoding="utf-8")), path.name


def test_few_nbval_markers_each_explained():
    markers = []
    for stem in LESSONS:
        for cell in load(stem).cells:
            if cell.cell_type == "code" and "NBVAL_" in cell.source:
                markers.append(cell.source)
                assert "#" in cell.source.replace("# NBVAL_", "", 1), "say why in a comment"
    assert len(markers) <= MAX_NBVAL_MARKERS
