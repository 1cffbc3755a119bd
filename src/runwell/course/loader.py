"""Loading the course: read once, validate once, cache.

Sources: the package's data files (guidance, exercise tables, shoe-fit text) and the course
folder's quiz banks (``notebooks/quizzes/*.yaml``). Another language's edition
(:func:`runwell.i18n.languages`) reads the same files, then its translations: the overlays
``runwell/data/<lang>/*.yaml`` and the banks in ``notebooks/quizzes/<lang>/``, each checked
against the English file it translates (:mod:`runwell.course.translate`).

Three caches, from fastest to slowest:

1. **In the process.** :func:`load` returns the same :class:`Course` while no source file has
   changed (size and modification time); an edited bank is picked up on the next call.
2. **On disk.** A course that validated cleanly is stored as JSON under a hash of its source
   files' bytes (``$RUNWELL_CACHE``, else the user cache folder). A new kernel reads it instead of
   importing jsonschema and validating again: a learner's first quiz appears in a fraction of the
   time. A course with problems is never cached, so its problems are always reported.
3. **A bundle.** The same JSON, shipped where there is no PyYAML (the zero-install site):
   ``$RUNWELL_COURSE_BUNDLE``, else ``runwell/data/course-bundle-<lang>.json`` when PyYAML cannot
   be imported (only the browser wheel carries those files).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import runwell
from runwell.course.build import (
    build_bank,
    build_guidance,
    build_health,
    build_safety,
    build_settings,
    build_shoefit,
    build_tables,
    with_settings,
)
from runwell.course.model import Bank, Course, frozen_map
from runwell.course.translate import (
    OVERLAYS,
    apply_health,
    apply_safety,
    apply_shoefit,
    apply_tables,
    bank_problems,
    overlay_name,
)
from runwell.errors import CourseError, Problem, display_path
from runwell.fileio import atomic_write_text, read_regular
from runwell.i18n import DEFAULT, check_language, languages
from runwell.paths import bank_dir, course_root, data_file, edition_dir

__all__ = [
    "BUNDLE_ENV",
    "CACHE_ENV",
    "DATA_FILES",
    "bundle",
    "clear_cache",
    "from_bundle",
    "languages",
    "load",
]

CACHE_ENV = "RUNWELL_CACHE"
BUNDLE_ENV = "RUNWELL_COURSE_BUNDLE"
BUNDLE_FORMAT = "runwell-course"
BUNDLE_VERSION = 2
#: Package data files: model part -> file in ``runwell/data``.
DATA_FILES = {
    "guidance": "guidance.yaml",
    "tables": "exercises.yaml",
    "shoefit": "shoefit.yaml",
    # health content (issue 16): red flags and locales, sources and reviews, course settings
    "safety": "red_flags.yaml",
    "health": "sources.yaml",
    "settings": "settings.yaml",
}
SCHEMAS = ("quiz_bank", "guidance", "exercises", "shoefit", "red_flags", "sources", "settings",
           "overlay_exercises", "overlay_shoefit", "overlay_red_flags", "overlay_sources")
MAX_BUNDLE_BYTES = 20_000_000
KEEP_CACHED = 8  # course versions kept in the disk cache


@dataclass(frozen=True)
class _Source:
    """One data file: where it is, how messages name it, and what it feeds."""

    path: Path
    shown: str
    part: str  # a key of DATA_FILES, bank, base-bank (the English bank a translation mirrors)
    stem: str  # or overlay (a translation of a DATA_FILES part, named in stem)


_loaded: dict[tuple[str, str], tuple[Any, Course]] = {}


def clear_cache() -> None:
    """Forget the in-process cache (tests that edit files faster than the clock ticks)."""
    _loaded.clear()


def _sources(root: Path | None, lang: str) -> list[_Source]:
    found = [
        _Source(data_file(name), f"src/runwell/data/{name}", part, part)
        for part, name in DATA_FILES.items()
    ]
    if lang != DEFAULT:
        for part in OVERLAYS:
            name = overlay_name(lang, part)
            if data_file(name).is_file():
                found.append(_Source(data_file(name), f"src/runwell/data/{name}", "overlay", part))
    if root is not None:
        folder = bank_dir(root, lang)
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            found.append(_Source(path, display_path(path, root), "bank", path.stem))
        english = bank_dir(root, DEFAULT)
        if lang != DEFAULT and folder.is_dir() and english.is_dir():
            for path in sorted(english.glob("*.yaml")):
                found.append(_Source(path, display_path(path, root), "base-bank", path.stem))
    return found


def _put(raw: dict[str, Any], source: _Source, data: Any) -> None:
    """File *data* in the raw course under its part."""
    entry = {"path": source.shown, "data": data}
    if source.part == "bank":
        raw.setdefault("banks", {})[source.stem] = entry
    elif source.part == "base-bank":
        raw.setdefault("base_banks", {})[source.stem] = entry
    elif source.part == "overlay":
        raw.setdefault("overlays", {})[source.stem] = entry
    else:
        raw[source.part] = entry


def _signature(sources: list[_Source], extra: tuple[Path, ...]) -> tuple[Any, ...]:
    sig: list[tuple[str, int | None, int | None]] = []
    for path in [s.path for s in sources] + list(extra):
        try:
            st = path.stat()
            sig.append((str(path), st.st_mtime_ns, st.st_size))
        except OSError:
            sig.append((str(path), None, None))
    return tuple(sig)


def load(root: Path | str | None = None, lang: str = "en") -> Course:
    """The course in *lang* (validated, cached). *root* defaults to
    :func:`runwell.paths.course_root`; outside any course folder the course has the package's
    data and no banks, and asking it for a bank says why."""
    check_language(lang)
    bundled = os.environ.get(BUNDLE_ENV)
    if bundled:
        return _from_bundle_file(Path(bundled), lang)
    root_error = ""
    base: Path | None
    try:
        base = Path(root).resolve() if root is not None else course_root()
    except CourseError as exc:
        base, root_error = None, str(exc)
    sources = _sources(base, lang)
    extra: tuple[Path, ...] = ()
    if base is not None:
        # The notebooks are read lazily (Course.pages), but an edited notebook must still give a
        # fresh model: their folders and files are part of the signature (a stat each).
        from runwell.paths import exercise_notebooks, lesson_notebooks

        extra = (bank_dir(base, lang), edition_dir(base, "notebooks", lang),
                 edition_dir(base, "exercises", lang), *lesson_notebooks(base, lang),
                 *exercise_notebooks(base, lang))
    key = (str(base), lang)
    signature = _signature(sources, extra)
    hit = _loaded.get(key)
    if hit is not None and hit[0] == signature:
        return hit[1]
    shipped = data_file(f"course-bundle-{lang}.json")
    if shipped.is_file() and importlib.util.find_spec("yaml") is None:
        # The zero-install site: no PyYAML in the browser, and the course was validated when
        # the site was built; its bundle ships inside the package.
        course = _from_bundle_file(shipped, lang, root=base)
    else:
        course = _load(base, lang, sources, root_error)
    _loaded[key] = (signature, course)
    return course


def _load(base: Path | None, lang: str, sources: list[_Source], root_error: str) -> Course:
    contents: list[tuple[_Source, bytes]] = []
    problems: list[Problem] = []
    if base is not None:
        for stray in sorted(bank_dir(base, lang).glob("*.yml")):
            problems.append(Problem(display_path(stray, base), "-", "rename to .yaml to be loaded"))
    from runwell.course.yamlio import MAX_BYTES

    for source in sources:
        try:
            data = read_regular(source.path, MAX_BYTES)  # bounded; a pipe is never waited on
        except IsADirectoryError:
            problems.append(Problem(source.shown, "-", "is a folder, not a file"))
            continue
        except OSError as exc:
            problems.append(Problem(source.shown, "-", f"cannot read ({exc.strerror or exc})"))
            continue
        if len(data) > MAX_BYTES:
            problems.append(
                Problem(source.shown, "-", f"larger than {MAX_BYTES:,} bytes; not a course file")
            )
            continue
        contents.append((source, data))
    digest = _digest(lang, contents)
    cached = None if problems else _read_cache(digest)
    if cached is not None:
        try:
            return from_bundle(cached, lang, root=base, root_error=root_error)
        except (CourseError, KeyError, TypeError, ValueError):
            pass  # a stale or damaged cache entry: validate again
    raw: dict[str, Any] = {"banks": {}}
    from runwell.course.yamlio import parse_yaml

    for source, data in contents:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(source.shown, "-", f"not UTF-8 text (byte {exc.start})"))
            continue
        try:
            parsed = parse_yaml(text, source.shown)
        except CourseError as exc:
            problems.append(_as_problem(exc, source.shown))
            continue
        _put(raw, source, parsed)
    course = _build(raw, lang, base, root_error, problems, check=True)
    if problems:
        return _with_problems(course, problems)
    _write_cache(digest, _bundle_dict(raw, lang))
    return course


def _as_problem(exc: CourseError, shown: str) -> Problem:
    text = str(exc)
    prefix = f"{shown}: -: "
    return Problem(shown, "-", text[len(prefix):] if text.startswith(prefix) else text)


def _build(
    raw: dict[str, Any],
    lang: str,
    base: Path | None,
    root_error: str,
    problems: list[Problem],
    *,
    check: bool,
) -> Course:
    def part(name: str) -> tuple[Any, str]:
        entry = raw.get(name)
        if not isinstance(entry, dict):
            return None, f"src/runwell/data/{DATA_FILES[name]}"
        return entry.get("data"), str(entry.get("path", name))

    data, shown = part("guidance")
    guidance, found = build_guidance(data, shown, check=check)
    problems += found
    data, shown = part("tables")
    tables, found = build_tables(data, shown, check=check)
    problems += found
    data, shown = part("shoefit")
    shoefit, found = build_shoefit(data, shown, check=check)
    problems += found
    if tables is None or shoefit is None:
        first = next((p for p in problems), None)
        raise CourseError(str(first) if first else "the course's package data is missing")
    # Health content: entries with a problem are left out (and reported); the course still loads.
    data, shown = part("safety")
    safety, found = build_safety(data, shown, check=check)
    problems += found
    data, shown = part("health")
    health, found = build_health(data, shown, check=check)
    problems += found
    if lang != DEFAULT:  # the edition's words, over the English model (facts stay English)
        overlays = raw.get("overlays") or {}

        def translated(name: str, model: Any, apply: Any) -> Any:
            entry = overlays.get(name)
            if not isinstance(entry, dict):
                if check:
                    problems.append(Problem(f"src/runwell/data/{overlay_name(lang, name)}", "-",
                                            f"missing: the {lang} edition translates "
                                            f"src/runwell/data/{OVERLAYS[name]} here"))
                return model
            result, found = apply(model, entry.get("data"), str(entry.get("path")), check=check)
            problems.extend(found)
            return result

        tables = translated("tables", tables, apply_tables)
        shoefit = translated("shoefit", shoefit, apply_shoefit)
        safety = translated("safety", safety, apply_safety)
        health = translated("health", health, apply_health)
    data, shown = part("settings")
    settings, found = build_settings(data, shown, safety.locales, lang=lang, check=check)
    problems += found
    safety = with_settings(safety, settings)

    banks: dict[str, Bank] = {}
    broken: set[str] = set()
    owner: dict[str, str] = {}
    ids = set(guidance) if guidance else None
    for stem in sorted(raw.get("banks", {})):
        entry = raw["banks"][stem]
        shown = str(entry.get("path", stem))
        bank, found = build_bank(
            entry.get("data"), shown, stem, guidance=ids, check=check, fill=settings.fill
        )
        if bank is None:
            problems += found
            continue
        for q in bank.questions:
            if q.id in owner and owner[q.id] != bank.path:
                found.append(
                    Problem(bank.path, q.id, f"duplicate question id (also in {owner[q.id]})")
                )
            owner.setdefault(q.id, bank.path)
        english = (raw.get("base_banks") or {}).get(stem)
        if check and lang != DEFAULT and isinstance(english, dict):
            found += bank_problems(entry.get("data"), english.get("data"), shown,
                                   str(english.get("path")))
        elif check and lang != DEFAULT and raw.get("base_banks") is not None:
            found.append(Problem(shown, "-", "no English bank of that name to translate"))
        if found:
            broken.add(stem)
        problems += found
        banks[stem] = bank
    if check and lang != DEFAULT and raw.get("banks"):
        for stem, english in sorted((raw.get("base_banks") or {}).items()):
            if stem not in raw["banks"]:
                folder = str(english.get("path", stem)).rsplit("/", 1)[0]
                problems.append(Problem(f"{folder}/{lang}", stem, f"no {lang} translation of "
                                        f"{english.get('path', stem)}"))
    return Course(
        lang=lang,
        guidance=frozen_map(guidance),
        banks=frozen_map(banks),
        tables=tables,
        shoefit=shoefit,
        problems=tuple(dict.fromkeys(problems)),
        root=str(base) if base is not None else "",
        root_error=root_error,
        broken=frozenset(broken),
        safety=safety,
        health=health,
        settings=settings,
    )


def _with_problems(course: Course, problems: list[Problem]) -> Course:
    from dataclasses import replace

    unique = tuple(dict.fromkeys(problems))
    broken = set(course.broken)
    for name, bank in course.banks.items():
        if any(p.path == bank.path for p in unique):
            broken.add(name)
    return replace(course, problems=unique, broken=frozenset(broken))


# ------------------------------------------------------------------------------ bundles


def _bundle_dict(raw: dict[str, Any], lang: str) -> dict[str, Any]:
    """The bundle: what the course is built from, without the English banks a translation was
    checked against (a bundle is never checked again)."""
    return {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "runwell": runwell.__version__,
        "lang": lang,
        **{k: v for k, v in raw.items() if k != "base_banks"},
    }


def bundle(root: Path | str | None = None, lang: str = "en") -> dict[str, Any]:
    """The validated course data as one JSON-ready dict (for the zero-install site).
    CourseError if the course has any problem."""
    course = load(root, lang)
    if course.problems:
        raise CourseError(f"{course.problems[0]} (run `runwell check`)")
    base = Path(course.root) if course.root else None
    raw: dict[str, Any] = {"banks": {}}
    from runwell.course.yamlio import read_yaml

    for source in _sources(base, lang):
        if source.part != "base-bank":
            _put(raw, source, read_yaml(source.path, source.shown))
    return _bundle_dict(raw, lang)


def from_bundle(
    data: Any, lang: str = "en", *, root: Path | None = None, root_error: str = ""
) -> Course:
    """The course from a bundle (already validated when it was made: no schema check)."""
    if not isinstance(data, dict) or data.get("format") != BUNDLE_FORMAT:
        raise CourseError("not a runwell course bundle")
    if data.get("version") != BUNDLE_VERSION or data.get("lang") != lang:
        raise CourseError(
            f"course bundle version {data.get('version')!r} / language {data.get('lang')!r} "
            f"does not match {BUNDLE_VERSION} / {lang}"
        )
    problems: list[Problem] = []
    course = _build(data, lang, root, root_error, problems, check=False)
    if problems:
        raise CourseError(str(problems[0]))
    return course


def _from_bundle_file(path: Path, lang: str, root: Path | None = None) -> Course:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BUNDLE_BYTES + 1)
        if len(raw) > MAX_BUNDLE_BYTES:
            raise CourseError(f"{path}: larger than {MAX_BUNDLE_BYTES:,} bytes")
        data = json.loads(raw)
    except OSError as exc:
        raise CourseError(f"{path}: cannot read the course bundle ({exc.strerror})") from None
    except (ValueError, RecursionError):
        raise CourseError(f"{path}: not a readable course bundle (invalid JSON)") from None
    return from_bundle(data, lang, root=root)


# ------------------------------------------------------------------------------ disk cache


def _digest(lang: str, contents: list[tuple[_Source, bytes]]) -> str:
    h = hashlib.sha256(f"{BUNDLE_VERSION}\x00{runwell.__version__}\x00{lang}".encode())
    for name in SCHEMAS:
        try:
            h.update(data_file(f"schemas/{name}.schema.json").read_bytes())
        except OSError:
            h.update(b"missing")
    for source, data in contents:
        h.update(f"\x00{source.part}\x00{source.shown}\x00{len(data)}\x00".encode())
        h.update(data)
    return h.hexdigest()


def cache_dir() -> Path:
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_cache_path("runwell", appauthor=False)


def _cache_file(digest: str) -> Path:
    return cache_dir() / f"course-{digest[:32]}.json"


def _read_cache(digest: str) -> Any:
    try:
        path = _cache_file(digest)
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BUNDLE_BYTES + 1)
        if len(raw) > MAX_BUNDLE_BYTES:
            return None
        return json.loads(raw)
    except (OSError, ValueError, RecursionError):
        return None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _write_cache(digest: str, data: dict[str, Any]) -> None:
    """Best effort: a read-only home or a full disk only means no cache."""
    try:
        target = _cache_file(digest)
        atomic_write_text(target, json.dumps(data, ensure_ascii=False))
        # Keep the few newest entries; older ones belong to content since edited.
        entries = sorted(target.parent.glob("course-*.json"), key=_mtime, reverse=True)
        for old in entries[KEEP_CACHED:]:
            old.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError) as exc:
        if os.environ.get("RUNWELL_DEBUG"):
            print(f"runwell: course cache not written: {exc}", file=sys.stderr)
