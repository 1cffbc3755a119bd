"""Helpers shared by the export tests (imported as a plain module from tests/): tiny course
folders with scenario banks, and running `runwell export` on them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from runwell.cli import main
from runwell.course import clear_cache, load
from runwell.course.model import Course

ROOT = Path(__file__).resolve().parents[1]

# Every hostile string survives as text: HTML, a CDATA terminator, ampersands, quotes, and
# characters that look like entities.
HOSTILE = textwrap.dedent(
    """\
    # Scenario: hostile text in every field an export writes.
    lesson: 01_hostile
    title: "Tags <b>bold</b> & ]]> \\"quotes\\" 'single' / slash"
    intro: "<script>alert('intro')</script> ]]> &amp; &lt;"
    questions:
      - id: hostile-single
        type: single
        guidance: [warmup-why]
        text: "Is <script>alert(1)</script> text? ]]> & \\"q\\" <![CDATA[x]]>"
        hint: "<b onmouseover=\\"alert('hint')\\">hover</b> ]]>"
        explanation: "<iframe src=\\"https://example.com\\"></iframe> **bold** & ]]>"
        choices:
          - id: script-choice
            text: "<script>alert('choice')</script> ]]>"
            correct: true
            feedback: "<script>alert('fb')</script> & ]]> *em*"
          - id: amp-choice
            text: "A & B \\"quoted\\" &amp; &#60;"
            feedback: "<style>body{display:none}</style>"
          - id: cdata-choice
            text: "]]><![CDATA[ <x> ]]>"
            feedback: "plain"
      - id: hostile-multiple
        type: multiple
        guidance: [warmup-why]
        shuffle: false
        text: "Tick <i>all</i> & ]]>"
        choices:
          - id: m-one
            text: "<one>"
            correct: true
            feedback: "<b>one</b>"
          - id: m-two
            text: "two & two"
            correct: true
            feedback: "two"
          - id: m-three
            text: "three ]]>"
            correct: true
            feedback: "three"
          - id: m-four
            text: "four \\"4\\""
            feedback: "four"
      - id: hostile-true-false
        type: true_false
        guidance: [warmup-why]
        text: "<script>x</script> is text"
        choices:
          - text: "False"
            feedback: "<b>no</b> ]]>"
          - text: "True"
            correct: true
            feedback: "yes & yes"
      - id: hostile-numeric
        type: numeric
        guidance: [shoes-thumb-room]
        text: "How many <em>centimetres</em>? ]]>"
        answer: 0.1
        tolerance: 0.2
        unit: "<script>cm</script> & ]]>"
        feedback:
          low: "<script>low</script>"
          high: "high & ]]>"
          correct: "right \\"on\\""
    """
)

FIGURE_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10"/></svg>\n'
)

FIGURES = textwrap.dedent(
    """\
    # Scenario: questions that show a figure from notebooks/figures.
    lesson: 03_figures
    title: Figures
    intro: "The lacing figure: ![Lacing](<figures/03_lacing test.svg>)"
    questions:
      - id: figure-single
        type: single
        guidance: [shoes-hot-spots]
        text: "Look at the figure.\\n\\n![Lacing diagram](<figures/03_lacing test.svg>)"
        explanation: >-
          Again: ![Lacing](<figures/03_lacing test.svg>)
          and ![Room](figures/sub/03_room.svg)
        choices:
          - id: skip-eyelet
            text: Skip an eyelet
            correct: true
            feedback: "Yes ![Room](figures/sub/03_room.svg)"
          - id: pull-tighter
            text: Pull tighter
            feedback: No.
      - id: figure-numeric
        type: numeric
        guidance: [shoes-thumb-room]
        text: "![Room](figures/sub/03_room.svg) How many cm?"
        answer: 1.25
        tolerance: 0.5
        unit: cm
        feedback:
          low: "Too little ![Room](figures/sub/03_room.svg)"
          high: Too much
          correct: Right
    """
)


def make_course(root: Path, banks: dict[str, str], figures: dict[str, bytes] | None = None
                ) -> Path:
    """A course folder with these banks (file stem → YAML) and figure files."""
    quizzes = root / "notebooks" / "quizzes"
    quizzes.mkdir(parents=True, exist_ok=True)
    for stem, text in banks.items():
        (quizzes / f"{stem}.yaml").parent.mkdir(parents=True, exist_ok=True)
        (quizzes / f"{stem}.yaml").write_text(text, encoding="utf-8")
    for name, data in (figures or {}).items():
        path = root / "notebooks" / "figures" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    clear_cache()
    return root


def course_at(root: Path) -> Course:
    clear_cache()
    return load(root)


def run_export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`runwell export ARGS` in this process: (status, stdout, stderr)."""
    try:
        status = main(["export", *args])
    except SystemExit as exc:  # argparse
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err
