"""Benchmark the class report: a thousand learners' progress files, read, merged and written.

Generates synthetic progress files (a fixed random seed, so every run is the same class) in a
temporary folder, then times the report in-process (reading the files, building the tables,
writing the CSV and HTML) and the ``python -m runwell report`` command end to end. Prints the
figures; exits 1 if either takes longer than ``--budget`` seconds.

    .venv/bin/python scripts/bench_report.py [--learners 1000] [--budget 5]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from runwell.report import build_report, html_page, learners_csv, questions_csv, read_files

# A class's worth of lessons and questions (ids need not match the real banks for timing).
LESSONS = {
    "00_welcome": 4,
    "01_warm_up": 5,
    "02_strength_and_cross_training": 5,
    "03_supportive_shoes": 6,
    "04_forgiving_surfaces": 4,
    "05_when_it_hurts": 6,
    "06_review": 8,
}


def synthetic_progress(n: int, rng: random.Random) -> dict[str, object]:
    """One learner's file: most lessons answered, harder questions missed more often."""
    answers: dict[str, dict[str, object]] = {}
    for lesson, count in LESSONS.items():
        if rng.random() < 0.1:
            continue  # this learner skipped the lesson
        answers[lesson] = {
            f"{lesson[3:]}-{k + 1}": {
                "answer": rng.randrange(4),
                "correct": rng.random() > 0.1 + 0.08 * k,
                "time": f"2025-03-{1 + rng.randrange(28):02d}T{rng.randrange(24):02d}:00:00Z",
                "attempts": 1 + rng.randrange(3),
            }
            for k in range(count)
        }
    return {"format": "runwell-progress", "version": 1, "learner": f"Learner {n:04d}",
            "answers": answers}


def make_class(folder: Path, learners: int, seed: int = 2024) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for n in range(learners):
        path = folder / f"learner-{n:04d}.json"
        path.write_text(json.dumps(synthetic_progress(n, rng), indent=2), encoding="utf-8")
        paths.append(path)
    # a few files a real class would hand in by mistake
    (folder / "notes.json").write_text('{"todo": []}', encoding="utf-8")
    (folder / "broken.json").write_text('{"format": "runwell-progress", "ver', encoding="utf-8")
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000, help="how many progress files")
    parser.add_argument("--budget", type=float, default=5.0, help="seconds allowed in total")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="runwell-bench-") as tmp:
        folder = Path(tmp) / "class"
        folder.mkdir()
        t0 = time.perf_counter()
        make_class(folder, args.learners)
        t_make = time.perf_counter() - t0

        t0 = time.perf_counter()
        files, skipped = read_files([folder])
        t_read = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = build_report(files, skipped)
        t_build = time.perf_counter() - t0
        t0 = time.perf_counter()
        csv_text = questions_csv(report) + learners_csv(report)
        page = html_page(report)
        (Path(tmp) / "report.csv").write_text(csv_text, encoding="utf-8")
        (Path(tmp) / "report.html").write_text(page, encoding="utf-8")
        t_write = time.perf_counter() - t0

        # the command an instructor runs, start-up included
        t0 = time.perf_counter()
        cli = subprocess.run(
            [sys.executable, "-m", "runwell", "report", str(folder),
             "--csv", str(Path(tmp) / "cli.csv"), "--html", str(Path(tmp) / "cli.html")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
        )
        t_cli = time.perf_counter() - t0
        if cli.returncode != 0:
            print(f"bench_report: runwell report failed: {cli.stderr.strip()}", file=sys.stderr)
            return 1

    total = t_read + t_build + t_write
    answers = sum(s.answered for s in report.learners)
    print(f"learners read      {len(files)} ({len(skipped)} files skipped), {answers} answers")
    print(f"questions          {len(report.questions)}")
    print(f"generate files     {t_make:.3f} s (not counted)")
    print(f"read and validate  {t_read:.3f} s")
    print(f"merge tables       {t_build:.3f} s")
    print(f"CSV + HTML         {t_write:.3f} s ({len(page) // 1024} KiB of HTML)")
    print(f"total in-process   {total:.3f} s")
    print(f"runwell report CLI {t_cli:.3f} s end to end (budget {args.budget:g} s)")
    if max(total, t_cli) > args.budget:
        print(f"bench_report: over budget: {max(total, t_cli):.2f} s > {args.budget:g} s",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
