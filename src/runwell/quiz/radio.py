"""A single-choice answer group whose radio buttons work with the arrow keys in JupyterLab.

ipywidgets' ``RadioButtons`` renders radios without a shared ``name`` (so the browser does not
treat them as one group), and JupyterLab's command-mode shortcuts take ArrowUp / ArrowDown from any
focused radio to move the cell selection. :class:`RadioGroup` renders real grouped radios, each
marked ``data-lm-suppress-shortcuts`` (Lumino's opt-out) while one of its own keys (arrows, Space)
is pressed, through anywidget, which needs no extension build: its front end ships in its wheel
and conda package. The browser code is ``runwell/data/radio_group.js``.

The Python side mirrors ``RadioButtons``: ``options`` is a list of ``(label, value)`` pairs,
``value`` is one of the values or None, ``description`` labels the group.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import anywidget
import traitlets

__all__ = ["RadioGroup"]

_ESM = files("runwell").joinpath("data/radio_group.js").read_text(encoding="utf-8")


class RadioGroup(anywidget.AnyWidget):
    """Radio buttons sharing one name, labelled by *description*."""

    _esm = _ESM
    options = traitlets.List(traitlets.Tuple(traitlets.Unicode(), traitlets.Int())).tag(sync=True)
    value = traitlets.Int(None, allow_none=True).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("runwell-radio")

    @traitlets.validate("value")
    def _valid_value(self, proposal: dict[str, Any]) -> int | None:
        value = proposal["value"]
        if value is not None and value not in [v for _text, v in self.options]:
            raise traitlets.TraitError(f"{value!r} is not one of the options' values")
        return value

    def __repr__(self) -> str:
        n = len(self.options)
        return f"RadioGroup({self.description!r}, {n} options, value={self.value!r})"
