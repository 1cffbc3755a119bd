"""Session-wide test settings, shared by the pytest tests and the nbval notebook runs.

Kernels started by nbval inherit this environment, so no test or notebook run ever reads or
writes the maintainer's own quiz progress.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_tmp = Path(tempfile.mkdtemp(prefix="runwell-test-"))
os.environ["RUNWELL_PROGRESS"] = str(_tmp / "progress.json")
os.environ.setdefault("RUNWELL_ROOT", str(Path(__file__).resolve().parent))
# The validated-course cache too: tests never read or fill the maintainer's own cache.
os.environ["RUNWELL_CACHE"] = str(_tmp / "cache")
