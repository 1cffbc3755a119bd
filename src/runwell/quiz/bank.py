"""Quiz banks: load the YAML files, validate them, and turn them into frozen dataclasses.

Validation has two layers. The JSON Schema (``data/quiz_bank.schema.json``) covers the shape of
one bank; its errors are translated into short messages naming the key. Python rules cover what a
schema cannot say well: the lesson matches the file name, question ids are unique within and
across banks, guidance ids exist, and the right number of choices is marked correct. Every problem
is collected (``path: question-id: problem``); nothing stops at the first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from runwell.errors import CourseError, Problem, display_path
from runwell.paths import data_file, quizzes_dir

__all__ = [
    "CHOICE_TYPES",
    "QUESTION_TYPES",
    "Bank",
    "Choice",
    "NumericFeedback",
    "Question",
    "load_bank",
    "load_banks",
    "validate_bank",
]

QUESTION_TYPES = ("single", "multiple", "true_false", "numeric")
CHOICE_TYPES = ("single", "multiple", "true_false")
TYPE_NAMES = {
    "single": "single-choice",
    "multiple": "multiple-choice",
    "true_false": "true/false",
    "numeric": "numeric",
}


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class NumericFeedback:
    low: str
    high: str
    correct: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    guidance: tuple[str, ...]
    hint: str | None = None
    explanation: str | None = None
    choices: tuple[Choice, ...] = ()
    answer: float | None = None
    tolerance: float | None = None
    unit: str | None = None
    feedback: NumericFeedback | None = None

    @property
    def correct_indices(self) -> tuple[int, ...]:
        """Indices (in bank order) of the correct choices."""
        return tuple(i for i, c in enumerate(self.choices) if c.correct)


@dataclass(frozen=True)
class Bank:
    lesson: str
    title: str
    questions: tuple[Question, ...]
    intro: str | None = None
    shuffle: bool = False
    path: str = ""

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise CourseError(f"{self.path or self.lesson}: {question_id}: no such question")


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(data_file("quiz_bank.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


# ---------------------------------------------------------------- schema errors -> messages


def _where(path: Sequence[Any]) -> str:
    """A human name for a location inside one question (or the bank), e.g. ``choice 2 'text'``."""
    parts: list[str] = []
    i = 0
    while i < len(path):
        key = path[i]
        nxt = path[i + 1] if i + 1 < len(path) else None
        if key == "choices" and isinstance(nxt, int):
            parts.append(f"choice {nxt + 1}")
            i += 2
            continue
        if key == "guidance" and isinstance(nxt, int):
            parts.append(f"guidance entry {nxt + 1}")
            i += 2
            continue
        parts.append(f"{key!r}" if isinstance(key, str) else f"item {key + 1}")
        i += 1
    return " ".join(parts)


def _type_word(expected: Any) -> str:
    words = {"string": "text", "array": "list", "object": "mapping", "number": "number",
             "boolean": "true or false", "integer": "whole number"}
    if isinstance(expected, list):
        return " or ".join(words.get(str(e), str(e)) for e in expected)
    return words.get(expected, str(expected))


def _message(error: ValidationError, rel: Sequence[Any], qtype: str | None) -> str:
    """Translate one jsonschema error (at *rel* inside its question or bank) to a short message."""
    where = _where(rel)
    subject = where or "the bank"
    kind = error.validator
    inst = error.instance
    if kind is None:  # a ``false`` subschema: a key this question type does not use
        name = TYPE_NAMES.get(qtype or "", str(qtype))
        return f"key {where} is not used by a {name} question"
    if kind == "required":
        missing = [k for k in error.validator_value if isinstance(inst, dict) and k not in inst]
        key = missing[0] if missing else "?"
        target = f"{where}: " if where else ""
        hint = ""
        if key in ("answer", "tolerance", "unit", "feedback"):
            hint = " (a numeric question needs answer, tolerance, unit and feedback)"
        return f"{target}missing required key {key!r}{hint}"
    if kind == "additionalProperties":
        allowed = error.schema.get("properties", {})
        extra = sorted(k for k in inst if k not in allowed) if isinstance(inst, dict) else []
        target = f"{where}: " if where else ""
        return (
            f"{target}unknown key(s): {', '.join(map(str, extra))} "
            f"(allowed: {', '.join(allowed)})"
        )
    if kind == "type":
        return f"{subject} must be {_type_word(error.validator_value)}"
    if kind in ("minLength", "pattern") and error.validator_value in (1, "\\S"):
        return f"{subject} is empty"
    if kind == "pattern":
        if rel and rel[-1] == "lesson":
            return "'lesson' must look like NN_name (two digits, lower-case words joined by '_')"
        return f"{subject} must be lower-case words joined by '-' (got {inst!r})"
    if kind == "enum":
        if rel and rel[-1] == "text":
            return f"{subject} must be True or False in a true/false question (got {inst!r})"
        options = ", ".join(map(str, error.validator_value))
        return f"{subject} must be one of: {options} (got {inst!r})"
    if kind == "const":
        return f"{subject} must be {error.validator_value!r}"
    if kind == "minItems":
        if rel == ["questions"] or list(rel) == ["questions"]:
            return "the bank has no questions"
        return f"{subject} needs at least {error.validator_value} item(s)"
    if kind == "maxItems":
        if qtype == "true_false":
            return "a true/false question has exactly two choices, True and False"
        return f"{subject} allows at most {error.validator_value} item(s)"
    if kind in ("exclusiveMinimum", "minimum"):
        return f"{subject} must be greater than {error.validator_value}"
    return f"{subject}: {error.message}"


def _schema_problems(raw: dict[str, Any], shown: str) -> tuple[list[Problem], set[int]]:
    """Schema problems, and the indices of questions that have any (those are not built)."""
    problems: list[Problem] = []
    broken: set[int] = set()
    questions = _question_list(raw)
    errors = sorted(_validator().iter_errors(raw), key=lambda e: [str(p) for p in e.path])
    leaves: list[ValidationError] = []
    for error in errors:
        # if/then and $ref wrap the real error; report the innermost ones
        leaves.extend(_leaves(error))
    for error in leaves:
        path = list(error.path)
        item, rel, qtype = "-", path, None
        if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
            index = path[1]
            broken.add(index)
            q = questions[index] if index < len(questions) else None
            item = _question_label(q, index)
            rel = path[2:]
            qtype = q.get("type") if isinstance(q, dict) else None
            if error.validator is None and not rel and isinstance(q, dict):
                # jsonschema leaves the key out of the path of a ``false`` subschema's error
                rel = [k for k, v in q.items() if v is error.instance][:1]
        problems.append(Problem(shown, item, _message(error, rel, qtype)))
    return problems, broken


def _question_list(raw: dict[str, Any]) -> list[Any]:
    """The bank's ``questions``, or an empty list when the key is missing or not a list."""
    questions = raw.get("questions")
    return questions if isinstance(questions, list) else []


