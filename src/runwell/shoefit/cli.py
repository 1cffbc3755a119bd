"""``python -m runwell shoe-fit``: sizes for a foot length, and a fit check of a shoe you own.

The arguments are defined in :mod:`runwell.cli`. Every mistake raises CourseError naming the
option; the front door prints it as one line and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from runwell import NOTICE
from runwell.errors import CourseError
from runwell.shoefit.core import (
    SIZE_KEYS,
    SIZE_SYSTEMS,
    SYSTEMS,
    FitCheck,
    Recommendation,
    check_fit,
    format_size,
    parse_foot_length,
    parse_foot_width,
    parse_size,
    recommend,
)

__all__ = ["command", "result", "text_report"]


def result(args: argparse.Namespace) -> tuple[Recommendation, FitCheck | None]:
    """Validate the parsed arguments and compute the recommendation (and the fit check)."""
    unit = args.unit
    foot = parse_foot_length(args.foot_length, unit, label="--foot-length")
    width = None
    if getattr(args, "foot_width", None) is not None:
        width = parse_foot_width(args.foot_width, unit, label="--foot-width")
    rec = recommend(foot, width)
    shoe_size = getattr(args, "shoe_size", None)
    system = getattr(args, "system", None)
    if shoe_size is not None and system is None:
        raise CourseError(f"--shoe-size: also give --system ({', '.join(SYSTEMS)})")
    if system is not None and shoe_size is None:
        raise CourseError("--system: also give --shoe-size (the size of a shoe you own)")
    fit = None
    if shoe_size is not None and system is not None:  # both or neither, checked above
        size = parse_size(shoe_size, system, label="--shoe-size")
        fit = check_fit(foot, size, system)
    return rec, fit


def to_json(rec: Recommendation, fit: FitCheck | None) -> dict[str, Any]:
    data = rec.to_dict()
    if fit is not None:
        data["fit"] = fit.to_dict()
    return data


def text_report(rec: Recommendation, fit: FitCheck | None) -> str:
    """A short readable table."""
    foot = rec.foot_length_mm
    lines = [
        f"Foot length           {foot:.0f} mm ({foot / 10:.1f} cm, {foot / 25.4:.2f} in)",
        f"Minimum inner length  {rec.recommended_length_mm:.0f} mm "
        f"(foot + a thumb's width of {rec.allowance_mm:g} mm)",
        "",
        "System        Size   (before rounding)",
    ]
    for system in SYSTEMS:
        key = SIZE_KEYS[system]
        label = SIZE_SYSTEMS[system].label
        shown = format_size(rec.sizes[key], system)
        if system == "mondopoint":
            shown = rec.mondopoint_label
        lines.append(f"{label:<13} {shown:<6} ({rec.exact_sizes[key]:.1f})")
    if fit is not None:
        lines += ["", f"Fit check: {fit.verdict}. {fit.reason}"]
        lines += [f"  - {line}" for line in fit.advice]
    lines += ["", f"Convention: {rec.convention}", "", NOTICE]
    return "\n".join(lines) + "\n"


def command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Handler for ``runwell shoe-fit``."""
    stream = out or sys.stdout
    rec, fit = result(args)
    if args.json:
        stream.write(json.dumps(to_json(rec, fit), ensure_ascii=False, indent=2) + "\n")
    else:
        stream.write(text_report(rec, fit))
    return 0
