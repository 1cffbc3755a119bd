"""Shared pytest settings for tests/.

`make test` runs pytest with --nbval over notebooks/ and exercises/; notebooks under tests/ are
fixtures (some deliberately broken), never collected as notebook tests.
"""

from __future__ import annotations

collect_ignore_glob = ["**/*.ipynb", "*.ipynb"]
