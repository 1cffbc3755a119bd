"""`python -m runwell …`: the one front door for scripts, Make and instructors.

Each subcommand's handler lives in the module that owns the logic and is imported only when that
subcommand runs, so `runwell check` does not pay for ipywidgets or nbconvert. User mistakes
(:class:`CourseError`) become one line on stderr, never a traceback. So does any operating-system
error a handler did not put in its own words (``path: reason``), as a last resort; set
``RUNWELL_DEBUG=1`` to see its traceback instead. Programming errors still show a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from runwell import __version__
from runwell.errors import CourseError, clean_text, display_path, os_reason
from runwell.i18n import languages

# subcommand -> (module, exit status for a user's mistake)
HANDLERS: dict[str, tuple[str, int]] = {
    "check": ("runwell.check", 1),
    "handouts": ("runwell.handouts", 1),
    "shoe-fit": ("runwell.shoefit.cli", 2),
    "progress": ("runwell.progress.cli", 1),
    "student": ("runwell.exercises.student", 1),
    "report": ("runwell.report.cli", 1),
    "execute": ("runwell.execute", 1),
    "export": ("runwell.export.cli", 1),
    "catalogues": ("runwell.i18n", 1),
}


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (and exit status 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _iso_date(text: str) -> object:
    """A YYYY-MM-DD date for ``--today`` (argparse turns the ValueError into one line)."""
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="runwell",
        description="Running Without Back Pain: course kit tools for learners and instructors.",
    )
    parser.add_argument("--version", action="version", version=f"runwell {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)

    p = sub.add_parser("check", help="validate the guidance inventory, quiz banks and notebooks")
    p.add_argument("--root", type=Path, help="course folder (default: found from here)")
    p.add_argument("--today", type=_iso_date, metavar="YYYY-MM-DD",
                   help="judge review dates as of this day (default: today)")
    p.add_argument("--fail-overdue", action="store_true",
                   help="fail on overdue reviews (by default they are warnings, so CI does not "
                   "fail because the calendar moved on)")

    p = sub.add_parser("handouts", help="build self-contained HTML handouts")
    p.add_argument("--out", type=Path, default=None, help="output folder (default build/handouts)")
    p.add_argument("--root", type=Path, help="course folder (default: found from here)")
    p.add_argument("--force", action="store_true", help="rebuild every handout, changed or not")
    p.add_argument("--pdf", action="store_true", help="also print each handout to PDF (Chromium)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")

    p = sub.add_parser("shoe-fit", help="foot length to shoe sizes, and a thumb's-width fit check")
    p.add_argument(
        "--foot-length", required=True, metavar="L", help="foot length (heel to longest toe)"
    )
    p.add_argument("--unit", required=True, choices=["mm", "cm", "in"], help="unit of the lengths")
    p.add_argument("--foot-width", metavar="W", help="optional foot width, same unit")
    p.add_argument("--shoe-size", metavar="S", help="size of a shoe you own, for a fit check")
    p.add_argument(
        "--system",
        choices=["us-men", "us-women", "uk", "eu", "mondopoint"],
        help="size system of --shoe-size",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("progress", help="your saved quiz answers, per lesson")
    once = p.add_mutually_exclusive_group()
    once.add_argument(
        "--reset",
        nargs="?",
        const="all",
        metavar="LESSON",
        help="forget answers (all, or one lesson)",
    )
    once.add_argument(
        "--learner", metavar="NAME", help="store your name for the instructor's class report"
    )
    p.add_argument("--yes", action="store_true", help="reset without asking")
    p.add_argument("--json", action="store_true", help="print the standing as JSON")

    p = sub.add_parser("student", help="write learner versions of the exercises (no solutions)")
    p.add_argument("--out", type=Path, default=None, help="output folder (default build/student)")
    p.add_argument("--root", type=Path, help="course folder (default: found from here)")

    p = sub.add_parser("report", help="merge learners' progress files into a class report")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="progress files")
    p.add_argument("--csv", type=Path, metavar="OUT", help="write the per-question table as CSV")
    p.add_argument("--html", type=Path, metavar="OUT", help="write an HTML page with a bar chart")

    p = sub.add_parser(
        "export", help="export the quizzes for Moodle (XML) or Canvas and others (QTI 1.2)"
    )
    p.add_argument("--format", required=True, choices=["moodle", "qti"], help="file format")
    p.add_argument("--out", type=Path, default=None, help="output folder (default build/export)")
    p.add_argument("--lang", default="en", choices=languages(),
                   help="edition (default en): a language with a catalogue")
    p.add_argument("--root", type=Path, help="course folder (default: found from here)")

    p = sub.add_parser(
        "catalogues", help="(maintainers) compile the message catalogues (.po files) to .mo"
    )

    p = sub.add_parser(
        "execute", help="(maintainers) run notebooks and store clean, stable outputs"
    )
    p.add_argument("paths", nargs="*", type=Path, help="notebooks or folders (default: all)")
    p.add_argument("--timeout", type=int, default=120, help="seconds per cell")
    return parser


def skip_unused_iri_grammar() -> None:
    """Start-up time: jsonschema (imported by nbformat and the quiz banks) imports
    ``rfc3987_syntax`` when it is installed, which compiles Lark grammars at import (about a
    second, half of a cold handout build) only to offer the ``iri`` format checker. Nothing here
    checks formats, so the one-shot CLI process marks it unavailable, as if it were not
    installed. It does nothing once jsonschema is imported; library callers are unaffected."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    skip_unused_iri_grammar()
    parser = build_parser()
    args = parser.parse_args(argv)
    module_name, user_error_status = HANDLERS[args.command]
    try:
        module = importlib.import_module(module_name)
        return int(module.command(args) or 0)
    except CourseError as exc:
        print(f"runwell {args.command}: {clean_text(exc, 500)}", file=sys.stderr)
        return user_error_status
    except KeyboardInterrupt:
        print(f"runwell {args.command}: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # last resort: the handlers name their own paths and reasons
        if os.environ.get("RUNWELL_DEBUG"):
            raise
        print(f"runwell {args.command}: {os_error(exc)}", file=sys.stderr)
        return user_error_status


def os_error(exc: OSError) -> str:
    """``path: reason`` (or the reason alone) for an operating-system error, on one safe line."""
    where = exc.filename
    if where is None or isinstance(where, int):
        return os_reason(exc)
    shown = clean_text(display_path(os.fsdecode(where)), 300)
    return f"{shown}: {os_reason(exc)}"


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
