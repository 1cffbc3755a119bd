"""Exercise 5: a pain diary. For each runner, decide: rest, self-care, see a doctor, same day or
emergency.

The rule follows the article, with red flags from public health sources added (beyond the
article). The red flags, their tiers and what each tier means come from the course model
(``data/red_flags.yaml``): this module holds no medical fact of its own. In order:

1. any red flag -> the most urgent tier among the flags: **emergency** (call the emergency number
   now), **same day**, or **see a doctor** (a GP or physiotherapist, soon). A flagged case is
   never sent to rest or self-care;
2. pain lasting more than a day or two, getting progressively worse, or affecting everyday life
   -> **see a doctor** (the article: a qualified doctor);
3. pain on the boundary day (day 2: "a day or two") -> **self-care**, and seeing a doctor is
   accepted too;
4. pain already easing -> **rest** (a little rest, the first of the article's relief);
5. otherwise -> **self-care** (rest plus heat or cold, or an over-the-counter pain reliever).

Days count from the day the pain began, which is day 1: pain that began yesterday is on day 2.
Rest and self-care are both the article's relief, so the check accepts either where one of them is
the rule. The course teaches; it never diagnoses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from runwell.course.model import RedFlag, Safety
from runwell.exercises.feedback import CheckResult, quote
from runwell.exercises.tables import DiaryEntry, tables

EXERCISE = "Pain diary check"
#: Least to most urgent. The first two are the article's relief (``exercises.yaml``); the rest are
#: the red-flag tiers' decisions, least urgent first (``red_flags.yaml``; `runwell check` proves
#: they agree).
DECISIONS = ("rest", "self-care", "see a doctor", "same day", "emergency")
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
    "see a gp": "see a doctor",
    "gp": "see a doctor",
    "see a physiotherapist": "see a doctor",
    "physiotherapist": "see a doctor",
    "physio": "see a doctor",
    "see a physical therapist": "see a doctor",
    "see a gp or physiotherapist": "see a doctor",
    "see a doctor or physiotherapist": "see a doctor",
    "same day": "same day",
    "same-day": "same day",
    "urgent": "same day",
    "urgent care": "same day",
    "emergency": "emergency",
    "emergency department": "emergency",
    "a&e": "emergency",
    "er": "emergency",
    "call an ambulance": "emergency",
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
    also: frozenset[str] = field(default_factory=frozenset)  # other decisions accepted

    def accepts(self, answer: str) -> bool:
        return answer == self.decision or answer in self.also


def _safety() -> Safety:
    from runwell import course

    return course.load().safety


def red_flag(flag_id: str) -> RedFlag:
    try:
        return _safety().flag(flag_id)
    except KeyError:
        raise ValueError(f"unknown red flag id {flag_id!r}") from None


def diary() -> tuple[DiaryEntry, ...]:
    """The runners' diary entries of exercise 5."""
    return tables().diary


def triage(days: int, trend: str, daily_life: bool, red_flags: Iterable[str] = ()) -> Decision:
    """The decision the article's rule (plus cited red flags) gives for one runner's pain.

    *days*: which day of the pain it is (the day it began is day 1); *trend*: better, same or
    worse; *daily_life*: does it get in the way of everyday life; *red_flags*: ids from
    ``data/red_flags.yaml``.
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError(
            f"days: {days!r} should be a whole number from 1 (the day the pain began is day 1)"
        )
    if trend not in TRENDS:
        raise ValueError(f"trend: {trend!r} is not one of {', '.join(TRENDS)}")
    if isinstance(red_flags, str):
        red_flags = [red_flags]
    flags = [red_flag(f) for f in red_flags]
    if flags:
        safety = _safety()
        order = [tier.id for tier in safety.tiers]  # most urgent first
        top = safety.tier(min((f.tier for f in flags), key=order.index))
        named = "; ".join(f.text for f in flags if f.tier == top.id)
        return Decision(
            top.decision,
            f"{named}: a red flag (beyond the article). {top.action}",
        )
    limit = tables().self_care_days
    triggers = []
    if days > limit:
        triggers.append(f"the pain is on day {days}, more than a day or two")
    if trend == "worse":
        triggers.append("the pain is getting worse")
    if daily_life:
        triggers.append("the pain gets in the way of everyday life")
    if triggers:
        return Decision(
            "see a doctor",
            f"{' and '.join(triggers)}: the article says a qualified doctor should check it. "
            "A GP or a physiotherapist can assess back pain.",
        )
    if days == limit:
        return Decision(
            "self-care",
            f"day {days} is the edge of the article's \"a day or two\": self-care is fine, and "
            "so is seeing a doctor if you are unsure.",
            frozenset({"see a doctor", "rest"}),
        )
    if trend == "better":
        return Decision(
            "rest",
            "the pain is mild and easing within a day or two: a little rest.",
            frozenset({"self-care"}),
        )
    return Decision(
        "self-care",
        "the pain is within a day or two and not getting worse: rest, heat or cold, or an "
        "over-the-counter pain reliever.",
        frozenset({"rest"}),
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
        if expected.accepts(answer):
            notes.append(
                f"Entry {entry_id}: {answer} is fine too; the rule gives {expected.decision} "
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
                f"Entry {entry_id} ({who}): you chose {answer}. Getting checked is never "
                f"wrong if you are worried, but by the course's rule this is {expected.decision}: "
                f"{expected.reason}"
            )
    notes.append(
        "This exercise practises a rule of thumb; it does not diagnose. If you are unsure about "
        "real pain, ask a GP or a physiotherapist."
    )
    if problems:
        return CheckResult(EXERCISE, False, tuple(problems), tuple(notes))
    flagged = [e for e in entries.values() if e.red_flags]
    return CheckResult(
        EXERCISE,
        True,
        (
            f"All {len(entries)} decisions follow the article's rule: more than a day or two, "
            "getting worse, or affecting everyday life means seeing a qualified doctor.",
            f"You matched the red flags in {len(flagged)} entries to how urgent they are "
            "(beyond the article: NHS and Mayo Clinic).",
        ),
        tuple(notes),
    )
