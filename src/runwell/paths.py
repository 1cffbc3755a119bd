"""Where the course lives on disk.

The course root is the folder holding ``notebooks/quizzes``. Notebooks run with their own folder
as the working directory, so we look upwards from there; ``RUNWELL_ROOT`` overrides the search.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from runwell.errors import CourseError

ROOT_ENV = "RUNWELL_ROOT"


def course_root(start: Path | str | None = None) -> Path:
    """Return the course root: ``$RUNWELL_ROOT``, else the nearest folder above *start* (or the
    working directory) that has ``notebooks/quizzes``, else the source checkout of this package."""
    env = os.environ.get(ROOT_ENV)
    if env:
        root = Path(env).expanduser()
        if not (root / "notebooks").is_dir():
            raise CourseError(f"{ROOT_ENV}={env}: no notebooks/ folder there")
        return root.resolve()
    here = Path(start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "notebooks" / "quizzes").is_dir():
            return candidate
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "notebooks" / "quizzes").is_dir():
        return checkout
    raise CourseError(
        f"{here}: not inside the course (no notebooks/quizzes above it); "
        f"run from the course folder or set {ROOT_ENV}"
    )


def bank_dir(root: Path, lang: str = "en") -> Path:
    """The folder of a language's quiz banks: ``notebooks/quizzes`` (``…/quizzes/<lang>``)."""
    base = root / "notebooks" / "quizzes"
    return base if lang == "en" else base / lang


def edition_dir(root: Path, folder: str, lang: str = "en") -> Path:
    """A folder of one edition: ``root/folder`` in English, ``root/folder/<lang>`` otherwise
    (``notebooks/es``, ``exercises/es``)."""
    return root / folder if lang == "en" else root / folder / lang


def lesson_notebooks(root: Path | None = None, lang: str = "en") -> list[Path]:
    """The lesson notebooks of an edition in teaching order (``NN_name.ipynb``)."""
    base = edition_dir(root or course_root(), "notebooks", lang)
    return sorted(p for p in base.glob("[0-9][0-9]_*.ipynb"))


def exercise_notebooks(root: Path | None = None, lang: str = "en") -> list[Path]:
    """The exercise notebooks of an edition, in order."""
    base = edition_dir(root or course_root(), "exercises", lang)
    return sorted(p for p in base.glob("[0-9][0-9]_*.ipynb"))


def edition_exists(root: Path, lang: str) -> bool:
    """Whether the course folder has any part of the *lang* edition (lessons, exercises or
    quiz banks). English always exists."""
    if lang == "en":
        return True
    return any(d.is_dir() for d in (edition_dir(root, "notebooks", lang),
                                     edition_dir(root, "exercises", lang), bank_dir(root, lang)))


def data_file(name: str) -> Path:
    """A file shipped in the package's ``data/`` folder (CSS, templates, tables, schemas)."""
    return Path(str(resources.files("runwell") / "data" / name))
