"""`runwell check`: validate the guidance inventory, every quiz bank and the notebooks' references.

Prints one ``path: id: problem`` line per problem and exits 1 when there is any. The same
functions back the traceability tests, so the command and the tests cannot disagree.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import nbformat
import yaml

from runwell.errors import Problem, display_path
from runwell.guidance import GuidancePoint, validate_inventory
from runwell.paths import course_root, data_file, exercise_notebooks, lesson_notebooks

# The article's advertising must never reach learners (clinic, city, phone number).
ADVERTISING = re.compile(r"spine\s+institute|santa\s+monica|828\W?7757|\(310\)", re.IGNORECASE)


def notebook_teaches(nb: nbformat.NotebookNode) -> set[str]:
    """Guidance ids a notebook teaches: markdown cells list them in ``metadata.runwell.teaches``."""
    ids: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            ids.update(cell.metadata.get("runwell", {}).get("teaches", []))
    return ids


def check_inventory(path: Path, root: Path) -> tuple[list[GuidancePoint], list[Problem]]:
    shown = display_path(path, root)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        return [], [Problem(shown, "-", f"cannot read: {' '.join(str(exc).split())}")]
    return validate_inventory(raw, shown)


def check_notebooks(
    root: Path, points: list[GuidancePoint]
) -> tuple[list[Problem], dict[str, set[str]]]:
    """Each guidance point's lesson exists and teaches it; no notebook teaches an unknown id."""
    problems: list[Problem] = []
    known = {p.id for p in points}
    taught: dict[str, set[str]] = {}
    for path in lesson_notebooks(root) + exercise_notebooks(root):
        shown = display_path(path, root)
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # nbformat raises several unrelated types for broken files
            problems.append(Problem(shown, "-", f"not a readable notebook: {exc}"))
            continue
        ids = notebook_teaches(nb)
        taught[path.stem] = ids
        for unknown in sorted(ids - known):
            problems.append(Problem(shown, unknown, "teaches an unknown guidance id"))
        for n, cell in enumerate(nb.cells, start=1):
            if ADVERTISING.search(cell.source):
                problems.append(Problem(shown, f"cell {n}", "contains the article's advertising"))
    lessons = {p.stem for p in lesson_notebooks(root)}
    for point in points:
        if point.lesson not in lessons:
            problems.append(
                Problem("guidance.yaml", point.id, f"lesson {point.lesson!r} has no notebook")
            )
        elif point.id not in taught.get(point.lesson, set()):
            problems.append(
                Problem(
                    f"notebooks/{point.lesson}.ipynb",
                    point.id,
                    "not taught: no markdown cell lists it in metadata.runwell.teaches",
                )
            )
    return problems, taught


def run_checks(root: Path) -> list[Problem]:
    """Every problem in the course content, in a stable order."""
    from runwell.quiz.bank import load_banks  # the quiz engine owns bank validation

    points, problems = check_inventory(data_file("guidance.yaml"), root)
    nb_problems, _ = check_notebooks(root, points)
    problems += nb_problems
    banks, bank_problems = load_banks(root / "notebooks" / "quizzes", {p.id for p in points})
    problems += bank_problems
    lessons = {p.stem for p in lesson_notebooks(root)}
    tested: set[str] = set()
    for bank in banks.values():
        if bank.lesson not in lessons:
            problems.append(
                Problem(
                    f"notebooks/quizzes/{bank.lesson}.yaml", "-", "no lesson notebook of that name"
                )
            )
        for question in bank.questions:
            tested.update(question.guidance)
    for point in points:
        if point.id not in tested:
            problems.append(
                Problem("notebooks/quizzes", point.id, "no question tests this guidance")
            )
    return problems


def command(args: argparse.Namespace) -> int:
    root = (args.root or course_root()).resolve()
    problems = run_checks(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", flush=True)
        return 1
    print("ok: guidance inventory, quiz banks and notebooks are consistent")
    return 0
