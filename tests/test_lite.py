"""The zero-install edition: build the JupyterLite site (``make lite``, cached by the hash of its
inputs), serve it on 127.0.0.1 and use it in headless Chromium with every other host blocked.

* the built site is self-contained (no test browser needed);
* the site's Pyodide kernel runs offline: ``import runwell`` from the lock, an ipywidgets slider
  and an anywidget render, a file written under ``/drive`` survives a reload and downloads from
  the file browser (that is where the learner's progress file lives, ``RUNWELL_PROGRESS``);
* lesson 03 as a learner meets it: Run All, no error output, the quiz answered wrongly then
  rightly, the shoe-fit calculator used, the progress file saved, kept and downloadable.

Every test asserts that no request left the site (Playwright route and ``--host-resolver-rules``,
see ``runwell.lite.browse``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e.calculator import SHOES_LESSON, exercise_calculator
from e2e.helpers import error_outputs, unrun_cells
from e2e.quiz_driver import answer_quiz, bank_for, quiz_calls
from playwright.sync_api import Browser, expect

from runwell.errors import CourseError
from runwell.lite import build_site, remote_references
from runwell.lite.browse import OfflineSite, download, open_notebook, run_all
from runwell.lite.build import ascii_svg
from runwell.lite.serve import serve
from runwell.lite.toolchain import MissingTool
from runwell.lite.wheel import LITE_DEPENDENCIES

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "build" / "test-artifacts"
PROGRESS_FILE = "runwell-progress.json"  # RUNWELL_PROGRESS in src/runwell/lite/jupyter-lite.json
KERNEL_TIMEOUT_MS = 180_000  # a cold Pyodide kernel on a busy 2-core machine

# Typed into a new notebook, one line per cell (no auto-indent to fight), with what each shows.
PROBE_CELLS = (
    (
        'import os, runwell, ipywidgets; print("runwell", runwell.__version__, '
        'os.environ["RUNWELL_PROGRESS"]); ipywidgets.IntSlider(value=3, description="probe")',
        "runwell 0.1.0 /drive/runwell-progress.json",
    ),
    (
        'import anywidget, traitlets; W = type("W", (anywidget.AnyWidget,), {"_esm": "export '
        "default { render({ model, el }) { el.textContent = 'anywidget ' + model.get('v'); } }\", "
        '"v": traitlets.Int(7).tag(sync=True)}); W()',
        "anywidget 7",
    ),
    (
        'open("/drive/lite-probe.json", "w").write(\'{"kept": true}\'); print("wrote", '
        'sorted(os.listdir("/drive")))',
        "lite-probe.json",
    ),
)


@pytest.fixture(scope="session")
def lite_site() -> Path:
    """The built site (``make lite`` builds it; here it is rebuilt only if its inputs changed)."""
    try:
        result = build_site(REPO)
    except MissingTool as exc:  # like a missing Chromium: say so, and skip
        print(f"SKIP zero-install tests: {exc}")
        pytest.skip(str(exc))
    except CourseError as exc:
        pytest.fail(f"make lite failed: {exc}")
    print(result)
    return result.site


@pytest.fixture(scope="session")
def lite_base(lite_site: Path) -> Iterator[str]:
    with serve(lite_site) as base:
        yield base


@pytest.fixture
def lite(
    offline_chromium: Browser, lite_base: str, request: pytest.FixtureRequest
) -> Iterator[OfflineSite]:
    """A fresh browser context (fresh browser storage) on the site, other hosts blocked. The
    pages' last screens are saved in build/test-artifacts/ whatever happened."""
    site = OfflineSite(offline_chromium, lite_base)
    try:
        yield site
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for n, page in enumerate(site.context.pages):
            try:
                page.screenshot(path=str(ARTIFACTS / f"lite.{request.node.name}.{n}.png"))
            except Exception as exc:  # a crashed page must not hide the test's own result
                print(f"could not save a screenshot: {exc}")
        site.close()


def test_svg_figures_become_ascii_with_the_same_characters() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>≈ 12 mm – “thumb”</text></svg>'
    converted = ascii_svg(svg)
    assert converted.isascii()
    assert html.unescape(converted) == svg


