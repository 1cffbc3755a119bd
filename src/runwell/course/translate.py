"""A language edition of the course data: translation overlays and translated quiz banks.

One fact, one place. The English data files hold every fact (tiers, sources, numbers, review
dates, correct answers); a translation holds only words, keyed by the English file's ids:

- **overlays** ``src/runwell/data/<lang>/{exercises,shoefit,red_flags,sources}.yaml``
  (schemas ``overlay_*.schema.json``), applied to the model built from the English file
  (:func:`apply_tables`, :func:`apply_shoefit`, :func:`apply_safety`, :func:`apply_health`);
- **translated banks** ``notebooks/quizzes/<lang>/<stem>.yaml``: a whole bank, built like the
  English one, whose structure must be the English bank's (:func:`bank_problems`): the same
  question ids in the same order, types, guidance, choice ids, correct marks, numeric answers,
  tolerances and units, and a text wherever the English bank has one.

Every id a translation names must exist in the English file, every English id must be
translated, and a text's ``{placeholders}`` must be the English text's. A problem leaves the
English words in place (the course still loads) and makes ``runwell check`` fail. Pure: no
files, no YAML (the loader reads them); the zero-install site applies its bundled overlays with
this module too, without the checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from runwell.course.build import one_line
from runwell.course.model import (
    Health,
    Safety,
    ShoeFitText,
    Tables,
    frozen_map,
)
from runwell.course.schema import schema_problems
from runwell.errors import Problem

__all__ = [
    "OVERLAYS",
    "apply_health",
    "apply_safety",
    "apply_shoefit",
    "apply_tables",
    "bank_problems",
    "overlay_name",
    "placeholders",
]

#: Model part -> the English data file a translation overlays (``data/<lang>/<file>``).
OVERLAYS = {
    "tables": "exercises.yaml",
    "shoefit": "shoefit.yaml",
    "safety": "red_flags.yaml",
    "health": "sources.yaml",
}
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def overlay_name(lang: str, part: str) -> str:
    """``es/exercises.yaml``: the overlay of *part* for *lang*, inside ``runwell/data``."""
    return f"{lang}/{OVERLAYS[part]}"


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders in *text* (filled in by the code or the settings)."""
    return set(_PLACEHOLDER.findall(text))


class _Checker:
    """Collects the problems of one overlay file."""

    def __init__(self, shown: str, check: bool) -> None:
        self.shown = shown
        self.check = check
        self.problems: list[Problem] = []

    def add(self, item: str, message: str) -> None:
        if self.check:
            self.problems.append(Problem(self.shown, item, message))

    def keys(self, found: Mapping[str, Any], wanted: Iterable[str], what: str) -> bool:
        """The translation has exactly the English ids; False when it lacks one."""
        wanted = list(wanted)
        ok = True
        for key in found:
            if key not in wanted:
                self.add(str(key), f"unknown {what} id (not in the English file)")
        for key in wanted:
            if key not in found:
                self.add(key, f"{what} {key!r} has no translation")
                ok = False
        return ok

    def same_places(self, item: str, english: str, translated: str) -> None:
        if placeholders(english) != placeholders(translated):
            want = ", ".join(sorted(placeholders(english))) or "none"
            self.add(item, f"the translation must keep the English text's placeholders ({want})")


def _schema(kind: str, raw: Any, shown: str, check: bool) -> list[Problem]:
    return schema_problems(kind, raw, shown)[0] if check else []


def _text(value: Any) -> str:
    return one_line(value) if isinstance(value, str) else ""


def _words(value: Any) -> tuple[str, ...]:
    return tuple(" ".join(str(v).split()) for v in value or ())


def _fold(text: str) -> str:
    return " ".join(text.strip().lower().split())


# ------------------------------------------------------------------------------ exercises


