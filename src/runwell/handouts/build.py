"""The handout build: notebooks -> learner versions -> nbconvert with our template -> files.

Robust: every page is written into a temporary folder beside the output, which replaces the
output only when everything succeeded, so a failure leaves the previous handouts intact.
Incremental: a manifest records a hash of each page's inputs (notebook, quiz banks, figures,
neighbours' titles, template and package); an unchanged page is linked over, not rebuilt, and
when nothing changed at all nothing is written. nbconvert is imported only when a page is built.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import runwell
from runwell.errors import CourseError, display_path
from runwell.handouts.static import STATIC_MIME, CourseStatic, StaticSource
from runwell.paths import course_root, data_file, exercise_notebooks, lesson_notebooks, quizzes_dir

__all__ = [
    "MANIFEST",
    "BuildReport",
    "NavLink",
    "Page",
    "build_handouts",
    "find_chromium",
    "make_exporter",
    "read_page",
    "render_page",
]

MANIFEST = ".runwell-handouts.json"
MANIFEST_FORMAT = "runwell-handouts"
MANIFEST_VERSION = 1
TEMPLATE_NAME = "runwell_handout"
RESERVED = {"index", "answer-key"}

Log = Callable[[str], None]


@dataclass(frozen=True)
class NavLink:
    href: str
    title: str


@dataclass(frozen=True)
class Page:
    """One notebook to turn into a handout, with what the index and the nav need to know."""

    stem: str
    kind: str  # "lesson" or "exercise"
    source: Path
    title: str
    minutes: int | None = None
    question: str | None = None
    objectives: tuple[str, ...] = ()
    banks: tuple[str, ...] = ()
    figures: tuple[Path, ...] = ()
    digest: str = ""

    @property
    def name(self) -> str:
        return f"{self.stem}.html"

    @property
    def number(self) -> str:
        return self.stem.split("_", 1)[0]


@dataclass(frozen=True)
class BuildReport:
    out: Path
    built: tuple[str, ...] = ()
    reused: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def up_to_date(self) -> bool:
        return not self.built


# --------------------------------------------------------------------------- reading notebooks

_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_BULLET = re.compile(r"^\s*[-*+]\s+(.+?)\s*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img\s[^>]*src=[\"']([^\"']+)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def _plain(markdown: str) -> str:
    """A one-line plain-text version of a short markdown phrase (for the index)."""
    text = _LINK.sub(r"\1", markdown)
    return re.sub(r"[*_`]+", "", text).strip()


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _tags(cell: dict[str, Any]) -> list[str]:
    tags = cell.get("metadata", {}).get("tags", [])
    return tags if isinstance(tags, list) else []


def read_page(path: Path, kind: str) -> Page:
    """Read what the build needs from a notebook without converting it (plain JSON, fast)."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
        nb = json.loads(raw)
        cells = nb["cells"]
        meta = nb.get("metadata", {})
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CourseError(f"{shown}: not a readable notebook ({exc})") from None
    markdown = [c for c in cells if c.get("cell_type") == "markdown"]
    title = None
    for cell in markdown:
        match = _HEADING.search(_source(cell))
        if match:
            title = _plain(match.group(1))
            break
    objectives: tuple[str, ...] = ()
    for cell in markdown:
        if "objectives" in _tags(cell):
            objectives = tuple(_plain(m) for m in _BULLET.findall(_source(cell)))
            break
    figures: list[Path] = []
    for cell in markdown:
        for match in _IMAGE.finditer(_source(cell)):
            ref = match.group(1) or match.group(2)
            if ref and ":" not in ref:
                candidate = (path.parent / ref).resolve()
                if candidate.is_file() and candidate not in figures:
                    figures.append(candidate)
    banks: list[str] = []
    for cell in cells:
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            spec = output.get("data", {}).get(STATIC_MIME)
            if isinstance(spec, dict) and spec.get("widget") == "quiz":
                bank = spec.get("bank")
                if isinstance(bank, str) and bank not in banks:
                    banks.append(bank)
    runwell_meta = meta.get("runwell", {}) if isinstance(meta.get("runwell"), dict) else {}
    minutes = runwell_meta.get("minutes")
    question = runwell_meta.get("question")
    return Page(
        stem=path.stem,
        kind=kind,
        source=path,
        title=title or path.stem.split("_", 1)[-1].replace("_", " ").capitalize(),
        minutes=minutes if isinstance(minutes, int) and not isinstance(minutes, bool) else None,
        question=question if isinstance(question, str) else None,
        objectives=objectives,
        banks=tuple(banks),
        figures=tuple(figures),
        digest=hashlib.sha256(raw).hexdigest(),
    )


