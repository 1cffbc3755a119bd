"""Shoe-fit arithmetic: foot length to shoe sizes in five systems, and a thumb's-width fit check.

Pure functions on frozen dataclasses; no widgets, no printing. Every user mistake raises
:class:`runwell.errors.CourseError` with a one-line message naming the input.

Convention
----------
Sizes follow the common textbook formulas from foot length (Wikipedia, "Shoe size"), which already
contain an allowance: two barleycorns (2/3 in, about 16.9 mm) for UK and US sizes, 1.5 cm for EU
(Paris point) sizes. UK = 3 × foot (in) − 23; US men's = UK + 1; US women's = US men's + 1.5, the
Footwear Industries of America / Brannock convention that most running brands print (RunRepeat's
lab-measured foot lengths fit about + 1, so women between sizes may also try half a size smaller);
EU = 1.5 × (foot (cm) + 1.5); Mondopoint (ISO 9407) is the foot length in millimetres. Results are
rounded *up* to the sizes shops sell: half sizes for US and UK, whole EU sizes, Mondopoint in 5 mm
steps, so a size is never shorter than the formula asks. The article "Minimize Back Pain While
Running" asks for at least a thumb's width in front of the big toe; the calculator takes a thumb's
width as 1/2 inch (12.7 mm) and reports the recommended minimum inner length, foot + 12.7 mm,
separately. The allowance is never added twice: the sizes come from the foot length, not from
foot + thumb. The fit check turns a size back into the shoe's inner length (its last length) and
compares the room in front of the toes with a thumb's width. Brands' charts can differ by up to
about a size, so confirm with the brand's chart and a try-on late in the day.

Accepted foot lengths: 200–380 mm (20–38 cm, about 7.9–15 in), from the smallest adult sizes
(UK 0.5, US men's 1.5) to beyond the largest shoes sold (about US men's 22). Children's shoes use
separate size scales that this calculator does not cover.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from runwell.errors import CourseError
from runwell.i18n import N_, decimal, translator

__all__ = [
    "CONVENTION",
    "CONVENTION_MARKDOWN",
    "FOOT_MAX_MM",
    "FOOT_MIN_MM",
    "FOOT_WIDTH_MAX_MM",
    "FOOT_WIDTH_MIN_MM",
    "SIZE_KEYS",
    "SIZE_SYSTEMS",
    "SYSTEMS",
    "THUMB_WIDTH_MM",
    "TOO_LONG_ROOM_MM",
    "UNITS",
    "US_WOMEN_OFFSET",
    "VERDICTS",
    "FitCheck",
    "Recommendation",
    "SizeSystem",
    "check_fit",
    "check_foot_length_mm",
    "convention_markdown",
    "format_size",
    "from_mm",
    "parse_foot_length",
    "parse_foot_width",
    "parse_number",
    "parse_size",
    "recommend",
    "round_up_size",
    "size_from_foot_mm",
    "size_from_length_mm",
    "size_range",
    "size_to_length_mm",
    "system_label",
    "to_mm",
    "verdict_label",
]

MM_PER_INCH = 25.4
BARLEYCORN_MM = MM_PER_INCH / 3  # UK/US size step: 1/3 inch
PARIS_POINT_MM = 20 / 3  # EU size step: 2/3 cm

UNITS: dict[str, float] = {"mm": 1.0, "cm": 10.0, "in": MM_PER_INCH}

#: Accepted foot lengths (adult size scales; see the module docstring).
FOOT_MIN_MM = 200.0
FOOT_MAX_MM = 380.0
#: Accepted foot widths (only used for the Mondopoint "length/width" label).
FOOT_WIDTH_MIN_MM = 60.0
FOOT_WIDTH_MAX_MM = 160.0

#: The article's "thumb's width" of room, taken as 1/2 inch: the top of the commonly quoted
#: 3/8 to 1/2 inch (about 1 to 1.3 cm), and still less than the sizes' built-in allowance.
THUMB_WIDTH_MM = 12.7
#: More room than two thumbs' width: the shoe is probably too long (the heel may slip).
TOO_LONG_ROOM_MM = 2 * THUMB_WIDTH_MM

#: US women's size = US men's size + this. FIA/Brannock convention, printed by most running
#: brands; RunRepeat's measured foot lengths fit about +1 (documented, tested within half a size).
US_WOMEN_OFFSET = 1.5

VERDICTS = ("too short", "good", "probably too long")

_EPS = 1e-9


@dataclass(frozen=True)
class SizeSystem:
    """One size system as a straight line: ``size = (last_mm - zero_mm) / per_size_mm``.

    *allowance_mm* is the gap between foot and last that the "from foot length" formula assumes,
    so ``size_from_foot = size_from_last(foot + allowance)``.
    """

    key: str
    label: str
    per_size_mm: float
    zero_mm: float
    allowance_mm: float
    step: float

    def size_from_last(self, last_mm: float) -> float:
        return (last_mm - self.zero_mm) / self.per_size_mm

    def last_from_size(self, size: float) -> float:
        return self.zero_mm + size * self.per_size_mm


_TWO_BARLEYCORNS = 2 * BARLEYCORN_MM
SIZE_SYSTEMS: dict[str, SizeSystem] = {
    # US men's = UK + 1: size 0 sits one barleycorn lower (24 instead of 25 barleycorns).
    "us-men": SizeSystem("us-men", N_("US men's"), BARLEYCORN_MM, 24 * BARLEYCORN_MM,
                         _TWO_BARLEYCORNS, 0.5),
    "us-women": SizeSystem("us-women", N_("US women's"), BARLEYCORN_MM,
                           (24 - US_WOMEN_OFFSET) * BARLEYCORN_MM, _TWO_BARLEYCORNS, 0.5),
    # UK adult size 0 = a last of 25 barleycorns (8 1/3 in).
    "uk": SizeSystem("uk", N_("UK"), BARLEYCORN_MM, 25 * BARLEYCORN_MM, _TWO_BARLEYCORNS, 0.5),
    "eu": SizeSystem("eu", N_("EU"), PARIS_POINT_MM, 0.0, 15.0, 1.0),
    # Mondopoint is the foot length itself; its shoe's inner length is taken as foot + 15 mm.
    "mondopoint": SizeSystem("mondopoint", N_("Mondopoint"), 1.0, 15.0, 15.0, 5.0),
}
SYSTEMS = tuple(SIZE_SYSTEMS)
SIZE_KEYS: dict[str, str] = {key: key.replace("-", "_") for key in SYSTEMS}

CONVENTION = (
    "Sizes from foot length by the textbook formulas (allowance 2/3 in for UK/US, 1.5 cm for EU; "
    f"US women's = men's + {US_WOMEN_OFFSET:g}, FIA/Brannock), rounded up to half sizes "
    "(whole EU sizes, Mondopoint in 5 mm steps); room checked against a thumb's width of "
    f"{THUMB_WIDTH_MM:g} mm. Sources: Wikipedia \"Shoe size\", FIA/Brannock, ISO 9407, RunRepeat."
)

#: The convention in Markdown (a lesson's "details" note, the handout's size chart), as a message
#: of the catalogue: :func:`convention_markdown` gives it in a language.
_CONVENTION_TEMPLATE = N_("""\
**Details: the size convention.** The calculator turns a foot length into a size with the common
textbook formulas (Wikipedia, "Shoe size"). The formulas already leave room for the toes: two
barleycorns (2/3 inch, about 17 mm) for UK and US sizes, and 1.5 cm for EU sizes.

