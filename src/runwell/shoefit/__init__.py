"""The shoe-fit calculator: foot length to shoe sizes, a thumb's-width fit check, a live widget
and a printable chart.

The pure arithmetic is in :mod:`runwell.shoefit.core` (its docstring states the convention and its
sources); :mod:`~runwell.shoefit.advice` holds the fit advice; :mod:`~runwell.shoefit.widget` and
:mod:`~runwell.shoefit.chart` are the two views (the chart is build-time only, for handouts, and
not imported here: a learner's kernel, in the browser too, never needs Jinja);
:mod:`~runwell.shoefit.cli` is ``python -m runwell shoe-fit``. The widget module (ipywidgets) is
imported only when :func:`calculator` is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runwell.shoefit.core import (
    CONVENTION,
    CONVENTION_MARKDOWN,
    FOOT_MAX_MM,
    FOOT_MIN_MM,
    SYSTEMS,
    THUMB_WIDTH_MM,
    TOO_LONG_ROOM_MM,
    UNITS,
    US_WOMEN_OFFSET,
    VERDICTS,
    FitCheck,
    Recommendation,
    check_fit,
    check_foot_length_mm,
    format_size,
    from_mm,
    parse_foot_length,
    parse_size,
    recommend,
    size_range,
    size_to_length_mm,
    to_mm,
)

if TYPE_CHECKING:
    from runwell.shoefit.widget import ShoeFitCalculator

__all__ = [
    "CONVENTION",
    "CONVENTION_MARKDOWN",
    "FOOT_MAX_MM",
    "FOOT_MIN_MM",
    "SYSTEMS",
    "THUMB_WIDTH_MM",
    "TOO_LONG_ROOM_MM",
    "UNITS",
    "US_WOMEN_OFFSET",
    "VERDICTS",
    "FitCheck",
    "Recommendation",
    "calculator",
    "check_fit",
    "check_foot_length_mm",
    "format_size",
    "from_mm",
    "parse_foot_length",
    "parse_size",
    "recommend",
    "size_range",
    "size_to_length_mm",
    "to_mm",
]


def calculator(
    lang: str = "en", *, unit: str | None = None, system: str | None = None
) -> ShoeFitCalculator:
    """The live shoe-fit calculator for lesson 03 (an ipywidgets VBox), in *lang*. It starts on
    the edition's unit and size system (settings; Spanish: cm and EU) unless *unit* or *system*
    say otherwise, and shows all five systems."""
    from runwell.shoefit.widget import ShoeFitCalculator

    return ShoeFitCalculator(lang=lang, unit=unit, system=system)
