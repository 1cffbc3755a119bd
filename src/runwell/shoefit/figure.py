"""A small SVG of the foot in the shoe (seen from above), drawn to scale from the numbers.

Deterministic: the same numbers give the same text, with no ids, so stored notebook outputs and
handouts stay stable. The picture says everything in words too (title, labels), not by colour
alone.
"""

from __future__ import annotations

import html

from runwell.i18n import translator
from runwell.shoefit.core import THUMB_WIDTH_MM

__all__ = ["foot_in_shoe_svg"]

_MARGIN = 20.0
_WIDTH = 450.0  # viewBox units are millimetres: the longest shoe (about 410 mm) fits
_HEIGHT = 175.0


def _f(x: float) -> str:
    return f"{x:.1f}"


def _foot_path(x0: float, length: float) -> str:
    """A simple footprint outline from the heel at *x0* to the big toe at *x0 + length*."""
    big_r = 0.045 * length  # the big toe, whose tip is the foot length
    big_cx, big_cy = x0 + length - big_r, 80.0 - 22.0
    heel_r = 26.0
    hx = x0 + heel_r

    def at(fraction: float) -> str:
        return _f(x0 + fraction * length)

    sole = (
        f"M{_f(hx)} {_f(82.0 - heel_r)} "
        f"C{at(0.30)} 52.0 {at(0.50)} 44.0 {at(0.62)} 44.0 "
        f"C{at(0.75)} 44.0 {_f(big_cx - big_r)} 46.0 {_f(big_cx)} 50.0 "
        f"L{at(0.86)} 114.0 "
        f"C{at(0.60)} 118.0 {at(0.30)} 108.0 {_f(hx)} {_f(82.0 + heel_r)} "
        f"A{_f(heel_r)} {_f(heel_r)} 0 0 1 {_f(hx)} {_f(82.0 - heel_r)} Z"
    )
    toes = [f'<circle cx="{_f(big_cx)}" cy="{_f(big_cy)}" r="{_f(big_r)}"/>']
    # the smaller toes, stepping back from the big toe towards the outside of the foot
    for i, (back, r) in enumerate(((0.035, 0.030), (0.065, 0.027), (0.095, 0.024), (0.13, 0.021))):
        cx = x0 + length - back * length - r * length
        cy = big_cy + 15.0 + 12.0 * i
        toes.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r * length)}"/>')
    return (
        '<g fill="#f3d2b3" stroke="#7a4b2a" stroke-width="1.5">'
        f'<path d="{sole}"/>' + "".join(toes) + "</g>"
    )


def foot_in_shoe_svg(
    foot_mm: float, inner_mm: float, *, thumb_mm: float = THUMB_WIDTH_MM, lang: str = "en"
) -> str:
    """SVG markup: a foot *foot_mm* long in a shoe *inner_mm* long inside, 1 unit = 1 mm; its
    words in *lang*."""
    _ = translator(lang).gettext
    room = inner_mm - foot_mm
    x0 = _MARGIN
    shoe_end = x0 + inner_mm
    toe = x0 + foot_mm
    values = {"foot": f"{foot_mm:.0f}", "inner": f"{inner_mm:.0f}", "room": f"{room:.0f}",
              "short": f"{-room:.0f}", "thumb": f"{thumb_mm:.0f}"}
    if room > 0:
        summary = _("A foot {foot} mm long in a shoe about {inner} mm long inside: {room} mm of "
                    "room in front of the toes (a thumb's width is about {thumb} mm).")
    else:
        summary = _("A foot {foot} mm long in a shoe about {inner} mm long inside: the shoe is "
                    "{short} mm shorter than the foot (a thumb's width is about {thumb} mm).")
    label = html.escape(summary.format(**values), quote=True)
    thumb_words = html.escape(_("a thumb's width"), quote=False)
    heel = html.escape(_("heel"))
    mid = (toe + shoe_end) / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="runwell-shoefit-picture" role="img" '
        f'aria-label="{label}" viewBox="0 0 {_f(_WIDTH)} {_f(_HEIGHT)}" width="{_f(_WIDTH)}" '
        f'height="{_f(_HEIGHT)}" style="max-width:100%;height:auto">',
        f"<title>{label}</title>",
        # the shoe's inside
        f'<rect x="{_f(x0)}" y="30.0" width="{_f(inner_mm)}" height="100.0" rx="40.0" '
        'fill="#eef2f7" stroke="#2b3a4a" stroke-width="2"/>',
        # the foot (a right foot from above, toes to the right), its length to scale
        _foot_path(x0, foot_mm),
        f'<text x="{_f(x0 + 10)}" y="84.0" font-size="12" fill="#1a1a1a">{heel}</text>',
        # a thumb's width marked in front of the toes
        f'<line x1="{_f(toe + thumb_mm)}" y1="36.0" x2="{_f(toe + thumb_mm)}" y2="124.0" '
        'stroke="#2b3a4a" stroke-width="1" stroke-dasharray="4 3"/>',
        f'<text x="{_f(toe + thumb_mm)}" y="22.0" font-size="12" text-anchor="middle" '
        f'fill="#1a1a1a">{thumb_words}</text>',
    ]
    # the room, measured below the shoe
    parts += [
        f'<line x1="{_f(toe)}" y1="140.0" x2="{_f(shoe_end)}" y2="140.0" stroke="#1a1a1a" '
        'stroke-width="1.5"/>',
        f'<line x1="{_f(toe)}" y1="134.0" x2="{_f(toe)}" y2="146.0" stroke="#1a1a1a" '
        'stroke-width="1.5"/>',
        f'<line x1="{_f(shoe_end)}" y1="134.0" x2="{_f(shoe_end)}" y2="146.0" stroke="#1a1a1a" '
        'stroke-width="1.5"/>',
    ]
    words = (_("room {room} mm") if room > 0 else _("too short by {short} mm")).format(**values)
    anchor = "end" if mid > _WIDTH - 60 else "middle"
    parts.append(
        f'<text x="{_f(min(mid, _WIDTH - 2))}" y="162.0" font-size="13" text-anchor="{anchor}" '
        f'fill="#1a1a1a">{html.escape(words)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
