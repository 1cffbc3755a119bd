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

In another language (``lang="es"``) the reasons and feedback are in that language, the diary and
the decisions' names come from its edition (``data/es/``), and a learner may write the decisions
and trends in its words ("mismo día", "peor") as well as in English. The decisions themselves
(:data:`DECISIONS`) stay the English words, like choice ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from runwell.course.model import Course, RedFlag, Safety
from runwell.exercises.feedback import CheckResult, quote
from runwell.exercises.tables import DiaryEntry, fold, tables
from runwell.i18n import N_, translator

EXERCISE = N_("Pain diary check")
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
    "decision_label",
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
    label: str = ""  # the decision as the language of the reason names it

    def accepts(self, answer: str) -> bool:
        return answer == self.decision or answer in self.also

    @property
    def shown(self) -> str:
        return self.label or self.decision


def _course(lang: str) -> Course:
    from runwell import course

    return course.load(lang=lang)


def _safety(lang: str = "en") -> Safety:
    return _course(lang).safety


def red_flag(flag_id: str, lang: str = "en") -> RedFlag:
    try:
        return _safety(lang).flag(flag_id)
    except KeyError:
        raise ValueError(f"unknown red flag id {flag_id!r}") from None


def decision_label(decision: str, lang: str = "en") -> str:
    """A decision (one of :data:`DECISIONS`) as *lang* names it ("mismo día")."""
    c = _course(lang)
    if decision in c.tables.decision_labels:
        return c.tables.decision_labels[decision]
    for tier in c.safety.tiers:
        if tier.decision == decision:
            return tier.decision_shown
    return decision


def diary(lang: str = "en") -> tuple[DiaryEntry, ...]:
    """The runners' diary entries of exercise 5, in *lang*."""
    return tables(lang).diary


def _trend(trend: object, lang: str) -> str:
    """better, same or worse, from English or the language's words."""
    if isinstance(trend, str):
        if trend in TRENDS:
            return trend
        words = fold(trend)
        for key, names in tables(lang).trend_words.items():
            if words in (fold(n) for n in names):
                return key
    known = list(TRENDS) + [w for v in tables(lang).trend_words.values() for w in v[:1]]
    raise ValueError(translator(lang).gettext("trend: {value} is not one of {known}").format(
        value=repr(trend), known=", ".join(dict.fromkeys(known))))


def triage(
    days: int, trend: str, daily_life: bool, red_flags: Iterable[str] = (), *, lang: str = "en"
) -> Decision:
    """The decision the article's rule (plus cited red flags) gives for one runner's pain.

    *days*: which day of the pain it is (the day it began is day 1); *trend*: better, same or
    worse (or the words of *lang*, e.g. "igual"); *daily_life*: does it get in the way of
    everyday life; *red_flags*: ids from ``data/red_flags.yaml``. The reason, and the decision's
    ``label``, are in *lang*.
    """
    _ = translator(lang).gettext
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError(
            _("days: {value} should be a whole number from 1 (the day the pain began is day 1)")
            .format(value=repr(days))
        )
    trend = _trend(trend, lang)
    if isinstance(red_flags, str):
        red_flags = [red_flags]
    flags = [red_flag(f, lang) for f in red_flags]

    def decided(decision: str, reason: str, also: Iterable[str] = ()) -> Decision:
        return Decision(decision, reason, frozenset(also), decision_label(decision, lang))

    if flags:
        safety = _safety(lang)
        order = [tier.id for tier in safety.tiers]  # most urgent first
        top = safety.tier(min((f.tier for f in flags), key=order.index))
        named = "; ".join(f.text for f in flags if f.tier == top.id)
        return decided(top.decision, _("{flags}: a red flag (beyond the article). {action}")
                       .format(flags=named, action=top.action))
    limit = tables(lang).self_care_days
    triggers = []
    if days > limit:
        triggers.append(_("the pain is on day {days}, more than a day or two").format(days=days))
    if trend == "worse":
        triggers.append(_("the pain is getting worse"))
    if daily_life:
        triggers.append(_("the pain gets in the way of everyday life"))
    if triggers:
        return decided(
            "see a doctor",
            _("{triggers}: the article says a qualified doctor should check it. A GP or a "
              "physiotherapist can assess back pain.").format(triggers=_(" and ").join(triggers)),
        )
    if days == limit:
        return decided(
            "self-care",
            _('day {days} is the edge of the article\'s "a day or two": self-care is fine, and '
              "so is seeing a doctor if you are unsure.").format(days=days),
            {"see a doctor", "rest"},
        )
    if trend == "better":
        return decided(
            "rest",
            _("the pain is mild and easing within a day or two: a little rest."),
            {"self-care"},
        )
    return decided(
        "self-care",
        _("the pain is within a day or two and not getting worse: rest, heat or cold, or an "
          "over-the-counter pain reliever."),
        {"rest"},
    )


