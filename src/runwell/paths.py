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


def lesson_notebooks(root: Path | None = None) -> list[Path]:
    """The lesson notebooks in teaching order (``NN_name.ipynb``)."""
    base = (root or course_root()) / "notebooks"
    return sorted(p for p in base.glob("[0-9][0-9]_*.ipynb"))


def exercise_notebooks(root: Path | None = None) -> list[Path]:
    base = (root or course_root()) / "exercises"
    return sorted(p for p in base.glob("[0-9][0-9]_*.ipynb"))


def data_file(name: str) -> Path:
    """A file shipped in the package's ``data/`` folder (CSS, templates, tables, schemas)."""
    return Path(str(resources.files("runwell") / "data" / name))
