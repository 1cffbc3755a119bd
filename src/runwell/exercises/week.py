"""Exercise 3: a week of runs, cross-training and core/stretching sessions, checked for overuse.

A plan maps each day of the week to its sessions: ``{"Monday": ["easy run"], "Tuesday":
["core"], "Wednesday": [], ...}`` (a single string is one session; an empty list or "rest" is a
rest day). Sessions are recognised by keywords (``data/exercises.yaml``; a language adds its own
words and day names, ``{"lunes": ["rodaje suave"], …}``), and each kind of session loads certain
muscle groups. The check follows the article: toning and stretching between runs keep the core
stable, and cross-training avoids the overuse that comes from working the same muscle groups
again and again, here made concrete as "not on two days in a row".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from runwell.course.model import Tables
from runwell.exercises.feedback import CheckResult, quote
from runwell.exercises.tables import Activity, fold, matches, tables
from runwell.i18n import N_, translator

EXERCISE = N_("Week plan check")
REST_KINDS = frozenset({"rest", "light", "stretching"})
REST_DAY_NOTE = N_(
    "Beyond the article: beginners' plans such as the NHS Couch to 5K put a rest day between "
    "runs so that muscles can recover."
)

__all__ = ["EXERCISE", "Day", "activities_of", "evaluate_week_plan", "parse_plan"]


@dataclass(frozen=True)
class Day:
    name: str  # the English day (an id)
    sessions: tuple[str, ...]
    activities: tuple[Activity, ...]
    label: str = ""  # the day as the learner's language shows it

    @property
    def shown(self) -> str:
        return self.label or self.name

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(a.kind for a in self.activities)

    @property
    def loads(self) -> frozenset[str]:
        return frozenset(group for a in self.activities for group in a.loads)

    @property
    def is_rest(self) -> bool:
        return self.kinds <= REST_KINDS


def activities_of(session: str, lang: str = "en") -> tuple[Activity, ...]:
    """The known activities a session's description refers to."""
    return tuple(a for a in tables(lang).activities if matches(session, a.keywords))


def _day_name(key: object, t: Tables) -> str | None:
    """The English day a learner's key names (in English or the language's day names)."""
    if not isinstance(key, str):
        return None
    text = fold(key)
    for n, day in enumerate(t.days):
        names = [day] + ([t.day_names[n]] if t.day_names else [])
        if len(text) >= 3 and any(fold(name).startswith(text) for name in names):
            return day
    return None


def _and(items: list[str], lang: str) -> str:
    """``a, b and c`` in *lang*."""
    if len(items) < 2:
        return "".join(items)
    return translator(lang).gettext("{items} and {last}").format(
        items=", ".join(items[:-1]), last=items[-1])


def parse_plan(plan: object, lang: str = "en") -> tuple[list[Day], list[str]]:
    """The seven days of *plan* in week order, and a message for anything that cannot be read."""
    _ = translator(lang).gettext
    t = tables(lang)
    days = t.days
    if not isinstance(plan, Mapping):
        return [], [
            _("Write the plan as a dict from day to sessions, e.g. {example}; got {value}.")
            .format(example=_('{"Monday": ["easy run"], "Tuesday": ["core"], ...}'),
                    value=quote(plan))
        ]
    problems: list[str] = []
    found: dict[str, tuple[str, ...]] = {}
    seen: set[str] = set()
    first, last = t.day_label(days[0]), t.day_label(days[-1])
    for key, value in plan.items():
        day = _day_name(key, t)
        if day is None:
            problems.append(_("{key} is not a day of the week (write {first} … {last}).").format(
                key=quote(key), first=first, last=last))
            continue
        if day in seen:
            problems.append(_("{day} appears twice in the plan.").format(day=t.day_label(day)))
            continue
        seen.add(day)
        if value is None:
            value = []
        sessions = [value] if isinstance(value, str) else value
        if not isinstance(sessions, (list, tuple)) or not all(isinstance(s, str) for s in sessions):
            problems.append(_("{day}: write the sessions as a list of words, e.g. {example}.")
                            .format(day=t.day_label(day), example=_('["easy run"]')))
            continue
        found[day] = tuple(s.strip() for s in sessions if s.strip())
    for day in days:
        if day not in seen:
            problems.append(_('{day} is missing: write [] or "rest" for a rest day.').format(
                day=t.day_label(day)))
    parsed: list[Day] = []
    for day in days:
        if day not in found:
            continue
        acts: list[Activity] = []
        for session in found[day]:
            matched = activities_of(session, lang)
            if not matched:
                known = ", ".join(a.label for a in t.activities)
                problems.append(
                    _("{day}: I don't recognise {session}. Use words such as: {known}.").format(
                        day=t.day_label(day), session=quote(session), known=known)
                )
            acts.extend(matched)
        parsed.append(Day(day, found[day], tuple(acts), t.day_label(day)))
    return parsed, problems