- UK = 3 × foot length in inches − 23.
- US men's = UK + 1.
- US women's = US men's + {offset}. This is the Footwear Industries of America /
  Brannock convention that most running brands print. RunRepeat's lab-measured foot lengths fit
  about + 1, so if you are between women's sizes, also try half a size smaller.
- EU = 1.5 × (foot length in cm + 1.5).
- Mondopoint (ISO 9407) is the foot length in millimetres.

Sizes are rounded *up* to the sizes shops sell: half sizes for US and UK, whole EU sizes, and
Mondopoint in 5 mm steps. The article's thumb's width of room is taken as 1/2 inch
({thumb} mm). So the shortest inner length to look for is your foot length +
{thumb} mm. The sizes above already leave at least that much, so the room is not added
twice. Brands' charts can differ by up to about a size. Confirm with the brand's chart and a try-on
late in the day, in your running socks. The calculator accepts foot lengths from {min} to
{max} mm (adult sizes). Children's shoes use separate scales.
""")
_CONVENTION_VALUES = {"offset": f"{US_WOMEN_OFFSET:g}", "thumb": f"{THUMB_WIDTH_MM:g}",
                      "min": f"{FOOT_MIN_MM:g}", "max": f"{FOOT_MAX_MM:g}"}
CONVENTION_MARKDOWN = _CONVENTION_TEMPLATE.format(**_CONVENTION_VALUES)


def convention_markdown(lang: str = "en") -> str:
    """The size convention as Markdown, in *lang* (its decimals as *lang* writes them)."""
    return decimal(translator(lang).gettext(_CONVENTION_TEMPLATE).format(**_CONVENTION_VALUES),
                   lang)


def system_label(system: str, lang: str = "en") -> str:
    """A size system's name in *lang* ("US men's"; Spanish "EE. UU. (hombre)")."""
    return translator(lang).gettext(_system(system).label)


