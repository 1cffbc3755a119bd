"""Exercise 4: audit a route's surfaces and pick the most forgiving one.

The article advises steering clear of hard, uphill or uneven ground where you can, and choosing a
rubber track or smooth paving instead. A surface is judged by which of those three problems its
description names, plus one beyond the article, slippery (keywords in ``data/exercises.yaml``; a
language adds its own words): "hilly trail" is uphill and uneven, "concrete pavement" is hard,
"icy pavement" is hard and slippery, "school rubber track" and "grass playing field" have none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from runwell.exercises.feedback import CheckResult, quote
from runwell.exercises.tables import matches, tables
from runwell.i18n import N_, translator

EXERCISE = N_("Route check")
PROBLEMS = ("hard", "uphill", "uneven", "slippery")  # the article's three, then one beyond it
PROBLEM_WORDS = {"hard": N_("hard"), "uphill": N_("uphill"), "uneven": N_("uneven"),
                 "slippery": N_("slippery")}
NAMED = N_("hard, uphill, uneven or slippery")
RATING_RANGE = (1, 5)

__all__ = [
    "EXERCISE",
    "PROBLEMS",
    "RATING_RANGE",
    "Surface",
    "assess_surface",
    "evaluate_route",
    "most_forgiving",
]


@dataclass(frozen=True)
class Surface:
    name: str
    problems: tuple[str, ...]  # the article's problems this surface has, in PROBLEMS order
    recognised: bool

    @property
    def describe(self) -> str:
        return self.description()

    def description(self, lang: str = "en") -> str:
        """``hard and slippery``, or ``none of the problems``, in *lang*."""
        t = translator(lang)
        if self.problems:
            return t.gettext(" and ").join(t.gettext(PROBLEM_WORDS[p]) for p in self.problems)
        return t.gettext("none of the problems")


def assess_surface(name: str, lang: str = "en") -> Surface:
    """Which problems (the article's hard, uphill, uneven; slippery beyond it) a described
    surface has."""
    table = tables(lang).surfaces
    problems = tuple(p for p in PROBLEMS if matches(name, table.problems.get(p, ())))
    recognised = bool(problems) or matches(name, table.forgiving_keywords)
    return Surface(name, problems, recognised)


def most_forgiving(names: Iterable[str], lang: str = "en") -> tuple[str, ...]:
    """The surfaces with the fewest of the article's problems (all of them when tied)."""
    assessed = [assess_surface(n, lang) for n in names]
    if not assessed:
        return ()
    fewest = min(len(s.problems) for s in assessed)
    return tuple(s.name for s in assessed if len(s.problems) == fewest)


def _rating(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and RATING_RANGE[0] <= value <= RATING_RANGE[1]:
        return value
    return None


def evaluate_route(ratings: object, choice: object, lang: str = "en") -> CheckResult:
    """Check ratings (surface -> 1..5, 5 = most forgiving) and the chosen surface."""
    _ = translator(lang).gettext
    name_ = _(EXERCISE)
    lo, hi = RATING_RANGE
    note = tables(lang).surfaces.note
    named = _(NAMED)
    if not isinstance(ratings, Mapping) or len(ratings) < 2:
        return CheckResult(
            name_,
            False,
            (
                _("Rate at least two surfaces as a dict, e.g. {example}; got {value}.").format(
                    example=_('{"rubber track": 5, "concrete pavement": 2}'),
                    value=quote(ratings)),
            ),
            lang=lang,
        )
    problems: list[str] = []
    rated: dict[str, tuple[Surface, int]] = {}
    for name, value in ratings.items():
        if not isinstance(name, str) or not name.strip():
            problems.append(_("{name} is not a surface name.").format(name=quote(name)))
            continue
        surface = assess_surface(name, lang)
        rating = _rating(value)
        if not surface.recognised:
            problems.append(
                _("I can't tell what {name} is like. Describe it with words such as rubber "
                  "track, asphalt path, concrete, grass playing field, trail, hill or icy.")
                .format(name=quote(name))
            )
        elif rating is None:
            problems.append(_("{name}: rate it with a whole number from {low} to {high}.")
                            .format(name=quote(name), low=lo, high=hi))
        else:
            rated[name] = (surface, rating)
    if problems:
        return CheckResult(name_, False, tuple(problems), lang=lang)
    for a, (sa, ra) in rated.items():
        for b, (sb, rb) in rated.items():
            if len(sa.problems) < len(sb.problems) and ra <= rb:
                problems.append(
                    _("You rated {b} ({b_has}) {b_rating} and {a} ({a_has}) {a_rating}: a "
                      "surface with fewer problems ({named}) should get the higher rating.")
                    .format(b=quote(b), b_has=sb.description(lang), b_rating=rb, a=quote(a),
                            a_has=sa.description(lang), a_rating=ra, named=named)
                )
    best = most_forgiving(rated, lang)
    if not isinstance(choice, str) or choice not in rated:
        problems.append(
            _("Your choice {choice} should be one of the surfaces you rated: {rated}.").format(
                choice=quote(choice), rated=", ".join(quote(n) for n in rated))
        )
    elif choice not in best:
        chosen = rated[choice][0]
        problems.append(
            _("You chose {choice} ({has}), but {best} is more forgiving: the article advises "
              "steering clear of hard, uphill or uneven ground and choosing a rubber track or "
              "smooth paving instead (and ice, snow or mud make any surface slippery).").format(
                choice=quote(choice), has=chosen.description(lang),
                best=_(" or ").join(quote(n) for n in best))
        )
    if problems:
        return CheckResult(name_, False, tuple(problems), (note,), lang=lang)
    surface = rated[str(choice)][0]
    return CheckResult(
        name_,
        True,
        (
            _("Your ratings put the surfaces with fewer problems ({named}) higher.").format(
                named=named),
            _("{choice} ({has}) is the most forgiving surface you rated.").format(
                choice=quote(choice), has=surface.description(lang)),
        ),
        (note,),
        lang=lang,
    )
