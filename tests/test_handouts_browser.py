"""Handouts in headless Chromium with every request blocked (except the page's own file).

For every page: no blocked or failed request, no console error, no axe-core violation, every
quiz question present with JavaScript on and off, and printing to PDF (A4 and Letter) works.
Runs over a tiny course that uses the real quiz engine and calculator, and over the real course
(every lesson and exercise notebook present, plus the index and the answer key) in every edition:
the Spanish pages in ``es/``, ``lang="es"``, with the Spanish notice and furniture.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat import v4

import runwell
from runwell import course
from runwell.course.notebooks import read_page
from runwell.handouts import build_handouts
from runwell.handouts.static import STATIC_MIME, WIDGET_VIEW_MIME
from runwell.i18n import course_title, languages, notice
from runwell.paths import course_root, exercise_notebooks, lesson_notebooks

pytestmark = pytest.mark.browser

TINY_BANK = "01_warm_up"


def _real_pages() -> list[str]:
    """Every page of every edition, as its path in the output (``es/01_warm_up``)."""
    try:
        root = course_root()
    except Exception:  # not inside a course checkout: only the tiny course is tested
        return []
    pages: list[str] = []
    for lang in languages():
        stems = [p.stem for p in lesson_notebooks(root, lang) + exercise_notebooks(root, lang)]
        if lang != "en" and not stems:
            continue
        prefix = "" if lang == "en" else f"{lang}/"
        pages += [prefix + name for name in (*stems, "index", "answer-key")]
    return pages


REAL_PAGES = _real_pages()


@pytest.fixture(scope="session")
def browser(chromium: Any) -> Any:
    return chromium


def _widget(static: dict[str, Any]) -> Any:
    view = {"model_id": "w-1", "version_major": 2, "version_minor": 0}
    data = {"text/plain": "Widget()", WIDGET_VIEW_MIME: view, STATIC_MIME: static}
    return v4.new_output("display_data", data=data)


@pytest.fixture(scope="session")
def tiny_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-lesson course using a real quiz bank, the real shoe chart and the progress note."""
    root = tmp_path_factory.mktemp("tiny-course")
    (root / "notebooks" / "quizzes").mkdir(parents=True)
    (root / "exercises").mkdir()
    shutil.copy(course_root() / "notebooks" / "quizzes" / f"{TINY_BANK}.yaml",
                root / "notebooks" / "quizzes")
    nb = v4.new_notebook()
    nb.metadata["runwell"] = {"minutes": 15, "question": "What belongs in a warm-up?"}
    nb.cells = [
        v4.new_markdown_cell(
            "# Warm up properly\n\n*Time: 15 minutes*\n\n- Name the parts of a warm-up",
            metadata={"tags": ["objectives"]},
        ),
        v4.new_markdown_cell("## Shoes\n\nA chart to print."),
        v4.new_code_cell("shoefit.calculator()", outputs=[_widget({"widget": "shoefit"})]),
        v4.new_markdown_cell("## Key points\n\n- Warm up first", metadata={"tags": ["keypoints"]}),
        v4.new_code_cell("progress", outputs=[_widget({"widget": "progress"})]),
        v4.new_code_cell("quiz", outputs=[_widget({"widget": "quiz", "bank": TINY_BANK})]),
    ]
    nbformat.write(nb, root / "notebooks" / f"{TINY_BANK}.ipynb")
    out = root / "build" / "handouts"
    build_handouts(root, out, log=None, pdf=Path("/usr/bin/chromium").exists())
    return out


@pytest.fixture(scope="session")
def course_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("course-handouts") / "handouts"
    build_handouts(course_root(), out, log=None)
    return out


QUESTION = ".runwell-question"
KEY_QUESTION = ".runwell-key-question"


def all_questions(root: Path, lang: str = "en") -> int:
    model = course.load(root, lang)
    assert not model.broken, model.problems
    return sum(len(b.questions) for b in model.banks.values())


def expected_questions(root: Path, stem: str, lang: str = "en") -> int:
    """How many quiz questions the page must show: the banks its notebook displays (the answer
    key: every bank's)."""
    if stem == "index":
        return 0
    if stem == "answer-key":
        return all_questions(root, lang)
    for path in lesson_notebooks(root, lang) + exercise_notebooks(root, lang):
        if path.stem == stem:
            banks = read_page(path, "lesson", lang).banks
            return sum(len(course.load(root, lang).bank(b).questions) for b in banks)
    raise AssertionError(f"no notebook for {stem}")


def open_page(browser: Any, path: Path, *, js: bool) -> tuple[Any, Any, dict[str, list[str]]]:
    context = browser.new_context(java_script_enabled=js)
    page = context.new_page()
    url = path.resolve().as_uri()
    seen: dict[str, list[str]] = {"blocked": [], "failed": [], "console": []}

    def route(r: Any) -> None:
        if r.request.url == url:
            r.continue_()
        else:
            seen["blocked"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda req: seen["failed"].append(req.url))
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: seen["console"].append(str(exc)))
    page.goto(url, wait_until="load")
    return context, page, seen


