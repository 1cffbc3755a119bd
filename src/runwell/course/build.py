"""From parsed data (plain dicts and lists) to the model, with the rules a schema cannot say.

Two callers: the loader, with ``check=True``, on data just read from YAML (every problem is
collected, and items with a problem are left out of the model), and the loader again, with
``check=False``, on data it validated before (the cache, the zero-install site's JSON). The
schema's shape checks run only in the first case; the builders themselves never trust more than
the schema guarantees.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from runwell.course.model import (
    DEFAULT_LOCALE,
    Activity,
    Addition,
    AdviceItem,
    Bank,
    Choice,
    DiaryEntry,
    GuidancePoint,
    Health,
    Locale,
    NumericFeedback,
    Question,
    QuizFlags,
    RedFlag,
    Review,
    Safety,
    Settings,
    ShoeFitText,
    Source,
    SurfaceTable,
    Tables,
    Tier,
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
    "build_health",
    "build_safety",
    "build_settings",
    "build_shoefit",
    "build_tables",
    "one_line",
    "with_settings",
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
            source=str(entry.get("source", "")),
            reviewed=str(entry.get("reviewed", "")),
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


def _same(text: str) -> str:
    return text


def _question(q: dict[str, Any], shuffle: bool, fill: Callable[[str], str] = _same) -> Question:
    qtype = q["type"]
    choices = tuple(
        Choice(
            id=_choice_id(qtype, c),
            text=fill(c["text"].strip()),
            correct=c.get("correct") is True,
            feedback=fill(c["feedback"].strip()),
        )
        for c in q.get("choices", [])
    )
    feedback = q.get("feedback")
    mix = q.get("shuffle", shuffle) is True
    hint, explanation = _text(q.get("hint")), _text(q.get("explanation"))
    return Question(
        id=q["id"],
        type=qtype,
        text=fill(q["text"].strip()),
        guidance=tuple(q["guidance"]),
        hint=fill(hint) if hint else None,
        explanation=fill(explanation) if explanation else None,
        choices=choices,
        order=display_order(q["id"], qtype, [c.id for c in choices], mix),
        answer=float(q["answer"]) if "answer" in q else None,
        tolerance=float(q["tolerance"]) if "tolerance" in q else None,
        unit=q["unit"].strip() if "unit" in q else None,
        feedback=(
            NumericFeedback(fill(feedback["low"].strip()), fill(feedback["high"].strip()),
                            fill(feedback["correct"].strip()))
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
    fill: Callable[[str], str] = _same,
) -> tuple[Bank | None, list[Problem]]:
    """One bank from its parsed file (None if it is not even a mapping), and its problems.
    Questions with a problem are left out of the bank. *fill* puts the course settings into the
    text (``{emergency_number}``, ``{urgent_help}``)."""
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
            built.append(_question(q, shuffle, fill))
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


# ------------------------------------------------------------------------------ health content


def _date_problem(value: str, what: str) -> str | None:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return f"{what} {value!r} is not a real date (YYYY-MM-DD)"
    return None


def build_health(raw: Any, shown: str, *, check: bool = True) -> tuple[Health, list[Problem]]:
    """Sources, additions and page reviews (``sources.yaml``). Entries with a problem are left
    out, so the course still loads; the problems make ``runwell check`` fail."""
    problems, _ = _checked("sources", raw, shown, check)
    empty = Health("", frozen_map(), frozen_map(), frozen_map())
    if problems or not isinstance(raw, dict):
        return empty, problems

    def make() -> Health:
        reviewer = one_line(raw["reviewer"])
        sources: dict[str, Source] = {}
        for s in raw["sources"]:
            if s["id"] in sources:
                problems.append(Problem(shown, s["id"], "duplicate source id"))
                continue
            sources[s["id"]] = Source(
                s["id"], one_line(s["title"]), one_line(s["publisher"]), s.get("year"),
                s.get("accessed"), s.get("url"),
            )
        additions: dict[str, Addition] = {}
        for a in raw["additions"]:
            unknown = [k for k in a["sources"] if k not in sources]
            if a["id"] in additions:
                problems.append(Problem(shown, a["id"], "duplicate addition id"))
            elif unknown:
                problems.append(Problem(shown, a["id"], f"unknown source {unknown[0]!r}"))
            else:
                additions[a["id"]] = Addition(
                    a["id"], tuple(a["pages"]), one_line(a["summary"]), tuple(a["sources"]),
                    a["reviewed"],
                )
        reviews: dict[str, Review] = {}
        for r in raw["reviews"]:
            found = [_date_problem(r[k], k) for k in ("reviewed", "next_review")]
            bad = next((f for f in found if f), None)
            if r["page"] in reviews:
                problems.append(Problem(shown, r["page"], "two reviews for one page"))
            elif bad:
                problems.append(Problem(shown, r["page"], bad))
            elif r["next_review"] <= r["reviewed"]:
                problems.append(Problem(shown, r["page"], "next_review must come after reviewed"))
            else:
                reviews[r["page"]] = Review(
                    r["page"], r["reviewed"], r["next_review"],
                    one_line(r.get("reviewer") or reviewer),
                )
        return Health(reviewer, frozen_map(sources), frozen_map(additions), frozen_map(reviews))

    return _guarded(shown, make), problems


def build_safety(raw: Any, shown: str, *, check: bool = True) -> tuple[Safety, list[Problem]]:
    """Tiers, red flags, locales and quiz links (``red_flags.yaml``), with the placeholders
    still in the text (:func:`with_settings` fills them)."""
    problems, _ = _checked("red_flags", raw, shown, check)
    if problems or not isinstance(raw, dict):
        return Safety(), problems

    def make() -> Safety:
        tiers = tuple(
            Tier(t["id"], one_line(t["label"]), one_line(t["decision"]), one_line(t["action"]),
                 one_line(t["also"]) if t.get("also") else None)
            for t in raw["tiers"]
        )
        tier_ids = [t.id for t in tiers]
        if len(set(tier_ids)) != len(tier_ids):
            problems.append(Problem(shown, "tiers", "two tiers share an id"))
        flags: list[RedFlag] = []
        for f in raw["flags"]:
            if f["tier"] not in tier_ids:
                problems.append(Problem(shown, f["id"], f"unknown tier {f['tier']!r}"))
            elif any(g.id == f["id"] for g in flags):
                problems.append(Problem(shown, f["id"], "duplicate red flag id"))
            elif (bad := _date_problem(f["reviewed"], "reviewed")) is not None:
                problems.append(Problem(shown, f["id"], bad))
            else:
                flags.append(RedFlag(
                    f["id"], one_line(f["text"]), f["tier"], tuple(f["sources"]),
                    f["reviewed"], one_line(f["note"]) if f.get("note") else None,
                ))
        locales = {
            loc["id"]: Locale(loc["id"], one_line(loc["name"]), str(loc["emergency_number"]),
                              one_line(loc["urgent_help"]))
            for loc in raw["locales"]
        }
        if DEFAULT_LOCALE not in locales:
            problems.append(Problem(shown, "locales", f"the default {DEFAULT_LOCALE} is missing"))
        quiz = []
        for q in raw.get("quiz", []):
            unknown = [v for v in q["choices"].values() if not any(f.id == v for f in flags)]
            if q["tier"] not in tier_ids or unknown:
                what = unknown[0] if unknown else q["tier"]
                problems.append(Problem(shown, q["question"], f"unknown tier or flag {what!r}"))
                continue
            quiz.append(QuizFlags(q["question"], q["tier"], frozen_map(q["choices"])))
        return Safety(tiers, tuple(flags), frozen_map(locales), tuple(quiz))

    return _guarded(shown, make), problems


def build_settings(
    raw: Any, shown: str, locales: Any, *, lang: str = "en", check: bool = True
) -> tuple[Settings, list[Problem]]:
    """The course settings (``settings.yaml``, all optional) for the *lang* edition, resolved
    against the locales: ``languages.<lang>`` (locale, emergency number) where it is set, else
    the top-level ``locale`` and ``emergency_number``."""
    problems, _ = _checked("settings", raw, shown, check)
    data = raw if isinstance(raw, dict) and not problems else {}

    def text(key: str, where: Any = None) -> str | None:
        value = (data if where is None else where).get(key)
        return one_line(value) if isinstance(value, str) and value.strip() else None

    languages = data.get("languages")
    editions: dict[str, Any] = languages if isinstance(languages, dict) else {}
    found = editions.get(lang)
    edition: dict[str, Any] = found if isinstance(found, dict) else {}
    where = f"languages.{lang}.locale" if text("locale", edition) else "locale"
    locale_id = text("locale", edition) or text("locale") or DEFAULT_LOCALE
    number = text("emergency_number", edition) or (
        None if text("locale", edition) else text("emergency_number"))
    locale = locales.get(locale_id) or locales.get(DEFAULT_LOCALE)
    if locale_id not in locales:
        known = ", ".join(sorted(locales)) or "none"
        problems.append(Problem(shown, where, f"unknown locale {locale_id!r} (known: {known})"))
        locale_id = DEFAULT_LOCALE
    base = Settings()
    return Settings(
        locale=locale_id,
        emergency_number=number or (locale.emergency_number if locale else base.emergency_number),
        urgent_help=locale.urgent_help if locale else base.urgent_help,
        organisation=text("organisation"),
        logo=text("logo"),
        contact=text("contact"),
        reviewer=text("reviewer"),
        unit=text("unit", edition) or text("unit") or base.unit,
        size_system=text("size_system", edition) or text("size_system") or base.size_system,
    ), problems


def with_settings(safety: Safety, settings: Settings) -> Safety:
    """The red-flag data with the settings' emergency number and urgent help filled in."""
    tiers = tuple(replace(t, action=settings.fill(t.action)) for t in safety.tiers)
    return replace(safety, tiers=tiers)
