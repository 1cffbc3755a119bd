"""Plain language: every lesson and exercise reads at or below US grade 8 (Flesch–Kincaid, with
textstat), no sentence runs over 35 words, and measuring never downloads anything."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from runwell import course
from runwell.course import clinical
from runwell.readability import (
    MAX_GRADE,
    MAX_SENTENCE_WORDS,
    grade,
    long_sentences,
    measure,
    page_prose,
    plain_text,
)

ROOT = Path(__file__).resolve().parents[1]
MODEL = course.load(ROOT)


def test_markdown_becomes_the_sentences_a_reader_meets():
    text = plain_text(
        "## A heading\n\nSome **bold** text with a [link](https://x.org)\n\n"
        "- first item\n- second item.\n\n| a | b |\n|---|---|\n| c | d |\n\n![alt](fig.svg)"
    )
    assert text.splitlines() == ["Some bold text with a link.", "first item.", "second item.",
                                 "a, b.", "c, d."]


def test_notice_details_and_references_are_not_graded():
    texts = [("markdown", "> notice"), ("markdown", "Details here."),
             ("markdown", "## References\n\nList."), ("markdown", "Prose."), ("code", "x = 1")]
    tags = [("notice",), ("details",), (), (), ()]
    assert page_prose(texts, tags) == ["", "", "", "Prose.", ""]


def test_a_long_sentence_is_listed():
    long = " ".join(["word"] * 40) + "."
    assert long_sentences(long) == [long]
    assert long_sentences("Short one. " * 5) == []


@pytest.mark.parametrize("page", MODEL.pages, ids=lambda p: p.stem)
def test_every_page_reads_at_grade_8_or_below(page):
    result = measure(page.stem, page.texts, page.tags)
    assert 0 < result.grade <= MAX_GRADE, f"{page.stem}: grade {result.grade}"


@pytest.mark.parametrize("page", MODEL.pages, ids=lambda p: p.stem)
def test_no_sentence_over_35_words(page):
    result = measure(page.stem, page.texts, page.tags)
    assert result.long == (), [s for _, s in result.long]
    assert MAX_SENTENCE_WORDS == 35


def test_hard_prose_fails_the_check_with_its_grade():
    hard = ("Notwithstanding considerable interindividual variability, musculoskeletal "
            "manifestations frequently necessitate multidisciplinary evaluation, encompassing "
            "comprehensive neurological examination and radiological investigation.")
    assert grade(hard) > MAX_GRADE
    page = MODEL.pages[0]
    changed = replace(page, texts=(("markdown", hard),), tags=((),))
    fake = replace(MODEL)
    fake.__dict__["pages"] = (changed,)
    problems, _, lines = clinical.readability_report(fake)
    assert problems and "is above 8" in problems[0].message
    assert lines[0].startswith(f"{page.stem}: grade ")


def test_measuring_never_downloads_the_syllable_dictionary():
    code = (
        "import nltk\n"
        "def refuse(*a, **k):\n"
        "    raise SystemExit('tried to download ' + repr(a))\n"
        "nltk.download = refuse\n"
        "from runwell.readability import grade\n"
        "print(round(grade('The cat sat on the mat. It was warm in the sun.'), 1))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert float(done.stdout.strip()) < 3
