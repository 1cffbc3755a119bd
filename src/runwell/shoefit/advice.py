"""Fit advice around the numbers: the article's shoe guidance, then what the course adds.

The words come from the course model (``data/shoefit.yaml``, validated by
:mod:`runwell.course`). Items that go beyond the article "Minimize Back Pain While Running" are
marked and name a mainstream source; the article's own items name the guidance id they
paraphrase.
"""

from __future__ import annotations

from runwell.course.model import AdviceItem, ShoeFitText
from runwell.errors import CourseError

__all__ = [
    "article_advice",
    "beyond_advice",
    "citation",
    "fit_advice",
    "measure_steps",
    "render_item",
    "shoefit_text",
]


def shoefit_text() -> ShoeFitText:
    """The course's shoe-fit text (from the cached course model)."""
    from runwell import course

    return course.load().shoefit


def citation(item: AdviceItem, text: ShoeFitText | None = None) -> str:
    """Where the item comes from, in words."""
    sources = (text or shoefit_text()).sources
    if not item.beyond:
        return sources["article"]
    cited = [sources[item.source]] if item.source else []
    if item.also:
        cited.append(sources[item.also])
    return "; ".join(cited)


def render_item(item: AdviceItem, text: ShoeFitText | None = None) -> str:
    """One line: the text, marked "Beyond the article" with its source where it applies."""
    if item.beyond:
        return f"Beyond the article: {item.text} (Source: {citation(item, text)}.)"
    return f"{item.text} (The article.)"


def article_advice(text: ShoeFitText | None = None) -> tuple[AdviceItem, ...]:
    """The article's own shoe advice, paraphrased."""
    return tuple(i for i in (text or shoefit_text()).advice if not i.beyond)


def beyond_advice(text: ShoeFitText | None = None) -> tuple[AdviceItem, ...]:
    """What the course adds, each item with its source."""
    return tuple(i for i in (text or shoefit_text()).advice if i.beyond)


def measure_steps(text: ShoeFitText | None = None) -> tuple[str, ...]:
    """How to measure a foot, one step per string."""
    return (text or shoefit_text()).measure_steps


# Which general advice follows each verdict, after the verdict's own sentence.
_FOLLOW_UP = {
    "too short": ("thumb-room", "measure-late", "brand-chart"),
    "good": ("heel-snug", "hot-spots", "lacing-window", "arch-support", "wet-test", "brand-chart"),
    "probably too long": ("heel-snug", "lacing-heel-lock", "brand-chart"),
}


def fit_advice(
    verdict: str, *, recommended: str, text: ShoeFitText | None = None
) -> tuple[str, ...]:
    """Advice for a fit-check *verdict*; *recommended* is a size label such as "EU 43"."""
    words = text or shoefit_text()
    if verdict not in _FOLLOW_UP or verdict not in words.verdicts:
        raise CourseError(f"verdict: {verdict!r} is not one of {', '.join(_FOLLOW_UP)}")
    items = {i.id: i for i in words.advice}
    first = words.verdicts[verdict].format(recommended=recommended)
    return (first, *(render_item(items[i], words) for i in _FOLLOW_UP[verdict] if i in items))
