"""Rules about the course as a whole that no single file's schema can state (pure, no files).

Each rule takes the model and returns problems (``runwell check`` fails) or warnings (it prints
them and passes).
"""

from __future__ import annotations

from collections import Counter

from runwell.course.model import LETTERS, Course
from runwell.errors import Problem

__all__ = [
    "LONGEST_SHARE",
    "POSITION_SHARE",
    "answer_pattern_problems",
    "coverage_problems",
    "longest_choice_warnings",
    "translation_problems",
]

#: No displayed position may hold more than this share of the single-choice keys.
POSITION_SHARE = 0.40
#: Warn when the correct choice is the longest in more than this share of choice questions.
LONGEST_SHARE = 0.50


def answer_pattern_problems(course: Course) -> list[Problem]:
    """Answers must not be guessable by position: across the course's single-choice questions
    no shown position (A, B, …) holds more than 40% of the keys, and no multiple-choice key is
    "every choice but the last" (nor every choice)."""
    problems: list[Problem] = []
    positions: Counter[int] = Counter()
    where: dict[int, list[str]] = {}
    for bank in course.banks.values():
        for q in bank.questions:
            marks = [c.correct for c in q.shown]
            if q.type == "single" and True in marks:
                pos = marks.index(True)
                positions[pos] += 1
                where.setdefault(pos, []).append(q.id)
            elif q.type == "multiple" and len(marks) > 2 and all(marks[:-1]):
                what = "every choice" if marks[-1] else "every choice but the last"
                problems.append(
                    Problem(bank.path, q.id, f"the key is {what} as shown: add or reword "
                            "distractors so the answer cannot be guessed by position")
                )
    total = sum(positions.values())
    for pos, count in sorted(positions.items()):
        if total >= 5 and count / total > POSITION_SHARE:
            problems.append(
                Problem("notebooks/quizzes", f"position {LETTERS[pos]}",
                        f"{count} of {total} single-choice keys ({count / total:.0%}) are shown "
                        f"at {LETTERS[pos]}; at most {POSITION_SHARE:.0%} may share a position "
                        f"(e.g. {', '.join(where[pos][:3])})")
            )
    return problems


def longest_choice_warnings(course: Course) -> list[Problem]:
    """A warning when the correct choice is the (strictly) longest in more than half of the
    choice questions: learners learn to pick the longest answer."""
    longest: list[str] = []
    counted = 0
    for bank in course.banks.values():
        for q in bank.questions:
            if q.type not in ("single", "multiple"):
                continue
            counted += 1
            lengths = sorted((len(c.text), c.correct) for c in q.choices)
            if len(lengths) > 1 and lengths[-1][1] and lengths[-1][0] > lengths[-2][0]:
                longest.append(q.id)
    if counted and len(longest) / counted > LONGEST_SHARE:
        return [
            Problem("notebooks/quizzes", "longest-choice",
                    f"the correct choice is the longest in {len(longest)} of {counted} choice "
                    f"questions (more than {LONGEST_SHARE:.0%}); reword some distractors "
                    f"(e.g. {', '.join(longest[:4])})")
        ]
    return []


def coverage_problems(course: Course) -> list[Problem]:
    """Every guidance point is taught by its lesson and tested by a question; lessons teach only
    known points; every bank belongs to a lesson notebook."""
    problems: list[Problem] = []
    lessons = {p.stem: p for p in course.lessons}
    for page in course.pages:
        for unknown in sorted(page.teaches - set(course.guidance)):
            problems.append(Problem(_shown(page.source, course), unknown,
                                    "teaches an unknown guidance id"))
    tested = {g for b in course.banks.values() for q in b.questions for g in q.guidance}
    for point in course.guidance.values():
        lesson = lessons.get(point.lesson)
        if lesson is None:
            problems.append(Problem("src/runwell/data/guidance.yaml", point.id,
                                    f"lesson {point.lesson!r} has no notebook"))
        elif point.id not in lesson.teaches:
            problems.append(Problem(f"notebooks/{point.lesson}.ipynb", point.id,
                                    "not taught: no markdown cell lists it in "
                                    "metadata.runwell.teaches"))
        if point.id not in tested:
            problems.append(Problem("notebooks/quizzes", point.id,
                                    "no question tests this guidance"))
    for name, bank in sorted(course.banks.items()):
        if name not in lessons:
            problems.append(Problem(bank.path, "-", "no lesson notebook of that name"))
    return problems


def _shown(path: object, course: Course) -> str:
    from pathlib import Path

    from runwell.errors import display_path

    return display_path(Path(str(path)), Path(course.root) if course.root else None)


#: Cell tags a translated page carries exactly where the English page does.
MIRRORED_TAGS = ("objectives", "notice", "keypoints", "solution", "solution-only", "details",
                 "remove-handout")


def translation_problems(course: Course, english: Course) -> list[Problem]:
    """A translated edition (*course*) mirrors the English one (*english*) page by page: a
    folder of the edition that exists (``notebooks/<lang>/``, ``exercises/<lang>/``) has every
    page of its English folder and no other; each page teaches the same guidance ids and
    carries the same additions, has the same minutes and a question, and uses the anatomy's
    tags as often as the English page; every translated bank belongs to a translated lesson when
    the edition has lessons. (The banks' own structure is checked as they load.)"""
    problems: list[Problem] = []
    theirs = {(p.kind, p.stem): p for p in english.pages}
    mine = {(p.kind, p.stem): p for p in course.pages}
    for kind in ("lesson", "exercise"):
        if not any(k == kind for k, _ in mine):
            continue
        for (k, stem), page in sorted(theirs.items()):
            if k == kind and (k, stem) not in mine:
                problems.append(Problem(_shown(page.source, english), course.lang,
                                        f"no {course.lang} translation of this {kind}"))
    for key, page in sorted(mine.items()):
        shown = _shown(page.source, course)
        other = theirs.get(key)
        if other is None:
            problems.append(Problem(shown, "-", f"no English {page.kind} of that name"))
            continue
        if page.teaches != other.teaches:
            ids = ", ".join(sorted(other.teaches))
            problems.append(Problem(shown, "teaches", "the guidance ids its cells teach differ "
                                    f"from the English page's ({ids})"))
        if page.additions != other.additions:
            ids = ", ".join(sorted(other.additions))
            problems.append(Problem(shown, "adds", "the additions its cells carry differ from "
                                    f"the English page's ({ids})"))
        if page.minutes != other.minutes:
            problems.append(Problem(shown, "minutes", f"{page.minutes} minutes; the English page "
                                    f"takes {other.minutes}"))
        if not page.question:
            problems.append(Problem(shown, "question", "no question in metadata.runwell"))
        for tag in MIRRORED_TAGS:
            have = sum(tag in t for t in page.tags)
            want = sum(tag in t for t in other.tags)
            if have != want:
                problems.append(Problem(shown, tag, f"{have} cell(s) tagged {tag!r}; the English "
                                        f"page has {want}"))
        if page.banks != other.banks:
            problems.append(Problem(shown, "quiz", f"shows the quizzes {list(page.banks)}; the "
                                    f"English page shows {list(other.banks)}"))
    lessons = {stem for kind, stem in mine if kind == "lesson"}
    if lessons:
        for name, bank in sorted(course.banks.items()):
            if name not in lessons:
                problems.append(Problem(bank.path, "-", "no lesson notebook of that name"))
    return problems