# --------------------------------------------------------------------------------------------
# Parsing and units


def _error(lang: str, label: str, message: str, **values: Any) -> CourseError:
    """``label: message`` with *message* looked up in *lang*'s catalogue and filled in."""
    return CourseError(f"{label}: " + translator(lang).gettext(message).format(**values))


def parse_number(value: object, *, label: str, lang: str = "en") -> float:
    """A finite float from a number or a string ("26.5", "26,5"); CourseError otherwise."""
    if isinstance(value, bool) or value is None:
        raise _error(lang, label, N_("{value} is not a number"), value=repr(value))
    if isinstance(value, (int, float)):
        number = float(value)
        shown = repr(value)
    elif isinstance(value, str):
        text = value.strip()
        shown = repr(value)
        if not text:
            raise _error(lang, label, N_("no value given"))
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # decimal comma, e.g. 26,5
        try:
            number = float(text)
        except ValueError:
            raise _error(lang, label, N_("{value} is not a number"), value=shown) from None
    else:
        raise _error(lang, label, N_("{value} is not a number"), value=repr(value))
    if not math.isfinite(number):
        raise _error(lang, label, N_("{value} is not a finite number"), value=shown)
    return number


def _check_unit(unit: object) -> str:
    if not isinstance(unit, str) or unit not in UNITS:
        raise CourseError(f"unit: {unit!r} is not one of {', '.join(UNITS)}")
    return unit


def to_mm(value: object, unit: str, *, label: str = "length", lang: str = "en") -> float:
    """Convert a positive length in mm, cm or in (number or string) to millimetres."""
    factor = UNITS[_check_unit(unit)]
    number = parse_number(value, label=label, lang=lang)
    if number <= 0:
        raise _error(lang, label, N_("{value} must be greater than zero"),
                     value=f"{number:g} {unit}")
    return number * factor


def from_mm(mm: float, unit: str) -> float:
    """Millimetres to *unit* (mm, cm or in)."""
    return mm / UNITS[_check_unit(unit)]


def _show_length(mm: float, unit: str) -> str:
    value = from_mm(mm, unit)
    return f"{value:.2f} in" if unit == "in" else f"{value:g} {unit}"


def _range_text(lo: float, hi: float) -> str:
    inches = f"{lo / MM_PER_INCH:.1f}–{hi / MM_PER_INCH:.1f} in"
    return f"{lo:g}–{hi:g} mm ({lo / 10:g}–{hi / 10:g} cm, {inches})"


