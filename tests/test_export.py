"""`runwell export --format moodle`: Moodle XML read with a real XML parser (lxml), a simulation
of Moodle's import checks and grading, round trips, hostile text, figures, and the command's
file safety. The QTI package has its own file (test_export_qti.py)."""

from __future__ import annotations

import base64
import html
import json
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import lxml.html
import pytest
from export_fixtures import (
    FIGURE_SVG,
    FIGURES,
    HOSTILE,
    ROOT,
    course_at,
    make_course,
    run_export,
)
from lxml import etree

from runwell.course import load
from runwell.course.model import Bank, Question
from runwell.export import build
from runwell.export.common import Renderer, fraction_shares, platform_view
from runwell.export.moodle import COURSE_FILE, PLUGINFILE, category_path
from runwell.export.output import MANIFEST
from runwell.export.read import MOODLE_FRACTIONS, ExportFormatError, read_moodle, read_qti
from runwell.quiz.labels import unit_label
from runwell.quiz.markdown import render_inline, render_markdown

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=False)


def parse(path: Path) -> etree._Element:
    return etree.fromstring(path.read_bytes(), PARSER)


@pytest.fixture(scope="module")
def real_course():
    return load(ROOT)


@pytest.fixture(scope="module")
def moodle_dir(tmp_path_factory, real_course) -> Path:
    out = tmp_path_factory.mktemp("moodle")
    export = build(real_course, "moodle")
    assert export.problems == []
    for name, data in export.files.items():
        (out / name).write_bytes(data)
    return out


def questions_by_id(root: etree._Element) -> dict[str, etree._Element]:
    return {q.findtext("name/text"): q for q in root.iter("question")
            if q.get("type") != "category"}


def moodle_grade(question: etree._Element, ticked: set[int]) -> float:
    """Moodle's multichoice grade for a set of ticked answers (positions): the sum of their
    fractions, between 0 and 1."""
    fractions = [float(a.get("fraction")) / 100 for a in question.findall("answer")]
    return min(1.0, max(0.0, sum(fractions[i] for i in ticked)))


def moodle_numerical(question: etree._Element, value: float) -> tuple[float, str] | None:
    """Moodle's numerical grading: the first answer whose nominal range holds *value*."""
    for answer in question.findall("answer"):
        centre = float(answer.findtext("text"))
        tolerance = float(answer.findtext("tolerance"))
        slack = 1e-14 * max(1, abs(centre))  # Moodle widens by 10^-precision
        if centre - tolerance - slack <= value <= centre + tolerance + slack:
            return float(answer.get("fraction")) / 100, answer.findtext("feedback/text")
    return None


# ------------------------------------------------------------------------------ fractions


@pytest.mark.parametrize("n", range(1, 21))
def test_fraction_shares_are_moodle_grades_that_add_up_to_100(n):
    shares = fraction_shares(n)
    assert shares is not None and len(shares) == n
    values = [float(s) / 100 for s in shares]
    assert all(any(abs(v - f) < 0.00001 for f in MOODLE_FRACTIONS) for v in values)
    assert round(sum(values), 2) == 1.0  # Moodle's own check for a multiple-answer question
    assert sum(values) <= 1.0000005


def test_no_fraction_shares_beyond_twenty():
    assert fraction_shares(21) is None


# ------------------------------------------------------------------------------ the real course


def test_every_file_parses_and_holds_its_lessons(moodle_dir, real_course):
    banks = real_course.usable_banks
    assert sorted(p.name for p in moodle_dir.iterdir()) == sorted(
        [f"{lesson}.xml" for lesson in banks] + [COURSE_FILE]
    )
    everything = parse(moodle_dir / COURSE_FILE)
    assert set(questions_by_id(everything)) == {
        q.id for b in banks.values() for q in b.questions
    }
    for lesson, bank in banks.items():
        root = parse(moodle_dir / f"{lesson}.xml")
        assert root.tag == "quiz"
        categories = [q for q in root.iter("question") if q.get("type") == "category"]
        assert [c.findtext("idnumber") for c in categories] == [lesson]
        assert categories[0].findtext("category/text") == category_path(bank, "en")
        assert categories[0].findtext("category/text").startswith(
            "$course$/top/Running Without Back Pain/"
        )
        assert list(questions_by_id(root)) == [q.id for q in bank.questions]


