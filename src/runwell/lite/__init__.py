"""The zero-install edition: build a JupyterLite site that runs the course in the browser.

Build-time code only (it runs on the maintainer's machine and in CI, never in the browser):
``python scripts/build_lite.py`` or ``make lite``. See :mod:`runwell.lite.build`.
"""

from __future__ import annotations

from runwell.lite.build import BuildResult, build_site, input_hash, site_size
from runwell.lite.offline import Reference, prune_lock, remote_references

__all__ = [
    "BuildResult",
    "Reference",
    "build_site",
    "input_hash",
    "prune_lock",
    "remote_references",
    "site_size",
]
