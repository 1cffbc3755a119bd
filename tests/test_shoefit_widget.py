"""The live calculator, driven in-process: set .value, read the result widget's value."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from runwell import shoefit
from runwell.shoefit.figure import foot_in_shoe_svg
from runwell.shoefit.widget import PROMPT, STATIC_MIME, ShoeFitCalculator


@pytest.fixture
def calc() -> ShoeFitCalculator:
    return shoefit.calculator()


def sizes_in(html: str) -> dict[str, str]:
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', html))


def test_classes_labels_and_deterministic_start(calc):
    assert "runwell-shoefit" in calc._dom_classes
    assert "runwell-shoefit-result" in calc.result._dom_classes
    assert calc.length.description == "Foot length"
    assert calc.unit.description == "Unit" and calc.unit._options_labels == ("mm", "cm", "in")
    assert calc.shoe_size.description == "Your shoe size"
    assert calc.system.description == "Size system"
    assert calc.length.continuous_update and calc.shoe_size.continuous_update
    assert calc.result.value == PROMPT
    assert shoefit.calculator().result.value == calc.result.value


def test_repr_and_static_mimebundle(calc):
    assert repr(calc) == "ShoeFitCalculator()"
    bundle = calc._repr_mimebundle_()
    assert bundle[STATIC_MIME] == {"widget": "shoefit"}
    assert bundle["text/plain"] == "ShoeFitCalculator()"
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_results_update_as_the_learner_types(calc):
    calc.length.value = "2"
    assert "Check your input:" in calc.result.value
    assert "outside the accepted foot lengths" in calc.result.value
    calc.length.value = "26.5"
    html = calc.result.value
    assert "Check your input" not in html
    assert sizes_in(html) == {
        "US men&#x27;s": "9.5", "US women&#x27;s": "11", "UK": "8.5", "EU": "42",
        "Mondopoint": "265",
    }
    assert "278 mm" in html and "<svg" in html
    calc.length.value = ""
    assert calc.result.value == PROMPT


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Foot length: &#x27;abc&#x27; is not a number"),
        ("nan", "not a finite number"),
        ("-3", "greater than zero"),
        ("0", "greater than zero"),
        ("99", "outside the accepted foot lengths"),
    ],
)
def test_bad_input_gives_an_inline_message_in_words(calc, typed, message):
    calc.length.value = typed
    html = calc.result.value
    assert "Check your input:" in html and message in html
    assert "<table" not in html


def test_switching_units_converts_the_value_shown(calc):
    calc.length.value = "26.5"
    before = sizes_in(calc.result.value)
    calc.unit.value = "in"
    assert calc.length.value == "10.43"
    assert sizes_in(calc.result.value) == before
    calc.unit.value = "mm"
    assert calc.length.value == "265"  # exact, not 264.9 from the rounded inches
    calc.unit.value = "cm"
    assert calc.length.value == "26.5"
    assert sizes_in(calc.result.value) == before


def test_switching_units_with_text_that_is_not_a_number(calc):
    calc.length.value = "abc"
    calc.unit.value = "mm"
    assert calc.length.value == "abc"
    assert "is not a number" in calc.result.value


def test_typing_in_a_new_unit_reads_it_in_that_unit(calc):
    calc.unit.value = "mm"
    calc.length.value = "265"
    assert sizes_in(calc.result.value)["EU"] == "42"
    calc.unit.value = "in"
    calc.length.value = "11"
    assert sizes_in(calc.result.value)["UK"] == "10"


def test_fit_check_of_a_shoe_the_learner_owns(calc):
    calc.length.value = "26.5"
    calc.shoe_size.value = "41"
    html = calc.result.value
    assert "Fit check: too short." in html and "EU 42" in html
    calc.system.value = "uk"
    calc.shoe_size.value = "8.5"
    assert "Fit check: good." in calc.result.value
    calc.shoe_size.value = "8.3"
    html = calc.result.value
    assert "Your shoe size: UK 8.3 is not a size shops sell" in html
    assert sizes_in(html)["UK"] == "8.5"  # the sizes still show
    calc.shoe_size.value = ""
    assert "Fit check" not in calc.result.value and "Check your input" not in calc.result.value


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_picture_is_to_scale_deterministic_and_labelled():
    svg = foot_in_shoe_svg(265, 280)
    assert svg == foot_in_shoe_svg(265, 280)
    parser = _Collect()
    parser.feed(svg)
    tags = dict((t, a) for t, a in parser.tags if t in ("svg", "rect"))
    assert tags["svg"]["role"] == "img"
    assert "15 mm of room" in (tags["svg"]["aria-label"] or "")
    x0 = float(tags["rect"]["x"] or 0)  # the heel sits at the back of the shoe
    assert float(tags["rect"]["width"] or 0) == pytest.approx(280, abs=0.05)  # inner length
    toes = [(float(a["cx"] or 0), float(a["r"] or 0)) for t, a in parser.tags if t == "circle"]
    assert max(cx + r for cx, r in toes) - x0 == pytest.approx(265, abs=0.1)  # the foot
    assert "room 15 mm" in svg
    assert " id=" not in svg
    short = foot_in_shoe_svg(300, 266.7)
    assert "too short by 33 mm" in short


def test_picture_follows_the_shoe_entered(calc):
    calc.length.value = "26.5"
    calc.shoe_size.value = "44"
    html = calc.result.value
    assert "Fit check: probably too long." in html
    assert "room 28 mm" in html
    assert "Your foot in your EU 44 shoe" in html


# ---- the static form for handouts -----------------------------------------------------------


def test_static_html_is_a_printable_chart_with_a_measuring_guide():
    from runwell import NOTICE
    from runwell.shoefit.chart import CHART_MM, static_html

    html = static_html()
    assert html == static_html()  # deterministic
    parser = _Collect()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags
    assert not any(k.startswith("on") for _, attrs in parser.tags for k in attrs)
    assert tags.count("table") == 1 and tags.count("caption") == 1
    scopes = [a.get("scope") for t, a in parser.tags if t == "th"]
    assert scopes.count("col") == 8
    assert scopes.count("row") == len(CHART_MM) == 21
    # the chart's rows agree with the calculator
    row = re.search(r'<th scope="row">265</th>((?:<td>[^<]*</td>)+)', html)
    assert row is not None
    assert re.findall(r"<td>([^<]*)</td>", row.group(1)) == [
        "26.5", "10.43", "9.5", "11", "8.5", "42", "265",
    ]
    assert "Brannock" in html and "RunRepeat" in html and "ISO 9407" in html
    assert "How to measure your foot" in html and tags.count("li") >= 6
    assert "Beyond the article" in html and "350 to 500 miles" in html
    assert NOTICE in html
    assert "<svg" in html and "room 15 mm" in html