def check_foot_length_mm(
    mm: object, *, label: str = "foot length", unit: str = "mm", lang: str = "en"
) -> float:
    """A foot length in mm inside the accepted range (*unit* is only for the message)."""
    number = parse_number(mm, label=label, lang=lang)
    if number <= 0:
        raise _error(lang, label, N_("{value} must be greater than zero"), value=f"{number:g} mm")
    if not FOOT_MIN_MM - _EPS <= number <= FOOT_MAX_MM + _EPS:
        if number < FOOT_MIN_MM:
            message = N_("{value} is outside the accepted foot lengths {range} (children's "
                         "shoes use separate size scales)")
        else:
            message = N_("{value} is outside the accepted foot lengths {range}")
        raise _error(lang, label, message, value=_show_length(number, unit),
                     range=_range_text(FOOT_MIN_MM, FOOT_MAX_MM))
    return number


def parse_foot_length(
    value: object, unit: str, *, label: str = "foot length", lang: str = "en"
) -> float:
    """A foot length given in *unit*, checked against the accepted range; returns millimetres."""
    return check_foot_length_mm(to_mm(value, unit, label=label, lang=lang), label=label,
                                unit=unit, lang=lang)


def parse_foot_width(value: object, unit: str, *, label: str = "foot width") -> float:
    """An optional foot width given in *unit*; returns millimetres."""
    mm = to_mm(value, unit, label=label)
    if not FOOT_WIDTH_MIN_MM - _EPS <= mm <= FOOT_WIDTH_MAX_MM + _EPS:
        raise CourseError(
            f"{label}: {_show_length(mm, unit)} is outside the accepted foot widths "
            f"{_range_text(FOOT_WIDTH_MIN_MM, FOOT_WIDTH_MAX_MM)}"
        )
    return mm


# --------------------------------------------------------------------------------------------
# Sizes


def _system(system: object) -> SizeSystem:
    if not isinstance(system, str) or system not in SIZE_SYSTEMS:
        raise CourseError(f"system: {system!r} is not one of {', '.join(SYSTEMS)}")
    return SIZE_SYSTEMS[system]


def round_up_size(value: float, system: str) -> float:
    """Round a size *up* to the next size shops sell (never shorter than the formula asks)."""
    step = _system(system).step
    rounded = math.ceil(value / step - _EPS) * step
    return float(round(rounded, 6)) + 0.0


def size_from_foot_mm(foot_mm: float, system: str) -> float:
    """The unrounded size from foot length ("from foot length" column, allowance included)."""
    s = _system(system)
    return s.size_from_last(foot_mm + s.allowance_mm)


def size_from_length_mm(length_mm: float, system: str) -> float:
    """The unrounded size whose last (inner) length is *length_mm* ("from last length")."""
    return _system(system).size_from_last(length_mm)


def size_range(system: str) -> tuple[float, float, float]:
    """(smallest, largest, step) of the sizes accepted in *system*: those the accepted foot
    lengths lead to."""
    s = _system(system)
    lo = math.floor(size_from_foot_mm(FOOT_MIN_MM, system) / s.step + _EPS) * s.step
    hi = round_up_size(size_from_foot_mm(FOOT_MAX_MM, system), system)
    return float(round(lo, 6)), hi, s.step


def format_size(size: float, system: str) -> str:
    """A size as shops print it: "9.5", "11", "42", "265"."""
    _system(system)
    return f"{size:g}" if system != "mondopoint" else f"{size:.0f}"


_STEP_WORDS = {
    0.5: N_("whole and half sizes"),
    1.0: N_("whole sizes (brands' half and 2/3 EU sizes: use the brand's chart)"),
    5.0: N_("5 mm steps"),
}


