"""From parsed data (plain dicts and lists) to the model, with the rules a schema cannot say.

Two callers: the loader, with ``check=True``, on data just read from YAML (every problem is
collected, and items with a problem are left out of the model), and the loader again, with
``check=False``, on data it validated before (the cache, the zero-install site's JSON). The
schema's shape checks run only in the first case; the builders themselves never trust more than
the schema guarantees.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from runwell.course.model import (
    Activity,
    AdviceItem,
    Bank,
    Choice,
    DiaryEntry,
    GuidancePoint,
    NumericFeedback,
    Question,
    RedFlag,
    ShoeFitText,
    SurfaceTable,
    Tables,
    WarmUpElement,
    frozen_map,
)
from runwell.course.order import display_order
from runwell.course.schema import TYPE_NAMES, item_label, schema_problems
from runwell.errors import CourseError, Problem

__all__ = [
    "MAX_PASSAGE_WORDS",
    "build_bank",
    "build_guidance",
    "build_shoefit",
    "build_tables",
    "one_line",
]

MAX_PASSAGE_WORDS = 20  # a short citation, never a copy of the article
CHOICE_TYPES = ("single", "multiple", "true_false")


def one_line(text: str) -> str:
    """Folded YAML text as one line (white space runs become one space)."""
    return " ".join(text.split())


def _checked(
    kind: str, raw: object, shown: str, check: bool
) -> tuple[list[Problem], set[int]]:
    return schema_problems(kind, raw, shown) if check else ([], set())


# ------------------------------------------------------------------------------ guidance


def build_guidance(
    raw: object, shown: str, *, check: bool = True
) -> tuple[dict[str, GuidancePoint], list[Problem]]:
    problems, broken = _checked("guidance", raw, shown, check)
    points: dict[str, GuidancePoint] = {}
    entries = raw.get("guidance") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        return points, problems
    for n, entry in enumerate(entries):
        if n in broken or not isinstance(entry, dict):
            continue
        label = item_label(entry, n, "entry")
        if entry["id"] in points:
            problems.append(Problem(shown, label, "duplicate id"))
            continue
        if check and len(entry["passage"].split()) > MAX_PASSAGE_WORDS:
            problems.append(
                Problem(shown, label, f"passage longer than {MAX_PASSAGE_WORDS} words: cite, "
                        "don't copy")
            )
        points[entry["id"]] = GuidancePoint(
            id=entry["id"],
            summary=one_line(entry["summary"]),
            passage=one_line(entry["passage"]),
            section=one_line(entry["section"]),
            lesson=entry["lesson"].strip(),
        )
    return points, problems


# ------------------------------------------------------------------------------ quiz banks


def _question_rules(q: dict[str, Any], label: str, shown: str, guidance: set[str] | None
                    ) -> list[Problem]:
    problems: list[Problem] = []
    if guidance is not None:
        for gid in q["guidance"]:
            if gid not in guidance:
                problems.append(
                    Problem(shown, label, f"unknown guidance id {gid!r} (see guidance.yaml)")
                )
    qtype = q["type"]
    for key in ("answer", "tolerance"):
        if isinstance(q.get(key), float) and not math.isfinite(q[key]):
            problems.append(Problem(shown, label, f"'{key}' must be a finite number"))
    if qtype not in CHOICE_TYPES:
        return problems
    choices = q["choices"]
    n_correct = sum(1 for c in choices if c.get("correct") is True)
    if n_correct == 0:
        problems.append(
            Problem(shown, label, "no correct answer: mark a choice with 'correct: true'")
        )
    elif qtype in ("single", "true_false") and n_correct > 1:
        problems.append(
            Problem(shown, label, f"{n_correct} choices marked correct; a {TYPE_NAMES[qtype]} "
                    "question has exactly one")
        )
    texts = [c["text"].strip() for c in choices]
    if qtype == "true_false":
        if sorted(texts) != ["False", "True"]:
            problems.append(
                Problem(shown, label, "a true/false question needs exactly the choices True "
                        "and False")
            )
    elif len(set(texts)) != len(texts):
        problems.append(Problem(shown, label, "two choices have the same text"))
    ids = [_choice_id(qtype, c) for c in choices]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        problems.append(Problem(shown, label, f"choice id {twice[0]!r} is used twice"))
    return problems


def _choice_id(qtype: str, c: dict[str, Any]) -> str:
    if qtype == "true_false":
        return str(c.get("id") or c["text"].strip().lower())
    return str(c["id"])


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _question(q: dict[str, Any], shuffle: bool) -> Question:
    qtype = q["type"]
    choices = tuple(
        Choice(
            id=_choice_id(qtype, c),
            text=c["text"].strip(),
            correct=c.get("correct") is True,
            feedback=c["feedback"].strip(),
        )
        for c in q.get("choices", [])
    )
    feedback = q.get("feedback")
    mix = q.get("shuffle", shuffle) is True
    return Question(
        id=q["id"],
        type=qtype,
        text=q["text"].strip(),
        guidance=tuple(q["guidance"]),
        hint=_text(q.get("hint")),
        explanation=_text(q.get("explanation")),
        choices=choices,
        order=display_order(q["id"], qtype, [c.id for c in choices], mix),
        answer=float(q["answer"]) if "answer" in q else None,
        tolerance=float(q["tolerance"]) if "tolerance" in q else None,
        unit=q["unit"].strip() if "unit" in q else None,
        feedback=(
            NumericFeedback(feedback["low"].strip(), feedback["high"].strip(),
                            feedback["correct"].strip())
            if isinstance(feedback, dict)
            else None
        ),
        shuffle=mix,
    )


def build_bank(
    raw: object,
    shown: str,
    stem: str,
    *,
    guidance: set[str] | None = None,
    check: bool = True,
) -> tuple[Bank | None, list[Problem]]:
    """One bank from its parsed file (None if it is not even a mapping), and its problems.
    Questions with a problem are left out of the bank."""
    if not isinstance(raw, dict):
        kind = "empty" if raw is None else f"a {type(raw).__name__}"
        return None, [
            Problem(shown, "-", f"a bank must be a mapping of lesson, title, questions (is {kind})")
        ]
    problems, broken = _checked("quiz_bank", raw, shown, check)
    lesson = raw.get("lesson")
    if check and isinstance(lesson, str) and lesson != stem:
        problems.append(
            Problem(shown, "-", f"'lesson' is {lesson!r} but the file is named {stem}.yaml")
        )
    questions = raw.get("questions") if isinstance(raw.get("questions"), list) else []
    built: list[Question] = []
    seen: set[str] = set()
    shuffle = raw.get("shuffle", True) is True
    for index, q in enumerate(questions or []):
        if index in broken or not isinstance(q, dict):
            continue
        label = item_label(q, index, "question")
        found = _question_rules(q, label, shown, guidance) if check else []
        if q["id"] in seen:
            found.append(Problem(shown, label, "duplicate question id in this bank"))
        seen.add(q["id"])
        problems += found
        if not found:
            built.append(_question(q, shuffle))
    title, intro = raw.get("title"), raw.get("intro")
    bank = Bank(
        lesson=lesson if isinstance(lesson, str) else stem,
        title=title.strip() if isinstance(title, str) and title.strip() else stem,
        questions=tuple(built),
        intro=_text(intro),
        path=shown,
    )
    return bank, problems


# ------------------------------------------------------------------------------ tables


def _words(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


def _guarded(shown: str, make: Callable[[], Any]) -> Any:
    """Build from data the schema has checked; anything it let through is still one line."""
    try:
        return make()
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CourseError(f"{shown}: -: malformed data ({type(exc).__name__}: {exc})") from None


def build_tables(
    raw: Any, shown: str, *, check: bool = True
) -> tuple[Tables | None, list[Problem]]:
    problems, _ = _checked("exercises", raw, shown, check)
    if problems:
        return None, problems

    def make() -> Tables:
        warm, week, surf, pain = raw["warm_up"], raw["week"], raw["surfaces"], raw["pain"]
        return Tables(
            warm_up_elements=tuple(
                WarmUpElement(e["id"], e["name"], e["guidance"], _words(e["keywords"]), e["why"])
                for e in warm["elements"]
            ),
            warm_up_min_minutes=float(warm["total_minutes"]["min"]),
            warm_up_max_minutes=float(warm["total_minutes"]["max"]),
            static_max_minutes=float(warm["static_max_minutes"]),
            static_note=one_line(warm["static_note"]),
            days=_words(week["days"]),
            activities=tuple(
                Activity(a["id"], a["kind"], _words(a["keywords"]), _words(a["loads"]))
                for a in week["activities"]
            ),
            surfaces=SurfaceTable(
                forgiving_keywords=_words(surf["forgiving_keywords"]),
                problems=frozen_map({k: _words(v) for k, v in surf["problems"].items()}),
                note=one_line(surf["note"]),
            ),
            decisions=frozen_map({d["id"]: one_line(d["meaning"]) for d in pain["decisions"]}),
            red_flags=tuple(RedFlag(f["id"], f["text"], f["source"]) for f in pain["red_flags"]),
            self_care_days=int(pain["self_care_days"]),
            diary=tuple(
                DiaryEntry(
                    str(d["id"]), d["who"], one_line(d["story"]), int(d["days"]), d["trend"],
                    bool(d["daily_life"]), _words(d["red_flags"]),
                )
                for d in pain["diary"]
            ),
        )

    return _guarded(shown, make), problems


def build_shoefit(
    raw: Any, shown: str, *, check: bool = True
) -> tuple[ShoeFitText | None, list[Problem]]:
    problems, _ = _checked("shoefit", raw, shown, check)
    if problems:
        return None, problems

    def make() -> ShoeFitText:
        sources = {str(k): one_line(str(v)) for k, v in raw["sources"].items()}
        items = []
        for entry in raw["advice"]:
            item = AdviceItem(
                id=entry["id"],
                text=one_line(entry["text"]),
                beyond=entry.get("beyond", False) is True,
                source=entry.get("source"),
                guidance=entry.get("guidance"),
                also=entry.get("also"),
            )
            for key in (item.source, item.also):
                if key is not None and key not in sources:
                    problems.append(Problem(shown, item.id, f"unknown source {key!r}"))
            if item.beyond and item.source is None:
                problems.append(Problem(shown, item.id, "beyond the article but no source"))
            items.append(item)
        return ShoeFitText(
            sources=frozen_map(sources),
            advice=tuple(items),
            verdicts=frozen_map({k: one_line(v) for k, v in raw["verdicts"].items()}),
            measure_steps=tuple(one_line(s) for s in raw["measure_steps"]),
        )

    text = _guarded(shown, make)
    return (None if problems else text), problems
