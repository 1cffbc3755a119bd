"""Whole-course rules for health content (issue 16), used by ``runwell check``.

- **One truth for red flags**: the tiers agree with exercise 5's decisions; every diary entry and
  quiz link names a known flag; a quiz choice that names a flag is correct exactly when the flag
  is in the tier the question asks about, and its feedback names the flag's tier; the lesson and
  exercise pages show the views generated from the data, and their stored outputs are current;
  no markdown cell lists red flags by hand.
- **Sources and reviews** (PIF TICK, NHS Standard for Creating Health Content): every guidance
  point, red flag and addition cites known sources; every "Beyond the article" note lists the
  addition it carries, and every addition is carried by the pages it names; every lesson and
  exercise has a review; reviews due within :data:`DUE_SOON_DAYS` days are warnings, and
  overdue ones are warnings too unless the caller asks them to fail (CI must not fail because
  the calendar moved on; `runwell check --fail-overdue` is for a clinic's own sign-off).
- **No advert**: no phone number, street address, postcode or e-mail address in lesson text or
  quiz banks (the organisation's contact line belongs in the settings).

Pure functions on the model, except :func:`contact_problems`, which reads the quiz banks' text
(as text: YAML is parsed only by :mod:`runwell.course.yamlio`).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from runwell.course.model import Course
from runwell.errors import Problem, display_path

__all__ = [
    "CONTACT_PATTERNS",
    "DUE_SOON_DAYS",
    "MAX_REVIEW_YEARS",
    "contact_problems",
    "readability_report",
    "red_flag_problems",
    "review_findings",
    "source_findings",
    "source_problems",
]

DUE_SOON_DAYS = 60
MAX_REVIEW_YEARS = 3  # PIF TICK: review at least every three years
SOURCES = "src/runwell/data/sources.yaml"
RED_FLAGS = "src/runwell/data/red_flags.yaml"
GUIDANCE = "src/runwell/data/guidance.yaml"
EXERCISES = "src/runwell/data/exercises.yaml"
#: Views each red-flag page must show (generated from the data, never typed by hand).
RED_FLAG_VIEWS = {"05_when_it_hurts": ("red-flags", "flowchart"), "05_pain_diary": ("red-flags",
                                                                                     "decisions")}

#: What an advert leaves behind: a phone number, an emergency number typed by hand (the locale's
#: number comes from the settings), a street address, a postcode or ZIP code, an e-mail address.
CONTACT_PATTERNS: dict[str, re.Pattern[str]] = {
    "a phone number": re.compile(
        r"(?<![\w/.:-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)\s?|\d{2,5}[\s.-])\d{3,4}[\s.-]?\d{3,4}"
        r"(?![\w/-])"
    ),
    "an emergency number (it comes from the course settings)": re.compile(
        r"(?<![\w.,/-])(?:911|999|112|111)(?![\w/-])"
    ),
    "a street address": re.compile(
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|"
        r"Lane|Ln|Drive|Dr|Suite|Way|Place|Pl)\b\.?"
    ),
    "a postcode": re.compile(
        r"\b(?:[A-Z]{2}\s\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2})\b"
    ),
    "an e-mail address": re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b"),
}


def _today(today: datetime.date | None) -> datetime.date:
    return today or datetime.date.today()


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _shown(course: Course, path: Path) -> str:
    return display_path(path, Path(course.root) if course.root else None)


# ------------------------------------------------------------------------------ red flags


def red_flag_problems(course: Course) -> list[Problem]:
    from runwell.exercises.triage import DECISIONS

    problems: list[Problem] = []
    safety = course.safety
    flag_ids = {f.id for f in safety.flags}
    decisions = tuple(t.decision for t in reversed(safety.tiers))
    if list(course.tables.decisions) + list(decisions) != list(DECISIONS):
        problems.append(Problem(RED_FLAGS, "tiers", f"the tiers' decisions {decisions} and the "
                                f"relief in exercises.yaml must make exercise 5's {DECISIONS}"))
    for entry in course.tables.diary:
        for flag in entry.red_flags:
            if flag not in flag_ids:
                problems.append(Problem(EXERCISES, f"diary {entry.id}",
                                        f"unknown red flag {flag!r} (see red_flags.yaml)"))
    for link in safety.quiz:
        found = course.find_question(link.question)
        if found is None:
            problems.append(Problem(RED_FLAGS, link.question, "no quiz question with this id"))
            continue
        lesson, question = found
        path = course.banks[lesson].path
        asked = safety.tier(link.tier)
        for choice_id, flag_id in link.choices.items():
            choice = question.choice(choice_id)
            if choice is None:
                problems.append(Problem(path, question.id, f"no choice {choice_id!r} (named in "
                                        "red_flags.yaml)"))
                continue
            named = safety.flag(flag_id)
            should = named.tier == asked.id
            if choice.correct != should:
                what = "correct" if should else "not correct"
                problems.append(Problem(
                    path, question.id,
                    f"choice {choice_id!r} ({flag_id}, tier {named.tier}) must be {what}: the "
                    f"question asks for the {asked.label.lower()} tier (red_flags.yaml)"))
            names = safety.tier(named.tier).names
            if not any(word.lower() in choice.feedback.lower() for word in names):
                said = " or ".join(repr(w) for w in names)
                problems.append(Problem(
                    path, question.id,
                    f"choice {choice_id!r}: its feedback must say the flag's tier "
                    f"({said}), as red_flags.yaml has it"))
    texts = [f.text.lower() for f in safety.flags]
    for page in course.pages:
        shown = _shown(course, page.source)
        for n, (kind, source) in enumerate(page.texts, start=1):
            listed = [t for t in texts if t in " ".join(source.lower().split())]
            if kind == "markdown" and len(listed) >= 2:
                problems.append(Problem(shown, f"cell {n}", "lists red flags by hand: show "
                                        "health.red_flags() (generated from red_flags.yaml)"))
        wanted = RED_FLAG_VIEWS.get(page.stem, ())
        specs = [spec.get("widget") for spec, _ in page.views]
        for kind in wanted:
            if kind not in specs:
                problems.append(Problem(shown, kind, "the view generated from red_flags.yaml is "
                                        "missing (or the notebook was not run)"))
        problems += _stale_views(course, page, shown)
    return problems


def _stale_views(course: Course, page: object, shown: str) -> list[Problem]:
    """A stored output of a generated view whose text no longer matches the data."""
    from runwell import health

    makers = {"red-flags": health.red_flags, "flowchart": health.flowchart,
              "decisions": health.decisions}
    problems = []
    for spec, stored in getattr(page, "views", ()):
        kind = spec.get("widget")
        if kind in makers:
            current = makers[kind](course).text
        elif kind == "references" and isinstance(spec.get("page"), str):
            current = health.references(spec["page"], course).text
        else:
            continue
        if stored != current:
            problems.append(Problem(shown, str(kind), "stored output is out of date with the "
                                    "data or settings: re-run the notebook (runwell execute)"))
    return problems


# ------------------------------------------------------------------------------ sources


def source_problems(course: Course) -> list[Problem]:
    """Problems only (see :func:`source_findings` for the warnings too)."""
    return source_findings(course)[0]


def source_findings(course: Course) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings). Data naming a page this course folder does not have (a course that
    dropped an exercise) is a warning: the package data serves any course folder."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    health = course.health
    known = set(health.sources)
    for point in course.guidance.values():
        if not point.source:
            problems.append(Problem(GUIDANCE, point.id, "no source (add source: article)"))
        elif point.source not in known:
            problems.append(Problem(GUIDANCE, point.id, f"unknown source {point.source!r}"))
        if not point.reviewed:
            problems.append(Problem(GUIDANCE, point.id, "no review date"))
    for flag in course.safety.flags:
        for sid in flag.sources:
            if sid not in known:
                problems.append(Problem(RED_FLAGS, flag.id, f"unknown source {sid!r}"))
    stems = {p.stem: p for p in course.pages}
    for addition in health.additions.values():
        for stem in addition.pages:
            page = stems.get(stem)
            if page is None:
                if course.pages:
                    warnings.append(Problem(SOURCES, addition.id, f"no notebook {stem!r} in "
                                            "this course"))
            elif addition.id not in page.additions:
                problems.append(Problem(
                    _shown(course, page.source), addition.id,
                    "not carried: no markdown cell lists it in metadata.runwell.adds"))
    from runwell.i18n import translator

    marks = {"beyond the article", translator(course.lang).gettext("Beyond the article").lower()}
    for page in course.pages:
        shown = _shown(course, page.source)
        for n, ((kind, source), adds, tags) in enumerate(
            zip(page.texts, page.adds or [()] * len(page.texts),
                page.tags or [()] * len(page.texts), strict=True), start=1):
            for aid in adds:
                listed = health.additions.get(aid)
                if listed is None:
                    problems.append(Problem(shown, f"cell {n}", f"unknown addition {aid!r}"))
                elif page.stem not in listed.pages:
                    problems.append(Problem(shown, f"cell {n}", f"addition {aid!r} does not list "
                                            f"this page in sources.yaml"))
            beyond = any(mark in source.lower() for mark in marks)
            if kind == "markdown" and beyond and "notice" not in tags and not adds:
                problems.append(Problem(shown, f"cell {n}", "a 'Beyond the article' note must "
                                        "list its addition ids in metadata.runwell.adds"))
        if page.stem not in health.reviews and health.reviews:
            problems.append(Problem(SOURCES, page.stem, "no review entry for this page"))
        if not any(spec.get("widget") == "references" and spec.get("page") == page.stem
                   for spec, _ in page.views):
            problems.append(Problem(shown, "references", "no references section: show "
                                    f'health.references("{page.stem}")'))
    if course.pages:
        for stem in health.reviews:
            if stem not in stems:
                warnings.append(Problem(SOURCES, stem, "review for a page this course does not "
                                        "have"))
    return problems, warnings


def review_findings(
    course: Course, today: datetime.date | None = None, *, fail_overdue: bool = False
) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) about review dates, as of *today* (injectable for tests)."""
    now = _today(today)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for review in course.health.reviews.values():
        last, due = _date(review.reviewed), _date(review.next_review)
        if last is None or due is None:
            continue  # the builder reported it
        if last > now:
            problems.append(Problem(SOURCES, review.page, f"reviewed {review.reviewed} is in the "
                                    "future"))
        if (due - last).days > 366 * MAX_REVIEW_YEARS:
            problems.append(Problem(SOURCES, review.page, f"next review more than "
                                    f"{MAX_REVIEW_YEARS} years after the last (PIF TICK)"))
        left = (due - now).days
        if left < 0:
            finding = Problem(SOURCES, review.page, f"review overdue since {review.next_review} "
                              f"({-left} days): review the page and update its dates")
            (problems if fail_overdue else warnings).append(finding)
        elif left <= DUE_SOON_DAYS:
            warnings.append(Problem(SOURCES, review.page, f"review due on {review.next_review} "
                                    f"(in {left} days)"))
    dated = [(GUIDANCE, p.id, p.reviewed) for p in course.guidance.values()]
    dated += [(RED_FLAGS, f.id, f.reviewed) for f in course.safety.flags]
    dated += [(SOURCES, a.id, a.reviewed) for a in course.health.additions.values()]
    for path, item, when in dated:
        day = _date(when)
        if day is not None and day > now:
            problems.append(Problem(path, item, f"reviewed {when} is in the future"))
        elif day is not None and (now - day).days > 366 * MAX_REVIEW_YEARS:
            warnings.append(Problem(path, item, f"last reviewed {when}, more than "
                                    f"{MAX_REVIEW_YEARS} years ago"))
    return problems, warnings