def triage_entry(entry: DiaryEntry, lang: str = "en") -> Decision:
    return triage(entry.days, entry.trend, entry.daily_life, entry.red_flags, lang=lang)


def normalise_decision(answer: object, lang: str = "en") -> str | None:
    """One of DECISIONS for a learner's wording ("Doctor", "self care"; in *lang* also its
    names and words, "mismo día", "médico"), or None."""
    if not isinstance(answer, str):
        return None
    words = " ".join(answer.strip().lower().split())
    if words in ALIASES:
        return ALIASES[words]
    if lang == "en":
        return None
    folded = fold(answer)
    for decision in DECISIONS:
        if folded == fold(decision_label(decision, lang)):
            return decision
    typed = {fold(k): v for k, v in tables(lang).decision_words.items()}
    return typed.get(folded)


def diary_markdown(lang: str = "en") -> str:
    """The diary as a Markdown list for the notebook."""
    lines = []
    for entry in diary(lang):
        lines.append(f"- **{entry.id}. {entry.who}.** {entry.story}")
    return "\n".join(lines) + "\n"


def evaluate_pain_decisions(decisions: object, lang: str = "en") -> CheckResult:
    """Check a dict of diary id -> decision against :func:`triage`."""
    _ = translator(lang).gettext
    name = _(EXERCISE)
    entries = {e.id: e for e in diary(lang)}
    names = [decision_label(d, lang) for d in DECISIONS]
    if not isinstance(decisions, Mapping):
        return CheckResult(
            name,
            False,
            (
                _("Write your decisions as a dict from entry to decision, e.g. {example}; got "
                  "{value}.").format(example=_('{"A": "rest", "B": "see a doctor", ...}'),
                                     value=quote(decisions)),
            ),
            lang=lang,
        )
    problems: list[str] = []
    notes: list[str] = []
    answers: dict[str, str] = {}
    pending: set[str] = set()
    for key, value in decisions.items():
        entry_id = str(key).strip().upper()
        if entry_id not in entries:
            problems.append(
                _("There is no diary entry {key}; the entries are A to {last}.").format(
                    key=quote(key), last=list(entries)[-1])
            )
            continue
        decision = normalise_decision(value, lang)
        if decision is None:
            problems.append(_("Entry {entry}: {value} is not one of: {decisions}.").format(
                entry=entry_id, value=quote(value), decisions=", ".join(names)))
            pending.add(entry_id)
            continue
        answers[entry_id] = decision
    for entry_id in entries:
        if entry_id not in answers and entry_id not in pending:
            problems.append(_("Entry {entry}: no decision yet.").format(entry=entry_id))
    if problems:
        return CheckResult(name, False, tuple(problems), lang=lang)
    for entry_id, entry in entries.items():
        expected = triage_entry(entry, lang)
        answer = answers[entry_id]
        chosen = decision_label(answer, lang)
        if answer == expected.decision:
            continue
        if expected.accepts(answer):
            notes.append(
                _("Entry {entry}: {answer} is fine too; the rule gives {expected} because "
                  "{reason}").format(entry=entry_id, answer=chosen, expected=expected.shown,
                                     reason=expected.reason)
            )
            continue
        who = entry.who.split(",")[0]
        if DECISIONS.index(answer) < DECISIONS.index(expected.decision):
            problems.append(
                _("Entry {entry} ({who}): you chose {answer}, but this needs {expected}: "
                  "{reason}").format(entry=entry_id, who=who, answer=chosen,
                                     expected=expected.shown, reason=expected.reason)
            )
        else:
            problems.append(
                _("Entry {entry} ({who}): you chose {answer}. Getting checked is never wrong if "
                  "you are worried, but by the course's rule this is {expected}: {reason}")
                .format(entry=entry_id, who=who, answer=chosen, expected=expected.shown,
                        reason=expected.reason)
            )
    notes.append(
        _("This exercise practises a rule of thumb; it does not diagnose. If you are unsure "
          "about real pain, ask a GP or a physiotherapist.")
    )
    if problems:
        return CheckResult(name, False, tuple(problems), tuple(notes), lang=lang)
    flagged = [e for e in entries.values() if e.red_flags]
    return CheckResult(
        name,
        True,
        (
            _("All {n} decisions follow the article's rule: more than a day or two, getting "
              "worse, or affecting everyday life means seeing a qualified doctor.").format(
                n=len(entries)),
            _("You matched the red flags in {n} entries to how urgent they are (beyond the "
              "article: NHS and Mayo Clinic).").format(n=len(flagged)),
        ),
        tuple(notes),
        lang=lang,
    )
