"""Exercise 4: audit a route's surfaces and pick the most forgiving one.

The article advises steering clear of hard, uphill or uneven ground where you can, and choosing a
rubber track or smooth paving instead. A surface is judged by which of those three problems its
description names, plus one beyond the article, slippery (keywords in ``data/exercises.yaml``):
"hilly trail" is uphill and uneven, "concrete pavement" is hard, "icy pavement" is hard and
slippery, "school rubber track" and "grass playing field" have none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from runwell.exercises.feedback import CheckResult, quote
from runwell.exercises.tables import matches, tables

EXERCISE = "Route check"
PROBLEMS = ("hard", "uphill", "uneven", "slippery")  # the article's three, then one beyond it
NAMED = "hard, uphill, uneven or slippery"
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
        if self.problems:
            return " and ".join(self.problems)
        return "none of the problems"


def assess_surface(name: str) -> Surface:
    """Which problems (the article's hard, uphill, uneven; slippery beyond it) a described
    surface has."""
    table = tables().surfaces
    problems = tuple(p for p in PROBLEMS if matches(name, table.problems.get(p, ())))
    recognised = bool(problems) or matches(name, table.forgiving_keywords)
    return Surface(name, problems, recognised)


def most_forgiving(names: Iterable[str]) -> tuple[str, ...]:
    """The surfaces with the fewest of the article's problems (all of them when tied)."""
    assessed = [assess_surface(n) for n in names]
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


def evaluate_route(ratings: object, choice: object) -> CheckResult:
    """Check ratings (surface -> 1..5, 5 = most forgiving) and the chosen surface."""
    lo, hi = RATING_RANGE
    note = tables().surfaces.note
    if not isinstance(ratings, Mapping) or len(ratings) < 2:
        return CheckResult(
            EXERCISE,
            False,
            (
                'Rate at least two surfaces as a dict, e.g. {"rubber track": 5, '
                f'"concrete pavement": 2}}; got {quote(ratings)}.',
            ),
        )
    problems: list[str] = []
    rated: dict[str, tuple[Surface, int]] = {}
    for name, value in ratings.items():
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{quote(name)} is not a surface name.")
            continue
        surface = assess_surface(name)
        rating = _rating(value)
        if not surface.recognised:
            problems.append(
                f"I can't tell what {quote(name)} is like. Describe it with words such as "
                "rubber track, asphalt path, concrete, grass playing field, trail, hill or icy."
            )
        elif rating is None:
            problems.append(f"{quote(name)}: rate it with a whole number from {lo} to {hi}.")
        else:
            rated[name] = (surface, rating)
    if problems:
        return CheckResult(EXERCISE, False, tuple(problems))
    for a, (sa, ra) in rated.items():
        for b, (sb, rb) in rated.items():
            if len(sa.problems) < len(sb.problems) and ra <= rb:
                problems.append(
                    f"You rated {quote(b)} ({sb.describe}) {rb} and {quote(a)} "
                    f"({sa.describe}) {ra}: a surface with fewer problems ({NAMED}) should get "
                    "the higher rating."
                )
    best = most_forgiving(rated)
    if not isinstance(choice, str) or choice not in rated:
        problems.append(
            f"Your choice {quote(choice)} should be one of the surfaces you rated: "
            + ", ".join(quote(n) for n in rated)
            + "."
        )
    elif choice not in best:
        chosen = rated[choice][0]
        problems.append(
            f"You chose {quote(choice)} ({chosen.describe}), but "
            + " or ".join(quote(n) for n in best)
            + " is more forgiving: the article advises steering clear of hard, uphill or uneven "
            "ground and choosing a rubber track or smooth paving instead (and ice, snow or mud "
            "make any surface slippery)."
        )
    if problems:
        return CheckResult(EXERCISE, False, tuple(problems), (note,))
    surface = rated[str(choice)][0]
    return CheckResult(
        EXERCISE,
        True,
        (
            f"Your ratings put the surfaces with fewer problems ({NAMED}) higher.",
            f"{quote(choice)} ({surface.describe}) is the most forgiving surface you rated.",
        ),
        (note,),
    )
