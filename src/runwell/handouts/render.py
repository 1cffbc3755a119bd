"""Rendering one handout: the shared exporter, the inlined CSS and the page context.

Each language edition has its own exporter, whose Jinja environment has that language's catalogue
installed (``jinja2.ext.i18n``), so the page furniture (``layout.html.j2``) speaks the page's
language; the page context carries the language for ``<html lang>``.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import runwell
from runwell.course.model import Course
from runwell.course.notebooks import NavLink, Page
from runwell.errors import CourseError
from runwell.handouts.static import CourseStatic, SharedStatic, StaticSource
from runwell.i18n import course_title, notice, translator
from runwell.paths import data_file

__all__ = [
    "TEMPLATE_NAME",
    "course_context",
    "has_notice",
    "load_css",
    "make_exporter",
    "page_context",
    "render_notebook",
    "render_page",
    "self_containment_problem",
]

TEMPLATE_NAME = "runwell_handout"


def _minify_css(css: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,])\s*", r"\1", css)
    return re.sub(r"([{;][-\w]+):\s+", r"\1:", css).strip()


def load_css() -> str:
    return _minify_css(data_file("handout.css").read_text(encoding="utf-8"))


def make_exporter(lang: str = "en") -> Any:
    """One HTMLExporter per edition of a build: our template, no code input, images embedded,
    and the catalogue of *lang* for the template's words."""
    from nbconvert import HTMLExporter

    from runwell.templates import install_translations

    class Exporter(HTMLExporter):
        def _create_environment(self) -> Any:
            env = super()._create_environment()
            install_translations(env, lang)
            return env

    return Exporter(
        extra_template_basedirs=[str(data_file("templates"))],
        template_name=TEMPLATE_NAME,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        optimistic_validation=True,  # validate once, not after every preprocessor
    )


MAX_LOGO_BYTES = 100_000


