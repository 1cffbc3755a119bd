"""Exercise 5: a pain diary. For each runner, decide: rest, self-care, see a doctor or urgent care.

The rule follows the article, with red flags from public health sources added (beyond the
article). In order:

1. any red flag (NHS "Back pain" and "Cauda equina syndrome"; Mayo Clinic "Back pain: when to
   see a doctor") -> **urgent care**;
2. pain lasting more than a day or two, getting progressively worse, or affecting everyday life
   -> **see a doctor** (the article: a qualified doctor);
3. pain already easing -> **rest** (a little rest, the first of the article's relief);
4. otherwise -> **self-care** (rest plus heat or cold, or an over-the-counter pain reliever).

Rest and self-care are both the article's relief, so the check accepts either for pain within a
day or two. The course teaches; it never diagnoses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from runwell.exercises.feedback import CheckResult, quote
from runwell.exercises.tables import DiaryEntry, RedFlag, tables

EXERCISE = "Pain diary check"
DECISIONS = ("rest", "self-care", "see a doctor", "urgent care")  # least to most urgent
TRENDS = ("better", "same", "worse")
ALIASES = {
    "rest": "rest",
    "a little rest": "rest",
    "self-care": "self-care",
    "self care": "self-care",
    "selfcare": "self-care",
    "see a doctor": "see a doctor",
    "see doctor": "see a doctor",
    "doctor": "see a doctor",
    "see a qualified doctor": "see a doctor",
    "urgent care": "urgent care",
    "urgent": "urgent care",
    "emergency": "urgent care",
}
RELIEF = frozenset({"rest", "self-care"})

__all__ = [
    "DECISIONS",
    "EXERCISE",
    "TRENDS",
    "Decision",
    "diary",
    "diary_markdown",
    "evaluate_pain_decisions",
    "normalise_decision",
    "red_flag",
    "triage",
]


@dataclass(frozen=True)
class Decision:
    decision: str  # one of DECISIONS
    reason: str


def red_flag(flag_id: str) -> RedFlag:
    for flag in tables().red_flags:
        if flag.id == flag_id:
            return flag
    raise ValueError(f"unknown red flag id {flag_id!r}")


def diary() -> tuple[DiaryEntry, ...]:
    """The runners' diary entries of exercise 5."""
    return tables().diary


def triage(days: int, trend: str, daily_life: bool, red_flags: Iterable[str] = ()) -> Decision:
    """The decision the article's rule (plus cited red flags) gives for one runner's pain.

    *days*: how long the pain has lasted; *trend*: better, same or worse; *daily_life*: does it
    get in the way of everyday life; *red_flags*: ids from ``data/exercises.yaml``.
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ValueError(f"days: {days!r} should be a whole number of days, 0 or more")
    if trend not in TRENDS:
        raise ValueError(f"trend: {trend!r} is not one of {', '.join(TRENDS)}")
    flags = [red_flag(f) for f in red_flags]
    if flags:
        named = "; ".join(f"{f.text} ({f.source})" for f in flags)
        return Decision(
            "urgent care",
            f"a red flag, beyond the article: {named}. Get medical help the same day, or call "
            "your emergency number.",
        )
    limit = tables().self_care_days
    if days > limit:
        return Decision(
            "see a doctor",
            f"the pain has lasted {days} days, more than a day or two: the article says a "
            "qualified doctor should check it.",
        )
    if trend == "worse":
        return Decision(
            "see a doctor",
            "the pain is getting worse: the article says a qualified doctor should check it.",
        )
    if daily_life:
        return Decision(
            "see a doctor",
            "the pain gets in the way of everyday life: the article says that is the time to "
            "talk to a doctor about options.",
        )
    if trend == "better":
        return Decision("rest", "the pain is mild and easing within a day or two: a little rest.")
    return Decision(
        "self-care",
        "the pain is within a day or two and not getting worse: rest, heat or cold, or an "
        "over-the-counter pain reliever.",
    )


def triage_entry(entry: DiaryEntry) -> Decision:
    return triage(entry.days, entry.trend, entry.daily_life, entry.red_flags)


def normalise_decision(answer: object) -> str | None:
    """One of DECISIONS for a learner's wording ("Doctor", "self care"), or None."""
    if not isinstance(answer, str):
        return None
    return ALIASES.get(" ".join(answer.strip().lower().split()))


def diary_markdown() -> str:
    """The diary as a Markdown list for the notebook."""
    lines = []
    for entry in diary():
        lines.append(f"- **{entry.id}. {entry.who}.** {entry.story}")
    return "\n".join(lines) + "\n"


def evaluate_pain_decisions(decisions: object) -> CheckResult:
    """Check a dict of diary id -> decision against :func:`triage`."""
    entries = {e.id: e for e in diary()}
    if not isinstance(decisions, Mapping):
        return CheckResult(
            EXERCISE,
            False,
            (
                'Write your decisions as a dict from entry to decision, e.g. {"A": "rest", '
                f'"B": "see a doctor", ...}}; got {quote(decisions)}.',
            ),
        )
    problems: list[str] = []
    notes: list[str] = []
    answers: dict[str, str] = {}
    for key, value in decisions.items():
        entry_id = str(key).strip().upper()
        if entry_id not in entries:
            problems.append(
                f"There is no diary entry {quote(key)}; the entries are A to {list(entries)[-1]}."
            )
            continue
        decision = normalise_decision(value)
        if decision is None:
            problems.append(
                f"Entry {entry_id}: {quote(value)} is not one of: " + ", ".join(DECISIONS) + "."
            )
            continue
        answers[entry_id] = decision
    for entry_id in entries:
        if entry_id not in answers and not any(
            p.startswith(f"Entry {entry_id}:") for p in problems
        ):
            problems.append(f"Entry {entry_id}: no decision yet.")
    if problems:
        return CheckResult(EXERCISE, False, tuple(problems))
    for entry_id, entry in entries.items():
        expected = triage_entry(entry)
        answer = answers[entry_id]
        if answer == expected.decision:
            continue
        if answer in RELIEF and expected.decision in RELIEF:
            notes.append(
                f"Entry {entry_id}: {answer} is fine; the rule gives {expected.decision} "
                f"because {expected.reason}"
            )
            continue
        who = entry.who.split(",")[0]
        if DECISIONS.index(answer) < DECISIONS.index(expected.decision):
            problems.append(
                f"Entry {entry_id} ({who}): you chose {answer}, but this needs "
                f"{expected.decision}: {expected.reason}"
            )
        else:
            problems.append(
                f"Entry {entry_id} ({who}): you chose {answer}. Seeing a professional is never "
                f"wrong if you are worried, but by the course's rule this is {expected.decision}: "
                f"{expected.reason}"
            )
    notes.append(
        "This exercise practises a rule of thumb; it does not diagnose. If you are unsure about "
        "real pain, ask a qualified doctor."
    )
    if problems:
        return CheckResult(EXERCISE, False, tuple(problems), tuple(notes))
    urgent = sum(1 for e in entries.values() if triage_entry(e).decision == "urgent care")
    return CheckResult(
        EXERCISE,
        True,
        (
            f"All {len(entries)} decisions follow the article's rule: more than a day or two, "
            "getting worse, or affecting everyday life means seeing a qualified doctor.",
            f"You spotted the red flags in {urgent} entries that need urgent care (beyond the "
            "article: NHS and Mayo Clinic).",
        ),
        tuple(notes),
    )