def _assert_offline(lite: OfflineSite) -> None:
    assert lite.blocked == [], f"{len(lite.blocked)} requests to other hosts: {lite.blocked[:10]}"


def test_site_is_built_and_self_contained(lite_site: Path) -> None:
    assert remote_references(lite_site) == []
    files = lite_site / "files"
    for folder in ("notebooks", "exercises", "notebooks/es", "exercises/es"):
        expected = sorted(p.name for p in (REPO / folder).glob("[0-9][0-9]_*.ipynb"))
        if folder.endswith("/es") and not expected:
            continue  # no Spanish edition of this part yet
        assert expected, f"no numbered notebooks in {folder}/"
        assert sorted(p.name for p in (files / folder).glob("[0-9]*.ipynb")) == expected
    assert (files / "notebooks" / "quizzes" / f"{SHOES_LESSON}.yaml").is_file()
    assert not (files / "notebooks" / "quiz_app.ipynb").exists()  # a Voilà server app
    if (REPO / "notebooks" / "quizzes" / "es").is_dir():
        assert (files / "notebooks" / "quizzes" / "es" / f"{SHOES_LESSON}.yaml").is_file()
    for exercise in (files / "exercises").rglob("*.ipynb"):  # the learners' versions
        text = exercise.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "raise NotImplementedError()" in text, exercise.name
        assert '"outputs": []' in text and '"output_type"' not in text, exercise.name
    not_ascii = [p.name for p in files.rglob("*.svg") if not p.read_bytes().isascii()]
    assert not_ascii == [], "JupyterLite cannot show these SVGs (btoa)"

    config = json.loads((lite_site / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"
    ]
    lock_path = lite_site / kernel["loadPyodideOptions"]["lockFileURL"]
    packages = json.loads(lock_path.read_text(encoding="utf-8"))["packages"]
    runwell = packages["runwell"]
    assert runwell["depends"] == list(LITE_DEPENDENCIES)
    assert (lock_path.parent / runwell["file_name"]).is_file()
    # every edition's course and compiled catalogue travel in the wheel: no PyYAML, no Babel there
    import zipfile

    with zipfile.ZipFile(lock_path.parent / runwell["file_name"]) as wheel:
        names = set(wheel.namelist())
    wanted = ["runwell/data/course-bundle-en.json", "runwell/locale/es/LC_MESSAGES/runwell.mo"]
    if (REPO / "notebooks" / "quizzes" / "es").is_dir():
        wanted.append("runwell/data/course-bundle-es.json")
    for name in wanted:
        assert name in names, name
    assert all("://" not in p["file_name"] for p in packages.values())


@pytest.mark.browser
@pytest.mark.lite
def test_kernel_runs_widgets_and_keeps_files_offline(lite: OfflineSite) -> None:
    page = lite.new_page()
    page.goto(f"{lite.base}lab/index.html", wait_until="domcontentloaded")
    page.locator('.jp-LauncherCard[data-category="Notebook"]').first.click()
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first
    expect(notebook.locator(".jp-Cell")).to_have_count(1)

    # The status bar says so once the Pyodide kernel has started (a request sent before may be
    # lost with the starting kernel).
    expect(
        page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"Pyodide\)? \| Idle"))
    ).to_be_visible(timeout=KERNEL_TIMEOUT_MS)
    cells = notebook.locator(".jp-Cell")
    for n, (code, shown) in enumerate(PROBE_CELLS):
        cells.nth(n).locator(".cm-content").click()
        page.keyboard.type(code)
        page.keyboard.press("Shift+Enter")
        expect(cells.nth(n).locator(".jp-OutputArea")).to_contain_text(
            shown, timeout=KERNEL_TIMEOUT_MS
        )
    expect(cells.nth(0).locator(".widget-slider")).to_be_visible()
    errors = error_outputs(notebook)
    assert not errors, "error output:\n" + "\n".join(map(str, errors))

    # The browser keeps /drive (IndexedDB): back on the site (a fresh workspace, so no unsaved
    # notebook asks for a kernel), the file is there, and downloads.
    page.goto(f"{lite.base}lab/index.html?reset", wait_until="domcontentloaded")
    assert json.loads(download(page, "lite-probe.json")) == {"kept": True}
    _assert_offline(lite)