def _logo_uri(course: Course) -> str | None:
    """The organisation's logo as a data URI (handouts load nothing), or None."""
    logo = course.settings.logo
    if not logo or not course.root:
        return None
    path = Path(course.root) / logo
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CourseError(f"settings: logo {logo}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_LOGO_BYTES:
        raise CourseError(f"settings: logo {logo}: larger than {MAX_LOGO_BYTES:,} bytes")
    mime = "image/svg+xml" if path.suffix.lower() == ".svg" else "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def course_context(course: Course | None, page: str | None = None) -> dict[str, Any]:
    """The organisation (settings), the emergency line and, for a page, its review line."""
    if course is None:
        return {}
    from runwell.health import review_line

    settings = course.settings
    emergency = translator(course.lang).gettext("In an emergency, call {number}.")
    return {
        "organisation": settings.organisation,
        "logo": _logo_uri(course),
        "contact": settings.contact,
        "emergency": emergency.format(number=settings.emergency_number),
        "review": review_line(course, page) if page else None,
    }


def page_context(
    kind: str, page_title: str, css: str, *, lang: str = "en", **extra: Any
) -> dict[str, Any]:
    """What the layout macros need on every page (``rw`` in the templates), in *lang*. Pass the
    course's :func:`course_context` in *extra* to show the organisation, emergency line and
    review."""
    context: dict[str, Any] = {
        "lang": lang,
        "version": runwell.__version__,
        "course_title": course_title(lang),
        "notice": notice(lang),
        "article_title": runwell.ARTICLE_TITLE,
        "css": css,
        "kind": kind,
        "page_title": page_title,
        "meta": None,
        "prev": None,
        "next": None,
        "show_notice": True,
        "organisation": None,
        "logo": None,
        "contact": None,
        "emergency": None,
        "review": None,
        "editions": [],
    }
    context.update(extra)
    return context


def _meta_line(page: Page) -> str:
    t = translator(page.lang)
    if page.kind == "lesson":
        parts = [t.gettext("Lesson {number}").format(number=page.number)]
    else:
        parts = [t.gettext("Exercise {number}").format(number=page.number)]
    if page.minutes:
        parts.append(t.gettext("{minutes} minutes").format(minutes=page.minutes))
    return " · ".join(parts)


_SVG_DATA = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")


def _compact_svg_uris(html: str) -> str:
    """Embedded SVG figures as percent-encoded text instead of base64 (about a quarter smaller)."""

    def repl(match: re.Match[str]) -> str:
        try:
            svg = base64.b64decode(match.group(1)).decode("utf-8")
        except ValueError:
            return match.group(0)
        svg = re.sub(r">\s+<", "><", svg.strip())
        if "'" not in svg:
            svg = svg.replace('"', "'")
        return "data:image/svg+xml," + quote(svg, safe=" =:/;,.-_()'!*~+@$?")

    return _SVG_DATA.sub(repl, html)


_EXTERNAL = re.compile(
    r"<(script|iframe|object|embed|link)\b"
    r"|<(?:img|source|video|audio)\b[^>]*?\ssrc\s*=\s*[\"']?(?!data:)([^\"'\s>]+)"
    r"|<[a-z][^>]*?\s(on[a-z]+)\s*=",
    re.IGNORECASE,
)


def self_containment_problem(html: str) -> str | None:
    """What would make the page load something or run code: a script, frame or stylesheet
    link, an inline event handler (``onclick=`` …), or an image that is not embedded (a missing
    figure). None when the page is clean."""
    match = _EXTERNAL.search(html)
    if match is None:
        return None
    if match.group(1):
        return (
            f"the page would contain a <{match.group(1).lower()}> element (handouts load nothing)"
        )
    if match.group(3):
        return (
            f"the page would contain an {match.group(3).lower()}= event handler (handouts run "
            "no code)"
        )
    return f"image {match.group(2)} is not embedded (missing figure file?)"


def has_notice(nb: Any, lang: str = "en") -> bool:
    """Whether a markdown cell already carries the course notice (in *lang*; then the page does
    not add a second copy above it)."""
    wanted = _words(notice(lang))
    return any(wanted in _words(cell.source) for cell in nb.cells if cell.cell_type == "markdown")


def _words(text: str) -> str:
    return " ".join(re.sub(r"[*_`>]", " ", text).split())


_MD_IMAGE = re.compile(r"(!\[[^\]]*\]\(\s*<?)([^)\s>]+)")
_HTML_IMAGE = re.compile(r"(<img\s[^>]*src=[\"'])([^\"']+)")


def _rebase_images(nb: Any, folder: Path, base: Path) -> None:
    """Rewrite relative image sources in *nb*'s markdown (written from *folder*) to be relative
    to *base*, the folder nbconvert embeds from. A translation's page sits one level down
    (``notebooks/es/``) and reaches its figures as ``../figures/es/…``, which nbconvert would
    refuse to embed as outside the notebook's folder."""

    def rebase(match: re.Match[str]) -> str:
        src = match.group(2)
        if ":" in src or src.startswith(("/", "#")):
            return match.group(0)
        target = (folder / src).resolve()
        try:
            return match.group(1) + target.relative_to(base.resolve()).as_posix()
        except ValueError:
            return match.group(0)  # outside the course's folder: left to fail as missing

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _HTML_IMAGE.sub(rebase, _MD_IMAGE.sub(rebase, cell.source))


def _course_static(root: Path | None, lang: str = "en") -> StaticSource:
    from runwell import course

    return CourseStatic(course.load(root, lang))


def render_notebook(
    exporter: Any,
    nb: Any,
    page: Page,
    *,
    nav: tuple[NavLink | None, NavLink | None] = (None, None),
    css: str | None = None,
    static: StaticSource | None = None,
    root: Path | None = None,
) -> str:
    """Convert an in-memory notebook (already the learner version) to handout HTML.

    *page* supplies the title, kind, language and folder (figures are found relative to it)."""
    static = static or _course_static(root, page.lang)
    rw = page_context(
        page.kind,
        f"{page.title} · {course_title(page.lang)}",
        css if css is not None else load_css(),
        lang=page.lang,
        meta=_meta_line(page),
        show_notice=not has_notice(nb, page.lang),
        prev=nav[0],
        next=nav[1],
        static=SharedStatic(static),
        root=root,
        **course_context(getattr(static, "course", None), page.stem),
    )
    folder = page.source.parent
    if page.lang != "en":  # notebooks/es/: embed figures from notebooks/ (../figures/es/…)
        _rebase_images(nb, folder, folder.parent)
        folder = folder.parent
    resources = {
        "metadata": {"name": page.stem, "path": str(folder)},
        "runwell": rw,
    }
    html, _ = exporter.from_notebook_node(nb, resources=resources)
    html = _compact_svg_uris(html)
    problem = self_containment_problem(html)
    if problem:
        raise CourseError(problem)
    return html


def render_page(
    exporter: Any,
    page: Page,
    *,
    nav: tuple[NavLink | None, NavLink | None] = (None, None),
    css: str | None = None,
    static: StaticSource | None = None,
    root: Path | None = None,
) -> str:
    """Read *page*'s notebook, make the learner version of an exercise, and convert it."""
    import nbformat

    from runwell.handouts.preprocessors import learner_version

    nb = nbformat.reads(page.source.read_text(encoding="utf-8"), as_version=4)
    if page.kind == "exercise":
        nb = learner_version(nb, page.source, page.lang)
    return render_notebook(exporter, nb, page, nav=nav, css=css, static=static, root=root)
