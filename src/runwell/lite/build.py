"""Build the zero-install site (``make lite``): a JupyterLite folder that runs the course in the
browser with nothing installed and fetches nothing from another host.

Steps (each cached, see :mod:`runwell.lite.toolchain`):

1. the build venv ``.venv-lite`` (Python >= 3.12) with the pinned JupyterLite tools;
2. the Pyodide runtime (``npm pack pyodide@314.0.6``), unpacked as ``static/pyodide/``;
3. the pinned pure-Python wheels, and runwell's own wheel with its browser dependencies only
   (:mod:`runwell.lite.wheel`), the prebuilt course of every edition (:func:`course_bundles`) and
   the compiled message catalogues (:func:`catalogues`: the browser has no Babel), all put into
   the Pyodide lock, so ``import runwell`` just works;
4. the lessons and the learners' exercises of every edition (``notebooks/es/``,
   ``exercises/es/``…; solutions out, as ``runwell student`` writes them), with quiz banks and
   figures, under ``files/``; SVG figures made ASCII (:func:`ascii_svg`);
5. ``jupyter lite build``, then the lock is pruned to local files and the site is checked for
   references to other hosts (:mod:`runwell.lite.offline`).

The build is skipped when the hash of its inputs (the package, the content, the pins and this
configuration) matches the one stored beside the site.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tarfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from runwell.errors import CourseError
from runwell.lite import offline, toolchain, wheel

__all__ = [
    "BuildResult",
    "ascii_svg",
    "build_site",
    "catalogues",
    "course_bundles",
    "input_hash",
    "main",
    "site_size",
]

REPO = Path(__file__).resolve().parents[3]
#: Course folders copied under the site's ``files/`` (with their quiz banks and figures).
CONTENT = ("notebooks", "exercises")
#: Not for the browser: the quiz app is a Voilà server notebook.
CONTENT_EXCLUDE = ("quiz_app.ipynb", ".ipynb_checkpoints", "__pycache__", "*.pyc", ".DS_Store")
#: Files in the Pyodide npm package the site does not need: demo consoles that load from a CDN.
PYODIDE_DROP = ("console.html", "console-v2.html")
#: The upstream lock: the build's input (its packages are on the CDN), replaced in the site by
#: the rewritten ``static/pyodide-lock/pyodide-lock.json``, so removed from the output.
UPSTREAM_LOCK = "static/pyodide/pyodide-lock.json"
PACKAGE_INPUTS = ("pyproject.toml", "README.md", "LICENSE-CODE", "LICENSE-TEXT", "src/runwell")
CONFIG_FILES = ("jupyter-lite.json", "jupyter_lite_config.json")
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", ".mypy_cache"}


@dataclass(frozen=True)
class BuildResult:
    site: Path
    seconds: float
    cached: bool
    size_bytes: int
    pruned: int

    def __str__(self) -> str:
        how = "up to date (inputs unchanged)" if self.cached else f"built in {self.seconds:.1f} s"
        text = f"lite: {self.site} {how}, {self.size_bytes / 1e6:.1f} MB"
        if self.pruned:
            text += f"; {self.pruned} remote entries pruned from the Pyodide lock"
        return text


def _input_files(repo: Path) -> Iterator[Path]:
    for name in (*PACKAGE_INPUTS, *CONTENT):
        path = repo / name
        if path.is_file():
            yield path
        elif path.is_dir():
            for item in sorted(path.rglob("*")):
                if item.is_file() and not SKIP_PARTS & set(item.parts) and item.suffix != ".pyc":
                    yield item


def input_hash(repo: Path = REPO) -> str:
    """SHA-256 over everything the site is made from (paths and bytes), plus the Pyodide
    version. The pins and site configuration are package files, so they are included."""
    h = hashlib.sha256(f"pyodide {toolchain.PYODIDE_VERSION}\0".encode())
    for path in _input_files(repo):
        h.update(path.relative_to(repo).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def site_size(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def _stamp(out: Path) -> Path:
    return out.with_name(out.name + ".input-sha256")


def _unpack_pyodide(tarball: Path, target: Path) -> None:
    """The npm tarball's ``package/`` as *target*, without the files in :data:`PYODIDE_DROP`."""
    tmp = target.with_name(target.name + ".unpack")
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(tarball) as tar:
        members = [
            m
            for m in tar.getmembers()
            if m.name.startswith("package/") and m.isfile() and ".." not in m.name.split("/")
        ]
        if hasattr(tarfile, "data_filter"):
            tar.extractall(tmp, members=members, filter="data")
        else:  # pragma: no cover - an old Python without the tarfile filters: names checked above
            tar.extractall(tmp, members=members)
    for drop in PYODIDE_DROP:
        (tmp / "package" / drop).unlink(missing_ok=True)
    if not (tmp / "package" / "pyodide.mjs").is_file():
        raise CourseError(f"{tarball.name}: no package/pyodide.mjs in the Pyodide npm package")
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    (tmp / "package").rename(target)
    shutil.rmtree(tmp, ignore_errors=True)


