"""Running Without Back Pain: the course kit's package.

All logic lives here; notebooks import it and call one function per widget.
Heavy submodules (widgets, nbconvert) are imported lazily by the code that needs them.
"""

from __future__ import annotations

from runwell.errors import CourseError, Problem

# COURSE_TITLE and NOTICE are English messages of the catalogue; runwell.i18n gives them in
# another language: runwell.i18n.course_title(lang), runwell.i18n.notice(lang).
from runwell.i18n import COURSE_TITLE, NOTICE

__version__ = "0.1.0"
ARTICLE_TITLE = "Minimize Back Pain While Running"  # a citation: never translated

__all__ = ["ARTICLE_TITLE", "COURSE_TITLE", "NOTICE", "CourseError", "Problem", "__version__"]
