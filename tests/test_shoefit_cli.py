"""`python -m runwell shoe-fit`: JSON and text output, and bad input as exit 2 with one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PYTHON = str(VENV_PYTHON) if VENV_PYTHON.exists() else sys.executable


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "runwell", "shoe-fit", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_json_for_the_worked_example():
    proc = run("--foot-length", "26.5", "--unit", "cm", "--json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    data = json.loads(proc.stdout)
    assert data["foot_length_mm"] == 265.0
    assert data["recommended_length_mm"] == pytest.approx(277.7)
    assert data["allowance_mm"] == 12.7
    assert data["sizes"] == {"us_men": 9.5, "us_women": 11, "uk": 8.5, "eu": 42, "mondopoint": 265}
    assert data["exact_sizes"]["uk"] == 8.3
    assert "Brannock" in data["convention"]
    assert "fit" not in data


def test_json_with_a_fit_check():
    proc = run("--foot-length", "26.5", "--unit", "cm", "--shoe-size", "42", "--system", "eu",
               "--json")
    assert proc.returncode == 0, proc.stderr
    fit = json.loads(proc.stdout)["fit"]
    assert fit["room_mm"] == 15.0
    assert fit["verdict"] == "good"
    assert isinstance(fit["advice"], list) and fit["advice"]
    assert fit["reason"].startswith("A EU 42 shoe leaves about 15 mm")


def test_inches_and_width():
    proc = run("--foot-length", "10", "--unit", "in", "--foot-width", "3.9", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["sizes"]["uk"] == 7
    assert data["mondopoint_label"] == "255/99"


def test_readable_table_without_json():
    proc = run("--foot-length", "265", "--unit", "mm", "--shoe-size", "7.5", "--system", "uk")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "US women's    11" in out
    assert "EU            42" in out
    assert "Fit check: too short." in out
    assert "Educational material, not medical advice" in out


BAD = [
    (["--foot-length", "abc", "--unit", "cm"], "--foot-length: 'abc' is not a number"),
    (["--foot-length", "nan", "--unit", "cm"], "--foot-length: 'nan' is not a finite number"),
    (["--foot-length", "inf", "--unit", "mm"], "not a finite number"),
    (["--foot-length", "0", "--unit", "cm"], "greater than zero"),
    (["--foot-length=-26", "--unit", "cm"], "greater than zero"),
    (["--foot-length", "12", "--unit", "cm"], "outside the accepted foot lengths"),
    (["--foot-length", "500", "--unit", "mm"], "outside the accepted foot lengths"),
    (["--foot-length", "26", "--unit", "ft"], "invalid choice: 'ft'"),
    (["--foot-length", "26", "--unit", "cm", "--foot-width", "x"], "--foot-width: 'x'"),
    (["--foot-length", "26", "--unit", "cm", "--shoe-size", "42"], "also give --system"),
    (["--foot-length", "26", "--unit", "cm", "--system", "eu"], "also give --shoe-size"),
    (["--foot-length", "26", "--unit", "cm", "--shoe-size", "80", "--system", "eu"],
     "--shoe-size: EU 80 is not a size"),
    (["--foot-length", "26", "--unit", "cm", "--shoe-size=-3", "--system", "uk"],
     "--shoe-size: UK -3 is not a size"),
    (["--foot-length", "26", "--unit", "cm", "--shoe-size", "42.5", "--system", "eu"],
     "whole sizes"),
    (["--foot-length", "26", "--unit", "cm", "--shoe-size", "9", "--system", "jp"],
     "invalid choice: 'jp'"),
    (["--unit", "cm"], "required"),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exits_2_with_one_line_on_stderr(args, message):
    proc = run(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert message in lines[0]
