"""The handout build: notebooks -> learner versions -> nbconvert with our template -> files.

Robust: every page that changed is first written into a staging folder beside the output
(``.NAME.XXXXXXXX.tmp``); nothing in the output changes until every page succeeded, so a failure
leaves the previous handouts intact. Then the output folder is updated file by file from the
manifest (``.runwell-handouts.json``): new pages are moved in (each an atomic rename), pages of
notebooks that no longer exist are deleted, and nothing else in the folder is touched. An
instructor's own file in the output folder is kept; a file at a handout's name that the manifest
does not list stops the build with one line. A staging folder or temporary file left by a killed
build is removed by the next one.
Incremental: the manifest records a hash of each page's inputs (notebook, quiz banks, figures,
neighbours' titles, template and package); an unchanged page is left as it is, not rebuilt, and
when nothing changed at all nothing is written. nbconvert is imported only when a page is built.
Editions: the English pages go in the output folder; another language's, when the course has its
notebooks (``notebooks/es/``, ``exercises/es/``), in a folder named after it (``es/``), with its
own index and answer key, every page ``lang="es"``; the indexes link to each other. One manifest
covers every edition.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import runwell
from runwell.chromium import HEADLESS_ARGS, find_chromium
from runwell.course.notebooks import Page, neighbours, plan
from runwell.errors import CourseError, clean_text, display_path, os_error_line
from runwell.fileio import (
    atomic_write_text,
    output_folder_exists,
    read_regular,
    sha256_regular,
    sweep_temps,
)
from runwell.handouts.static import CourseStatic, StaticSource
from runwell.paths import bank_dir, course_root, exercise_notebooks, lesson_notebooks

if TYPE_CHECKING:  # imported lazily at run time: nbconvert is slow to import
    from runwell.handouts.convert import Converted

__all__ = [
    "MANIFEST",
    "BuildReport",
    "Edition",
    "build_handouts",
    "editions",
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
    removed: tuple[str, ...] = ()  # pages of notebooks that no longer exist

    @property
    def up_to_date(self) -> bool:
        return not self.built


# --------------------------------------------------------------------------- hashing inputs


def _file_hash(path: Path) -> str:
    try:
        return sha256_regular(path)  # in chunks; a pipe is refused, never waited on
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


MAX_MANIFEST_BYTES = 1_000_000
STAGE_MARK = ".runwell-handouts-stage"  # inside a staging folder: it is ours to remove


def read_manifest(out: Path) -> dict[str, str] | None:
    """The previous build's page keys, or None when *out* holds no (readable) manifest."""
    try:
        raw = read_regular(out / MANIFEST, MAX_MANIFEST_BYTES)
        data = json.loads(raw) if len(raw) <= MAX_MANIFEST_BYTES else None
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return None
    pages = data.get("pages")
    if not isinstance(pages, dict):
        return None
    return {k: v for k, v in pages.items() if isinstance(k, str) and isinstance(v, str)}


def _safe_name(name: str) -> bool:
    """Whether *name* (from a manifest) is a page this build could have written: a relative
    ``.html`` or ``.pdf`` path inside the output folder, at most one folder deep (``es/``)."""
    parts = name.split("/")
    return (
        0 < len(parts) <= 2
        and name.endswith((".html", ".pdf"))
        and all(part not in ("", ".", "..") for part in parts)
        and "\\" not in name
        and name == clean_text(name, 300)
    )


# --------------------------------------------------------------------------- PDF


