"""Benchmark the class report: a thousand learners' progress files, read, merged and written.

Generates synthetic progress files over the real quiz banks (a fixed random seed, so every run
is the same class) in a temporary folder, then times the report in-process (reading the files,
building the tables, writing the CSV and HTML) and the ``python -m runwell report`` command
end to end. Prints the figures; with ``--budget``, exits 1 if either takes longer.

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

from runwell import course as model
from runwell.course import Course
from runwell.report import build_report, html_page, learners_csv, questions_csv, read_files


def synthetic_progress(n: int, rng: random.Random, course: Course) -> dict[str, object]:
    """One learner's file over the real banks: most lessons answered, some answers wrong."""
    answers: dict[str, dict[str, object]] = {}
    for lesson, bank in course.usable_banks.items():
        if rng.random() < 0.1:
            continue  # this learner skipped the lesson
        entries: dict[str, object] = {}
        for k, q in enumerate(bank.questions):
            wrong = rng.random() < 0.1 + 0.05 * k
            if q.type == "numeric":
                answer: object = (q.answer or 0) + (10 * (q.tolerance or 1) if wrong else 0)
            else:
                right = sorted(q.correct_ids)
                others = [c.id for c in q.choices if not c.correct]
                answer = [rng.choice(others)] if wrong and others else right
            entries[q.id] = {
                "answer": answer,
                "time": f"2025-03-{1 + rng.randrange(28):02d}T{rng.randrange(24):02d}:00:00Z",
                "attempts": 1 + rng.randrange(3),
            }
        answers[lesson] = entries
    return {"format": "runwell-progress", "version": 2, "learner": f"Learner {n:04d}",
            "answers": answers}


def make_class(folder: Path, learners: int, course: Course, seed: int = 2024) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for n in range(learners):
        path = folder / f"learner-{n:04d}.json"
        data = synthetic_progress(n, rng, course)
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        paths.append(path)
    # a few files a real class would hand in by mistake
    (folder / "notes.json").write_text('{"todo": []}', encoding="utf-8")
    (folder / "broken.json").write_text('{"format": "runwell-progress", "ver', encoding="utf-8")
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000, help="how many progress files")
    parser.add_argument("--budget", type=float, default=None,
                        help="exit 1 when either figure takes longer (seconds; default: none)")
    args = parser.parse_args(argv)
    course = model.load()

    with tempfile.TemporaryDirectory(prefix="runwell-bench-") as tmp:
        folder = Path(tmp) / "class"
        folder.mkdir()
        t0 = time.perf_counter()
        make_class(folder, args.learners, course)
        t_make = time.perf_counter() - t0

        t0 = time.perf_counter()
        files, skipped = read_files([folder], course)
        t_read = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = build_report(files, course, skipped)
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
    budget = f" (budget {args.budget:g} s)" if args.budget is not None else ""
    print(f"runwell report CLI {t_cli:.3f} s end to end{budget}")
    if args.budget is not None and max(total, t_cli) > args.budget:
        print(f"bench_report: over budget: {max(total, t_cli):.2f} s > {args.budget:g} s",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
