"""``runwell progress``: the learner's standing per lesson, their name for the class report, and
forgetting saved answers."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from runwell.errors import clean_text, unsafe_char
from runwell.progress import load, reset, set_learner
from runwell.progress.standing import standing
from runwell.progress.store import progress_path

__all__ = ["command", "standing_json", "terminal_json"]


def _confirm(question: str) -> bool:
    try:
        reply = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return reply.strip().lower() in ("y", "yes")


def terminal_json(data: Any) -> str:
    """*data* as indented JSON that is safe to print: every character that could rewrite a
    terminal (C1 controls, bidirectional overrides…) is written as a ``\\uXXXX`` escape, so the
    JSON means the same and the terminal shows it as text."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(_escape(c) if c != "\n" and unsafe_char(c) else c for c in text)


def _escape(char: str) -> str:
    n = ord(char)
    if n <= 0xFFFF:
        return f"\\u{n:04x}"
    n -= 0x10000
    return f"\\u{0xD800 + (n >> 10):04x}\\u{0xDC00 + (n & 0x3FF):04x}"


def standing_json(data: dict[str, Any], course: Any) -> dict[str, Any]:
    """``{"learner", "lessons": {lesson: {"correct", "answered", "total"}}, "orphans": [...]}``."""
    rows, orphans = standing(data, course)
    return {
        "learner": data.get("learner", ""),
        "lessons": {
            s.lesson: {"correct": s.correct, "answered": s.answered, "total": s.total}
            for s in rows
        },
        "orphans": [
            {"lesson": o.lesson, "question": o.question, "reason": o.reason} for o in orphans
        ],
    }


def command(args: argparse.Namespace) -> int:
    """``runwell progress [--reset [LESSON] | --learner NAME] [--yes] [--json]``."""
    from runwell import course as model

    path = progress_path()
    shown = clean_text(path, 400)
    learner = getattr(args, "learner", None)
    if learner is not None:
        name = set_learner(learner, path=path)
        print(f"learner name set to {clean_text(name)} (in {shown})")
        return 0
    if args.reset:
        lesson = None if args.reset == "all" else args.reset
        what = "all saved quiz answers" if lesson is None else f"the saved answers for {lesson}"
        what = clean_text(what)
        if not args.yes and not _confirm(f"Forget {what} in {shown}?"):
            print("nothing reset (pass --yes to skip the question)")
            return 1
        n = reset(lesson, path=path)
        print(f"forgot {n} answer{'' if n == 1 else 's'} ({what})")
        return 0
    data = load(path)
    course = model.load()
    for problem in course.problems:  # a quiz bank that could not be read at all
        if problem.item == "-" and problem.path.endswith(".yaml"):
            print(f"runwell: warning: {clean_text(problem, 300)} (its quiz is left out; "
                  "run `runwell check`)", file=sys.stderr)
    result = standing_json(data, course)
    if args.json:
        print(terminal_json({"path": str(path), **result}))
        return 0
    name = clean_text(result["learner"])
    print(f"progress file: {shown}")
    print(f"learner: {name}" if name else "learner: no name yet (runwell progress --learner NAME)")
    rows, orphans = standing(data, course)
    if not any(s.answered for s in rows):
        print("no quiz answers saved yet")
    for s in rows:
        print(s)
    if orphans:
        print(f"{len(orphans)} saved answer(s) no longer fit the course and are not counted:")
        for o in orphans:
            print(f"  {clean_text(o)}")
    return 0
