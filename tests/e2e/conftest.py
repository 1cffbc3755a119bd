"""Fixtures for the end-to-end tests: one Jupyter server per app and one Chromium per session.

Servers run in a temporary copy of the course (``RUNWELL_ROOT`` points there, ``RUNWELL_PROGRESS``
at a temporary file), and are stopped at the end of the session whatever happened. On a failing
test the page's screenshot and the server logs are saved under ``build/test-artifacts/``.
"""

from __future__ import annotations

import atexit
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .server import JupyterServer, copy_course

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "build" / "test-artifacts"
VIEWPORT = {"width": 1280, "height": 900}
# One click or key and its answer from the kernel; waits for kernels and runs set their own.
ACTION_TIMEOUT_MS = 15_000

# Servers started in this session, for the failure hook (which has no fixture access).
_SERVERS: list[JupyterServer] = []


@pytest.fixture(scope="session")
def e2e_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private folder for the servers' settings, workspaces, logs and progress file."""
    return tmp_path_factory.mktemp("e2e-state")


@pytest.fixture(scope="session")
def course_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary copy of the course (notebooks, quiz banks, figures, exercises)."""
    return copy_course(REPO, tmp_path_factory.mktemp("course"))


def _server(app: str, course: Path, state: Path) -> Iterator[JupyterServer]:
    folder = state / app
    folder.mkdir(parents=True, exist_ok=True)
    server = JupyterServer(
        app=app,
        root=course,
        state=folder,
        env={"RUNWELL_ROOT": str(course), "RUNWELL_PROGRESS": str(folder / "progress.json")},
    )
    _SERVERS.append(server)
    atexit.register(server.stop)  # even if the session is interrupted before teardown
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def lab_server(course_copy: Path, e2e_state: Path, browser: Browser) -> Iterator[JupyterServer]:
    """``jupyter lab`` on the course copy, for the whole session (skipped without Chromium)."""
    yield from _server("lab", course_copy, e2e_state)


@pytest.fixture(scope="session")
def notebook_server(
    course_copy: Path, e2e_state: Path, browser: Browser
) -> Iterator[JupyterServer]:
    """``jupyter notebook`` (Notebook 7) on the course copy (skipped without Chromium)."""
    yield from _server("notebook", course_copy, e2e_state)


@pytest.fixture(scope="session")
def browser(chromium: Browser) -> Browser:
    """The session's one headless Debian Chromium (tests/conftest.py)."""
    return chromium


@contextmanager
def _new_page(browser: Browser) -> Iterator[Page]:
    """A page in a context of its own, with the suite's viewport and action timeout."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def _shared_page(browser: Browser) -> Iterator[Page]:
    with _new_page(browser) as page:
        yield page


@pytest.fixture
def page(_shared_page: Page, lab_server: JupyterServer) -> Iterator[Page]:
    """The session's one page; kernels are shut down after each test so the next starts fresh."""
    yield _shared_page
    try:
        lab_server.shutdown_kernels()
    except OSError as exc:  # the server may be the thing that failed; the report says so
        print(f"could not shut down kernels: {exc}")


@pytest.fixture
def nb7_page(browser: Browser, notebook_server: JupyterServer) -> Iterator[Page]:
    """A page of its own for Notebook 7 (another origin, another token)."""
    with _new_page(browser) as page:
        yield page
    try:
        notebook_server.shutdown_kernels()
    except OSError as exc:
        print(f"could not shut down kernels: {exc}")


def _slug(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")[-150:]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report = yield
    if report.when == "call" and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        slug = _slug(item.nodeid)
        saved: list[str] = []
        funcargs = getattr(item, "funcargs", {})
        for name, value in funcargs.items():
            page = getattr(value, "page", value)  # a Page, or a fixture object holding one
            if not callable(getattr(page, "screenshot", None)):
                continue
            shot = ARTIFACTS / f"{slug}.{name}.png"
            try:
                page.screenshot(path=str(shot), full_page=True, timeout=10_000)
                saved.append(f"screenshot: {shot}")
            except Exception as exc:  # a crashed page must not hide the real failure
                saved.append(f"could not save a screenshot: {exc}")
        for server in _SERVERS:
            if server.log_path.exists():
                target = ARTIFACTS / f"{slug}.jupyter-{server.app}.log"
                shutil.copyfile(server.log_path, target)
                saved.append(f"server log: {target}")
        report.sections.append(("end-to-end artifacts", "\n".join(saved)))
    return report