def check_page(browser: Any, path: Path, questions: int, lang: str = "en") -> None:
    """*questions*: how many quiz questions the page must show (answer key: key entries);
    *lang*: the edition the page belongs to."""
    from axe_playwright_python.sync_playwright import Axe

    assert path.is_file(), path
    selector = KEY_QUESTION if path.name == "answer-key.html" else QUESTION
    for js in (True, False):
        context, page, seen = open_page(browser, path, js=js)
        try:
            count = page.locator(selector).count()
            assert count == questions, f"{path.name} (js={js}): {count} of {questions} questions"
            assert page.locator("main").count() == 1
            assert page.locator("html").get_attribute("lang") == lang
            assert page.title().endswith(course_title(lang))
            main_text = " ".join(page.locator("main").inner_text().split())
            assert " ".join(notice(lang).split()) in main_text, f"{path.name}: no notice"
            assert runwell.ARTICLE_TITLE in page.locator("footer").inner_text()
            if js:
                results = Axe().run(page)
                assert results.violations_count == 0, results.generate_report()
                for fmt in ("A4", "Letter"):
                    pdf = page.pdf(format=fmt, print_background=True)
                    assert pdf.startswith(b"%PDF") and len(pdf) > 1000, fmt
            assert seen == {"blocked": [], "failed": [], "console": []}, (path.name, js, seen)
        finally:
            context.close()


def test_tiny_course_pages(browser: Any, tiny_site: Path) -> None:
    root = tiny_site.parents[1]
    n = len(course.load(root).bank(TINY_BANK).questions)
    assert n > 0
    check_page(browser, tiny_site / f"{TINY_BANK}.html", n)
    check_page(browser, tiny_site / "index.html", 0)
    check_page(browser, tiny_site / "answer-key.html", n)


def test_answers_fold_in_handouts_but_print_open_in_answer_key(
    browser: Any, tiny_site: Path
) -> None:
    for name, closed_expected in ((f"{TINY_BANK}.html", True), ("answer-key.html", False)):
        context, page, _ = open_page(browser, tiny_site / name, js=True)
        try:
            page.emulate_media(media="print")
            details = page.locator("details")
            closed = page.locator("details:not([open])").count()
            if closed_expected:
                assert details.count() > 0 and closed == details.count(), name
            else:
                assert closed == 0, name
            assert page.locator(".runwell-nav").first.is_hidden(), name  # print stylesheet
        finally:
            context.close()


@pytest.mark.parametrize("name", REAL_PAGES or ["(no course)"])
def test_real_course_page(browser: Any, course_site: Path, name: str) -> None:
    if name == "(no course)":
        pytest.skip("not run inside the course checkout: no real pages to test")
    lang, _, stem = name.rpartition("/")
    lang = lang or "en"
    check_page(browser, course_site / f"{name}.html",
               expected_questions(course_root(), stem, lang), lang)


def test_the_editions_link_to_each_other(browser: Any, course_site: Path) -> None:
    """The English index links to the Spanish edition (in Spanish) and back; following the links
    opens the other index, offline."""
    if not (course_site / "es" / "index.html").is_file():
        pytest.skip("no Spanish edition in this course")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((course_site / "index.html").resolve().as_uri())
        link = page.locator('.runwell-editions a[hreflang="es"]')
        assert link.get_attribute("lang") == "es"
        assert link.inner_text() == "Lea este curso en español"
        link.click()
        page.wait_for_load_state()
        assert page.url.endswith("/es/index.html")
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("h1").inner_text() == "Correr sin dolor de espalda: fichas"
        back = page.locator('.runwell-editions a[hreflang="en"]')
        assert back.inner_text() == "Read this course in English"
        back.click()
        page.wait_for_load_state()
        assert page.url.endswith("/index.html") and "/es/" not in page.url
        # a Spanish handout's furniture is Spanish
        page.goto((course_site / "es" / "03_supportive_shoes.html").resolve().as_uri())
        assert page.locator("nav a[href='index.html']").first.inner_text() == "Índice"
        assert "En caso de emergencia, llame al 911." in page.locator("footer").inner_text()
        assert "Más allá del artículo" in page.locator("footer").inner_text()
        assert page.locator(".runwell-shoefit-static caption").first.inner_text().startswith(
            "Tallas de zapatillas")
    finally:
        context.close()


def test_pdf_option_prints_handouts(browser: Any, tiny_site: Path) -> None:
    """`--pdf`: Chromium prints each handout and the answer key next to the HTML."""
    for name in (f"{TINY_BANK}.pdf", "answer-key.pdf"):
        data = (tiny_site / name).read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 1000, name
    assert not (tiny_site / "index.pdf").exists()
