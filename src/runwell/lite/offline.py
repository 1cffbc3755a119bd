"""Keep the zero-install site to its own folder: prune the Pyodide lock, then prove nothing in the
site tells the browser or the kernel to fetch from another host.

What the check fails on (:func:`remote_references`):

1. a ``pyodide-lock.json`` entry that is a URL, or a local file the site does not hold;
2. any remote URL in the site's configuration (every ``jupyter-lite.json``, the locks, the piplite
   wheel index, the contents listings under ``api/``), and in the course content (``files/``)
   any remote URL that a page would fetch (an image, a script, a stylesheet, a frame). Links a
   learner may follow (a lesson's references cite their web pages) are not requests;
3. the kernel settings not turning off the PyPI fallback, or loading Pyodide from elsewhere;
4. a package host (the Pyodide CDN, unpkg, PyPI…) named in any other file, except the defaults in
   :data:`OVERRIDDEN_DEFAULTS`, which the configuration replaces (2 and 3 prove it does).

Documentation links in the vendored JavaScript (licences, "see the docs at …") are not requests
and are not failed; XML and JSON-schema namespace URIs are identifiers, never fetched.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from runwell.errors import CourseError

__all__ = [
    "PACKAGE_HOSTS",
    "Reference",
    "prune_lock",
    "remote_references",
]

KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
LOCK_NAME = "pyodide-lock.json"
URL = re.compile(r"""(?i)\bhttps?://([a-z0-9][a-z0-9.-]*)[^\s"'`<>)\\]*""")
# Identifiers that look like URLs but are never fetched.
NAMESPACES = ("http://www.w3.org/", "https://www.w3.org/", "http://json-schema.org/")
#: Hosts from which a browser or kernel would fetch code or packages.
PACKAGE_HOSTS = (
    "cdn.jsdelivr.net",
    "unpkg.com",
    "pypi.org",
    "files.pythonhosted.org",
    "cdnjs.cloudflare.com",
    "esm.sh",
    "raw.githubusercontent.com",
)
#: (file glob under the site, host, why it is harmless). Anything else naming a package host fails.
OVERRIDDEN_DEFAULTS = (
    (
        "extensions/@jupyterlite/pyodide-kernel-extension/static/*.js",
        "cdn.jsdelivr.net",
        "the kernel's default pyodideUrl; jupyter-lite.json sets ./static/pyodide/pyodide.mjs",
    ),
    (
        "extensions/@jupyterlite/pyodide-kernel-extension/static/schema/*.json",
        "cdn.jsdelivr.net",
        "the settings schema describes the default pyodideUrl",
    ),
    (
        "extensions/@jupyterlite/pyodide-kernel-extension/static/*.js",
        "pypi.org",
        "piplite's PyPI fallback; disablePyPIFallback is true",
    ),
    (
        "extensions/@jupyterlite/pyodide-kernel-extension/static/schema/*.json",
        "pypi.org",
        "the settings schema describes the PyPI fallback",
    ),
    (
        "static/pyodide/pyodide.*js",
        "cdn.jsdelivr.net",
        "Pyodide's default package base URL; every lock entry is a local file",
    ),
    (
        "build/*.js",
        "raw.githubusercontent.com",
        "a JSON-schema $id (ajv) and an API docs link, never fetched",
    ),
)
# Files holding configuration or course content: no remote URL at all.
STRICT = (
    "jupyter-lite.json",
    "*/jupyter-lite.json",
    "jupyter_lite_config.json",
    f"static/*/{LOCK_NAME}",
    "extensions/*/static/pypi/all.json",
    "extensions/*/*/static/pypi/all.json",
    "api/*",
)
# Course content: what a rendered page would fetch by itself (images, scripts, styles, frames,
# CSS url()), as Markdown or HTML, in cell sources and in stored outputs.
CONTENT = "files/*"
FETCHED = re.compile(
    r"!\[[^\]]*\]\(\s*<?(https?:)?//"
    r"|<(?:img|script|iframe|embed|source|video|audio|object)\b[^>]*?\b(?:src|data)\s*=\s*"
    r"\\?[\"']?(?:https?:)?//"
    r"|<link\b[^>]*?\bhref\s*=\s*\\?[\"']?(?:https?:)?//"
    r"|url\(\s*[\"']?(?:https?:)?//",
    re.IGNORECASE,
)
TEXT_SUFFIXES = {".js", ".mjs", ".json", ".html", ".css", ".ipynb", ".md", ".svg", ".txt", ".py"}


