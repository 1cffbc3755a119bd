"""Benchmark the zero-install site (``make bench``): build time, site size, time to a usable quiz.

* build: a rebuild with the tools and downloads cached (``--force``), and a no-change build (the
  input hash matches); ``--cold`` adds one from an empty download cache and a new build venv;
* size: the site, split into the front end, the Pyodide runtime, the wheels and the course;
* browser: lesson 03 in headless Chromium, offline (other hosts blocked), first visit and a
  second visit: the notebook on screen, Run All done (includes starting the Pyodide kernel), the
  quiz on screen. If the lesson cannot run in the browser yet, the error is reported instead.

Numbers are printed, never asserted (a shared 2-core machine is noisy).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from runwell.chromium import CHROMIUM, HEADLESS_ARGS
from runwell.errors import CourseError
from runwell.lite.build import REPO, build_site
from runwell.lite.serve import serve

if TYPE_CHECKING:
    from runwell.lite.browse import OfflineSite

__all__ = ["main", "size_breakdown"]

LESSON = "notebooks/03_supportive_shoes.ipynb"
PARTS = (
    ("Pyodide runtime", ("static/pyodide",)),
    ("wheels (Pyodide lock)", ("static/pyodide-lock",)),
    ("course (files/)", ("files",)),
)


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def size_breakdown(site: Path) -> list[tuple[str, int]]:
    """[(part, bytes)] with the front end as the rest, and the total last."""
    total = _size(site)
    rows = [(label, sum(_size(site / d) for d in dirs)) for label, dirs in PARTS]
    rows.insert(0, ("front end (JupyterLab, extensions)", total - sum(b for _, b in rows)))
    rows.append(("total", total))
    return rows


@dataclass(frozen=True)
class Visit:
    visible: float
    ran: float | None
    quiz: float | None
    blocked: int
    error: str = ""


def _visit(site: OfflineSite) -> Visit:
    """Open lesson 03 in a new page of *site*, run it, wait for its quiz."""
    from playwright.sync_api import expect

    from runwell.lite.browse import open_notebook, run_all

    blocked_before = len(site.blocked)
    page = site.new_page()
    started = time.monotonic()
    notebook = open_notebook(page, site.base, LESSON)
    visible = time.monotonic() - started
    ran = quiz = None
    error = ""
    try:
        run_all(page, notebook)
        ran = time.monotonic() - started
        expect(notebook.locator(".runwell-quiz").first).to_be_visible(timeout=30_000)
        quiz = time.monotonic() - started
    except Exception as exc:  # report, do not fail: the benchmark measures what works
        failed = notebook.locator(".jp-OutputArea-output").filter(has_text="Error")
        error = failed.first.inner_text()[-300:] if failed.count() else str(exc)[:300]
    page.close()
    return Visit(visible, ran, quiz, len(site.blocked) - blocked_before, error.strip())


def _secs(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} s"


def browser_bench(site_dir: Path) -> list[tuple[str, Visit]]:
    from playwright.sync_api import sync_playwright

    from runwell.lite.browse import HOST_RULES, OfflineSite

    with serve(site_dir) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=[*HEADLESS_ARGS, HOST_RULES]
        )
        try:
            site = OfflineSite(browser, base)
            first = _visit(site)
            second = _visit(site)
            site.close()
        finally:
            browser.close()
    return [("first visit", first), ("second visit (browser cache warm)", second)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_lite", description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="also build from empty caches")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser timings")
    args = parser.parse_args(argv)
    try:
        rows: list[tuple[str, str]] = []
        if args.cold:
            with tempfile.TemporaryDirectory(prefix="lite-cold-") as tmp:
                cold = build_site(
                    REPO,
                    Path(tmp) / "site",
                    cache=Path(tmp) / "cache",
                    venv=Path(tmp) / "venv",
                    force=True,
                )
                rows.append(("build, cold (new venv, all downloads)", f"{cold.seconds:.1f} s"))
                shutil.rmtree(tmp, ignore_errors=True)
        forced = build_site(REPO, force=True)
        rows.append(("build, tools and downloads cached", f"{forced.seconds:.1f} s"))
        started = time.monotonic()
        build_site(REPO)
        rows.append(("build, inputs unchanged (hash hit)", f"{time.monotonic() - started:.2f} s"))
        for label, size in size_breakdown(forced.site):
            rows.append((f"size: {label}", f"{size / 1e6:.1f} MB"))
        visits: list[tuple[str, Visit]] = []
        if not args.no_browser:
            if CHROMIUM.exists():
                visits = browser_bench(forced.site)
            else:
                print(f"note: {CHROMIUM} is missing; no browser timings")
    except CourseError as exc:
        print(f"bench_lite: error: {exc}")
        return 1
    width = max(len(label) for label, _ in rows)
    print("Zero-install site (build/lite)")
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    for label, visit in visits:
        print(
            f"  lesson 03, {label}: notebook on screen {_secs(visit.visible)}, Run All done "
            f"{_secs(visit.ran)}, quiz on screen {_secs(visit.quiz)}; "
            f"{visit.blocked} requests to other hosts"
        )
        if visit.error:
            print(f"    the quiz is not usable yet: {visit.error.splitlines()[-1]}")
    return 0