def test_types_keys_feedback_and_tolerance(moodle_dir, real_course):
    for lesson, bank in real_course.usable_banks.items():
        found = questions_by_id(parse(moodle_dir / f"{lesson}.xml"))
        for q in bank.questions:
            x = found[q.id]
            assert x.findtext("idnumber") == q.id
            assert [t.text for t in x.findall("tags/tag/text")] == list(q.guidance)
            assert x.findtext("questiontext/text") == render_markdown(q.text)
            assert x.find("questiontext").get("format") == "html"
            assert x.findtext("generalfeedback/text") == (
                render_markdown(q.explanation) if q.explanation else ""
            )
            hints = x.findall("hint/text")
            assert [h.text for h in hints] == ([render_inline(q.hint)] if q.hint else [])
            answers = x.findall("answer")
            if q.type in ("single", "multiple"):
                assert x.get("type") == "multichoice"
                assert x.findtext("single") == ("true" if q.type == "single" else "false")
                assert x.findtext("shuffleanswers") == ("true" if q.shuffle else "false")
                # in the order every view shows, each choice's id in the comment before it
                assert [html.unescape(a.findtext("text")) for a in answers] == [
                    c.text for c in q.shown
                ]
                ids = [c.text.split(":", 1)[1].strip() for c in x
                       if c.tag is etree.Comment]
                assert ids == [c.id for c in q.shown]
                for a, c in zip(answers, q.shown, strict=True):
                    assert (float(a.get("fraction")) > 0) == c.correct
                    assert a.findtext("feedback/text") == render_inline(c.feedback)
            elif q.type == "true_false":
                assert x.get("type") == "truefalse"
                assert [a.findtext("text") for a in answers] == ["true", "false"]
                for a, c in zip(answers, q.shown, strict=True):
                    assert a.get("fraction") == ("100" if c.correct else "0")
                    assert a.findtext("feedback/text") == render_inline(c.feedback)
            else:
                assert x.get("type") == "numerical"
                assert float(answers[0].findtext("text")) == q.answer
                assert float(answers[0].findtext("tolerance")) == q.tolerance
                assert answers[0].get("fraction") == "100"
                assert x.findtext("units/unit/unit_name") == q.unit
                assert x.findtext("units/unit/multiplier") == "1"
                assert answers[0].findtext("feedback/text") == render_inline(q.feedback.correct)


def test_moodle_would_accept_and_grade_every_question(moodle_dir, real_course):
    """Moodle's import refuses any grade fraction off its list; then it grades as the course."""
    for lesson, bank in real_course.usable_banks.items():
        found = questions_by_id(parse(moodle_dir / f"{lesson}.xml"))
        for q in bank.questions:
            x = found[q.id]
            for a in x.findall("answer"):
                fraction = float(a.get("fraction")) / 100
                assert any(abs(fraction - f) < 0.00001 for f in MOODLE_FRACTIONS), (q.id, a)
            if q.type in ("single", "multiple"):
                n = len(q.choices)
                key = {i for i, c in enumerate(q.shown) if c.correct}
                assert moodle_grade(x, key) == pytest.approx(1.0, abs=1e-6)
                if q.type == "single":
                    assert all(moodle_grade(x, {i}) == 0 for i in range(n) if i not in key)
                if q.type == "multiple":
                    assert moodle_grade(x, set(range(n))) == pytest.approx(0.0, abs=1e-6)
                    positive = sum(max(0.0, float(a.get("fraction")) / 100)
                                   for a in x.findall("answer"))
                    assert round(positive, 2) == 1.0
                    for size in range(n + 1):
                        for ticked in map(set, combinations(range(n), size)):
                            if ticked != key:
                                assert moodle_grade(x, ticked) < 1.0
            if q.type == "numeric":
                low, high = q.answer - q.tolerance, q.answer + q.tolerance
                for value in (q.answer, low, high):
                    assert moodle_numerical(x, value) == (1.0, render_inline(q.feedback.correct))
                for value in (low - 0.01, low - 1000, -1e5):
                    assert moodle_numerical(x, value) == (0.0, render_inline(q.feedback.low))
                for value in (high + 0.01, high + 1000, 1e5):
                    assert moodle_numerical(x, value) == (0.0, render_inline(q.feedback.high))


