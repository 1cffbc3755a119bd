"""Build the zero-install (JupyterLite) site into build/lite/ (`make lite`).

See runwell.lite.build for the steps; `--check` only checks an existing site for other hosts.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from runwell.lite.build import main as build_main


def main(argv: Sequence[str] | None = None) -> int:
    return build_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
