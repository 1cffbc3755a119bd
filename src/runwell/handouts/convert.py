"""Converting the notebooks that changed, with one exporter for the whole build.

Most of a cold build is importing nbconvert and compiling its templates, so the exporter (and
its compiled template) is made once and reused. Converting in forked workers was tried and
measured: on two busy cores it was no faster, so pages are converted one after another.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runwell.course.notebooks import NavLink, Page
from runwell.errors import CourseError, display_path
from runwell.handouts.static import StaticSource

__all__ = ["Converted", "Converter"]


@dataclass(frozen=True)
class Converted:
    name: str
    html: str
    seconds: float


class Converter:
    """Turns pages into handout HTML with one shared exporter (created on first use)."""

    def __init__(
        self,
        nav: dict[str, tuple[NavLink | None, NavLink | None]],
        css: str,
        static: StaticSource,
        root: Path,
        lang: str = "en",
    ) -> None:
        self.nav = nav
        self.css = css
        self.static = static
        self.root = root
        self.lang = lang
        self._exporter: Any = None

    @property
    def exporter(self) -> Any:
        if self._exporter is None:
            from runwell.handouts.render import make_exporter

            self._exporter = make_exporter(self.lang)
        return self._exporter

    def one(self, page: Page) -> Converted:
        """Convert one page; any failure becomes one line naming the notebook."""
        from runwell.handouts.render import render_page

        start = time.perf_counter()
        try:
            html = render_page(
                self.exporter,
                page,
                nav=self.nav.get(page.stem, (None, None)),
                css=self.css,
                static=self.static,
                root=self.root,
            )
        except CourseError as exc:
            raise CourseError(f"{display_path(page.source)}: {exc}") from None
        except Exception as exc:
            first = (str(exc).strip().splitlines() or [""])[0]
            raise CourseError(
                f"{display_path(page.source)}: cannot build the handout: "
                f"{type(exc).__name__}: {first}"
            ) from None
        return Converted(page.name, html, time.perf_counter() - start)
