"""The static quiz for handouts: every question present, answers behind <details>, all bank text
escaped, no random ids; and the answer key over the shipped banks."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from runwell import course
from runwell.course.build import build_bank
from runwell.course.model import LETTERS
from runwell.course.yamlio import read_yaml
from runwell.errors import CourseError
from runwell.handouts.static import CourseStatic
from runwell.quiz.markdown import stylesheet
from runwell.quiz.static import answer_key_html, static_html
from runwell.quiz.widget import QuizWidget

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "quizzes"
VALID = FIXTURES / "valid" / "01_sample.yaml"
HOSTILE = FIXTURES / "hostile" / "01_sample.yaml"


class Tags(HTMLParser):
    """Collect start tags with their attributes, and check the tags balance."""

    VOID: ClassVar[set[str]] = {"br", "hr", "img", "input", "meta", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}> after {self.stack}"
        self.stack.pop()


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    tags.close()
    assert tags.stack == [], f"unclosed tags: {tags.stack}"
    return tags


def bank(path: Path):
    b, problems = build_bank(read_yaml(path), path.name, path.stem)
    assert b is not None and problems == [], problems
    return b


def test_every_question_present_with_answer_in_details() -> None:
    b = bank(VALID)
    html = static_html(b)
    tags = parse(html)
    assert html.startswith('<section class="runwell-quiz-static"')
    questions = [a for t, a in tags.tags if "runwell-question" in (a.get("class") or "").split()]
    assert [a["id"] for a in questions] == [f"q-{q.id}" for q in b.questions]
    assert html.count("<details><summary>Answer</summary>") == len(b.questions)
    assert "<script" not in html.lower()


def test_choices_answer_feedback_and_explanation() -> None:
    b = bank(VALID)
    html = static_html(b)
    single = html.split('id="q-sample-single"')[1].split('id="q-sample-multiple"')[0]
    before, details = single.split("<details>")
    assert before.count("\u2610") == 3  # a box to tick on paper per choice, before the answer
    q = b.questions[0]
    for n, choice in enumerate(q.shown):  # lettered in the model's order
        assert f"{LETTERS[n]}. {choice.text}" in before
    right = q.letter("hamstring-stretch")
    assert f"<strong>Answer:</strong> {right}. Hamstring stretch" in details
    wrong = q.letter("neck-rolls")
    assert f"<strong>Wrong: {wrong}. Neck rolls</strong> — Not the muscle group" in details
    assert "Tight hamstrings pull on the pelvis" in details
    numeric = html.split('id="q-sample-numeric"')[1]
    assert "<strong>Answer:</strong> 1.5 cm (± 0.5 cm)" in numeric
    assert "<strong>Too low:</strong> Too snug" in numeric


def test_markdown_is_rendered() -> None:
    html = static_html(bank(VALID))
    assert "<strong>lower back</strong>" in html
    assert "<em>warming up</em>" in html


def test_everything_from_a_hostile_bank_is_escaped() -> None:
    html = static_html(bank(HOSTILE))
    tags = parse(html)
    names = {t for t, _ in tags.tags}
    assert not names & {"script", "img", "iframe", "style", "b"}, names
    for _, attrs in tags.tags:
        for key, value in attrs.items():
            assert not key.startswith("on"), f"event handler attribute {key}"
            assert "javascript:" not in (value or "")
    # shown as text instead
    assert '&lt;script&gt;alert(&quot;text&quot;)&lt;/script&gt;' in html
    assert "&lt;script&gt;alert(&#34;choice&#34;)&lt;/script&gt;" in html  # Jinja's autoescape
    assert "&lt;script&gt;cm&lt;/script&gt;" in html
    assert "A &amp; B &#34;quoted&#34;" in html
    assert "&lt;iframe" in html


def test_hostile_bank_is_also_escaped_in_the_live_widget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUNWELL_PROGRESS", str(tmp_path / "p.json"))
    w = QuizWidget(bank(HOSTILE))
    view = w.questions[0]
    view.radio.value = 0  # type: ignore[union-attr]
    view.check_button.click()
    for html in (w.header.value, view.prompt.value, view.hint.value, view.feedback.value,
                 view.explanation.value):
        names = {t for t, _ in parse(html).tags}
        assert not names & {"script", "img", "iframe", "style", "b"}, (names, html)


def test_output_is_deterministic() -> None:
    b = bank(VALID)
    assert static_html(b) == static_html(bank(VALID))
    assert not re.search(r'id="[^"]*[0-9a-f]{16}', static_html(b))


def test_static_form_of_a_quiz_output_comes_from_the_model(tmp_path: Path) -> None:
    quizzes = tmp_path / "notebooks" / "quizzes"
    quizzes.mkdir(parents=True)
    shutil.copy(VALID, quizzes)
    static = CourseStatic(course.load(tmp_path))
    html = static.widget({"widget": "quiz", "bank": "01_sample"})
    assert html == static_html(course.load(tmp_path).bank("01_sample"))
    with pytest.raises(CourseError, match="no quiz bank"):
        static.widget({"widget": "quiz", "bank": "02_missing"})


def test_answer_key_names_the_letter_each_handout_shows() -> None:
    model = course.load(ROOT)
    html = answer_key_html(model.usable_banks.values())
    parse(html)
    assert model.usable_banks and not model.broken
    for b in model.usable_banks.values():
        assert f'id="key-{b.lesson}"' in html
        handout = static_html(b)
        for q in b.questions:
            after = html.split(f'id="key-{q.id}"')[1]
            item = re.split(r'class="runwell-key-question"|</ol>', after)[0]
            shown = handout.split(f'id="q-{q.id}"')[1].split("<details>")[0]
            answer = re.search(r"<strong>Answer:</strong> ([^<]*)</p>", item)
            assert answer, q.id
            if q.type in ("single", "multiple"):
                for letter_text in answer.group(1).split("; "):
                    assert letter_text in shown, (q.id, letter_text)  # same letter, same text


def test_answer_key_refuses_broken_banks(tmp_path: Path) -> None:
    quizzes = tmp_path / "notebooks" / "quizzes"
    quizzes.mkdir(parents=True)
    shutil.copy(FIXTURES / "broken" / "no_correct" / "01_sample.yaml", quizzes)
    with pytest.raises(CourseError, match=r"01_sample\.yaml: q-one: no correct answer"):
        CourseStatic(course.load(tmp_path)).answer_key()


def test_stylesheet_is_package_data() -> None:
    css = stylesheet()
    assert ".runwell-quiz" in css and ".runwell-feedback" in css


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_stylesheet_colour_pairs_meet_wcag_aa() -> None:
    """Every rule that sets both a text colour and a background passes 4.5:1 (WCAG AA)."""
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", stylesheet(), flags=re.S))
    pairs = []
    for selector, body in rules:
        fg = re.search(r"(?<!-)color:\s*(?:var\([^,]+,\s*)?(#[0-9a-fA-F]{6})", body)
        bg = re.search(r"background:\s*(?:var\([^,]+,\s*)?(#[0-9a-fA-F]{6})", body)
        if fg and bg:
            lighter, darker = sorted((_luminance(fg[1]), _luminance(bg[1])), reverse=True)
            pairs.append((selector.strip(), (lighter + 0.05) / (darker + 0.05)))
    assert len(pairs) >= 3, pairs  # the quiz box, both verdicts, hint/explanation
    for selector, ratio in pairs:
        assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f} < 4.5"
