"""Benchmark the zero-install site: build time, size, time to a usable quiz (`make bench`)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from runwell.lite.bench import main as bench_main


def main(argv: Sequence[str] | None = None) -> int:
    return bench_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
