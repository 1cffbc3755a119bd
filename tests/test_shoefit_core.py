"""The shoe-fit core: reference conversions, rounding, fit check, advice data, bad input."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runwell import shoefit
from runwell.errors import CourseError
from runwell.guidance import inventory
from runwell.shoefit import advice, core
from runwell.shoefit.core import (
    FOOT_MAX_MM,
    FOOT_MIN_MM,
    SIZE_KEYS,
    SIZE_SYSTEMS,
    SYSTEMS,
    THUMB_WIDTH_MM,
    check_fit,
    parse_foot_length,
    parse_size,
    recommend,
    size_from_length_mm,
    size_range,
    size_to_length_mm,
    to_mm,
)

IN = 25.4


def textbook(foot_mm: float) -> dict[str, float]:
    """The "from foot length" column of the domain notes, written out independently."""
    f_in, f_cm = foot_mm / IN, foot_mm / 10
    return {
        "uk": 3 * f_in - 23,
        "us_men": 3 * f_in - 22,
        "us_women": 3 * f_in - 20.5,  # US men's + 1.5 (FIA/Brannock)
        "eu": 1.5 * (f_cm + 1.5),
        "mondopoint": foot_mm,
    }


# (foot mm, expected sizes as shops sell them) worked out by hand from the formulas above,
# rounding up: half sizes for US/UK, whole EU sizes, Mondopoint in 5 mm steps.
REFERENCE = [
    # the worked example of the domain notes: 26.5 cm -> UK 8.3, US 9.3 / 10.8, EU 42.0, MP 265
    (265.0, {"uk": 8.5, "us_men": 9.5, "us_women": 11, "eu": 42, "mondopoint": 265}),
    (254.0, {"uk": 7, "us_men": 8, "us_women": 9.5, "eu": 41, "mondopoint": 255}),  # 10 in
    (279.4, {"uk": 10, "us_men": 11, "us_women": 12.5, "eu": 45, "mondopoint": 280}),  # 11 in
    (230.0, {"uk": 4.5, "us_men": 5.5, "us_women": 7, "eu": 37, "mondopoint": 230}),
    (300.0, {"uk": 12.5, "us_men": 13.5, "us_women": 15, "eu": 48, "mondopoint": 300}),
]


@pytest.mark.parametrize(("foot", "expected"), REFERENCE)
def test_reference_conversions_from_the_documented_formulas(foot, expected):
    rec = recommend(foot)
    assert rec.sizes == expected
    for key, value in textbook(foot).items():
        assert rec.exact_sizes[key] == pytest.approx(value, abs=1e-9)


def test_worked_example_before_rounding():
    exact = recommend(265).exact_sizes
    assert round(exact["uk"], 1) == 8.3
    assert round(exact["us_men"], 1) == 9.3
    assert round(exact["us_women"], 1) == 10.8
    assert round(exact["eu"], 1) == 42.0
    assert exact["mondopoint"] == 265


# RunRepeat's lab-measured foot lengths (domain notes). Documented tolerance: half a size.
# Men's sizes agree exactly or within half a size; women's come out half a size larger because
# the calculator uses the FIA/Brannock offset (+1.5) where RunRepeat's data fit about +1.
RUNREPEAT = [
    ("us-men", 9, 262), ("us-men", 10, 269), ("us-men", 10, 271), ("us-men", 11, 279),
    ("us-women", 7, 237), ("us-women", 8, 245), ("us-women", 9, 254),
]


@pytest.mark.parametrize(("system", "size", "foot"), RUNREPEAT)
def test_runrepeat_measured_foot_lengths_within_half_a_size(system, size, foot):
    ours = recommend(foot).size(system)
    assert abs(ours - size) <= 0.5


def test_us_women_offset_is_the_documented_constant():
    assert core.US_WOMEN_OFFSET == 1.5
    rec = recommend(262)
    assert rec.exact_sizes["us_women"] - rec.exact_sizes["us_men"] == pytest.approx(1.5)
    assert "1.5" in shoefit.CONVENTION_MARKDOWN and "Brannock" in shoefit.CONVENTION_MARKDOWN


def test_the_allowance_is_not_added_twice():
    rec = recommend(265)
    assert rec.allowance_mm == THUMB_WIDTH_MM
    assert rec.recommended_length_mm == pytest.approx(265 + THUMB_WIDTH_MM)
    # sizes come from the foot, not from foot + thumb (that would be 1.5 sizes too big)
    assert rec.sizes["uk"] == 8.5
    assert recommend(265 + THUMB_WIDTH_MM).sizes["uk"] == 10
    # the recommended shoe's inner length leaves at least a thumb, and not two thumbs
    for system in SYSTEMS:
        room = size_to_length_mm(rec.size(system), system) - 265
        assert THUMB_WIDTH_MM <= room < 2 * THUMB_WIDTH_MM, system


def test_rounding_goes_up_never_down():
    # 3 x 262/25.4 - 22 = 8.94 -> US men's 9; 271 mm -> 10.008 -> 10.5, not 10
    assert recommend(262).sizes["us_men"] == 9
    assert recommend(271).sizes["us_men"] == 10.5
    # 1.5 x (26.6 + 1.5) = 42.15 -> EU 43, not 42
    assert recommend(266).sizes["eu"] == 43
    assert recommend(266).sizes["mondopoint"] == 270
    # an exact size stays itself (no float noise bumps it up)
    assert recommend(254).sizes["uk"] == 7


def test_size_to_length_reads_the_last_length_column_backwards():
    assert size_to_length_mm(42, "eu") == pytest.approx(280)
    assert size_to_length_mm(8, "uk") == pytest.approx((8 + 25) / 3 * IN)
    assert size_to_length_mm(9, "us-men") == pytest.approx((9 + 24) / 3 * IN)
    assert size_to_length_mm(10.5, "us-women") == pytest.approx((10.5 + 22.5) / 3 * IN)
    assert size_to_length_mm(265, "mondopoint") == pytest.approx(280)
    assert size_to_length_mm("42", "eu") == pytest.approx(280)


@pytest.mark.parametrize(
    ("foot", "size", "system", "verdict"),
    [
        (265, 42, "eu", "good"),  # 15 mm of room
        (265, 41, "eu", "too short"),  # 8 mm
        (265, 44, "eu", "probably too long"),  # 28 mm
        (265, 8.5, "uk", "good"),  # 19 mm
        (265, 7.5, "uk", "too short"),  # 10 mm
        (265, 11, "us-women", "good"),
        (265, 265, "mondopoint", "good"),
        (300, 40, "eu", "too short"),  # shorter than the foot
    ],
)
def test_fit_check_verdicts(foot, size, system, verdict):
    fit = check_fit(foot, size, system)
    assert fit.verdict == verdict
    assert fit.room_mm == pytest.approx(size_to_length_mm(size, system) - foot)
    assert fit.reason and fit.advice
    assert fit.verdict in shoefit.VERDICTS


def test_fit_check_explains_in_words_and_suggests_a_size():
    short = check_fit(265, 41, "eu")
    assert "thumb" in short.reason and "8 mm" in short.reason
    assert "EU 42" in short.advice[0]
    negative = check_fit(300, 40, "eu")
    assert "no longer than your foot" in negative.reason
    long = check_fit(265, 44, "eu")
    assert "heel" in " ".join(long.advice).lower()
    assert any("heel-lock" in a for a in long.advice)
    good = check_fit(265, 42, "eu")
    assert good.to_dict()["room_mm"] == 15.0
    text = " ".join(good.advice)
    assert "snug" in text and "window (box) lacing" in text and "wet test" in text


def test_advice_data_is_cited_and_marks_what_goes_beyond_the_article():
    items = advice.shoefit_text().advice
    ids = {i.id for i in items}
    assert {"heel-snug", "hot-spots", "arch-support", "thumb-room"} <= ids
    assert {"lacing-window", "lacing-heel-lock", "wet-test", "measure-late", "replace"} <= ids
    known = inventory()
    for item in advice.article_advice():
        assert item.guidance in known, item.id
        assert known[item.guidance].lesson == "03_supportive_shoes"
    for item in advice.beyond_advice():
        assert advice.render_item(item).startswith("Beyond the article:")
        assert "Source:" in advice.render_item(item) and advice.citation(item)
    sources = advice.shoefit_text().sources.values()
    everything = " ".join(i.text for i in items).lower() + " ".join(sources)
    for ad in ("spine institute", "santa monica", "828-7757"):
        assert ad not in everything.lower()
    assert "350 to 500 miles" in " ".join(i.text for i in items)
    assert any("socks" in step for step in advice.measure_steps())


def test_convention_paragraph_cites_sources_and_matches_the_docstring():
    md = shoefit.CONVENTION_MARKDOWN
    for needle in ("Brannock", "RunRepeat", "ISO 9407", "Shoe size", "12.7", "rounded *up*"):
        assert needle in md
    doc = " ".join((core.__doc__ or "").split())
    for needle in ("Brannock", "RunRepeat", "ISO 9407", "12.7 mm", "200–380 mm", "+ 1.5"):
        assert needle in doc


def test_size_ranges_are_derived_from_the_foot_range():
    assert size_range("uk") == (0.5, 22.0, 0.5)
    assert size_range("eu") == (32.0, 60.0, 1.0)
    assert size_range("mondopoint") == (200.0, 380.0, 5.0)


def test_foot_width_gives_the_mondopoint_label():
    rec = recommend(265, 100)
    assert rec.mondopoint_label == "265/100"
    assert rec.to_dict()["foot_width_mm"] == 100
    assert recommend(265).mondopoint_label == "265"


def test_units():
    assert to_mm("26.5", "cm") == pytest.approx(265)
    assert to_mm("26,5", "cm") == pytest.approx(265)
    assert to_mm(10, "in") == pytest.approx(254)
    assert to_mm(265, "mm") == 265
    assert parse_foot_length(" 10.43 ", "in") == pytest.approx(264.922)


# ---- bad input -----------------------------------------------------------------------------

BAD_LENGTHS = [
    ("abc", "cm", "is not a number"),
    ("", "cm", "no value"),
    ("   ", "cm", "no value"),
    ("26.5.1", "cm", "is not a number"),
    ("nan", "cm", "not a finite number"),
    ("NaN", "mm", "not a finite number"),
    ("inf", "cm", "not a finite number"),
    ("-inf", "cm", "not a finite number"),
    ("1e309", "mm", "not a finite number"),
    (float("nan"), "mm", "not a finite number"),
    (math.inf, "mm", "not a finite number"),
    (None, "mm", "is not a number"),
    (True, "mm", "is not a number"),
    ([265], "mm", "is not a number"),
    ("0", "cm", "greater than zero"),
    ("-26.5", "cm", "greater than zero"),
    ("150", "mm", "outside the accepted foot lengths"),
    ("19.9", "cm", "children"),
    ("400", "mm", "outside the accepted foot lengths"),
    ("15.1", "in", "15.10 in is outside"),
    ("26.5", "ft", "unit: 'ft' is not one of mm, cm, in"),
    ("26.5", "CM", "is not one of"),
]


@pytest.mark.parametrize(("value", "unit", "message"), BAD_LENGTHS)
def test_bad_foot_lengths_are_refused_in_one_line(value, unit, message):
    with pytest.raises(CourseError) as info:
        parse_foot_length(value, unit, label="--foot-length")
    text = str(info.value)
    assert message in text
    assert "\n" not in text
    if not text.startswith("unit:"):
        assert text.startswith("--foot-length: ")


BAD_SIZES = [
    ("-3", "uk", "not a size this calculator knows"),
    ("0", "uk", "not a size this calculator knows"),
    ("23", "uk", "UK sizes run 0.5 to 22"),
    ("8.3", "uk", "not a size shops sell"),
    ("9.25", "us-men", "whole and half sizes"),
    ("80", "eu", "not a size this calculator knows"),
    ("42.5", "eu", "whole sizes"),
    ("2", "us-women", "not a size this calculator knows"),
    ("26.5", "mondopoint", "Mondopoint is in millimetres"),
    ("267", "mondopoint", "5 mm steps"),
    ("abc", "eu", "is not a number"),
    ("nan", "eu", "not a finite number"),
    ("", "eu", "no value"),
    ("42", "eur", "system: 'eur' is not one of"),
    ("42", None, "is not one of"),
]


@pytest.mark.parametrize(("value", "system", "message"), BAD_SIZES)
def test_sizes_that_do_not_exist_are_refused(value, system, message):
    with pytest.raises(CourseError, match=message):
        parse_size(value, system, label="--shoe-size")
    with pytest.raises(CourseError):
        size_to_length_mm(value, system)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((150,), "outside the accepted foot lengths"),
        ((float("nan"),), "not a finite number"),
        ((-1,), "greater than zero"),
        (("abc",), "not a number"),
        ((265, 30), "outside the accepted foot widths"),
        ((265, float("inf")), "not a finite number"),
        ((265, 200), "outside the accepted foot widths"),
    ],
)
def test_recommend_refuses_bad_numbers(args, message):
    with pytest.raises(CourseError, match=message):
        recommend(*args)


def test_check_fit_refuses_bad_input():
    with pytest.raises(CourseError, match="outside"):
        check_fit(100, 42, "eu")
    with pytest.raises(CourseError, match="whole sizes"):
        check_fit(265, 42.5, "eu")
    with pytest.raises(CourseError, match="system"):
        check_fit(265, 42, "jp")


# ---- properties ----------------------------------------------------------------------------

feet = st.floats(min_value=FOOT_MIN_MM, max_value=FOOT_MAX_MM, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(feet, feet)
def test_a_longer_foot_never_gets_a_smaller_size(a, b):
    short, long = sorted((a, b))
    small, big = recommend(short).sizes, recommend(long).sizes
    for key in small:
        assert small[key] <= big[key], key


@settings(max_examples=200, deadline=None)
@given(feet)
def test_sizes_are_shop_sizes_rounded_up_from_the_formula(foot):
    rec = recommend(foot)
    for system in SYSTEMS:
        key = SIZE_KEYS[system]
        step = SIZE_SYSTEMS[system].step
        size, exact = rec.sizes[key], rec.exact_sizes[key]
        assert exact - 1e-6 <= size < exact + step
        assert (size / step) == pytest.approx(round(size / step))
        # the recommended size passes the thumb check
        assert check_fit(foot, size, system).verdict == "good"


def _all_sizes(system: str) -> list[float]:
    lo, hi, step = size_range(system)
    return [lo + i * step for i in range(round((hi - lo) / step) + 1)]


@st.composite
def sizes(draw):
    system = draw(st.sampled_from(SYSTEMS))
    return system, draw(st.sampled_from(_all_sizes(system)))


@settings(max_examples=200, deadline=None)
@given(sizes())
def test_size_to_length_to_size_round_trips(pair):
    system, size = pair
    length = size_to_length_mm(size, system)
    assert abs(size_from_length_mm(length, system) - size) < 1e-9
    # the foot this size is meant for gets this size back (within half a size: here exactly)
    foot = length - SIZE_SYSTEMS[system].allowance_mm
    if FOOT_MIN_MM <= foot <= FOOT_MAX_MM:
        assert abs(recommend(foot).size(system) - size) <= 0.5
        assert recommend(foot).size(system) == size


@settings(max_examples=200, deadline=None)
@given(feet)
def test_metric_and_imperial_inputs_agree(foot):
    from_mm = recommend(parse_foot_length(repr(foot), "mm"))
    from_cm = recommend(parse_foot_length(foot / 10, "cm"))
    from_in = recommend(parse_foot_length(foot / 25.4, "in"))
    assert from_mm.sizes == from_cm.sizes == from_in.sizes
    assert from_in.foot_length_mm == pytest.approx(foot)
