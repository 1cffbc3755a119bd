"""Benchmark: our handout build against plain ``jupyter nbconvert --to html``, side by side.

Both tools run as fresh processes over the same notebooks (every lesson and exercise), in
alternation, and the median of the repeats is reported: cold full build (empty output folder),
no-op rebuild (nothing changed; plain nbconvert has no such thing, so it converts again) and the
mean bytes per handout. Goals: cold <= 1.0x, no-op <= 0.3x, bytes <= 0.10x.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from runwell.errors import CourseError
from runwell.paths import course_root, exercise_notebooks, lesson_notebooks

__all__ = ["Measure", "main", "run_bench"]


@dataclass(frozen=True)
class Measure:
    name: str
    plain: float
    ours: float
    unit: str
    goal: float

    @property
    def ratio(self) -> float:
        return self.ours / self.plain if self.plain else float("inf")


def _timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise CourseError(f"{' '.join(cmd[:4])} ... failed: {last}")
    return took


def _nbconvert() -> list[str]:
    jupyter = Path(sys.executable).with_name("jupyter")
    return [str(jupyter), "nbconvert"] if jupyter.exists() else [sys.executable, "-m", "nbconvert"]


def run_bench(root: Path, repeat: int = 3) -> tuple[list[Measure], int]:
    """Measure both tools over the course at *root*; returns the rows and the notebook count."""
    notebooks = lesson_notebooks(root) + exercise_notebooks(root)
    if not notebooks:
        raise CourseError(f"{root}: no notebooks to benchmark")
    with tempfile.TemporaryDirectory(prefix="runwell-bench-") as tmp:
        plain_out, ours_out = Path(tmp) / "plain", Path(tmp) / "ours"
        plain = [*_nbconvert(), "--to", "html", "--output-dir", str(plain_out)]
        plain += [str(p) for p in notebooks]
        ours = [sys.executable, "-m", "runwell", "handouts", "--root", str(root)]
        ours += ["--out", str(ours_out), "--quiet"]
        times: dict[str, list[float]] = {k: [] for k in ("pc", "oc", "pn", "on")}
        for _ in range(repeat):
            shutil.rmtree(plain_out, ignore_errors=True)
            shutil.rmtree(ours_out, ignore_errors=True)
            times["pc"].append(_timed(plain))
            times["oc"].append(_timed(ours))
            times["pn"].append(_timed(plain))  # plain nbconvert: a rebuild converts everything
            times["on"].append(_timed(ours))
        stems = [p.stem for p in notebooks]
        plain_bytes = statistics.mean((plain_out / f"{s}.html").stat().st_size for s in stems)
        ours_bytes = statistics.mean((ours_out / f"{s}.html").stat().st_size for s in stems)
    med = {k: statistics.median(v) for k, v in times.items()}
    rows = [
        Measure("cold full build", med["pc"], med["oc"], "s", 1.0),
        Measure("no-op rebuild", med["pn"], med["on"], "s", 0.3),
        Measure("bytes per handout", plain_bytes / 1024, ours_bytes / 1024, "KB", 0.10),
    ]
    return rows, len(notebooks)


def format_table(rows: Sequence[Measure]) -> str:
    lines = [
        f"{'measure':<19}{'plain nbconvert':>17}{'runwell':>12}{'ratio':>9}{'goal':>9}  verdict",
        "-" * 75,
    ]
    for m in rows:
        fmt = ".2f" if m.unit == "s" else ".1f"
        plain = f"{m.plain:{fmt}} {m.unit}"
        ours = f"{m.ours:{fmt}} {m.unit}"
        verdict = "met" if m.ratio <= m.goal else "MISSED"
        lines.append(
            f"{m.name:<19}{plain:>17}{ours:>12}{m.ratio:>8.2f}x{'<= ' + str(m.goal) + 'x':>9}"
            f"  {verdict}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, help="course folder (default: found from here)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (median)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        root = (args.root or course_root()).resolve()
        rows, count = run_bench(root, args.repeat)
    except CourseError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    print(f"{count} notebooks, median of {args.repeat} run(s) each, tools run alternately")
    print(format_table(rows))
    print("(runwell handouts embed their figures and the static quizzes; plain ones link figures)")
    return 0