def apply_tables(tables: Tables, raw: Any, shown: str, *, check: bool = True
                 ) -> tuple[Tables, list[Problem]]:
    """The exercise tables in a language (``data/<lang>/exercises.yaml``). Keywords are added
    to the English ones, so either language's words are recognised."""
    problems = _schema("overlay_exercises", raw, shown, check)
    if problems or not isinstance(raw, dict):
        return tables, problems
    c = _Checker(shown, check)
    warm, week, surf, pain = raw["warm_up"], raw["week"], raw["surfaces"], raw["pain"]

    elements = warm["elements"]
    c.keys(elements, (e.id for e in tables.warm_up_elements), "warm-up element")
    warm_up = tuple(
        replace(e, name=_text(elements[e.id]["name"]), why=_text(elements[e.id]["why"]),
                keywords=_words(elements[e.id]["keywords"]) + e.keywords)
        if e.id in elements else e
        for e in tables.warm_up_elements
    )

    days = _words(week["days"])
    if len(days) != len(tables.days):
        c.add("days", f"{len(days)} days; the English file has {len(tables.days)}, in the same "
              "order")
        days = ()
    activities = week["activities"]
    c.keys(activities, (a.id for a in tables.activities), "activity")
    acts = tuple(
        replace(a, name=_text(activities[a.id]["name"]),
                keywords=_words(activities[a.id]["keywords"]) + a.keywords)
        if a.id in activities else a
        for a in tables.activities
    )
    groups = sorted({g for a in tables.activities for g in a.loads})
    c.keys(week["loads"], groups, "muscle group")
    loads = {g: _text(week["loads"][g]) for g in groups if g in week["loads"]}

    problems_words = surf["problems"]
    c.keys(problems_words, tables.surfaces.problems, "surface problem")
    surfaces = replace(
        tables.surfaces,
        forgiving_keywords=_words(surf["forgiving_keywords"]) + tables.surfaces.forgiving_keywords,
        problems=frozen_map({
            k: _words(problems_words.get(k)) + v for k, v in tables.surfaces.problems.items()
        }),
        note=_text(surf["note"]),
    )

    decisions = pain["decisions"]
    c.keys(decisions, tables.decisions, "decision")
    meanings = {k: _text(decisions[k]["meaning"]) if k in decisions else v
                for k, v in tables.decisions.items()}
    labels = {k: _text(decisions[k]["label"]) for k in tables.decisions if k in decisions}
    diary = pain["diary"]
    c.keys(diary, (d.id for d in tables.diary), "diary entry")
    entries = tuple(
        replace(d, who=_text(diary[d.id]["who"]), story=_text(diary[d.id]["story"]))
        if d.id in diary else d
        for d in tables.diary
    )
    translated = replace(
        tables,
        warm_up_elements=warm_up,
        static_note=_text(warm["static_note"]),
        activities=acts,
        surfaces=surfaces,
        decisions=frozen_map(meanings),
        diary=entries,
        day_names=days,
        load_names=frozen_map(loads),
        decision_labels=frozen_map(labels),
        decision_words=frozen_map({_fold(k): v for k, v in pain["words"].items()}),
        trend_words=frozen_map({k: _words(v) for k, v in pain["trends"].items()}),
    )
    return translated, c.problems


# ------------------------------------------------------------------------------ shoe fit


def apply_shoefit(text: ShoeFitText, raw: Any, shown: str, *, check: bool = True
                  ) -> tuple[ShoeFitText, list[Problem]]:
    """The calculator's advice, verdicts and measuring steps in a language. Sources stay."""
    problems = _schema("overlay_shoefit", raw, shown, check)
    if problems or not isinstance(raw, dict):
        return text, problems
    c = _Checker(shown, check)
    advice = raw["advice"]
    c.keys(advice, (a.id for a in text.advice), "advice")
    items = []
    for item in text.advice:
        if item.id in advice:
            c.same_places(item.id, item.text, advice[item.id])
            item = replace(item, text=_text(advice[item.id]))
        items.append(item)
    verdicts = {}
    for key, english in text.verdicts.items():
        c.same_places(f"verdict {key}", english, raw["verdicts"][key])
        verdicts[key] = _text(raw["verdicts"][key])
    steps = _words(raw["measure_steps"])
    if len(steps) != len(text.measure_steps):
        c.add("measure_steps", f"{len(steps)} steps; the English file has "
              f"{len(text.measure_steps)}")
        steps = text.measure_steps
    return (replace(text, advice=tuple(items), verdicts=frozen_map(verdicts),
                    measure_steps=tuple(one_line(s) for s in steps)), c.problems)


# ------------------------------------------------------------------------------ red flags


def apply_safety(safety: Safety, raw: Any, shown: str, *, check: bool = True
                 ) -> tuple[Safety, list[Problem]]:
    """Tier labels, decisions and actions, red-flag wording and locales' names in a language.
    Which flag is in which tier, and every number, stay the English file's."""
    problems = _schema("overlay_red_flags", raw, shown, check)
    if problems or not isinstance(raw, dict) or not safety.tiers:
        return safety, problems
    c = _Checker(shown, check)
    tiers_raw, flags_raw, locales_raw = raw["tiers"], raw["flags"], raw["locales"]
    c.keys(tiers_raw, (t.id for t in safety.tiers), "tier")
    tiers = []
    for tier in safety.tiers:
        o = tiers_raw.get(tier.id)
        if o is None:
            tiers.append(tier)
            continue
        c.same_places(tier.id, tier.action, o["action"])
        if bool(tier.also) != bool(o.get("also")):
            c.add(tier.id, "'also' must be translated exactly where the English tier has it")
        tiers.append(replace(
            tier, label=_text(o["label"]), decision_label=_text(o["decision"]),
            action=_text(o["action"]), also=_text(o["also"]) if o.get("also") and tier.also
            else tier.also, words=_words(o["words"]),
        ))
    c.keys(flags_raw, (f.id for f in safety.flags), "red flag")
    flags = tuple(
        replace(f, text=_text(flags_raw[f.id]["text"]),
                note=_text(flags_raw[f.id]["note"]) if flags_raw[f.id].get("note") else f.note)
        if f.id in flags_raw else f
        for f in safety.flags
    )
    c.keys(locales_raw, safety.locales, "locale")
    locales = {
        k: replace(v, name=_text(locales_raw[k]["name"]),
                   urgent_help=_text(locales_raw[k]["urgent_help"]))
        if k in locales_raw else v
        for k, v in safety.locales.items()
    }
    return (replace(safety, tiers=tuple(tiers), flags=flags, locales=frozen_map(locales)),
            c.problems)