def test_round_trip_gives_back_every_bank(moodle_dir, real_course):
    renderer = Renderer(ROOT)
    everything = read_moodle((moodle_dir / COURSE_FILE).read_bytes())
    assert list(everything.banks) == list(real_course.usable_banks)
    for lesson, bank in real_course.usable_banks.items():
        want = platform_view(bank, renderer)
        assert read_moodle((moodle_dir / f"{lesson}.xml").read_bytes()).banks == {lesson: want}
        assert everything.banks[lesson] == want
        # the platform view keeps everything a view shows: ids, keys, numbers, order
        for original, back in zip(bank.questions, want.questions, strict=True):
            assert back.id == original.id and back.type == original.type
            assert [c.id for c in back.choices] == [c.id for c in original.shown]
            assert [c.text for c in back.choices] == [c.text for c in original.shown]
            assert back.correct_ids == original.correct_ids
            assert (back.answer, back.tolerance, back.unit) == (
                original.answer, original.tolerance, original.unit)
            assert back.guidance == original.guidance
    assert renderer.problems == []


def test_the_reader_applies_moodles_import_rules(moodle_dir):
    data = (moodle_dir / "03_supportive_shoes.xml").read_bytes()
    with pytest.raises(ExportFormatError, match=r"Moodle refuses the grade 33\.3"):
        read_moodle(data.replace(b'fraction="50"', b'fraction="33.3"', 1))
    with pytest.raises(ExportFormatError, match="add up to"):
        read_moodle(data.replace(b'fraction="50"', b'fraction="25"', 1))
    with pytest.raises(ExportFormatError, match="not well-formed"):
        read_moodle(data.replace(b"</quiz>", b""))


# ------------------------------------------------------------------------------ hostile text