def _leaves(error: ValidationError) -> Iterable[ValidationError]:
    if error.context:
        for sub in error.context:
            yield from _leaves(sub)
    else:
        yield error


def _question_label(q: object, index: int) -> str:
    if isinstance(q, dict) and isinstance(q.get("id"), str) and q["id"].strip():
        return q["id"]
    return f"question {index + 1}"


# ---------------------------------------------------------------- rules beyond the schema


def _rule_problems(
    raw: dict[str, Any], shown: str, stem: str, guidance_ids: set[str] | None
) -> list[Problem]:
    problems: list[Problem] = []
    lesson = raw.get("lesson")
    if isinstance(lesson, str) and lesson != stem:
        problems.append(
            Problem(shown, "-", f"'lesson' is {lesson!r} but the file is named {stem}.yaml")
        )
    questions = _question_list(raw)
    seen: set[str] = set()
    for index, q in enumerate(questions):
        if not isinstance(q, dict):
            continue
        label = _question_label(q, index)
        qid = q.get("id")
        if isinstance(qid, str):
            if qid in seen:
                problems.append(Problem(shown, label, "duplicate question id in this bank"))
            seen.add(qid)
        guidance = q.get("guidance")
        if guidance_ids is not None and isinstance(guidance, list):
            for gid in guidance:
                if isinstance(gid, str) and gid not in guidance_ids:
                    problems.append(
                        Problem(shown, label, f"unknown guidance id {gid!r} (see guidance.yaml)")
                    )
        choices = q.get("choices")
        qtype = q.get("type")
        if qtype not in CHOICE_TYPES or not isinstance(choices, list):
            continue
        marks = [c.get("correct", False) is True for c in choices if isinstance(c, dict)]
        n_correct = sum(marks)
        if n_correct == 0:
            problems.append(
                Problem(shown, label, "no correct answer: mark a choice with 'correct: true'")
            )
        elif qtype in ("single", "true_false") and n_correct > 1:
            problems.append(
                Problem(
                    shown,
                    label,
                    f"{n_correct} choices marked correct; a {TYPE_NAMES[qtype]} question "
                    "has exactly one",
                )
            )
        texts = [c.get("text") for c in choices if isinstance(c, dict)]
        if qtype == "true_false" and sorted(map(str, texts)) != ["False", "True"]:
            problems.append(
                Problem(
                    shown, label, "a true/false question needs exactly the choices True and False"
                )
            )
        elif len(set(map(str, texts))) != len(texts):
            problems.append(Problem(shown, label, "two choices have the same text"))
    return problems


# ---------------------------------------------------------------- building