def ascii_svg(text: str) -> str:
    """*text* with every non-ASCII character as an XML character reference (``≈`` → ``&#8776;``):
    the same picture, but JupyterLite can show it. Its Markdown image resolver base64-encodes an
    SVG with ``btoa``, which throws on characters outside Latin-1 ("Failed to render")."""
    return "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in text)


def _learner_exercises(repo: Path, files: Path) -> None:
    """Each exercise as learners get it (``runwell student``): solutions out, outputs cleared."""
    import nbformat

    from runwell.exercises.student import strip_solutions

    source = repo / "exercises"
    for path in sorted(source.rglob("[0-9][0-9]_*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        learner = strip_solutions(nbformat.read(path, as_version=4), path)
        nbformat.write(learner, files / "exercises" / path.relative_to(source))


def _copy_content(repo: Path, files: Path) -> None:
    ignore = shutil.ignore_patterns(*CONTENT_EXCLUDE)
    for name in CONTENT:
        if (repo / name).is_dir():
            shutil.copytree(repo / name, files / name, ignore=ignore)
    _learner_exercises(repo, files)
    for svg in files.rglob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        if not text.isascii():
            svg.write_text(ascii_svg(text), encoding="utf-8")


def _lock_path(site: Path) -> Path:
    config = json.loads((site / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"][offline.KERNEL_PLUGIN]
    return site / kernel["loadPyodideOptions"]["lockFileURL"]


def course_bundles(repo: Path) -> dict[str, bytes]:
    """The validated course of every edition, as the JSON bundles the browser wheel carries
    ({path in the wheel: bytes}; :func:`runwell.course.bundle`). Built and checked here, on the
    build machine, so the browser needs neither PyYAML nor jsonschema. CourseError (one line)
    when the course has a problem: fix what `runwell check` reports first."""
    from runwell import course
    from runwell.i18n import languages
    from runwell.paths import edition_exists

    found: dict[str, bytes] = {}
    for lang in languages():
        if not edition_exists(repo, lang):
            continue
        data = course.bundle(repo, lang)
        course.from_bundle(json.loads(json.dumps(data)), lang)  # reads back: fail here, not later
        found[wheel.bundle_path(lang)] = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return found


def catalogues(repo: Path) -> dict[str, bytes]:
    """Every language's message catalogue compiled to ``.mo`` ({path in the wheel: bytes}),
    from the ``.po`` files of *repo*: the browser reads them with the standard library's
    gettext, without Babel."""
    from runwell.i18n import DOMAIN, compile_po

    found: dict[str, bytes] = {}
    for po in sorted((repo / "src" / "runwell" / "locale").glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        lang = po.parent.parent.name
        found[f"runwell/locale/{lang}/LC_MESSAGES/{DOMAIN}.mo"] = compile_po(po)
    return found


def assemble(repo: Path, work: Path, *, cache: Path, python: Path) -> None:
    """Lay out the JupyterLite source folder *work* (see the module's docstring, steps 2-4)."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _unpack_pyodide(toolchain.fetch_pyodide(cache), work / "static" / "pyodide")
    lockwheels = work / "lockwheels"
    lockwheels.mkdir()
    for whl in sorted(toolchain.fetch_wheels(cache, python).glob("*.whl")):
        shutil.copy2(whl, lockwheels / whl.name)
    built = wheel.build_wheel(repo, python, lockwheels)
    wheel.lite_wheel(built, {**course_bundles(repo), **catalogues(repo)})
    _copy_content(repo, work / "files")
    for name in CONFIG_FILES:
        shutil.copy2(toolchain.package_file(name), work / name)


def build_site(
    repo: Path = REPO,
    out: Path | None = None,
    *,
    cache: Path | None = None,
    venv: Path | None = None,
    force: bool = False,
) -> BuildResult:
    """Build the site into *out* (default ``build/lite``) unless its inputs are unchanged.

    On failure the previous site is left as it was."""
    out = out or repo / "build" / "lite"
    cache = cache or toolchain.default_cache()
    venv = venv or repo / ".venv-lite"
    want = input_hash(repo)
    stamp = _stamp(out)
    if (
        not force
        and (out / "jupyter-lite.json").is_file()
        and stamp.is_file()
        and stamp.read_text(encoding="utf-8").strip() == want
    ):
        return BuildResult(out, 0.0, True, site_size(out), 0)

    started = time.monotonic()
    python = toolchain.ensure_build_venv(venv)
    work = out.with_name(out.name + "-work")
    assemble(repo, work, cache=cache, python=python)
    new = out.with_name(out.name + ".new")
    shutil.rmtree(new, ignore_errors=True)
    print("lite: jupyter lite build", flush=True)
    env_jupyter = venv / "bin" / "jupyter"
    toolchain.run(
        [env_jupyter, "lite", "build", "--lite-dir", work, "--output-dir", new],
        what="jupyter lite build",
        cwd=work,
    )
    (new / UPSTREAM_LOCK).unlink(missing_ok=True)
    pruned = offline.prune_lock(_lock_path(new))
    problems = offline.remote_references(new)
    if problems:
        listed = "\n".join(f"  {p}" for p in problems[:40])
        raise CourseError(
            f"the built site references other hosts ({len(problems)}); it is left in {new}:\n"
            + listed
        )
    stamp.unlink(missing_ok=True)
    shutil.rmtree(out, ignore_errors=True)
    os.replace(new, out)
    stamp.write_text(want + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    return BuildResult(out, time.monotonic() - started, False, site_size(out), len(pruned))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="build_lite", description="Build the zero-install (JupyterLite) site."
    )
    parser.add_argument("--out", type=Path, default=REPO / "build" / "lite")
    parser.add_argument(
        "--cache", type=Path, default=None, help="downloads (default ~/.cache/runwell/lite)"
    )
    parser.add_argument("--venv", type=Path, default=REPO / ".venv-lite")
    parser.add_argument("--force", action="store_true", help="rebuild even if inputs are unchanged")
    parser.add_argument(
        "--check", action="store_true", help="only check an existing site for other hosts"
    )
    parser.add_argument(
        "--skip-without-tools",
        action="store_true",
        help="without Python >= 3.12 or npm, print a note and exit 0 (make test)",
    )
    args = parser.parse_args(argv)
    try:
        if args.check:
            problems = offline.remote_references(args.out)
            for problem in problems:
                print(problem)
            print(f"lite: {args.out}: {len(problems)} references to other hosts")
            return 1 if problems else 0
        result = build_site(REPO, args.out, cache=args.cache, venv=args.venv, force=args.force)
    except toolchain.MissingTool as exc:
        if args.skip_without_tools:
            print(f"note: {exc}; the zero-install (lite) tests will be skipped")
            return 0
        print(f"lite: error: {exc}", file=sys.stderr)
        return 1
    except CourseError as exc:
        print(f"lite: error: {exc}", file=sys.stderr)
        return 1
    print(result)
    return 0
