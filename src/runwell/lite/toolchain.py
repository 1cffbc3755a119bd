"""The zero-install build's tools and downloads: its own venv, the Pyodide runtime, the wheels.

Everything fetched comes from a package registry by its ordinary client (pip for wheels, ``npm
pack`` for the Pyodide runtime) and is kept in a cache folder outside git (``$RUNWELL_LITE_CACHE``,
default ``~/.cache/runwell/lite``), keyed by what was asked for, so a second build downloads
nothing. A download lands under a temporary name and is renamed into place when complete.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from runwell.errors import CourseError

__all__ = [
    "BUILD_REQUIREMENTS",
    "MIN_PYTHON",
    "PYODIDE_REQUIREMENTS",
    "PYODIDE_VERSION",
    "MissingTool",
    "default_cache",
    "ensure_build_venv",
    "fetch_pyodide",
    "fetch_wheels",
    "find_python",
    "is_pure_wheel",
    "package_file",
]

#: The Pyodide runtime that jupyterlite-pyodide-kernel 0.8.6 pins (Python 3.14 in the browser).
PYODIDE_VERSION = "314.0.6"
PYODIDE_PYTHON = "3.14"
#: The build venv's Python: the kernel's ``[lock]`` extra needs pyodide-lock[uv] >= 0.1.3.
MIN_PYTHON = (3, 12)
BUILD_REQUIREMENTS = "build-requirements.txt"
PYODIDE_REQUIREMENTS = "pyodide-requirements.txt"
CACHE_ENV = "RUNWELL_LITE_CACHE"
PYTHON_ENV = "RUNWELL_LITE_PYTHON"
STAMP = ".runwell-lite-installed"
# A wheel that runs anywhere: pure Python, no ABI (py3-none-any, py2.py3-none-any).
PURE_WHEEL = re.compile(r"-(py3|py2\.py3)-none-any\.whl$")


class MissingTool(CourseError):
    """A tool the build needs is not on this machine (Python >= 3.12, npm): one line, saying
    how to get it. ``make test`` skips the zero-install tests on it, as it does without Chromium."""


def package_file(name: str) -> Path:
    """A file beside this module (requirements, site configuration templates)."""
    return Path(str(resources.files("runwell.lite") / name))


def default_cache() -> Path:
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "runwell" / "lite"


def digest(paths: Iterable[Path], extra: Sequence[str] = ()) -> str:
    """A short SHA-256 of the files' bytes (in the given order) and *extra* strings."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for text in extra:
        h.update(text.encode() + b"\0")
    return h.hexdigest()[:16]


def run(cmd: Sequence[str | Path], *, what: str, cwd: Path | None = None) -> str:
    """Run *cmd*; on failure raise CourseError naming *what* with the tail of its output."""
    proc = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        shown = " ".join(map(str, cmd))
        raise CourseError(f"{what} failed (exit {proc.returncode}): {shown}\n{tail}")
    return proc.stdout


# ---------------------------------------------------------------- the build venv