def _build_question(q: dict[str, Any]) -> Question:
    feedback = q.get("feedback")
    return Question(
        id=q["id"],
        type=q["type"],
        text=q["text"].strip(),
        guidance=tuple(q["guidance"]),
        hint=q.get("hint", "").strip() or None,
        explanation=q.get("explanation", "").strip() or None,
        choices=tuple(
            Choice(text=c["text"].strip(), correct=bool(c.get("correct", False)),
                   feedback=c["feedback"].strip())
            for c in q.get("choices", [])
        ),
        answer=float(q["answer"]) if "answer" in q else None,
        tolerance=float(q["tolerance"]) if "tolerance" in q else None,
        unit=q["unit"].strip() if "unit" in q else None,
        feedback=(
            NumericFeedback(
                low=feedback["low"].strip(),
                high=feedback["high"].strip(),
                correct=feedback["correct"].strip(),
            )
            if isinstance(feedback, dict)
            else None
        ),
    )


def validate_bank(
    path: Path, *, root: Path | None = None, guidance_ids: set[str] | None = None
) -> tuple[Bank | None, list[Problem]]:
    """Load one bank file. Returns the bank (built from its valid questions; ``None`` if the file
    cannot be read at all) and every problem found in it."""
    shown = display_path(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(shown, "-", f"cannot read: {exc}")]
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(exc, "problem", None) or "cannot parse"
        return None, [Problem(shown, "-", f"invalid YAML{where}: {what}")]
    if not isinstance(raw, dict):
        kind = "empty" if raw is None else f"a {type(raw).__name__}"
        return None, [
            Problem(shown, "-", f"a bank must be a mapping of lesson, title, questions (is {kind})")
        ]
    problems, broken = _schema_problems(raw, shown)
    problems += _rule_problems(raw, shown, path.stem, guidance_ids)
    questions = _question_list(raw)
    built = tuple(
        _build_question(q)
        for i, q in enumerate(questions)
        if i not in broken and isinstance(q, dict)
    )
    title = raw.get("title")
    intro = raw.get("intro")
    bank = Bank(
        lesson=raw["lesson"] if isinstance(raw.get("lesson"), str) else path.stem,
        title=title.strip() if isinstance(title, str) and title.strip() else path.stem,
        questions=built,
        intro=intro.strip() if isinstance(intro, str) and intro.strip() else None,
        shuffle=raw.get("shuffle") is True,
        path=shown,
    )
    return bank, problems


def load_banks(
    quizzes_dir: Path, guidance_ids: set[str] | None
) -> tuple[dict[str, Bank], list[Problem]]:
    """Every bank in *quizzes_dir* (``*.yaml``, by file name) and every problem in them.

    Banks are keyed by file stem and built from their valid questions, so coverage checks still
    see them. Question ids must be unique across banks: a repeat is reported in the later file.
    Pass ``guidance_ids=None`` to skip the guidance check.
    """
    quizzes_dir = Path(quizzes_dir)
    root = quizzes_dir.parent.parent
    banks: dict[str, Bank] = {}
    problems: list[Problem] = []
    if not quizzes_dir.is_dir():
        return banks, [Problem(display_path(quizzes_dir, root), "-", "no quizzes folder")]
    for stray in sorted(quizzes_dir.glob("*.yml")):
        problems.append(Problem(display_path(stray, root), "-", "rename to .yaml to be loaded"))
    owner: dict[str, str] = {}
    for path in sorted(quizzes_dir.glob("*.yaml")):
        bank, found = validate_bank(path, root=root, guidance_ids=guidance_ids)
        problems += found
        if bank is None:
            continue
        for q in bank.questions:
            if q.id in owner and owner[q.id] != bank.path:
                problems.append(
                    Problem(bank.path, q.id, f"duplicate question id (also in {owner[q.id]})")
                )
            owner.setdefault(q.id, bank.path)
        banks[path.stem] = bank
    # one problem once, in the order found
    return banks, list(dict.fromkeys(problems))


def load_bank(name: str, root: Path | None = None) -> Bank:
    """The bank ``notebooks/quizzes/<name>.yaml``, validated; :class:`CourseError` if it is
    missing or has any problem (the message is the first ``path: id: problem`` line)."""
    from runwell.guidance import inventory

    directory = quizzes_dir(root)
    stem = name[:-5] if name.endswith(".yaml") else name
    if not (directory / f"{stem}.yaml").is_file():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.yaml"))) or "none"
        raise CourseError(f"{stem}: no quiz bank notebooks/quizzes/{stem}.yaml (banks: {known})")
    banks, problems = load_banks(directory, set(inventory()))
    bank = banks.get(stem)
    mine = [p for p in problems if bank is None or p.path == bank.path]
    if bank is None or mine:
        first = mine[0] if mine else Problem(f"notebooks/quizzes/{stem}.yaml", "-", "unreadable")
        more = f" (and {len(mine) - 1} more; run `runwell check`)" if len(mine) > 1 else ""
        raise CourseError(f"{first}{more}")
    return bank