def parse_size(
    value: object, system: str, *, label: str = "shoe size", lang: str = "en"
) -> float:
    """A shoe size in *system* that exists in this calculator's convention, else CourseError."""
    _system(system)
    name = system_label(system, lang)
    number = parse_number(value, label=label, lang=lang)
    lo, hi, step = size_range(system)
    shown = f"{name} {number:g}"
    if not lo - _EPS <= number <= hi + _EPS:
        if system == "mondopoint" and lo <= number * 10 <= hi:
            raise _error(lang, label, N_("{size} is not a size this calculator knows ({system} "
                                         "sizes run {low} to {high}); Mondopoint is in "
                                         "millimetres, e.g. {mm} for {cm} cm"),
                         size=shown, system=name, low=f"{lo:g}", high=f"{hi:g}",
                         mm=f"{number * 10:g}", cm=f"{number:g}")
        raise _error(lang, label, N_("{size} is not a size this calculator knows ({system} "
                                     "sizes run {low} to {high})"),
                     size=shown, system=name, low=f"{lo:g}", high=f"{hi:g}")
    if abs(number / step - round(number / step)) > 1e-6:
        below = math.floor(number / step) * step
        raise _error(lang, label, N_("{size} is not a size shops sell: {system} sizes come in "
                                     "{kind}, e.g. {below} or {above}"),
                     size=shown, system=name, kind=translator(lang).gettext(_STEP_WORDS[step]),
                     below=f"{below:g}", above=f"{below + step:g}")
    return float(round(number / step) * step)


def size_to_length_mm(size: object, system: str, *, lang: str = "en") -> float:
    """The approximate inner (last) length in mm of a shoe of *size* in *system*."""
    return _system(system).last_from_size(parse_size(size, system, lang=lang))


# --------------------------------------------------------------------------------------------
# Recommendation and fit check


@dataclass(frozen=True)
class Recommendation:
    """Sizes for a foot. ``recommended_length_mm`` is the minimum inner length of the shoe
    (foot + ``allowance_mm``, a thumb's width); ``sizes`` are rounded as shops sell them and
    ``exact_sizes`` are the formulas' values before rounding."""

    foot_length_mm: float
    recommended_length_mm: float
    allowance_mm: float
    sizes: dict[str, float] = field(hash=False)
    exact_sizes: dict[str, float] = field(hash=False)
    foot_width_mm: float | None = None
    convention: str = CONVENTION

    @property
    def mondopoint_label(self) -> str:
        """ISO 9407 marking: length, or length/width in mm (e.g. "265/100")."""
        length = f"{self.sizes['mondopoint']:.0f}"
        if self.foot_width_mm is None:
            return length
        return f"{length}/{self.foot_width_mm:.0f}"

    def size(self, system: str) -> float:
        return self.sizes[SIZE_KEYS[_system(system).key]]

    def to_dict(self) -> dict[str, Any]:
        def number(value: float) -> float | int:
            return int(value) if float(value).is_integer() else round(value, 2)

        return {
            "foot_length_mm": round(self.foot_length_mm, 1),
            "foot_width_mm": None if self.foot_width_mm is None else round(self.foot_width_mm, 1),
            "recommended_length_mm": round(self.recommended_length_mm, 1),
            "allowance_mm": self.allowance_mm,
            "sizes": {k: number(v) for k, v in self.sizes.items()},
            "exact_sizes": {k: round(v, 2) for k, v in self.exact_sizes.items()},
            "mondopoint_label": self.mondopoint_label,
            "convention": self.convention,
        }


@dataclass(frozen=True)
class FitCheck:
    """The thumb check of a shoe the learner owns."""

    foot_length_mm: float
    size: float
    system: str
    inner_length_mm: float
    room_mm: float
    thumb_mm: float
    verdict: str
    reason: str
    recommended_size: float
    advice: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "system": self.system,
            "inner_length_mm": round(self.inner_length_mm, 1),
            "room_mm": round(self.room_mm, 1),
            "thumb_mm": self.thumb_mm,
            "verdict": self.verdict,
            "reason": self.reason,
            "recommended_size": self.recommended_size,
            "advice": list(self.advice),
        }