def _version(python: str | Path) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [str(python), "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
        major, minor = out.split()
        return int(major), int(minor)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


def _pyenv_pythons() -> list[Path]:
    try:
        root = subprocess.run(
            ["pyenv", "root"], capture_output=True, text=True, timeout=30, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return []
    found = [p / "bin" / "python3" for p in Path(root, "versions").glob("3.*")]

    def key(p: Path) -> tuple[int, ...]:
        parts = p.parent.parent.name.split(".")
        return tuple(int(x) if x.isdigit() else 0 for x in parts)

    return sorted((p for p in found if p.exists()), key=key, reverse=True)


def find_python() -> Path:
    """A Python >= 3.12 for the build venv: ``$RUNWELL_LITE_PYTHON``, else the newest
    ``python3.1x`` on PATH, else ``python3`` if new enough, else pyenv's newest; or CourseError."""
    env = os.environ.get(PYTHON_ENV)
    if env:
        if (_version(env) or (0, 0)) < MIN_PYTHON:
            raise MissingTool(f"{PYTHON_ENV}={env} is not a Python >= 3.12")
        return Path(env)
    candidates: list[str | Path] = []
    for minor in range(20, MIN_PYTHON[1] - 1, -1):
        found = shutil.which(f"python3.{minor}")
        if found:
            candidates.append(found)
    candidates += ["python3", sys.executable, *_pyenv_pythons()]
    for python in candidates:
        resolved = shutil.which(str(python)) if not Path(python).is_absolute() else str(python)
        if resolved and (_version(resolved) or (0, 0)) >= MIN_PYTHON:
            return Path(resolved)
    raise MissingTool(
        "make lite needs Python >= 3.12 (none on PATH or in pyenv); install one "
        f"(e.g. apt-get install python3.12) or set {PYTHON_ENV}"
    )


def ensure_build_venv(venv: Path, log: bool = True) -> Path:
    """Create or refresh the build venv *venv*; returns its python. A stamp holding the hash of
    ``build-requirements.txt`` (and the interpreter) skips pip when nothing changed."""
    requirements = package_file(BUILD_REQUIREMENTS)
    python = venv / "bin" / "python"
    stamp = venv / STAMP
    if python.exists():
        want = digest([requirements], [str(_version(python))])
        if stamp.exists() and stamp.read_text(encoding="utf-8").strip() == want:
            return python
    if not python.exists() or (_version(python) or (0, 0)) < MIN_PYTHON:
        base = find_python()
        if log:
            print(f"lite: creating {venv} with {base}", flush=True)
        shutil.rmtree(venv, ignore_errors=True)
        run([base, "-m", "venv", venv], what="creating the lite build venv")
    if log:
        print(f"lite: installing the build tools into {venv}", flush=True)
    run(
        [python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        what="upgrading pip in the lite build venv",
    )
    run(
        [python, "-m", "pip", "install", "--quiet", "-r", requirements],
        what="installing the lite build tools",
    )
    stamp.write_text(digest([requirements], [str(_version(python))]) + "\n", encoding="utf-8")
    return python


# ---------------------------------------------------------------- downloads


def fetch_pyodide(cache: Path, version: str = PYODIDE_VERSION) -> Path:
    """The npm tarball of the Pyodide runtime (``npm pack pyodide@VERSION``), cached."""
    target = cache / "npm" / f"pyodide-{version}.tgz"
    if target.is_file():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise MissingTool(
            "make lite needs npm to fetch the Pyodide runtime from the npm registry "
            "(apt-get install npm)"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".npm-") as tmp:
        print(f"lite: npm pack pyodide@{version}", flush=True)
        run(
            [npm, "pack", f"pyodide@{version}", "--pack-destination", tmp, "--silent"],
            what="fetching the Pyodide runtime",
        )
        (packed,) = Path(tmp).glob("*.tgz")
        os.replace(packed, target)
    return target


def is_pure_wheel(path: Path) -> bool:
    return bool(PURE_WHEEL.search(path.name))


def fetch_wheels(cache: Path, python: Path) -> Path:
    """The pinned pure-Python wheels for the Pyodide lock (``pyodide-requirements.txt``),
    downloaded with *python*'s pip into a cache folder named by the pins' hash."""
    requirements = package_file(PYODIDE_REQUIREMENTS)
    target = cache / "wheels" / digest([requirements], [PYODIDE_PYTHON])
    if (target / ".complete").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".dl-"))
    try:
        print("lite: downloading the pure-Python wheels for the Pyodide lock", flush=True)
        run(
            [
                python, "-m", "pip", "download", "--quiet", "--no-deps",
                "--only-binary=:all:", "--python-version", PYODIDE_PYTHON,
                "--implementation", "py", "--abi", "none", "--platform", "any",
                "-d", tmp, "-r", requirements,
            ],
            what="downloading the wheels for the Pyodide lock",
        )  # fmt: skip
        impure = sorted(p.name for p in tmp.glob("*.whl") if not is_pure_wheel(p))
        if impure:
            raise CourseError(f"not pure-Python wheels, Pyodide cannot use them: {impure}")
        (tmp / ".complete").write_text("ok\n", encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