@pytest.mark.browser
@pytest.mark.lite
def test_shoes_lesson_shows_its_figures_offline(lite: OfflineSite) -> None:
    page = lite.new_page()
    failures: list[str] = []
    page.on("console", lambda m: failures.append(m.text) if "Failed to render" in m.text else None)
    notebook = open_notebook(page, lite.base, f"notebooks/{SHOES_LESSON}.ipynb")
    source = (REPO / "notebooks" / f"{SHOES_LESSON}.ipynb").read_text(encoding="utf-8")
    figures = sorted(set(re.findall(r"figures/[0-9a-z_]+\.svg", source)))
    assert figures, "the shoes lesson has figures"
    images = notebook.locator(".jp-RenderedMarkdown img")
    expect(images).to_have_count(len(figures))
    for n in range(len(figures)):
        images.nth(n).scroll_into_view_if_needed()
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0",
            arg=images.nth(n).element_handle(),
        )
    assert failures == []
    _assert_offline(lite)


@pytest.mark.browser
@pytest.mark.lite
def test_shoes_lesson_quiz_and_calculator_offline(lite: OfflineSite) -> None:
    page = lite.new_page()
    path = f"notebooks/{SHOES_LESSON}.ipynb"
    notebook = open_notebook(page, lite.base, path)
    run_all(page, notebook)
    errors = error_outputs(notebook)
    assert not errors, "error output after Run All:\n" + "\n".join(map(str, errors))
    assert unrun_cells(notebook) == [], "some code cells did not run"

    banks = quiz_calls((REPO / path).read_text(encoding="utf-8"))
    quizzes = notebook.locator(".runwell-quiz")
    expect(quizzes).to_have_count(len(banks))
    answered = {}
    for n, name in enumerate(banks):
        bank = bank_for(name, REPO)
        answered[bank.lesson] = answer_quiz(quizzes.nth(n), bank)
    exercise_calculator(notebook)
    assert error_outputs(notebook) == []

    # The progress file is in the browser's storage: it is there when the learner comes back,
    # and downloads from the file browser.
    page.goto(f"{lite.base}lab/index.html?reset", wait_until="domcontentloaded")
    saved = json.loads(download(page, PROGRESS_FILE))
    from runwell.progress.standing import graded_answer

    for lesson, ids in answered.items():
        bank = bank_for(lesson, REPO)
        for qid in ids:
            entry = saved["answers"].get(lesson, {}).get(qid)
            grade = graded_answer(bank.question(qid), entry)  # type: ignore[arg-type]
            assert not isinstance(grade, str) and grade.correct, f"{lesson}/{qid}: {entry}"
    assert saved["format"] == "runwell-progress" and saved["version"] == 2
    _assert_offline(lite)


@pytest.mark.browser
@pytest.mark.lite
def test_spanish_shoes_lesson_offline(lite: OfflineSite) -> None:
    """The Spanish lesson in the browser, nothing installed: its quiz and calculator speak
    Spanish from the compiled catalogue the wheel carries (Pyodide has no Babel)."""
    path = f"notebooks/es/{SHOES_LESSON}.ipynb"
    if not (REPO / path).is_file():
        print(f"SKIP: no {path} yet (the es-content branch)")
        pytest.skip(f"no {path} yet")
    page = lite.new_page()
    notebook = open_notebook(page, lite.base, path)
    run_all(page, notebook)
    errors = error_outputs(notebook)
    assert not errors, "error output after Run All:\n" + "\n".join(map(str, errors))
    assert unrun_cells(notebook) == [], "some code cells did not run"
    (name,) = quiz_calls((REPO / path).read_text(encoding="utf-8"))
    quiz = notebook.locator(".runwell-quiz")
    expect(quiz).to_have_count(1)
    expect(quiz.get_by_role("button", name="Comprobar", exact=True).first).to_be_visible()
    answer_quiz(quiz, bank_for(name, REPO, "es"), "es")
    exercise_calculator(notebook, "es")
    assert error_outputs(notebook) == []
    _assert_offline(lite)