# ------------------------------------------------------------------------------ sources


def apply_health(health: Health, raw: Any, shown: str, *, check: bool = True
                 ) -> tuple[Health, list[Problem]]:
    """The reviewing role and described publishers in a language; titles stay original."""
    problems = _schema("overlay_sources", raw, shown, check)
    if problems or not isinstance(raw, dict):
        return health, problems
    c = _Checker(shown, check)
    reviewer = _text(raw["reviewer"])
    publishers = raw.get("publishers") or {}
    for key in publishers:
        if key not in health.sources:
            c.add(str(key), "unknown source id (not in the English file)")
    sources = {
        k: replace(s, publisher=_text(publishers[k])) if k in publishers else s
        for k, s in health.sources.items()
    }
    reviews = {
        k: replace(r, reviewer=reviewer) if r.reviewer == health.reviewer else r
        for k, r in health.reviews.items()
    }
    return (replace(health, reviewer=reviewer, sources=frozen_map(sources),
                    reviews=frozen_map(reviews)), c.problems)


# ------------------------------------------------------------------------------ quiz banks


def _choice_ids(q: Mapping[str, Any]) -> list[str]:
    ids = []
    for choice in q.get("choices") or []:
        if not isinstance(choice, dict):
            continue
        if q.get("type") == "true_false":
            ids.append(str(choice.get("id") or str(choice.get("text", "")).strip().lower()))
        else:
            ids.append(str(choice.get("id")))
    return ids


def _marks(q: Mapping[str, Any]) -> list[bool]:
    return [c.get("correct") is True for c in q.get("choices") or [] if isinstance(c, dict)]


def _has(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _question_problems(q: Mapping[str, Any], e: Mapping[str, Any], shown: str
                       ) -> list[Problem]:
    qid = str(e.get("id"))
    problems: list[Problem] = []

    def differ(what: str) -> None:
        problems.append(Problem(shown, qid, f"{what} differs from the English bank's"))

    if q.get("type") != e.get("type"):
        differ("the type")
        return problems
    if list(q.get("guidance") or []) != list(e.get("guidance") or []):
        differ("the guidance list")
    if q.get("shuffle") != e.get("shuffle"):
        differ("'shuffle'")
    for key in ("hint", "explanation"):
        if _has(e.get(key)) != _has(q.get(key)):
            what = "has no" if _has(e.get(key)) else "has a"
            problems.append(Problem(shown, qid, f"{what} {key} where the English bank "
                                    f"{'has one' if _has(e.get(key)) else 'has none'}"))
    if e.get("type") == "numeric":
        for key in ("answer", "tolerance", "unit"):
            if q.get(key) != e.get(key):
                differ(f"'{key}'")
        return problems
    if _choice_ids(q) != _choice_ids(e):
        differ("the choice ids (and their order)")
    elif _marks(q) != _marks(e):
        differ("which choices are marked correct")
    return problems


def bank_problems(raw: Any, english: Any, shown: str, english_shown: str) -> list[Problem]:
    """What makes a translated bank (*raw*, parsed) differ in structure from its English bank
    (*english*): see the module's docstring. Texts are the translator's; numbers and ids are
    not."""
    if not isinstance(raw, dict) or not isinstance(english, dict):
        return []
    problems: list[Problem] = []
    for key in ("intro",):
        if _has(english.get(key)) != _has(raw.get(key)):
            problems.append(Problem(shown, "-", f"'{key}' must be translated exactly where the "
                                    f"English bank ({english_shown}) has one"))
    if raw.get("shuffle") != english.get("shuffle"):
        problems.append(Problem(shown, "-", "'shuffle' differs from the English bank's"))
    mine = {q.get("id"): q for q in raw.get("questions") or [] if isinstance(q, dict)}
    theirs = [q for q in english.get("questions") or [] if isinstance(q, dict)]
    ids = [q.get("id") for q in theirs]
    for qid in mine:
        if qid not in ids:
            problems.append(Problem(shown, str(qid), f"no question with this id in the English "
                                    f"bank ({english_shown})"))
    for q in theirs:
        if q.get("id") not in mine:
            problems.append(Problem(shown, str(q.get("id")), "question missing: the English "
                                    f"bank ({english_shown}) has it"))
    if not problems and list(mine) != ids:
        problems.append(Problem(shown, "-", "the questions are not in the English bank's order"))
    for q in theirs:
        if q.get("id") in mine:
            problems += _question_problems(mine[q.get("id")], q, shown)
    return problems