@dataclass(frozen=True)
class Reference:
    """A reference to another host (or a broken local one), as ``path: what``."""

    path: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}"


def _is_url(name: str) -> bool:
    return bool(urllib.parse.urlparse(name).scheme)


def prune_lock(lock_path: Path) -> list[str]:
    """Drop every lock entry that is a URL (Pyodide's CDN packages we did not supply); returns
    their names. Fails if a kept entry depends on a dropped one."""
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    packages: dict[str, Any] = lock["packages"]
    dropped = sorted(name for name, pkg in packages.items() if _is_url(pkg["file_name"]))
    gone = set(dropped)
    broken = {
        name: sorted(set(pkg.get("depends", [])) & gone)
        for name, pkg in packages.items()
        if name not in gone and set(pkg.get("depends", [])) & gone
    }
    if broken:
        raise CourseError(f"{lock_path}: local packages depend on remote ones: {broken}")
    lock["packages"] = {k: v for k, v in packages.items() if k not in gone}
    lock_path.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return dropped


def _lock_problems(site: Path, lock_path: Path) -> Iterator[Reference]:
    rel = lock_path.relative_to(site).as_posix()
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    for name, pkg in sorted(lock.get("packages", {}).items()):
        file_name = str(pkg.get("file_name", ""))
        if _is_url(file_name):
            yield Reference(rel, f"{name}: remote package {file_name}")
        elif not (lock_path.parent / file_name).resolve().is_file():
            yield Reference(rel, f"{name}: missing local file {file_name}")


def _kernel_problems(site: Path) -> Iterator[Reference]:
    config = json.loads((site / "jupyter-lite.json").read_text(encoding="utf-8"))
    data = config.get("jupyter-config-data", {})
    kernel = data.get("litePluginSettings", {}).get(KERNEL_PLUGIN, {})
    if kernel.get("disablePyPIFallback") is not True:
        yield Reference("jupyter-lite.json", f"{KERNEL_PLUGIN}: disablePyPIFallback is not true")
    pyodide_url = str(kernel.get("pyodideUrl", ""))
    if not pyodide_url or _is_url(pyodide_url) or pyodide_url.startswith("//"):
        yield Reference("jupyter-lite.json", f"pyodideUrl is not local: {pyodide_url!r}")
    lock_url = str(kernel.get("loadPyodideOptions", {}).get("lockFileURL", ""))
    if not lock_url or _is_url(lock_url):
        yield Reference("jupyter-lite.json", f"lockFileURL is not local: {lock_url!r}")


def _text_files(site: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            yield path.relative_to(site).as_posix(), path.read_text("utf-8", errors="replace")


def _allowed(rel: str, host: str) -> bool:
    return any(fnmatch(rel, glob) and host == h for glob, h, _why in OVERRIDDEN_DEFAULTS)


def remote_references(site: Path) -> list[Reference]:
    """Every way the built *site* could reach another host (empty when it is self-contained)."""
    if not (site / "jupyter-lite.json").is_file():
        raise CourseError(f"{site}: not a JupyterLite site (no jupyter-lite.json)")
    found: list[Reference] = []
    for lock_path in sorted(site.glob(f"static/*/{LOCK_NAME}")):
        found.extend(_lock_problems(site, lock_path))
    found.extend(_kernel_problems(site))
    for rel, text in _text_files(site):
        if any(fnmatch(rel, glob) for glob in STRICT):
            for match in URL.finditer(text):
                if not match.group(0).startswith(NAMESPACES):
                    found.append(Reference(rel, f"remote URL {match.group(0)}"))
        elif fnmatch(rel, CONTENT):
            for match in FETCHED.finditer(text):
                context = text[match.start() : match.end() + 60].replace("\n", " ")
                found.append(Reference(rel, f"fetches from another host: {context}"))
        for host in PACKAGE_HOSTS:
            at = text.find(host)
            if at >= 0 and not _allowed(rel, host):
                context = text[max(0, at - 40) : at + 80].replace("\n", " ")
                found.append(Reference(rel, f"names the package host {host}: …{context}…"))
    return sorted(set(found), key=lambda r: (r.path, r.what))
