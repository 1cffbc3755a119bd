"""JSON Schema validation of course data: the one validation approach for every data file.

Each kind of file has a schema in ``runwell/data/schemas/<kind>.schema.json``. jsonschema is
imported only here, and only when a file is actually validated: a learner's kernel reads the
validated course from the cache (:mod:`runwell.course.cache`) or from JSON and never pays for it.
jsonschema's errors are translated into short messages that name the key, and each is attributed
to the item (a question, a guidance point) it sits in: ``path: item-id: what is wrong``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from runwell.errors import Problem
from runwell.paths import data_file

__all__ = ["KINDS", "TYPE_NAMES", "schema_problems"]

#: Schema file stem -> (the top-level list whose entries are identified items, or None;
#: what the whole file is called in messages).
KINDS: dict[str, tuple[str | None, str]] = {
    "quiz_bank": ("questions", "bank"),
    "guidance": ("guidance", "inventory"),
    "exercises": (None, "file"),
    "shoefit": (None, "file"),
    "red_flags": ("flags", "file"),
    "sources": (None, "file"),
    "settings": (None, "file"),
    # a language edition's translations of the data files (runwell.course.translate)
    "overlay_exercises": (None, "file"),
    "overlay_shoefit": (None, "file"),
    "overlay_red_flags": (None, "file"),
    "overlay_sources": (None, "file"),
}
TYPE_NAMES = {
    "single": "single-choice",
    "multiple": "multiple-choice",
    "true_false": "true/false",
    "numeric": "numeric",
}


@cache
def _validator(kind: str) -> Any:
    # jsonschema imports rfc3987_syntax when installed, which compiles grammars for a second only
    # to offer the "iri" format; no course schema uses formats, so it is marked unavailable.
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    from jsonschema import Draft202012Validator

    path = data_file(f"schemas/{kind}.schema.json")
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_problems(kind: str, data: object, shown: str) -> tuple[list[Problem], set[int]]:
    """Every schema problem in *data* (a parsed file of *kind*), and the indices of the items
    (entries of the kind's item list) that have one, so the builder can leave them out."""
    items_key, whole = KINDS[kind]
    items = data.get(items_key) if isinstance(data, dict) and items_key else None
    items = items if isinstance(items, list) else []
    problems: list[Problem] = []
    broken: set[int] = set()
    errors = sorted(_validator(kind).iter_errors(data), key=lambda e: [str(p) for p in e.path])
    for error in (leaf for e in errors for leaf in _leaves(e)):
        path = list(error.path)
        label, rel, qtype = "-", path, None
        if items_key and len(path) >= 2 and path[0] == items_key and isinstance(path[1], int):
            index = path[1]
            broken.add(index)
            item = items[index] if index < len(items) else None
            label = item_label(item, index, "question" if kind == "quiz_bank" else "entry")
            rel = path[2:]
            qtype = item.get("type") if isinstance(item, dict) else None
            if error.validator is None and not rel and isinstance(item, dict):
                # jsonschema leaves the key out of the path of a ``false`` subschema's error
                rel = [k for k, v in item.items() if v is error.instance][:1]
        problems.append(Problem(shown, label, _message(error, rel, qtype, items_key, whole)))
    return problems, broken


def item_label(item: object, index: int, noun: str) -> str:
    """An item's id, or ``question 3`` when it has none."""
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
        return str(item["id"])
    return f"{noun} {index + 1}"


def _leaves(error: Any) -> Iterable[Any]:
    """if/then and $ref wrap the real error; report the innermost ones."""
    if error.context:
        for sub in error.context:
            yield from _leaves(sub)
    else:
        yield error


def _where(path: Sequence[Any]) -> str:
    """A human name for a location inside one item, e.g. ``choice 2 'text'``."""
    parts: list[str] = []
    i = 0
    while i < len(path):
        key = path[i]
        nxt = path[i + 1] if i + 1 < len(path) else None
        if key in ("choices", "guidance") and isinstance(nxt, int):
            parts.append(f"{'choice' if key == 'choices' else 'guidance entry'} {nxt + 1}")
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


def _message(
    error: Any, rel: Sequence[Any], qtype: str | None, items_key: str | None, whole: str
) -> str:
    """Translate one jsonschema error (at *rel* inside its item or file) to a short message."""
    where = _where(rel)
    subject = where or f"the {whole}"
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
        if rel and rel[-1] == "text" and qtype == "true_false":
            return f"{subject} must be True or False in a true/false question (got {inst!r})"
        options = ", ".join(map(str, error.validator_value))
        return f"{subject} must be one of: {options} (got {inst!r})"
    if kind == "const":
        return f"{subject} must be {error.validator_value!r}"
    if kind == "minItems":
        if items_key and list(rel) == [items_key]:
            return f"the {whole} has no {items_key}"
        return f"{subject} needs at least {error.validator_value} item(s)"
    if kind == "maxItems":
        if qtype == "true_false":
            return "a true/false question has exactly two choices, True and False"
        return f"{subject} allows at most {error.validator_value} item(s)"
    if kind in ("exclusiveMinimum", "minimum"):
        return f"{subject} must be greater than {error.validator_value}"
    if kind == "not" and isinstance(inst, str):
        return f"{subject} contains a control character (such as a terminal escape)"
    if kind == "maxLength":
        return f"{subject} is longer than {error.validator_value} characters"
    return f"{subject}: {error.message}"
