"""The order choices are shown in: part of the model, the same in every view.

Choices are shuffled unless the question (or its bank) opts out. The shuffle is a sort by a hash
of the question id and each choice's id, so it is the same on every run, machine and Python
version, it does not depend on the order the choices are written in the bank, and rewording a
choice does not move it. True/false questions always show True, then False.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

__all__ = ["display_order"]


def display_order(
    question_id: str, qtype: str, choice_ids: Sequence[str], shuffle: bool
) -> tuple[int, ...]:
    """Indices into *choice_ids* (bank order) in the order to show them."""
    indices = range(len(choice_ids))
    if qtype == "true_false":
        return tuple(sorted(indices, key=lambda i: choice_ids[i] != "true"))
    if not shuffle:
        return tuple(indices)

    def key(i: int) -> bytes:
        return hashlib.sha256(f"{question_id}\x1f{choice_ids[i]}".encode()).digest()

    return tuple(sorted(indices, key=key))
