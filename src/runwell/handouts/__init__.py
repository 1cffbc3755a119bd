"""Self-contained, offline, printable HTML handouts (``python -m runwell handouts``).

Pipeline: notebook -> learner version (exercises) -> static forms of live widgets -> nbconvert
with the ``runwell_handout`` template (no code input, no scripts, CSS inlined, figures embedded)
-> a staging folder; only when every page succeeded is the output folder updated, file by file
from its manifest (files the build did not write are never touched).
"""

from __future__ import annotations

import argparse

from runwell.errors import clean_text
from runwell.handouts.build import BuildReport, build_handouts
from runwell.handouts.static import STATIC_MIME, CourseStatic

__all__ = ["STATIC_MIME", "BuildReport", "CourseStatic", "build_handouts", "command"]


def command(args: argparse.Namespace) -> int:
    """`runwell handouts [--out DIR] [--root DIR] [--force] [--pdf] [--quiet]`."""
    build_handouts(
        root=getattr(args, "root", None),
        out=getattr(args, "out", None),
        force=bool(getattr(args, "force", False)),
        pdf=bool(getattr(args, "pdf", False)),
        log=None if getattr(args, "quiet", False) else _say,
    )
    return 0


def _say(line: str) -> None:
    print(clean_text(line, 500), flush=True)  # notebook and folder names may hold escapes
