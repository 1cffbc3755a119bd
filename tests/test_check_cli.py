"""`python -m runwell check` on a copy of the course with a broken quiz bank: exit 1, one
``path: question-id: problem`` line per problem, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BROKEN = Path(__file__).parent / "fixtures" / "quizzes" / "broken"

CASES = {
    "invalid_yaml": "notebooks/quizzes/01_sample.yaml: -: invalid YAML at line 7, column 4: ",
    "unknown_key_question": "notebooks/quizzes/01_sample.yaml: q-one: unknown key(s): explain ",
    "no_correct": "notebooks/quizzes/01_sample.yaml: q-one: no correct answer: "
    "mark a choice with 'correct: true'",
    "numeric_without_tolerance": "notebooks/quizzes/01_sample.yaml: q-one: "
    "missing required key 'tolerance'",
    "duplicate_across_banks": "notebooks/quizzes/02_other.yaml: q-one: duplicate question id "
    "(also in notebooks/quizzes/01_sample.yaml)",
}


def _copy_course(tmp_path: Path) -> Path:
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for name in ("notebooks", "exercises"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name, ignore=ignore)
    (tmp_path / "notebooks" / "quizzes").mkdir(parents=True, exist_ok=True)
    return tmp_path


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RUNWELL_ROOT": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "runwell", "check"],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
    )


@pytest.mark.parametrize("scenario", sorted(CASES))
def test_check_refuses_a_broken_bank(tmp_path: Path, scenario: str) -> None:
    root = _copy_course(tmp_path)
    for bank in (BROKEN / scenario).glob("*.yaml"):
        shutil.copy(bank, root / "notebooks" / "quizzes" / bank.name)
    result = _check(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stdout.splitlines()
    assert any(line.startswith(CASES[scenario]) for line in lines), result.stdout
    assert lines[-1].endswith("problem(s) found")
