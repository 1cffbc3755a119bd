"""Self-contained, offline, printable HTML handouts (``python -m runwell handouts``).

Pipeline: notebook -> learner version (exercises) -> static forms of live widgets -> nbconvert
with the ``runwell_handout`` template (no code input, no scripts, CSS inlined, figures embedded)
-> a temporary folder that replaces the output only when every page succeeded.
"""

from __future__ import annotations

import argparse
import sys

from runwell.handouts.build import BuildReport, build_handouts
from runwell.handouts.pages import NavLink, Page, read_page
from runwell.handouts.static import STATIC_MIME, static_html

__all__ = [
    "STATIC_MIME",
    "BuildReport",
    "NavLink",
    "Page",
    "build_handouts",
    "command",
    "read_page",
    "skip_unused_iri_grammar",
    "static_html",
]


def command(args: argparse.Namespace) -> int:
    """`runwell handouts [--out DIR] [--root DIR] [--force] [--pdf] [--quiet]`."""
    skip_unused_iri_grammar()
    build_handouts(
        root=getattr(args, "root", None),
        out=getattr(args, "out", None),
        force=bool(getattr(args, "force", False)),
        pdf=bool(getattr(args, "pdf", False)),
        log=None if getattr(args, "quiet", False) else _say,
    )
    return 0


def _say(line: str) -> None:
    print(line, flush=True)


def skip_unused_iri_grammar() -> None:
    """Start-up time: jsonschema (imported by nbformat) imports ``rfc3987_syntax`` when it is
    installed, which compiles Lark grammars at import (about a second, half of a cold build)
    only to offer the ``iri`` format checker. Neither nbformat nor the quiz banks check formats,
    so the one-shot CLI process marks it unavailable, as if it were not installed. It does
    nothing once jsonschema is imported, and library callers of build_handouts are unaffected."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
