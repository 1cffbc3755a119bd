"""Build the HTML handouts (same as `python -m runwell handouts`; takes the same options)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from runwell.cli import main as cli_main


def main(argv: Sequence[str] | None = None) -> int:
    return cli_main(["handouts", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
