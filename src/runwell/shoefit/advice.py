"""Fit advice around the numbers: the article's shoe guidance, then what the course adds.

The text lives in ``runwell/data/shoefit.yaml``. Items that go beyond the article "Minimize Back
Pain While Running" are marked and name a mainstream source; the article's own items name the
guidance id they paraphrase.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from runwell.errors import CourseError
from runwell.paths import data_file

__all__ = [
    "DATA_FILE",
    "AdviceItem",
    "advice_items",
    "article_advice",
    "beyond_advice",
    "fit_advice",
    "measure_steps",
    "sources",
]

DATA_FILE = "shoefit.yaml"


@dataclass(frozen=True)
class AdviceItem:
    id: str
    text: str
    beyond: bool = False
    source: str | None = None  # key of sources (beyond the article)
    guidance: str | None = None  # guidance id (the article's own points)
    also: str | None = None  # a further source key

    @property
    def citation(self) -> str:
        """Where the item comes from, in words."""
        if not self.beyond:
            return sources()["article"]
        cited = [sources()[self.source]] if self.source else []
        if self.also:
            cited.append(sources()[self.also])
        return "; ".join(cited)

    def render(self) -> str:
        """One line: the text, marked "Beyond the article" with its source where it applies."""
        if self.beyond:
            return f"Beyond the article: {self.text} (Source: {self.citation}.)"
        return f"{self.text} (The article.)"


@cache
def _data() -> dict[str, Any]:
    path = data_file(DATA_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CourseError(f"{path}: cannot read the shoe-fit data: {exc}") from exc
    if not isinstance(data, dict):
        raise CourseError(f"{path}: expected a mapping at the top")
    return data


@cache
def sources() -> dict[str, str]:
    return {str(k): " ".join(str(v).split()) for k, v in _data()["sources"].items()}


@cache
def advice_items() -> tuple[AdviceItem, ...]:
    items = []
    for raw in _data()["advice"]:
        item = AdviceItem(
            id=raw["id"],
            text=" ".join(raw["text"].split()),
            beyond=bool(raw.get("beyond", False)),
            source=raw.get("source"),
            guidance=raw.get("guidance"),
            also=raw.get("also"),
        )
        for key in (item.source, item.also):
            if key is not None and key not in sources():
                raise CourseError(f"{DATA_FILE}: {item.id}: unknown source {key!r}")
        if item.beyond and item.source is None:
            raise CourseError(f"{DATA_FILE}: {item.id}: beyond the article but no source")
        items.append(item)
    return tuple(items)


def article_advice() -> tuple[AdviceItem, ...]:
    """The article's own shoe advice, paraphrased."""
    return tuple(i for i in advice_items() if not i.beyond)


def beyond_advice() -> tuple[AdviceItem, ...]:
    """What the course adds, each item with its source."""
    return tuple(i for i in advice_items() if i.beyond)


def _item(item_id: str) -> AdviceItem:
    return {i.id: i for i in advice_items()}[item_id]


@cache
def measure_steps() -> tuple[str, ...]:
    """How to measure a foot, one step per string."""
    return tuple(" ".join(step.split()) for step in _data()["measure_steps"])


# Which general advice follows each verdict, after the verdict's own sentence.
_FOLLOW_UP = {
    "too short": ("thumb-room", "measure-late", "brand-chart"),
    "good": ("heel-snug", "hot-spots", "lacing-window", "arch-support", "wet-test", "brand-chart"),
    "probably too long": ("heel-snug", "lacing-heel-lock", "brand-chart"),
}


def fit_advice(verdict: str, *, recommended: str) -> tuple[str, ...]:
    """Advice for a fit-check *verdict*; *recommended* is a size label such as "EU 43"."""
    templates = _data()["verdicts"]
    if verdict not in _FOLLOW_UP or verdict not in templates:
        raise CourseError(f"verdict: {verdict!r} is not one of {', '.join(_FOLLOW_UP)}")
    first = " ".join(templates[verdict].split()).format(recommended=recommended)
    return (first, *(_item(i).render() for i in _FOLLOW_UP[verdict]))