def test_hostile_text_survives_as_text(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RUNWELL_CACHE", str(tmp_path / "cache"))
    root = make_course(tmp_path / "course", {"01_hostile": HOSTILE})
    out = tmp_path / "out"
    status, _, err = run_export(capsys, "--format", "moodle", "--out", str(out), "--root",
                                str(root))
    assert status == 0, err
    bank = course_at(root).bank("01_hostile")
    for name in ("01_hostile.xml", COURSE_FILE):
        data = (out / name).read_bytes()
        assert b"<![CDATA[" not in data.replace(b"&lt;![CDATA[", b"")  # all entities, no CDATA
        x = questions_by_id(parse(out / name))
        single = x["hostile-single"]
        texts = [html.unescape(a.findtext("text")) for a in single.findall("answer")]
        assert sorted(texts) == sorted(c.text for c in bank.question("hostile-single").choices)
        assert "]]><![CDATA[ <x> ]]>" in texts and "A & B \"quoted\" &amp; &#60;" in texts
        # the HTML Moodle stores shows the markup as text and runs nothing
        for field in single.iter("text"):
            fragment = lxml.html.fragment_fromstring(field.text or "", create_parent="div")
            assert not fragment.xpath("//script|//iframe|//style|//*[@onmouseover]")
        question_html = single.findtext("questiontext/text")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in question_html
        assert lxml.html.fragment_fromstring(question_html, create_parent="div").text_content(
        ).startswith("Is <script>alert(1)</script> text? ]]> & \"q\"")
        numeric = x["hostile-numeric"]
        assert numeric.findtext("units/unit/unit_name") == "<script>cm</script> & ]]>"
    back = read_moodle((out / COURSE_FILE).read_bytes())
    assert back.banks["01_hostile"] == platform_view(bank, Renderer(root))
    assert back.banks["01_hostile"].title == "Tags <b>bold</b> & ]]> \"quotes\" 'single' / slash"
    category = parse(out / COURSE_FILE).xpath("//question[@type='category']/category/text")[-1]
    assert category.text.endswith("/01 Tags <b>bold<//b> & ]]> \"quotes\" 'single' // slash")


def test_existing_hostile_fixture_exports(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RUNWELL_CACHE", str(tmp_path / "cache"))
    root = make_course(tmp_path / "course", {
        "01_sample": (ROOT / "tests/fixtures/quizzes/hostile/01_sample.yaml").read_text()})
    for fmt in ("moodle", "qti"):
        status, _, err = run_export(capsys, "--format", fmt, "--out", str(tmp_path / "out"),
                                    "--root", str(root))
        assert status == 0, err


# ------------------------------------------------------------------------------ figures


def test_figures_are_embedded_beside_the_text_that_shows_them(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RUNWELL_CACHE", str(tmp_path / "cache"))
    room = FIGURE_SVG.replace(b"10", b"20")
    root = make_course(tmp_path / "course", {"03_figures": FIGURES},
                       {"03_lacing test.svg": FIGURE_SVG, "sub/03_room.svg": room})
    out = tmp_path / "out"
    status, _, err = run_export(capsys, "--format", "moodle", "--out", str(out), "--root",
                                str(root))
    assert status == 0, err
    x = questions_by_id(parse(out / "03_figures.xml"))
    text = x["figure-single"].find("questiontext")
    assert f'<img src="{PLUGINFILE}03_lacing%20test.svg" alt="Lacing diagram" />' in (
        text.findtext("text"))
    files = {(f.get("path"), f.get("name")): base64.b64decode(f.text)
             for f in text.findall("file")}
    assert files == {("/", "03_lacing test.svg"): FIGURE_SVG}
    general = x["figure-single"].find("generalfeedback")
    assert {(f.get("path"), f.get("name")) for f in general.findall("file")} == {
        ("/", "03_lacing test.svg"), ("/sub/", "03_room.svg")}
    feedback = x["figure-single"].findall("answer/feedback")
    assert [base64.b64decode(f.text) for fb in feedback for f in fb.findall("file")] == [room]
    category = parse(out / "03_figures.xml").find("question/info")
    assert [f.get("name") for f in category.findall("file")] == ["03_lacing test.svg"]
    back = read_moodle((out / "03_figures.xml").read_bytes())
    assert back.figures == {"03_lacing test.svg": FIGURE_SVG, "sub/03_room.svg": room}
    assert back.banks["03_figures"] == platform_view(course_at(root).bank("03_figures"),
                                                     Renderer(root))


def test_a_missing_figure_names_its_question(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RUNWELL_CACHE", str(tmp_path / "cache"))
    root = make_course(tmp_path / "course", {"03_figures": FIGURES},
                       {"03_lacing test.svg": FIGURE_SVG})
    escape = FIGURES.replace("figures/sub/03_room.svg", "../../secret.svg")
    (root / "notebooks/quizzes/03_figures.yaml").write_text(escape)
    (root / "secret.svg").write_bytes(FIGURE_SVG)
    for fmt in ("moodle", "qti"):
        status, _, err = run_export(capsys, "--format", fmt, "--out", str(tmp_path / "o"),
                                      "--root", str(root))
        assert status == 1
        assert ("notebooks/quizzes/03_figures.yaml: figure-single: figure '../../secret.svg' "
                "not found under notebooks/figures") in err
        assert "figure-numeric" in err and "nothing was written" in err
        assert not (tmp_path / "o").exists()


def test_odd_figure_paths_and_huge_ranges_are_one_line_problems(tmp_path, monkeypatch, capsys):
    """A NUL byte in a figure's path, and an answer whose range overflows (1e308 ± 1e308):
    `runwell check` lets both through, and the export names the question instead of crashing."""
    monkeypatch.setenv("RUNWELL_CACHE", str(tmp_path / "cache"))
    root = make_course(tmp_path / "course", {"03_figures": FIGURES},
                       {"03_lacing test.svg": FIGURE_SVG})
    odd = FIGURES.replace("figures/sub/03_room.svg", "figures/a%00.svg")
    huge = odd.replace("answer: 1.25", "answer: 1.0e+308").replace(
        "tolerance: 0.5", "tolerance: 1.0e+308")
    assert "a%00.svg" in odd and huge.count("1.0e+308") == 2
    (root / "notebooks/quizzes/03_figures.yaml").write_text(huge)
    for fmt in ("moodle", "qti"):
        status, _, err = run_export(capsys, "--format", fmt, "--out", str(tmp_path / "o"),
                                    "--root", str(root))
        assert status == 1 and "Traceback" not in err, err
        assert "figure-numeric: answer and tolerance must be finite" in err
        assert not (tmp_path / "o").exists()
    (root / "notebooks/quizzes/03_figures.yaml").write_text(odd)
    status, _, err = run_export(capsys, "--format", "qti", "--out", str(tmp_path / "o"),
                                "--root", str(root))
    assert status == 1 and "Traceback" not in err, err
    assert "figure-single: figure 'figures/a\\x00.svg' not found under notebooks/figures" in err


# ------------------------------------------------------------------------------ the command


def test_what_check_refuses_the_export_refuses_too(tmp_path, monkeypatch, capsys):
    """Control characters and infinite numbers: `runwell check` refuses the bank, and so does
    the export, in one line naming the bank, before writing anything."""
    monkeypatch.setenv("RUNWELL_CACHE", str(tmp_path / "cache"))
    bad = HOSTILE.replace('text: "<script>x</script> is text"', 'text: "bell \\x07 here"')
    bad = bad.replace("tolerance: 0.2", "tolerance: .inf")
    root = make_course(tmp_path / "course", {"01_hostile": bad})
    assert course_at(root).broken == frozenset({"01_hostile"})
    status, _, err = run_export(capsys, "--format", "qti", "--out", str(tmp_path / "o"),
                                "--root", str(root))
    assert status == 1
    assert "notebooks/quizzes/01_hostile.yaml: " in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_the_exports_own_guard_names_questions_it_cannot_map():
    """Banks built in code (not through check) still meet the export's own guard."""
    from dataclasses import replace

    from runwell.export.common import text_problems

    model = course_at(ROOT)
    bank = model.bank("03_supportive_shoes")
    q = next(q for q in bank.questions if q.type == "numeric")
    broken = replace(bank, questions=(replace(q, tolerance=float("inf")),))
    problems = text_problems(broken)
    assert problems and "finite" in str(problems[0])


def test_the_command_never_overwrites_a_file_it_did_not_write(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "03_supportive_shoes.xml"
    mine.write_text("a teacher's own file")
    args = ("--format", "moodle", "--out", str(out), "--root", str(ROOT))
    status, _, err = run_export(capsys, *args)
    assert status == 1
    assert err.strip().endswith("03_supportive_shoes.xml: was not written by `runwell export`; "
                                "move it aside, or export to another folder")
    assert mine.read_text() == "a teacher's own file"
    assert sorted(p.name for p in out.iterdir()) == ["03_supportive_shoes.xml"]
    mine.unlink()
    status, stdout, _ = run_export(capsys, *args)
    assert status == 0 and stdout.count("wrote ") == 8
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["format"] == "runwell-export" and len(manifest["files"]) == 8
    status, stdout, _ = run_export(capsys, *args)
    assert status == 0 and stdout.count("up to date ") == 8 and "wrote" not in stdout
    (out / COURSE_FILE).write_text("edited by hand")
    status, _, err = run_export(capsys, *args)
    assert status == 1 and "all_lessons.xml: was changed since the export wrote it" in err
    assert (out / COURSE_FILE).read_text() == "edited by hand"
    (out / "notes.txt").write_text("kept")
    (out / COURSE_FILE).unlink()
    status, _, _ = run_export(capsys, *args)
    assert status == 0 and (out / "notes.txt").read_text() == "kept"


def test_the_spanish_edition_exports_in_spanish_words(tmp_path, capsys):
    """--lang es: the Spanish banks, under a Spanish category, with true/false and units in
    Spanish as the course shows them; ids and keys as in English."""
    spanish = load(ROOT, "es")
    out = tmp_path / "o"
    for fmt in ("moodle", "qti"):
        status, _, err = run_export(capsys, "--format", fmt, "--lang", "es", "--out", str(out),
                                    "--root", str(ROOT))
        assert status == 0, err
    es = out / "es"
    moodle = parse(es / COURSE_FILE)
    categories = [c.findtext("category/text") for c in moodle.iter("question")
                  if c.get("type") == "category"]
    assert categories[0] == "$course$/top/Correr sin dolor de espalda"
    back = read_moodle((es / COURSE_FILE).read_bytes(), lang="es")
    qti = read_qti((es / "runwell_quizzes_qti_es.zip").read_bytes())
    english = load(ROOT)
    units = tf = 0
    for lesson, bank in spanish.usable_banks.items():
        assert back.banks[lesson].title == bank.title
        for q in bank.questions:
            for read in (back, qti):
                mine = read.banks[lesson].question(q.id)
                assert mine is not None and mine.correct_ids == q.correct_ids, q.id
                assert mine.correct_ids == english.bank(lesson).question(q.id).correct_ids
                if q.unit:
                    units += 1
                    assert mine.unit == unit_label(q.unit, "es"), q.id
                if q.type == "true_false":
                    tf += 1
                    assert [c.text for c in mine.choices] == ["Verdadero", "Falso"], q.id
    assert units and tf
    assert unit_label("seconds", "es") == "segundos"


def test_a_spanish_edition_exports_into_es(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RUNWELL_CACHE", str(tmp_path / "cache"))
    root = make_course(tmp_path / "course", {"es/01_hostile": HOSTILE})
    status, _, err = run_export(capsys, "--format", "qti", "--lang", "es", "--out",
                                str(tmp_path / "o"), "--root", str(root))
    assert status == 0, err
    assert [p.name for p in (tmp_path / "o" / "es").iterdir() if p.suffix == ".zip"] == [
        "runwell_quizzes_qti_es.zip"]


def test_bad_arguments_are_one_line(tmp_path, capsys):
    status, _, err = run_export(capsys, "--format", "blackboard", "--out", str(tmp_path))
    assert status == 2 and len(err.strip().splitlines()) == 1
    status, _, err = run_export(capsys, "--format", "qti", "--lang", "fr")
    assert status == 2 and len(err.strip().splitlines()) == 1


def test_export_runs_as_a_real_command(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "runwell", "export", "--format", "moodle", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("49 questions from 7 lessons") or (
        "questions from" in result.stdout)
    assert (out / COURSE_FILE).is_file()


def test_platform_view_is_what_a_platform_needs(real_course):
    """Bank order is seen by no one, so the view lists choices as shown; all else is kept."""
    bank = real_course.bank("03_supportive_shoes")
    view = platform_view(bank, Renderer(ROOT))
    assert isinstance(view, Bank) and view.path == ""
    for q, v in zip(bank.questions, view.questions, strict=True):
        assert isinstance(v, Question)
        assert v.order == tuple(range(len(q.choices)))
        assert v.shuffle == (q.shuffle and q.type in ("single", "multiple"))


# ------------------------------------------------------------------------------ any text


def _text_strategy():
    from hypothesis import strategies as st

    pieces = st.sampled_from(["<b>", "</i>", "]]>", "&", "&amp;", "\"", "'", "<![CDATA[",
                              "*", "`", "\n", " ", "é", "😀", "-->", "<!--", "\u00a0"])
    free = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), min_size=1,
                   max_size=12)
    return st.lists(st.one_of(pieces, free), min_size=1, max_size=8).map("".join).map(
        lambda s: s if s.strip() else s + "x")


def test_any_text_round_trips_through_both_formats():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from runwell.course.model import Choice, NumericFeedback
    from runwell.course.order import display_order
    from runwell.export.moodle import moodle_files
    from runwell.export.qti import qti_package
    from runwell.export.read import read_qti

    text = _text_strategy()

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(title=text, body=text, choice_a=text, choice_b=text, feedback=text, unit=text,
           answer=st.floats(-1e6, 1e6, allow_nan=False), tolerance=st.floats(1e-6, 1e3))
    def check(title, body, choice_a, choice_b, feedback, unit, answer, tolerance):
        choices = (Choice("a-choice", choice_a.strip(), True, feedback.strip()),
                   Choice("b-choice", choice_b.strip() + " (b)", False, feedback.strip()))
        single = Question("any-single", "single", body.strip(), ("warmup-why",),
                          hint=feedback.strip(), explanation=body.strip(), choices=choices,
                          order=display_order("any-single", "single", ["a-choice", "b-choice"],
                                              True))
        numeric = Question("any-numeric", "numeric", body.strip(), ("warmup-why",),
                           answer=answer, tolerance=tolerance, unit=unit.strip(),
                           feedback=NumericFeedback(feedback.strip(), "high", "right"),
                           shuffle=True)
        bank = Bank("01_any", title.strip(), (single, numeric), intro=body.strip(),
                    path="notebooks/quizzes/01_any.yaml")
        renderer = Renderer(None)
        want = platform_view(bank, renderer)
        moodle = moodle_files([bank], "en", renderer)
        qti = qti_package([bank], "en", renderer)
        if renderer.problems:  # Markdown that reads as an image of a missing figure
            return
        assert read_moodle(moodle["01_any.xml"]).banks == {"01_any": want}
        assert read_moodle(moodle[COURSE_FILE]).banks == {"01_any": want}
        assert read_qti(qti).banks == {"01_any": want}

    check()
