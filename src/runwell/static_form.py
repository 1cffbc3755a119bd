"""The contract between the live widgets and the handouts.

A live widget (quiz, shoe-fit calculator, progress summary) publishes, beside its widget view and
its short ``text/plain`` repr, a small JSON payload under :data:`STATIC_MIME` saying what it is,
e.g. ``{"widget": "quiz", "bank": "01_warm_up"}``. Strict nbval compares it like any output, and
the handout build swaps any output carrying it for the widget's static HTML.
"""

from __future__ import annotations

from typing import Any

__all__ = ["STATIC_MIME", "WIDGET_VIEW_MIME", "StaticForm"]

STATIC_MIME = "application/vnd.runwell.static+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


class StaticForm:
    """Mixin for an ipywidgets widget (put it first in the bases) that names its static form."""

    def static_spec(self) -> dict[str, str]:
        """The payload under :data:`STATIC_MIME`: ``{"widget": kind, …}``."""
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        data = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        if data is not None:
            data[STATIC_MIME] = self.static_spec()
        return data
