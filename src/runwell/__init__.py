"""Running Without Back Pain: the course kit's package.

All logic lives here; notebooks import it and call one function per widget.
Heavy submodules (widgets, nbconvert) are imported lazily by the code that needs them.
"""

from __future__ import annotations

from runwell.errors import CourseError, Problem

__version__ = "0.1.0"
ARTICLE_TITLE = "Minimize Back Pain While Running"
COURSE_TITLE = "Running Without Back Pain"
NOTICE = (
    "Educational material, not medical advice. It does not diagnose or treat any condition; "
    "for pain that lingers, worsens or affects daily life, see a qualified doctor."
)

__all__ = ["ARTICLE_TITLE", "COURSE_TITLE", "NOTICE", "CourseError", "Problem", "__version__"]
