"""The handout template and preprocessors, on tiny in-memory notebooks (nbformat.v4).

Like nbconvert's own template tests, each test plants a unique marker and looks for it (or for its
absence) in the rendered page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat import v4

import runwell
from runwell import course
from runwell.course.notebooks import NavLink, Page, read_page
from runwell.errors import CourseError
from runwell.handouts.index import render_answer_key, render_index
from runwell.handouts.preprocessors import learner_version, swap_outputs
from runwell.handouts.render import load_css, make_exporter, render_notebook
from runwell.handouts.static import STATIC_MIME, WIDGET_VIEW_MIME, CourseStatic

MARK_MD = "RWMARK-markdown-5e1c"
MARK_CODE = "RWMARK-code-input-9b2f"
MARK_OUT = "RWMARK-stdout-77aa"
MARK_STATIC = "RWMARK-static-3c0d"
MARK_VIEW = "RWMARK-widget-view-text-41f8"
MARK_ERR = "RWMARK-stderr-0d9e"

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">\n'
    '  <rect width="40" height="20" fill="#246"/>\n</svg>\n'
)


class FakeStatic:
    """A static source that records what it was asked for."""

    def __init__(self) -> None:
        self.specs: list[dict[str, Any]] = []

    def widget(self, spec: Any) -> str:
        self.specs.append(dict(spec))
        return f'<div class="runwell-question">{MARK_STATIC} {spec.get("bank", "")}</div>'

    def answer_key(self) -> str:
        return "<details><summary>Answer</summary><p>B</p></details>"


def widget_output(static: dict[str, Any] | None, text: str) -> Any:
    data: dict[str, Any] = {
        "text/plain": text,
        WIDGET_VIEW_MIME: {"model_id": "m-1", "version_major": 2, "version_minor": 0},
    }
    if static is not None:
        data[STATIC_MIME] = static
    return v4.new_output("display_data", data=data)


def lesson_nb() -> Any:
    nb = v4.new_notebook()
    nb.metadata["runwell"] = {"minutes": 15, "question": "Why warm up?"}
    nb.cells = [
        v4.new_markdown_cell(
            f"# Warm up properly\n\n*Time: 15 minutes*\n\n- Name the parts\n- {MARK_MD}",
            metadata={"tags": ["objectives"]},
        ),
        v4.new_markdown_cell("## Picture\n\n![A dark blue box](figures/01_box.svg)"),
        v4.new_code_cell(
            f"print('{MARK_CODE}')",
            outputs=[
                v4.new_output("stream", name="stdout", text=f"{MARK_OUT}\n"),
                v4.new_output("stream", name="stderr", text=f"{MARK_ERR}\n"),
            ],
        ),
        v4.new_markdown_cell("## Key points\n\n- Warm up first", metadata={"tags": ["keypoints"]}),
        v4.new_code_cell(
            "quiz.show('01_warm_up')",
            outputs=[widget_output({"widget": "quiz", "bank": "01_warm_up"}, "Quiz(...)")],
        ),
        v4.new_code_cell("VBox()", outputs=[widget_output(None, MARK_VIEW)]),
    ]
    return nb


@pytest.fixture(scope="module")
def exporter() -> Any:
    return make_exporter()


@pytest.fixture
def page(tmp_path: Path) -> Page:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "01_box.svg").write_text(SVG, encoding="utf-8")
    return Page(
        stem="01_warm_up",
        kind="lesson",
        source=tmp_path / "01_warm_up.ipynb",
        title="Warm up properly",
        minutes=15,
    )


def render(exporter: Any, page: Page, nb: Any, static: FakeStatic | None = None, **kw: Any) -> str:
    return render_notebook(exporter, nb, page, static=static or FakeStatic(), **kw)


def test_markdown_shown_code_input_hidden(exporter: Any, page: Page) -> None:
    html = render(exporter, page, lesson_nb())
    assert html.count(MARK_MD) == 1
    assert MARK_OUT in html
    assert MARK_CODE not in html
    assert MARK_ERR not in html
    assert "In&nbsp;[" not in html and "Out[" not in html


def test_static_form_replaces_live_widget(exporter: Any, page: Page) -> None:
    static = FakeStatic()
    html = render(exporter, page, lesson_nb(), static)
    assert static.specs == [{"widget": "quiz", "bank": "01_warm_up"}]
    assert f"{MARK_STATIC} 01_warm_up" in html
    assert MARK_VIEW not in html  # a widget view without a static form disappears
    assert WIDGET_VIEW_MIME not in html and STATIC_MIME not in html
    assert "Quiz(...)" not in html


def test_swap_outputs_unit() -> None:
    outputs = [
        widget_output({"widget": "shoefit"}, "Calc"),
        widget_output(None, "VBox"),
        v4.new_output("execute_result", data={"text/plain": "42"}, execution_count=1),
    ]
    kept = swap_outputs(outputs, FakeStatic())
    assert [o["output_type"] for o in kept] == ["display_data", "execute_result"]
    assert MARK_STATIC in kept[0]["data"]["text/html"]


def test_page_is_self_contained(exporter: Any, page: Page) -> None:
    html = render(exporter, page, lesson_nb())
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    for word in ("require.js", "mathjax", "cdn", "jupyter-widgets", "widget-state"):
        assert word not in html.lower()
    assert "<link" not in html


def test_page_anatomy(exporter: Any, page: Page) -> None:
    nav = (NavLink("00_welcome.html", "Welcome"), NavLink("02_next.html", "Next one"))
    html = render(exporter, page, lesson_nb(), nav=nav)
    assert '<html lang="en">' in html
    assert "<title>Warm up properly · Running Without Back Pain</title>" in html
    for landmark in ("<header", "<main>", "<footer"):
        assert html.count(landmark) == 1, landmark
    assert runwell.NOTICE in html
    assert runwell.COURSE_TITLE in html
    footer = html[html.index("<footer") :]
    assert f"<cite>{runwell.ARTICLE_TITLE}</cite>" in footer
    assert 'href="00_welcome.html" rel="prev"' in html
    assert 'href="02_next.html" rel="next"' in html
    assert "celltag_objectives" in html and "celltag_keypoints" in html
    assert "Lesson 01 · 15 minutes" in html


def test_figures_embedded_with_alt_text(exporter: Any, page: Page) -> None:
    html = render(exporter, page, lesson_nb())
    img = re.search(r"<img [^>]*>", html)
    assert img is not None
    assert 'alt="A dark blue box"' in img.group(0)
    assert 'src="data:image/svg+xml,' in img.group(0)
    assert "figures/01_box.svg" not in html


def test_css_inlined_with_print_rules() -> None:
    css = load_css()
    assert "@media print" in css and "@page" in css
    assert re.search(r"\.runwell-question[^{]*\{[^}]*break-inside:avoid", css)
    assert "/*" not in css and "\n" not in css


def test_removed_cell_tag(exporter: Any, page: Page) -> None:
    nb = lesson_nb()
    nb.cells.append(v4.new_markdown_cell("RWMARK-removed", metadata={"tags": ["remove-cell"]}))
    assert "RWMARK-removed" not in render(exporter, page, nb)


def test_exercise_learner_version_hides_solution(tmp_path: Path) -> None:
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_markdown_cell("# Plan a week"),
        v4.new_code_cell(
            "### BEGIN SOLUTION\nanswer = 'RWMARK-solution'\n### END SOLUTION\nprint(answer)",
            metadata={"tags": ["solution"]},
            outputs=[v4.new_output("stream", name="stdout", text="RWMARK-solution-out\n")],
        ),
    ]
    nb.cells.append(v4.new_code_cell("check_week_plan(plan)"))
    learner = learner_version(nb, tmp_path / "01_plan.ipynb")
    text = nbformat.writes(learner)
    assert "RWMARK-solution" not in text
    assert "RWMARK-solution" in nbformat.writes(nb)  # the original is not changed
    # on paper: a box to write the answer in, and a pointer to the check in the notebook
    assert [c.cell_type for c in learner.cells] == ["markdown"] * 3
    assert "runwell-writein" in learner.cells[1].source
    assert "runwell-checknote" in learner.cells[2].source


def test_unknown_static_widget_is_an_error() -> None:
    static = CourseStatic(course.load())
    with pytest.raises(CourseError, match="unknown widget 'dial'"):
        static.widget({"widget": "dial"})
    with pytest.raises(CourseError, match="without a bank"):
        static.widget({"widget": "quiz"})
    with pytest.raises(CourseError, match="is not an object"):
        static.widget(["quiz"])  # type: ignore[arg-type]


def test_progress_static_note() -> None:
    assert "runwell-progress-note" in CourseStatic(course.load()).widget({"widget": "progress"})


def test_read_page_metadata(tmp_path: Path, page: Page) -> None:
    path = tmp_path / "01_warm_up.ipynb"
    nbformat.write(lesson_nb(), path)
    read = read_page(path, "lesson")
    assert read.title == "Warm up properly"
    assert read.minutes == 15 and read.question == "Why warm up?"
    assert read.objectives == ("Name the parts", MARK_MD)
    assert read.banks == ("01_warm_up",)
    assert read.figures == ((tmp_path / "figures" / "01_box.svg").resolve(),)


def test_index_lists_lessons_and_answer_key(tmp_path: Path) -> None:
    pages = [
        Page("01_warm_up", "lesson", tmp_path / "a", "Warm up", 15, "Why?", ("Name parts",)),
        Page("02_shoes", "lesson", tmp_path / "b", "Shoes", 20, None, ()),
        Page("01_plan", "exercise", tmp_path / "c", "Plan a week", 10),
    ]
    html = render_index(pages, load_css())
    assert '<a href="01_warm_up.html">Warm up</a>' in html
    assert "<td>15 min</td>" in html and "<td>20 min</td>" in html
    assert "<li>Name parts</li>" in html
    assert '<a href="01_plan.html">Plan a week</a>' in html
    assert 'href="answer-key.html"' in html
    assert "about 35 minutes" in html
    assert '<a href="01_warm_up.html" rel="next">Start: Warm up' in html
    assert runwell.NOTICE in html and '<html lang="en">' in html


def test_answer_key_shows_the_engines_fragment_as_it_is(exporter: Any, page: Page) -> None:
    key = render_answer_key(FakeStatic().answer_key(), load_css())
    assert FakeStatic().answer_key() in key  # the kit's own HTML, not escaped a second time
    assert 'class="runwell-page runwell-answer-key"' in key
    assert "&lt;" not in key.split("<main>")[1]


def test_the_real_answer_key_shows_answers_open_and_handouts_fold_them() -> None:
    model = course.load()
    key = render_answer_key(CourseStatic(model).answer_key(), load_css())
    assert "<details" not in key and key.count("<strong>Answer:</strong>") == sum(
        len(b.questions) for b in model.usable_banks.values())
    handout = CourseStatic(model).widget({"widget": "quiz", "bank": "01_warm_up"})
    assert handout.count("<details><summary>Answer</summary>") == len(
        model.bank("01_warm_up").questions)


def test_notice_not_repeated_when_the_lesson_has_it(exporter: Any, page: Page) -> None:
    nb = lesson_nb()
    bold = runwell.NOTICE.replace("not medical advice.", "not medical advice.**", 1)
    nb.cells.insert(1, v4.new_markdown_cell(f"> **{bold}"))
    html = render(exporter, page, nb)
    assert 'class="runwell-notice"' not in html
    assert "<strong>Educational material, not medical advice.</strong>" in html
    assert 'class="runwell-notice"' in render(exporter, page, lesson_nb())


def test_missing_figure_or_script_fails_the_page(exporter: Any, page: Page) -> None:
    nb = lesson_nb()
    nb.cells.append(v4.new_markdown_cell("![gone](figures/01_missing.svg)"))
    with pytest.raises(CourseError, match=r"figures/01_missing\.svg is not embedded"):
        render(exporter, page, nb)
    nb = lesson_nb()
    script = {"text/html": "<p>hi</p><script>alert(1)</script>"}
    nb.cells.append(v4.new_code_cell("x", outputs=[v4.new_output("display_data", data=script)]))
    with pytest.raises(CourseError, match="<script> element"):
        render(exporter, page, nb)


@pytest.mark.parametrize("html, what", [
    ('<p onclick="alert(1)">x</p>', "onclick= event handler"),
    ("<img src=x onerror=alert(1)>", "image x is not embedded"),
    ('<div class="a"\n  onmouseover = "steal()">', "onmouseover= event handler"),
    ("<script>x</script>", "<script> element"),
])
def test_a_page_that_would_run_code_is_refused(html: str, what: str) -> None:
    from runwell.handouts.render import self_containment_problem

    problem = self_containment_problem(f"<main>{html}</main>")
    assert problem is not None and what in problem


def test_text_about_events_is_not_an_event_handler() -> None:
    from runwell.handouts.render import self_containment_problem

    assert self_containment_problem("<p>Run on Saturday; online = fine</p>") is None