# ------------------------------------------------------------------------------ no advert


def contact_problems(course: Course) -> list[Problem]:
    """Phone numbers, hand-typed emergency numbers, addresses and e-mail addresses in lesson and
    exercise text or in the quiz banks' text."""
    problems: list[Problem] = []

    def scan(shown: str, where: str, text: str) -> None:
        for what, pattern in CONTACT_PATTERNS.items():
            match = pattern.search(text)
            if match:
                problems.append(Problem(shown, where, f"contains {what} ({match.group(0)!r}); "
                                        "lesson text carries no contact details (see settings)"))

    for page in course.pages:
        shown = _shown(course, page.source)
        for n, (kind, source) in enumerate(page.texts, start=1):
            if kind in ("markdown", "code"):
                scan(shown, f"cell {n}", source)
    root = Path(course.root) if course.root else None
    for bank in course.banks.values():
        path = (root / bank.path) if root else None
        if path is not None and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            text = "\n".join(line for line in text.splitlines()
                             if not line.lstrip().startswith("#"))
            scan(bank.path, "-", text)
    return problems


# ------------------------------------------------------------------------------ plain language


def readability_report(course: Course) -> tuple[list[Problem], list[Problem], list[str]]:
    """(problems, warnings, lines): an English grade above 8, or a Spanish Fernández Huerta
    index below 70, fails; sentences over 35 words warn; one line per page gives its level."""
    from runwell.readability import MAX_GRADE, MAX_SENTENCE_WORDS, MIN_FERNANDEZ_HUERTA, measure

    problems: list[Problem] = []
    warnings: list[Problem] = []
    lines: list[str] = []
    lang = course.lang
    for page in course.pages:
        shown = _shown(course, page.source)
        result = measure(page.stem, page.texts, page.tags or [()] * len(page.texts), lang=lang)
        if lang == "en":
            lines.append(f"{page.stem}: grade {result.grade:.1f} ({result.words} words)")
        elif result.measured:
            lines.append(f"{lang}/{page.stem}: Fernández Huerta {result.grade:.1f} "
                         f"({result.words} words)")
        else:
            lines.append(f"{lang}/{page.stem}: not measured (no reading formula for {lang!r}; "
                         f"{result.words} words)")
        if lang == "en" and not result.acceptable:
            problems.append(Problem(shown, "readability", f"Flesch-Kincaid grade "
                                    f"{result.grade:.1f} is above {MAX_GRADE:g}: shorter "
                                    "sentences and plainer words"))
        elif not result.acceptable:
            problems.append(Problem(shown, "readability", f"Fernández Huerta index "
                                    f"{result.grade:.1f} is below {MIN_FERNANDEZ_HUERTA:g}: "
                                    "shorter sentences and plainer words"))
        for n, sentence in result.long:
            words = len(sentence.split())
            warnings.append(Problem(shown, f"cell {n}", f"sentence of {words} words (over "
                                    f"{MAX_SENTENCE_WORDS}): {' '.join(sentence.split()[:8])}…"))
    return problems, warnings, lines
