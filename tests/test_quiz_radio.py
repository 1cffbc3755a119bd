"""The grouped radios of single-choice questions (runwell.quiz.radio), in-process.

The browser side (arrow keys choose, the notebook's shortcuts stay out) is tested in
tests/e2e/test_lab_keyboard.py; here, the Python side and what it ships to the browser.
"""

from __future__ import annotations

import json

import pytest
import traitlets

from runwell.quiz.radio import RadioGroup


def test_mirrors_radio_buttons() -> None:
    group = RadioGroup(options=[("Walk", 0), ("Jog", 2)], description="Answer to question 1")
    assert group.value is None
    group.value = 2
    assert group.value == 2
    group.value = None
    assert group.value is None
    assert "runwell-radio" in group._dom_classes
    assert repr(group) == "RadioGroup('Answer to question 1', 2 options, value=None)"


@pytest.mark.parametrize("value", [1, 5, -1])
def test_refuses_a_value_that_is_not_an_option(value: int) -> None:
    group = RadioGroup(options=[("Walk", 0), ("Jog", 2)])
    with pytest.raises(traitlets.TraitError, match="not one of the options"):
        group.value = value
    assert group.value is None


def test_state_sent_to_the_browser() -> None:
    group = RadioGroup(options=[("Walk", 0), ("Jog", 2)], value=0, description="Answer")
    state = group.get_state()
    assert json.loads(json.dumps(state["options"])) == [["Walk", 0], ["Jog", 2]]
    assert state["value"] == 0 and state["description"] == "Answer"


def test_browser_code_groups_the_radios_and_keeps_arrow_keys_from_the_notebook() -> None:
    esm = RadioGroup()._esm
    assert "export default { render }" in esm
    assert 'input.type = "radio"' in esm and "input.name = uid" in esm  # one group per view
    assert 'setAttribute("role", "radiogroup")' in esm
    assert "aria-labelledby" in esm  # the group is named by its caption
    assert "data-lm-suppress-shortcuts" in esm
    assert "model.save_changes()" in esm
