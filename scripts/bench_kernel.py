"""Benchmark what a learner waits for: a lesson's quiz in a fresh kernel (`make bench`).

Starts a new IPython kernel for every run (as JupyterLab does when a learner opens a lesson) and
times, inside it, ``from runwell import quiz; quiz.show("03_supportive_shoes")`` with the widget's
display payload built, the way a notebook cell produces it. Two cases:

- **warm cache**: the validated course is in the disk cache (any earlier `runwell check`, handout
  build or quiz left it there): what every learner after the first waits for;
- **cold cache**: an empty cache folder, so the kernel validates the course itself (jsonschema).

ipywidgets' own import is reported apart (it happens whatever the kit does). Prints the median of
``--repeat`` fresh kernels for each case.

    .venv/bin/python scripts/bench_kernel.py [--repeat 5] [--lesson 03_supportive_shoes]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Sequence

CODE = """
import time as _t
_t0 = _t.perf_counter()
import ipywidgets
_t1 = _t.perf_counter()
from runwell import quiz
_w = quiz.show({lesson!r})
_w._repr_mimebundle_()
_t2 = _t.perf_counter()
print(f"{{_t1 - _t0:.4f}} {{_t2 - _t1:.4f}} {{_t2 - _t0:.4f}}")
"""


def one_run(lesson: str, env: dict[str, str]) -> tuple[float, float, float]:
    """(ipywidgets import, runwell import + show, total) in a fresh kernel, in seconds."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3", env=env)
    try:
        out: list[str] = []

        def collect(msg: dict) -> None:
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                out.append("ERROR " + msg["content"]["ename"] + ": " + msg["content"]["evalue"])

        reply = kc.execute_interactive(CODE.format(lesson=lesson), timeout=120,
                                       output_hook=collect)
        if reply["content"]["status"] != "ok":
            raise SystemExit(f"bench_kernel: the cell failed: {''.join(out).strip()}")
        widgets, ours, total = (float(x) for x in "".join(out).split()[:3])
        return widgets, ours, total
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="fresh kernels per case (median)")
    parser.add_argument("--lesson", default="03_supportive_shoes")
    args = parser.parse_args(argv)
    from runwell import course

    course.load().bank(args.lesson)  # fills the disk cache, and checks the lesson exists
    with tempfile.TemporaryDirectory(prefix="runwell-bench-kernel-") as tmp:
        base = {**os.environ, "RUNWELL_PROGRESS": os.path.join(tmp, "progress.json")}
        cases = {
            "warm cache": base,
            "cold cache": {**base, "RUNWELL_CACHE": os.path.join(tmp, "empty-cache-{n}")},
        }
        print(f"{args.lesson}: median of {args.repeat} fresh kernels each (seconds)")
        print(f"{'case':<12}{'ipywidgets':>12}{'runwell':>10}{'total':>9}   goal: total <= 0.30")
        for name, env in cases.items():
            runs = []
            for n in range(args.repeat):
                run_env = {k: v.replace("{n}", str(n)) for k, v in env.items()}
                runs.append(one_run(args.lesson, run_env))
            med = [statistics.median(r[i] for r in runs) for i in range(3)]
            verdict = "met" if med[2] <= 0.30 else "MISSED"
            verdict = verdict if name == "warm cache" else "(first learner after an edit)"
            print(f"{name:<12}{med[0]:>12.3f}{med[1]:>10.3f}{med[2]:>9.3f}   {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