def _described(day: Day, lang: str) -> str:
    return ", ".join(day.sessions) if day.sessions else translator(lang).gettext("rest")


def evaluate_week_plan(plan: object, lang: str = "en") -> CheckResult:
    """Check a week: runs, at least one core and one cross-training session, a rest day, and
    no muscle group worked hard on two consecutive days (the week repeats)."""
    _ = translator(lang).gettext
    name = _(EXERCISE)
    t = tables(lang)
    days, problems = parse_plan(plan, lang)
    if problems:
        return CheckResult(name, False, tuple(problems), lang=lang)
    notes: list[str] = []
    kinds = {kind for d in days for kind in d.kinds}
    if "run" not in kinds:
        problems.append(_("There is no run in the plan: add at least one."))
    if "core" not in kinds:
        problems.append(
            _("Add a core session (for example planks or bridges): the article recommends "
              "toning work between runs to keep the core muscles that support the back stable.")
        )
    if "cross-training" not in kinds:
        problems.append(
            _("Add a cross-training session (cycling, swimming, rowing…): the article says it "
              "helps prevent overuse from working the same muscle groups again and again.")
        )
    if not any(d.is_rest for d in days):
        problems.append(_("Every day has a hard session: give yourself at least one rest day."))
        notes.append(_(REST_DAY_NOTE))
    for i, today in enumerate(days):
        tomorrow = days[(i + 1) % len(days)]
        shared = sorted(today.loads & tomorrow.loads)
        if shared:
            groups = _and([_("the {group}").format(group=g) if g == t.load_label(g)
                           else t.load_label(g) for g in shared], lang)
            message = _(
                "{today} ({today_sessions}) and {tomorrow} ({tomorrow_sessions}) both work "
                "{groups}. Working the same muscle groups day after day is what the article "
                "calls overuse: swap one of them for a different activity or rest.")
            if i == len(days) - 1:
                message = _(
                    "{today} ({today_sessions}) and {tomorrow} ({tomorrow_sessions}) both work "
                    "{groups} (the week repeats, so they are back to back). Working the same "
                    "muscle groups day after day is what the article calls overuse: swap one of "
                    "them for a different activity or rest.")
            problems.append(message.format(
                today=today.shown, today_sessions=_described(today, lang), tomorrow=tomorrow.shown,
                tomorrow_sessions=_described(tomorrow, lang), groups=groups))
    if "stretching" not in kinds:
        notes.append(
            _("The article pairs toning with stretching between runs: consider a stretching "
              "session too.")
        )
    if problems:
        return CheckResult(name, False, tuple(problems), tuple(notes), lang=lang)

    def listed(kind: str) -> str:
        return ", ".join(d.shown for d in days if kind in d.kinds)

    rest = ", ".join(d.shown for d in days if d.is_rest)
    return CheckResult(
        name,
        True,
        (
            _("Runs on {runs}; core work on {core}; cross-training on {cross}; rest on {rest}.")
            .format(runs=listed("run"), core=listed("core"), cross=listed("cross-training"),
                    rest=rest),
            _("No muscle group is worked hard on two days in a row, so no overuse."),
        ),
        tuple(notes),
        lang=lang,
    )