def plan(root: Path) -> list[Page]:
    """Every page to build, lessons first, then exercises, each in file-name order."""
    pages = [read_page(p, "lesson") for p in lesson_notebooks(root)]
    pages += [read_page(p, "exercise") for p in exercise_notebooks(root)]
    seen: dict[str, Page] = {}
    for page in pages:
        if page.stem in RESERVED:
            raise CourseError(f"{display_path(page.source)}: the name {page.stem} is reserved")
        if page.stem in seen:
            other = display_path(seen[page.stem].source)
            raise CourseError(
                f"{display_path(page.source)}: same handout name as {other} ({page.name})"
            )
        seen[page.stem] = page
    return pages


def neighbours(pages: list[Page]) -> dict[str, tuple[NavLink | None, NavLink | None]]:
    """Previous and next page of the same kind (lessons chain together, exercises too)."""
    nav: dict[str, tuple[NavLink | None, NavLink | None]] = {}
    for kind in ("lesson", "exercise"):
        group = [p for p in pages if p.kind == kind]
        for i, page in enumerate(group):
            prev = NavLink(group[i - 1].name, group[i - 1].title) if i > 0 else None
            nxt = NavLink(group[i + 1].name, group[i + 1].title) if i + 1 < len(group) else None
            nav[page.stem] = (prev, nxt)
    return nav


