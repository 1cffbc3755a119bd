"""Use the live shoe-fit calculator (``runwell-shoefit``) in the browser, as a learner does.

The expected sizes come from the pure functions (``runwell.shoefit``) in the test process; the
browser must show the same numbers for the same foot. In another language (``lang="es"``) the
labels, messages and decimal commas come from the same catalogue the widget uses.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Locator, expect

from runwell.i18n import decimal, translator
from runwell.shoefit import check_fit, format_size, recommend, to_mm
from runwell.shoefit.core import SIZE_KEYS, SYSTEMS, system_label, verdict_label
from runwell.shoefit.widget import PROMPT_TEXT

__all__ = ["SHOES_LESSON", "exercise_calculator", "expect_sizes", "shown_sizes"]

SHOES_LESSON = "03_supportive_shoes"
FOOT_CM = "26.5"


def shown_sizes(result: Locator) -> dict[str, str]:
    """The size table in the result area: {system label: size text}."""
    rows = result.locator("table tbody tr")
    sizes: dict[str, str] = {}
    for n in range(rows.count()):
        row = rows.nth(n)
        sizes[row.locator("th").inner_text().strip()] = row.locator("td").inner_text().strip()
    return sizes


def expect_sizes(result: Locator, foot_mm: float, timeout: float = 10.0,
                 lang: str = "en") -> None:
    """Wait until the size table shows the sizes for *foot_mm* (typing updates it per key)."""
    want = _expected(foot_mm, lang)
    deadline = time.monotonic() + timeout
    shown: dict[str, str] = {}
    while time.monotonic() < deadline:
        shown = shown_sizes(result)
        if shown == want:
            return
        time.sleep(0.1)
    raise AssertionError(f"sizes for a {foot_mm:g} mm foot: shown {shown}, expected {want}")


def _expected(foot_mm: float, lang: str = "en") -> dict[str, str]:
    rec = recommend(foot_mm)
    return {system_label(s, lang): decimal(format_size(rec.sizes[SIZE_KEYS[s]], s), lang)
            for s in SYSTEMS}


def exercise_calculator(notebook: Locator, lang: str = "en") -> None:
    """Type a foot length, read the sizes, switch units, check a shoe, then type bad values;
    every label and message in *lang*."""
    _ = translator(lang).gettext
    calc = notebook.locator(".runwell-shoefit")
    expect(calc, "the shoes lesson shows the shoe-fit calculator").to_have_count(1)
    result = calc.locator(".runwell-shoefit-result")
    length = calc.get_by_role("textbox", name=_("Foot length"))
    expect(result).to_contain_text(_(PROMPT_TEXT).split(" (")[0])

    typed = FOOT_CM if lang == "en" else decimal(FOOT_CM, lang)  # "26,5": a decimal comma
    calc.get_by_role("button", name="cm", exact=True).click()
    length.click()
    length.press_sequentially(typed, delay=20)
    foot_mm = to_mm(FOOT_CM, "cm")
    expect(result.locator("table")).to_be_visible()
    expect(result).to_contain_text(f"{foot_mm:.0f} mm")
    expect_sizes(result, foot_mm, lang=lang)

    # Switching the unit converts the number in the box and keeps the sizes.
    calc.get_by_role("button", name="mm", exact=True).click()
    expect(length).to_have_value("265")
    calc.get_by_role("button", name="in", exact=True).click()
    expect(length).to_have_value(re.compile(r"^10\.4\d?$"))
    expect(result).to_contain_text(f"{foot_mm:.0f} mm")
    expect_sizes(result, foot_mm, lang=lang)

    # A shoe the learner owns: the thumb's-width check, the verdict in words.
    calc.get_by_role("textbox", name=_("Your shoe size")).fill("42")
    calc.get_by_role("combobox", name=_("Size system")).select_option(
        label=system_label("eu", lang))
    verdict = verdict_label(check_fit(foot_mm, 42, "eu").verdict, lang)
    expect(result.locator(".runwell-shoefit-verdict")).to_contain_text(
        _("Fit check: {verdict}.").format(verdict=verdict))

    # Bad values: an inline message in words, no sizes, and the calculator recovers.
    calc.get_by_role("button", name="cm", exact=True).click()
    length.fill("")
    length.press_sequentially("abc", delay=20)
    message = result.locator(".runwell-shoefit-message")
    expect(message).to_be_visible()
    expect(message).to_contain_text(_("Check your input:").rstrip(":"))
    expect(result.locator("table")).to_have_count(0)

    length.fill("")
    length.press_sequentially("3", delay=20)  # 3 cm: a number, but no adult foot
    expect(message).to_be_visible()
    expect(result.locator("table")).to_have_count(0)

    length.fill("")
    length.press_sequentially(typed, delay=20)
    expect(result).to_contain_text(f"{foot_mm:.0f} mm")
    expect(message).to_have_count(0)
    expect_sizes(result, foot_mm, lang=lang)