def print_pdf(chromium: str, html: Path, pdf: Path) -> None:
    """Print *html* to *pdf* with headless Chromium (no network: the page loads nothing)."""
    with tempfile.TemporaryDirectory(prefix="runwell-chromium-") as profile:
        cmd = [
            chromium,
            "--headless",
            *HEADLESS_ARGS,
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


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CourseError(os_error_line(exc, "read", path)) from None


def _stage_pattern(out: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(out.name)}\.[a-z0-9_]{{8}}\.tmp")


def _sweep(out: Path, emit: Log) -> None:
    """Under the build lock: remove what a killed build left behind. Staging folders beside
    *out* are removed only when they match our pattern (``.NAME.XXXXXXXX.tmp``) and hold our
    mark (or nothing at all); temporary manifest files only when they match theirs."""
    pattern = _stage_pattern(out)
    try:
        entries = [e for e in os.scandir(out.parent) if pattern.fullmatch(e.name)]
    except OSError:
        entries = []
    for entry in entries:
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            inside = os.listdir(entry.path)
        except OSError:
            continue
        if inside and STAGE_MARK not in inside:
            continue  # not a folder we made
        shutil.rmtree(entry.path, ignore_errors=True)
        emit(f"removed {display_path(entry.path)}: left by an interrupted build")
    sweep_temps(out / MANIFEST, min_age=0)  # we hold the lock: no write of ours is running


def _check_names(out: Path, names: list[str], previous: dict[str, str]) -> None:
    """Refuse, before building, to write a page over something the manifest does not list (an
    instructor's own file that happens to have a handout's name) or over a folder."""
    for name in names:
        target = out / name
        st = _lstat(target)
        if st is None:
            continue
        shown = clean_text(display_path(target), 300)
        if stat.S_ISDIR(st.st_mode):
            raise CourseError(f"{shown}: is a folder where a handout goes; move it away")
        if name not in previous:
            raise CourseError(
                f"{shown}: exists and was not written by `runwell handouts` (not in its "
                f"{MANIFEST}); move it away or choose another --out"
            )


def _write_manifest(out: Path, pages: dict[str, str]) -> None:
    manifest = {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "runwell": runwell.__version__,
        "pages": pages,
    }
    atomic_write_text(out / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def _commit(
    out: Path, stage: Path, keys: dict[str, str], built: list[str], previous: dict[str, str]
) -> list[str]:
    """Update *out* from the finished *stage*, file by file; returns the pages removed.

    First the manifest is rewritten to list every file this step may touch, with an empty key
    for each one about to change, so an interruption here leaves files the next build knows as
    its own and rebuilds. Then the new pages are moved in, pages that no longer exist are
    deleted, and the final manifest is written. Files the manifest never listed are not
    touched."""
    obsolete = sorted(n for n in previous if n not in keys and _safe_name(n))
    pending = {n: ("" if n in built else keys[n]) for n in keys}
    pending.update({n: "" for n in obsolete})
    out.mkdir(exist_ok=True)
    _write_manifest(out, pending)
    for name in built:
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / name, target)
    removed: list[str] = []
    for name in obsolete:
        target = out / name
        st = _lstat(target)
        if st is not None and not stat.S_ISDIR(st.st_mode):
            target.unlink()
            removed.append(name)
        if target.parent != out:
            with contextlib.suppress(OSError):
                target.parent.rmdir()  # only when nothing else is left in it
    _write_manifest(out, keys)
    return removed


def _converted(done: Converted) -> str:
    return done.html


def _check_out(out: Path, root: Path) -> None:
    """Refuse, in one line, an output that is the course folder (or above it), that is not a
    folder, or that is a folder this command never built into and that holds something."""
    shown = clean_text(display_path(out), 300)
    try:
        resolved = out.resolve()
    except (OSError, RuntimeError):
        resolved = out
    if resolved in {root, *root.parents}:
        raise CourseError(f"{shown}: refusing to build into the course folder or one above it")
    if not output_folder_exists(out, shown):
        return
    try:
        with os.scandir(out) as entries:
            holds_something = next(entries, None) is not None
    except OSError as exc:
        raise CourseError(os_error_line(exc, "list the output folder", out)) from None
    manifest = _lstat(out / MANIFEST)
    if holds_something and (manifest is None or not stat.S_ISREG(manifest.st_mode)):
        raise CourseError(
            f"{shown}: exists and was not written by `runwell handouts` (no {MANIFEST}); "
            "choose another --out or remove it"
        )


@dataclass(frozen=True)
class Edition:
    """One language's pages and where they go: ``""`` (the output folder) or ``"es/"``."""

    lang: str
    pages: list[Page]

    @property
    def prefix(self) -> str:
        return "" if self.lang == "en" else f"{self.lang}/"


def editions(root: Path) -> list[Edition]:
    """English, then every language of the course (:func:`runwell.i18n.languages`) that has
    translated notebooks in the course folder."""
    from runwell.i18n import languages

    found = [Edition("en", plan(root, "en"))]
    for lang in languages()[1:]:
        if lesson_notebooks(root, lang) or exercise_notebooks(root, lang):
            found.append(Edition(lang, plan(root, lang)))
    return found


def _input_keys(root: Path, edition: Edition, pdf: bool, langs: list[str]) -> dict[str, str]:
    """What each output of *edition* depends on. Bytes are hashed, nothing is parsed, so an
    up-to-date build costs no more than reading its inputs; the package fingerprint covers the
    code (the choice order among it), the templates and the catalogues."""
    fingerprint = package_fingerprint()
    pages, prefix = edition.pages, edition.prefix
    nav = neighbours(pages)
    folder = bank_dir(root, edition.lang)
    banks = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    bank_hash = {p.stem: _file_hash(p) for p in banks}
    keys: dict[str, str] = {}
    for page in pages:
        keys[prefix + page.name] = _key(
            MANIFEST_VERSION,
            fingerprint,
            edition.lang,
            page.kind,
            page.digest,
            [(b, bank_hash.get(b, "missing")) for b in page.banks],
            [_file_hash(f) for f in page.figures],
            nav[page.stem],
        )
    summary = [(p.stem, p.kind, p.title, p.minutes, p.question, p.objectives) for p in pages]
    keys[prefix + "index.html"] = _key(MANIFEST_VERSION, fingerprint, "index", edition.lang,
                                       summary, langs)
    keys[prefix + "answer-key.html"] = _key(MANIFEST_VERSION, fingerprint, "answer-key",
                                            edition.lang, bank_hash)
    if pdf:
        for name in [prefix + p.name for p in pages] + [prefix + "answer-key.html"]:
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
    ``answer-key.html`` (and, with *pdf*, a PDF of each handout and of the answer key); the same
    in ``<lang>/`` for each translated edition (:func:`editions`). A *static* source given here
    (tests) serves every edition.
    Pages whose inputs did not change are left as they are unless *force*; pages of notebooks
    that no longer exist are deleted; files the manifest does not list are never touched. *log*
    gets one progress line per page (None: quiet). Raises :class:`CourseError` with one line
    (naming the notebook, or the path and the system's reason) on failure, leaving the previous
    output untouched."""
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

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CourseError(os_error_line(exc, "create the output folder", out)) from None
    tag = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    lock_path = Path(tempfile.gettempdir()) / f"runwell-handouts-{tag}.lock"
    lock = FileLock(str(lock_path), timeout=300)
    try:
        lock.acquire()
    except Timeout:
        raise CourseError(f"{clean_text(out, 300)}: another handout build is still running"
                          ) from None
    except OSError as exc:
        raise CourseError(os_error_line(exc, "create the build's lock file", lock_path)) from None
    try:
        _sweep(out, emit)
        found = editions(root)
        langs = [e.lang for e in found]
        keys: dict[str, str] = {}
        for edition in found:
            keys.update(_input_keys(root, edition, pdf, langs))
        previous = read_manifest(out) or {}
        names = list(keys)
        _check_names(out, names, previous)

        def fresh(name: str) -> bool:
            return not force and previous.get(name) == keys[name] and (out / name).is_file()

        if not force and previous == keys and all(fresh(n) for n in names):
            emit(f"handouts up to date: {len(names)} files in {display_path(out)}")
            return BuildReport(out=out, reused=tuple(names))
        sources: dict[str, StaticSource] = {}
        for edition in found:
            if static is not None:
                sources[edition.lang] = static
            else:
                from runwell import course as model

                sources[edition.lang] = CourseStatic(model.load(root, edition.lang))
        return _build(root, out, found, keys, previous, fresh, chromium, emit, sources)
    finally:
        lock.release()


def _makers(
    edition: Edition, css: str, static: StaticSource, root: Path, langs: list[str]
) -> list[tuple[str, Callable[[], str]]]:
    """(output name, how to make it) for every page of *edition*, its index and answer key."""
    from runwell.handouts.convert import Converter
    from runwell.handouts.index import render_answer_key, render_index

    pages, prefix, lang = edition.pages, edition.prefix, edition.lang
    converter = Converter(neighbours(pages), css, static, root, lang)
    course_of_static = getattr(static, "course", None)  # organisation, emergency line, reviews

    def answer_key() -> str:
        try:
            return render_answer_key(static.answer_key(), css, course_of_static, lang=lang)
        except CourseError as exc:
            raise CourseError(f"{prefix}answer key: {exc}") from None

    def convert(page: Page) -> Callable[[], str]:
        return lambda: _converted(converter.one(page))

    makers: list[tuple[str, Callable[[], str]]] = [
        (prefix + page.name, convert(page)) for page in pages
    ]
    makers.append((prefix + "index.html",
                   lambda: render_index(pages, css, course_of_static, lang=lang, editions=langs)))
    makers.append((prefix + "answer-key.html", answer_key))
    return makers


def _build(
    root: Path,
    out: Path,
    found: list[Edition],
    keys: dict[str, str],
    previous: dict[str, str],
    fresh: Callable[[str], bool],
    chromium: str | None,
    emit: Log,
    sources: dict[str, StaticSource],
) -> BuildReport:
    from runwell.handouts.render import load_css

    css = load_css()
    langs = [e.lang for e in found]
    built: list[str] = []
    reused: list[str] = []
    total = sum(len(e.pages) + 2 for e in found)
    try:
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as exc:
        raise CourseError(os_error_line(exc, "create a staging folder", out.parent)) from None
    try:
        (stage / STAGE_MARK).touch()
        os.chmod(stage, 0o755)
        makers: list[tuple[str, Callable[[], str]]] = []
        for edition in found:
            makers += _makers(edition, css, sources[edition.lang], root, langs)
        for i, (name, make) in enumerate(makers, 1):
            if fresh(name):
                reused.append(name)
                emit(f"[{i}/{total}] {name}: unchanged")
                continue
            start = time.perf_counter()
            text = make()
            (stage / name).parent.mkdir(parents=True, exist_ok=True)
            (stage / name).write_text(text, encoding="utf-8")
            built.append(name)
            size = len(text.encode("utf-8")) / 1024
            took = time.perf_counter() - start
            emit(f"[{i}/{total}] {name}: built in {took:.2f} s, {size:.0f} KB")

        if chromium:
            for name in [n for n in keys if n.endswith(".pdf")]:
                if fresh(name):
                    reused.append(name)
                    continue
                html = name[: -len(".pdf")] + ".html"
                print_pdf(chromium, (stage if html in built else out) / html, stage / name)
                built.append(name)
                emit(f"{name}: printed")
        removed = _commit(out, stage, keys, built, previous)
    except OSError as exc:
        where = Path(os.fsdecode(exc.filename)) if exc.filename else out
        if where.is_relative_to(stage):  # name the file the user will look for
            where = out / where.relative_to(stage)
        raise CourseError(os_error_line(exc, "write", where)) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    for name in removed:
        emit(f"removed {name}: its notebook no longer exists")
    emit(f"handouts: {len(built)} built, {len(reused)} unchanged, in {display_path(out)}")
    return BuildReport(out=out, built=tuple(built), reused=tuple(reused), removed=tuple(removed))
