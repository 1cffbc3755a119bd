"""The progress file's format: one parser for the learner's own file and the class report.

Version 2 (written since choices have ids)::

    {"format": "runwell-progress", "version": 2, "learner": "",
     "answers": {"01_warm_up": {"warmup-purpose": {"answer": ["eases-aches-pains"],
                                                   "time": "2026-05-01T10:00:00Z",
                                                   "attempts": 2}}}}

``answer`` is the chosen choice ids, or a number for a numeric question. Whether it is right is
not stored: it is graded against the current banks whenever it is read, so a corrected key
re-grades every learner.

Version 1 stored the *text* of the chosen answers and a frozen ``correct``. It is migrated when
read (:func:`migrate`): each text is mapped to its choice id through a table frozen when ids were
introduced (``data/progress_v1_choices.json``), then through the current banks. An answer that
maps to nothing is kept, word for word, under ``legacy``; nothing a learner saved is dropped.

Anyone can put anything in a file they hand in, so :func:`parse` bounds everything before it is
believed: the size, the nesting depth, the length of numbers, strings and lists, and the shape of
every entry. Every refusal is a :class:`ProgressError` with a one-line reason.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from functools import cache
from itertools import accumulate
from typing import Any

from runwell.errors import CourseError, clean_text, unsafe_char

__all__ = [
    "FORMAT",
    "MAX_BYTES",
    "MAX_LEARNER",
    "VERSION",
    "NewerFormat",
    "ProgressError",
    "check_learner",
    "fresh",
    "migrate",
    "parse",
    "serialise",
]

FORMAT = "runwell-progress"
VERSION = 2
MAX_BYTES = 2_000_000  # a class's worth of answers is a few kilobytes
MAX_DEPTH = 8  # the format nests 5 levels deep
MAX_DIGITS = 18
MAX_KEY = 120  # characters in a lesson or question id
MAX_TEXT = 2_000  # characters in a v1 answer text or a choice id
MAX_CHOICES = 50
MAX_ATTEMPTS = 10**9
MAX_LEARNER = 80
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class ProgressError(CourseError):
    """A progress file that cannot be used; the message is the one-line reason."""


class NewerFormat(ProgressError):
    """A file written by a newer runwell: not understood here, but never to be moved aside."""


def fresh(learner: str = "") -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "learner": learner, "answers": {}}


def serialise(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------------------ parsing


# The closing quote is optional: an unclosed string then ends at the end of the text, in one
# pass (with it required, each quote inside an unclosed string rescans to the end: hours for a
# crafted 2 MB file). The JSON parser refuses the unclosed string afterwards.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
# A lone surrogate can only come from a \uD800-\uDFFF escape (raw ones are not UTF-8).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects, counted without building anything."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_DIGITS:
        raise ProgressError(f"a number with {len(literal)} digits (at most {MAX_DIGITS})")
    return int(literal)


def _float(literal: str) -> float:
    if len(literal) > 40:
        raise ProgressError(f"a number {len(literal)} characters long")
    value = float(literal)
    if not math.isfinite(value):
        raise ProgressError("a number too large to be an answer")
    return value


def _constant(name: str) -> float:
    raise ProgressError(f"{name} is not a number JSON allows")


def parse(raw: bytes) -> dict[str, Any]:
    """The document in *raw* (a progress file's bytes), checked; ProgressError if unusable.
    A version-1 document is returned as it is (see :func:`migrate`)."""
    if len(raw) > MAX_BYTES:
        raise ProgressError(f"too large for a progress file ({len(raw):,} bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ProgressError("not UTF-8 text") from None
    if _depth(text) > MAX_DEPTH:
        raise ProgressError(f"nested more than {MAX_DEPTH} levels deep")
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ProgressError(f"not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise ProgressError("nested too deeply") from None
    check(data)
    try:
        if _SURROGATE_ESCAPE.search(text):
            json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\\ud800") cannot be written or printed
        raise ProgressError("text that is not valid Unicode (a lone surrogate)") from None
    return data


def check(data: object) -> None:
    """Raise ProgressError naming the first thing that is not as the format says."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProgressError(f'not a runwell progress file (no "format": "{FORMAT}")')
    version = data.get("version")
    if isinstance(version, bool) or version not in (1, 2):
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            raise NewerFormat(
                f"written by a newer runwell (format version {version}; this one reads "
                f"up to {VERSION}): update runwell"
            )
        raise ProgressError(f"unknown format version {clean_text(repr(version), 40)}")
    extra = sorted(set(data) - {"format", "version", "learner", "answers", "legacy"})
    if extra:
        raise ProgressError(f"unknown key {clean_text(extra[0], 40)!r}")
    learner = data.get("learner", "")
    if not isinstance(learner, str) or len(learner) > MAX_LEARNER * 4:
        raise ProgressError("'learner' is not a short text")
    for key in ("answers", "legacy"):
        answers = data.get(key, {})
        if not isinstance(answers, dict):
            raise ProgressError(f"'{key}' is not an object")
        for lesson, entries in answers.items():
            _check_id(lesson, f"{key}: a lesson name")
            if not isinstance(entries, dict):
                raise ProgressError(f"{key}.{lesson}: not an object of questions")
            for qid, entry in entries.items():
                _check_id(qid, f"{key}.{lesson}: a question id")
                _check_entry(entry, f"{key}.{lesson}.{qid}", 1 if key == "legacy" else version)


def _check_id(value: object, what: str) -> None:
    if not isinstance(value, str) or len(value) > MAX_KEY or not _ID.match(value):
        raise ProgressError(f"{what} is not an id ({clean_text(repr(value), 60)})")


def _check_entry(entry: object, where: str, version: int) -> None:
    if not isinstance(entry, dict):
        raise ProgressError(f"{where}: not an object")
    answer = entry.get("answer")
    if version == 1:
        if not isinstance(entry.get("correct"), bool):
            raise ProgressError(f"{where}: 'correct' is missing or not true/false")
        texts = answer if isinstance(answer, list) else [answer]
        ok = _number(answer) or (
            0 < len(texts) <= MAX_CHOICES
            and all(isinstance(t, str) and len(t) <= MAX_TEXT for t in texts)
        )
    else:
        ok = _number(answer) or (
            isinstance(answer, list)
            and 0 < len(answer) <= MAX_CHOICES
            and all(isinstance(a, str) and len(a) <= MAX_KEY and _ID.match(a) for a in answer)
        )
    if not ok:
        raise ProgressError(f"{where}: 'answer' is not an answer")
    attempts = entry.get("attempts", 1)
    if isinstance(attempts, bool) or not isinstance(attempts, int) or not (
        0 <= attempts <= MAX_ATTEMPTS
    ):
        raise ProgressError(f"{where}: 'attempts' is not a whole number from 0 to {MAX_ATTEMPTS}")
    when = entry.get("time", "")
    if not isinstance(when, str) or len(when) > 40:
        raise ProgressError(f"{where}: 'time' is not a short text")


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


# ------------------------------------------------------------------------------ learner names


def check_learner(name: str) -> str:
    """*name* trimmed, if it is 1 to :data:`MAX_LEARNER` characters with no control or escape
    character (joiners such as ZWJ and ZWNJ, and no-break spaces, are fine); else CourseError.
    The name itself is never echoed: it may hold a line break or an escape sequence."""
    text = name.strip()
    rule = f"give 1 to {MAX_LEARNER} printable characters"
    if not text:
        raise CourseError(f"the learner name is empty ({rule})")
    if len(text) > MAX_LEARNER:
        raise CourseError(f"the learner name is {len(text)} characters long ({rule})")
    bad = next((c for c in text if unsafe_char(c) or _invisible(c)), None)
    if bad is not None:
        raise CourseError(
            f"the learner name contains a control or invisible character U+{ord(bad):04X} ({rule})"
        )
    return text


_JOINERS = frozenset("\u200c\u200d")  # ZWNJ (Persian and other scripts), ZWJ (emoji, scripts)


def _invisible(char: str) -> bool:
    """A format character that only hides things in a name (zero-width space, word joiner…);
    the joiners and the tag characters of flag emoji are real text and stay."""
    import unicodedata

    return (
        unicodedata.category(char) == "Cf"
        and char not in _JOINERS
        and not 0xE0020 <= ord(char) <= 0xE007F
    )


# ------------------------------------------------------------------------------ migration


@cache
def _v1_table() -> Mapping[str, Mapping[str, str]]:
    from runwell.paths import data_file

    data = json.loads(data_file("progress_v1_choices.json").read_text(encoding="utf-8"))
    return data["choices"]


def migrate(data: dict[str, Any], course: Any = None) -> dict[str, Any]:
    """A version-2 document from a checked document of either version (*data* itself when it is
    version 2; a new dict for version 1, which is not changed). *course* (a
    :class:`runwell.course.Course`) maps version-1 texts that the frozen table does not know,
    for instance in an instructor's own banks."""
    if data.get("version") == VERSION:
        return data
    out = fresh(data.get("learner", ""))
    legacy: dict[str, dict[str, Any]] = {}
    table = _v1_table()
    for lesson, entries in data.get("answers", {}).items():
        for qid, entry in entries.items():
            answer = _v1_answer(entry.get("answer"), qid, lesson, table, course)
            kept = {k: entry[k] for k in ("time", "attempts") if k in entry}
            if answer is None:
                legacy.setdefault(lesson, {})[qid] = dict(entry)
            else:
                out["answers"].setdefault(lesson, {})[qid] = {"answer": answer, **kept}
    if legacy:
        out["legacy"] = legacy
    return out


def _v1_answer(
    answer: object, qid: str, lesson: str, table: Mapping[str, Mapping[str, str]], course: Any
) -> list[str] | float | None:
    if _number(answer):
        return answer  # type: ignore[return-value]
    texts = answer if isinstance(answer, list) else [answer]
    known = dict(table.get(qid, {}))
    question = course.question(lesson, qid) if course is not None else None
    if question is not None:
        for choice in question.choices:
            known.setdefault(choice.text, choice.id)
    if qid not in table:  # the frozen table holds every choice question; the rest are true/false
        known.setdefault("True", "true")
        known.setdefault("False", "false")
    ids = [known.get(t) if isinstance(t, str) else None for t in texts]
    if not ids or any(i is None for i in ids):
        return None
    return list(dict.fromkeys(i for i in ids if i is not None))
