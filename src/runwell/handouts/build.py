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
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import runwell
from runwell.course.notebooks import Page, neighbours, plan
from runwell.errors import CourseError, display_path
from runwell.handouts.static import CourseStatic, StaticSource
from runwell.paths import bank_dir, course_root

if TYPE_CHECKING:  # imported lazily at run time: nbconvert is slow to import
    from runwell.handouts.convert import Converted

__all__ = [
    "MANIFEST",
    "BuildReport",
    "build_handouts",
    "find_chromium",
    "package_fingerprint",
    "print_pdf",
    "read_manifest",
]

MANIFEST = ".runwell-handouts.json"
MANIFEST_FORMAT = "runwell-handouts"
MANIFEST_VERSION = 1

Log = Callable[[str], None]


@dataclass(frozen=True)
class BuildReport:
    out: Path
    built: tuple[str, ...] = ()
    reused: tuple[str, ...] = ()

    @property
    def up_to_date(self) -> bool:
        return not self.built


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


def _converted(done: Converted) -> str:
    return done.html


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
    """What each output depends on. Bytes are hashed, nothing is parsed, so an up-to-date build
    costs no more than reading its inputs; the package fingerprint covers the code that turns
    banks into pages (the choice order among it)."""
    fingerprint = package_fingerprint()
    nav = neighbours(pages)
    folder = bank_dir(root)
    banks = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
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
    summary = [(p.stem, p.kind, p.title, p.minutes, p.question, p.objectives) for p in pages]
    keys["index.html"] = _key(MANIFEST_VERSION, fingerprint, "index", summary)
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
        tag = hashlib.sha256(str(out).encode()).hexdigest()[:16]
        lock_path = Path(tempfile.gettempdir()) / f"runwell-handouts-{tag}.lock"
        lock = FileLock(str(lock_path), timeout=300)
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
        if static is None:
            from runwell import course as model

            static = CourseStatic(model.load(root))
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
    static: StaticSource,
) -> BuildReport:
    from runwell.handouts.convert import Converter
    from runwell.handouts.index import render_answer_key, render_index
    from runwell.handouts.render import load_css

    css = load_css()
    converter = Converter(neighbours(pages), css, static, root)
    course_of_static = getattr(static, "course", None)  # organisation, emergency line, reviews
    built: list[str] = []
    reused: list[str] = []
    total = len(pages) + 2
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        os.chmod(tmp, 0o755)

        def answer_key() -> str:
            try:
                return render_answer_key(static.answer_key(), css, course_of_static)
            except CourseError as exc:
                raise CourseError(f"answer key: {exc}") from None

        def convert(page: Page) -> Callable[[], str]:
            return lambda: _converted(converter.one(page))

        makers: list[tuple[str, Callable[[], str]]] = [
            (page.name, convert(page)) for page in pages
        ]
        makers.append(("index.html", lambda: render_index(pages, css, course_of_static)))
        makers.append(("answer-key.html", answer_key))
        for i, (name, make) in enumerate(makers, 1):
            if fresh(name):
                _reuse(out / name, tmp / name)
                reused.append(name)
                emit(f"[{i}/{total}] {name}: unchanged")
                continue
            start = time.perf_counter()
            text = make()
            (tmp / name).write_text(text, encoding="utf-8")
            built.append(name)
            size = len(text.encode("utf-8")) / 1024
            took = time.perf_counter() - start
            emit(f"[{i}/{total}] {name}: built in {took:.2f} s, {size:.0f} KB")

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
    return BuildReport(out=out, built=tuple(built), reused=tuple(reused))