def recommend(foot_length_mm: float, foot_width_mm: float | None = None) -> Recommendation:
    """Sizes in every system for a foot of *foot_length_mm* (in the accepted range)."""
    foot = check_foot_length_mm(foot_length_mm, label="foot length")
    width = None
    if foot_width_mm is not None:
        width = parse_foot_width(foot_width_mm, "mm")
    exact = {SIZE_KEYS[k]: size_from_foot_mm(foot, k) for k in SYSTEMS}
    sizes = {SIZE_KEYS[k]: round_up_size(exact[SIZE_KEYS[k]], k) for k in SYSTEMS}
    return Recommendation(
        foot_length_mm=foot,
        recommended_length_mm=foot + THUMB_WIDTH_MM,
        allowance_mm=THUMB_WIDTH_MM,
        sizes=sizes,
        exact_sizes=exact,
        foot_width_mm=width,
    )


def _verdict(room: float) -> str:
    if room < THUMB_WIDTH_MM - _EPS:
        return "too short"
    if room > TOO_LONG_ROOM_MM + _EPS:
        return "probably too long"
    return "good"


VERDICT_WORDS = {
    "too short": N_("too short"),
    "good": N_("good"),
    "probably too long": N_("probably too long"),
}


def verdict_label(verdict: str, lang: str = "en") -> str:
    """A fit verdict as *lang* words it (the verdict itself stays the English id)."""
    return translator(lang).gettext(VERDICT_WORDS[verdict])


def _reason(verdict: str, room: float, inner: float, label: str, lang: str = "en") -> str:
    _ = translator(lang).gettext
    values = {"label": label, "inner": f"{inner:.0f}", "room": f"{room:.0f}",
              "thumb": f"{THUMB_WIDTH_MM:g}", "two": f"{TOO_LONG_ROOM_MM:g}"}
    if room <= 0:
        text = _("A {label} shoe is about {inner} mm long inside, no longer than your foot: it "
                 "is too short.")
    elif verdict == "too short":
        text = _("A {label} shoe leaves about {room} mm in front of your longest toe, less than "
                 "a thumb's width ({thumb} mm): feet swell and lengthen on a run, so it is "
                 "probably too short.")
    elif verdict == "good":
        text = _("A {label} shoe leaves about {room} mm in front of your longest toe: at least "
                 "a thumb's width ({thumb} mm) and no more than two.")
    else:
        text = _("A {label} shoe leaves about {room} mm in front of your longest toe, more than "
                 "two thumbs' width ({two} mm): it is probably too long.")
    return decimal(text.format(**values), lang)


def check_fit(
    foot_length_mm: float, size: object, system: str, *, lang: str = "en", text: Any = None
) -> FitCheck:
    """Room in front of the toes in a shoe of *size* (*system*) for a foot of *foot_length_mm*.
    The reason and advice are in *lang*, the advice from *text* (the course's shoe-fit text in
    that language; default: the loaded course's)."""
    from runwell.shoefit.advice import fit_advice

    s = _system(system)
    foot = check_foot_length_mm(foot_length_mm, label="foot length", lang=lang)
    checked = parse_size(size, system, lang=lang)
    inner = s.last_from_size(checked)
    room = inner - foot
    verdict = _verdict(room)
    name = system_label(system, lang)
    label = f"{name} {format_size(checked, system)}"
    recommended = round_up_size(size_from_foot_mm(foot, system), system)
    return FitCheck(
        foot_length_mm=foot,
        size=checked,
        system=system,
        inner_length_mm=inner,
        room_mm=room,
        thumb_mm=THUMB_WIDTH_MM,
        verdict=verdict,
        reason=_reason(verdict, room, inner, label, lang),
        recommended_size=recommended,
        advice=fit_advice(verdict, recommended=decimal(
            f"{name} {format_size(recommended, system)}", lang), text=text, lang=lang),
    )