# --------------------------------------------------------------------------- hashing inputs


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def package_fingerprint() -> str:
    """A hash of the installed package's code and data (template, CSS, banks' schema...)."""
    base = Path(runwell.__file__).resolve().parent
    h = hashlib.sha256(runwell.__version__.encode())
    for path in sorted(base.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            h.update(path.relative_to(base).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _key(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def read_manifest(out: Path) -> dict[str, str] | None:
    """The previous build's page keys, or None when *out* holds no (readable) manifest."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return None
    pages = data.get("pages")
    return pages if isinstance(pages, dict) else None


# --------------------------------------------------------------------------- rendering


def _minify_css(css: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,])\s*", r"\1", css)
    return re.sub(r"([{;][-\w]+):\s+", r"\1:", css).strip()


def load_css() -> str:
    return _minify_css(data_file("handout.css").read_text(encoding="utf-8"))


def make_exporter() -> Any:
    """One HTMLExporter for the whole build: our template, no code input, images embedded."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        extra_template_basedirs=[str(data_file("templates"))],
        template_name=TEMPLATE_NAME,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def page_context(kind: str, page_title: str, css: str, **extra: Any) -> dict[str, Any]:
    """What the layout macros need on every page (``rw`` in the templates)."""
    context = {
        "version": runwell.__version__,
        "course_title": runwell.COURSE_TITLE,
        "notice": runwell.NOTICE,
        "article_title": runwell.ARTICLE_TITLE,
        "css": css,
        "kind": kind,
        "page_title": page_title,
        "meta": None,
        "prev": None,
        "next": None,
    }
    context.update(extra)
    return context


def _meta_line(page: Page) -> str:
    label = "Lesson" if page.kind == "lesson" else "Exercise"
    parts = [f"{label} {page.number}"]
    if page.minutes:
        parts.append(f"{page.minutes} minutes")
    return " · ".join(parts)


_SVG_DATA = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")


def _compact_svg_uris(html: str) -> str:
    """Embedded SVG figures as percent-encoded text instead of base64 (about a quarter smaller)."""
    import base64
    from urllib.parse import quote

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


def render_page(
    exporter: Any,
    page: Page,
    *,
    nav: tuple[NavLink | None, NavLink | None] = (None, None),
    css: str | None = None,
    static: StaticSource | None = None,
    root: Path | None = None,
) -> tuple[str, list[str]]:
    """Convert one notebook to handout HTML. Returns the HTML and any notes for the user."""
    import nbformat

    from runwell.handouts.preprocessors import learner_version

    notes: list[str] = []
    nb = nbformat.reads(page.source.read_text(encoding="utf-8"), as_version=4)
    if page.kind == "exercise":
        nb, note = learner_version(nb, page.source)
        if note:
            notes.append(note)
    rw = page_context(
        page.kind,
        f"{page.title} · {runwell.COURSE_TITLE}",
        css if css is not None else load_css(),
        meta=_meta_line(page),
        prev=nav[0],
        next=nav[1],
        static=static or CourseStatic(root),
        root=root,
    )
    resources = {
        "metadata": {"name": page.stem, "path": str(page.source.parent)},
        "runwell": rw,
    }
    html, _ = exporter.from_notebook_node(nb, resources=resources)
    return _compact_svg_uris(html), notes


# --------------------------------------------------------------------------- PDF


def find_chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(chromium: str, html: Path, pdf: Path) -> None:
    """Print *html* to *pdf* with headless Chromium (no network: the page loads nothing)."""
    with tempfile.TemporaryDirectory(prefix="runwell-chromium-") as profile:
        cmd = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html.resolve().as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise CourseError(f"{html.name}: printing to PDF failed: {exc}") from None
    if proc.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise CourseError(f"{html.name}: printing to PDF failed: {last}")


# --------------------------------------------------------------------------- the build


def _reuse(old: Path, new: Path) -> None:
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


def _swap(tmp: Path, out: Path) -> None:
    """Put the finished *tmp* folder in place of *out* (two renames on the same file system)."""
    if not out.exists():
        os.replace(tmp, out)
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    os.replace(out, old)
    try:
        os.replace(tmp, out)
    except BaseException:
        os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _check_out(out: Path, root: Path) -> None:
    if out.resolve() in {root.resolve(), *root.resolve().parents}:
        raise CourseError(f"{out}: refusing to replace the course folder or one above it")
    if out.exists() and not out.is_dir():
        raise CourseError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise CourseError(
            f"{out}: exists and was not written by `runwell handouts` (no {MANIFEST}); "
            "choose another --out or remove it"
        )


def _input_keys(root: Path, pages: list[Page], pdf: bool) -> dict[str, str]:
    fingerprint = package_fingerprint()
    nav = neighbours(pages)
    qdir = quizzes_dir(root)
    banks = sorted(qdir.glob("*.yaml")) if qdir.is_dir() else []
    bank_hash = {p.stem: _file_hash(p) for p in banks}
    keys: dict[str, str] = {}
    for page in pages:
        keys[page.name] = _key(
            MANIFEST_VERSION,
            fingerprint,
            page.kind,
            page.digest,
            [(b, bank_hash.get(b, "missing")) for b in page.banks],
            [_file_hash(f) for f in page.figures],
            nav[page.stem],
        )
    keys["index.html"] = _key(MANIFEST_VERSION, fingerprint, "index", pages)
    keys["answer-key.html"] = _key(MANIFEST_VERSION, fingerprint, "answer-key", bank_hash)
    if pdf:
        for name in [p.name for p in pages] + ["answer-key.html"]:
            keys[name[: -len(".html")] + ".pdf"] = keys[name]
    return keys


def build_handouts(
    root: Path | None = None,
    out: Path | None = None,
    *,
    force: bool = False,
    pdf: bool = False,
    log: Log | None = print,
    static: StaticSource | None = None,
) -> BuildReport:
    """Build the handouts of the course at *root* into *out* (default ``root/build/handouts``).

    Writes ``index.html``, one ``<stem>.html`` per lesson and exercise notebook and
    ``answer-key.html`` (and, with *pdf*, a PDF of each handout and of the answer key).
    Pages whose inputs did not change are reused unless *force*. *log* gets one progress line
    per page (None: quiet). Raises :class:`CourseError` with one line naming the notebook on
    failure, leaving the previous output untouched."""
    from filelock import FileLock, Timeout

    root = (root or course_root()).resolve()
    if not (root / "notebooks").is_dir():
        raise CourseError(f"{root}: no notebooks/ folder (not a course folder?)")
    out = Path(out) if out is not None else root / "build" / "handouts"
    out = out.absolute()
    _check_out(out, root)
    emit: Log = log or (lambda _line: None)
    chromium = find_chromium() if pdf else None
    if pdf and chromium is None:
        raise CourseError("--pdf needs Chromium (/usr/bin/chromium); install it or leave out --pdf")

    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        lock = FileLock(str(out.with_name(f".{out.name}.lock")), timeout=300)
        lock.acquire()
    except Timeout:
        raise CourseError(f"{out}: another handout build is still running") from None
    try:
        pages = plan(root)
        keys = _input_keys(root, pages, pdf)
        previous = read_manifest(out) or {}
        names = list(keys)

        def fresh(name: str) -> bool:
            return not force and previous.get(name) == keys[name] and (out / name).is_file()

        if not force and previous == keys and all(fresh(n) for n in names):
            emit(f"handouts up to date: {len(names)} files in {display_path(out)}")
            return BuildReport(out=out, reused=tuple(names))
        return _build(root, out, pages, keys, fresh, chromium, emit, static)
    finally:
        lock.release()


def _build(
    root: Path,
    out: Path,
    pages: list[Page],
    keys: dict[str, str],
    fresh: Callable[[str], bool],
    chromium: str | None,
    emit: Log,
    static: StaticSource | None,
) -> BuildReport:
    from runwell.handouts.index import render_answer_key, render_index

    static = static or CourseStatic(root)
    css = load_css()
    nav = neighbours(pages)
    built: list[str] = []
    reused: list[str] = []
    notes: list[str] = []
    total = len(pages) + 2
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        os.chmod(tmp, 0o755)
        exporter = None

        def step(i: int, name: str, make: Callable[[], str]) -> None:
            if fresh(name):
                _reuse(out / name, tmp / name)
                reused.append(name)
                emit(f"[{i}/{total}] {name}: unchanged")
                return
            start = time.perf_counter()
            text = make()
            (tmp / name).write_text(text, encoding="utf-8")
            built.append(name)
            size = len(text.encode("utf-8")) / 1024
            took = time.perf_counter() - start
            emit(f"[{i}/{total}] {name}: built in {took:.2f} s, {size:.0f} KB")

        for i, page in enumerate(pages, 1):

            def make(page: Page = page) -> str:
                nonlocal exporter
                try:
                    exporter = exporter or make_exporter()
                    html, page_notes = render_page(
                        exporter, page, nav=nav[page.stem], css=css, static=static, root=root
                    )
                except CourseError as exc:
                    raise CourseError(f"{display_path(page.source)}: {exc}") from None
                except Exception as exc:
                    first = (str(exc).strip().splitlines() or [""])[0]
                    raise CourseError(
                        f"{display_path(page.source)}: cannot build the handout: "
                        f"{type(exc).__name__}: {first}"
                    ) from exc
                for note in page_notes:
                    notes.append(note)
                    emit(f"note: {note}")
                return html

            step(i, page.name, make)

        step(total - 1, "index.html", lambda: render_index(pages, css))

        def answer_key() -> str:
            try:
                return render_answer_key(static.answer_key(), css)
            except CourseError as exc:
                raise CourseError(f"answer key: {exc}") from None

        step(total, "answer-key.html", answer_key)

        if chromium:
            for name in [n for n in keys if n.endswith(".pdf")]:
                if fresh(name):
                    _reuse(out / name, tmp / name)
                    reused.append(name)
                    continue
                print_pdf(chromium, tmp / (name[: -len(".pdf")] + ".html"), tmp / name)
                built.append(name)
                emit(f"{name}: printed")

        manifest = {
            "format": MANIFEST_FORMAT,
            "version": MANIFEST_VERSION,
            "runwell": runwell.__version__,
            "pages": keys,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    emit(f"handouts: {len(built)} built, {len(reused)} unchanged, in {display_path(out)}")
    return BuildReport(out=out, built=tuple(built), reused=tuple(reused), notes=tuple(notes))
