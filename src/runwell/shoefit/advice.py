"""Fit advice around the numbers: the article's shoe guidance, then what the course adds.

The words come from the course model (``data/shoefit.yaml``, validated by
:mod:`runwell.course`; a language's edition from ``data/<lang>/shoefit.yaml``). Items that go
beyond the article "Minimize Back Pain While Running" are marked and name a mainstream source;
the article's own items name the guidance id they paraphrase.
"""

from __future__ import annotations

from runwell.course.model import AdviceItem, ShoeFitText
from runwell.errors import CourseError
from runwell.i18n import translator

__all__ = [
    "article_advice",
    "beyond_advice",
    "citation",
    "fit_advice",
    "measure_steps",
    "render_item",
    "shoefit_text",
]


def shoefit_text(lang: str = "en") -> ShoeFitText:
    """The course's shoe-fit text in *lang* (from the cached course model)."""
    from runwell import course

    return course.load(lang=lang).shoefit


def citation(item: AdviceItem, text: ShoeFitText | None = None) -> str:
    """Where the item comes from, in words."""
    sources = (text or shoefit_text()).sources
    if not item.beyond:
        return sources["article"]
    cited = [sources[item.source]] if item.source else []
    if item.also:
        cited.append(sources[item.also])
    return "; ".join(cited)


def render_item(item: AdviceItem, text: ShoeFitText | None = None, lang: str = "en") -> str:
    """One line: the text, marked "Beyond the article" with its source where it applies (the
    marks in *lang*; the item's text is already in the language of *text*)."""
    _ = translator(lang).gettext
    if item.beyond:
        return _("Beyond the article: {text} (Source: {source}.)").format(
            text=item.text, source=citation(item, text))
    return _("{text} (The article.)").format(text=item.text)


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
    verdict: str, *, recommended: str, text: ShoeFitText | None = None, lang: str = "en"
) -> tuple[str, ...]:
    """Advice for a fit-check *verdict*; *recommended* is a size label such as "EU 43". The
    words are *text*'s, default the course's in *lang*."""
    words = text or shoefit_text(lang)
    if verdict not in _FOLLOW_UP or verdict not in words.verdicts:
        raise CourseError(f"verdict: {verdict!r} is not one of {', '.join(_FOLLOW_UP)}")
    items = {i.id: i for i in words.advice}
    first = words.verdicts[verdict].replace("{recommended}", recommended)
    return (first, *(render_item(items[i], words, lang) for i in _FOLLOW_UP[verdict]
                     if i in items))
