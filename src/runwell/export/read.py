"""Read exported files back into the course model: Moodle XML and QTI packages.

These readers know only the formats, not the banks: they give back what a platform would hold,
in the form of :func:`runwell.export.common.platform_view`, so an export can check itself (and
the tests a round trip) by comparing the two. They also apply the rules the platforms apply on
import (Moodle's accepted grade fractions and their sums, the manifest's references), raising
:class:`ExportFormatError` naming the question that breaks one.

They parse with the standard library; they are meant for files this package wrote.
"""

from __future__ import annotations

import base64
import html
import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote
from xml.etree import ElementTree as ET

from runwell.course.model import Bank, Choice, NumericFeedback, Question
from runwell.export.common import FIGURE_PREFIX
from runwell.quiz.labels import true_false_text

__all__ = [
    "MOODLE_FRACTIONS",
    "ExportFormatError",
    "ReadBack",
    "read_moodle",
    "read_qti",
    "split_category_path",
]

# Moodle's question_bank::fraction_options_full(), as fractions.
_RAW = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25,
        0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05)
MOODLE_FRACTIONS = (0.0, *_RAW, *(-f for f in _RAW))
_PLUGINFILE = re.compile(r'<img src="@@PLUGINFILE@@/([^"]*)"')
_FILEBASE = re.compile(r'<img src="\$IMS-CC-FILEBASE\$/images/([^"]*)"')
_TYPES = {
    "multiple_choice_question": "single",
    "multiple_answers_question": "multiple",
    "true_false_question": "true_false",
    "numerical_question": "numeric",
}


class ExportFormatError(ValueError):
    """An exported file that a platform would refuse or misread."""


@dataclass
class ReadBack:
    """What a file (or package) holds: banks by lesson in file order, and the figures it
    embeds by name (path under ``notebooks/figures``)."""

    banks: dict[str, Bank] = field(default_factory=dict)
    figures: dict[str, bytes] = field(default_factory=dict)


def _parse(data: bytes, what: str) -> ET.Element:
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    try:
        parser.feed(data)
        return parser.close()
    except ET.ParseError as exc:
        raise ExportFormatError(f"{what}: not well-formed XML ({exc})") from None


def _text(element: ET.Element | None) -> str:
    return "" if element is None else (element.text or "")


def _child_text(element: ET.Element, path: str) -> str:
    return _text(element.find(path))


# ---------------------------------------------------------------------------- Moodle XML


def split_category_path(path: str) -> list[str]:
    """A Moodle category path into names (``//`` is a ``/`` inside a name)."""
    return [name.replace("//", "/").strip() for name in re.split(r"(?<!/)/(?!/)", path)]


def _moodle_html(element: ET.Element | None, figures: dict[str, bytes], where: str) -> str:
    """A text field's HTML, its ``@@PLUGINFILE@@`` figures written ``figures/<name>`` again;
    each figure must be embedded beside the text, in base64."""
    if element is None:
        return ""
    embedded: dict[str, bytes] = {}
    for file in element.findall("file"):
        if file.get("encoding") != "base64":
            raise ExportFormatError(f"{where}: a file that is not base64")
        folder = file.get("path", "/")
        name = (folder + file.get("name", "")).lstrip("/")
        embedded[name] = base64.b64decode(file.text or "", validate=True)
    text = _child_text(element, "text")

    def back(match: re.Match[str]) -> str:
        name = unquote(html.unescape(match.group(1)))
        if name not in embedded:
            raise ExportFormatError(f"{where}: figure {name!r} is referenced but not embedded")
        figures[name] = embedded[name]
        return f'<img src="{html.escape(FIGURE_PREFIX + match.group(1))}"'

    return _PLUGINFILE.sub(back, text)


def _fraction(answer: ET.Element, where: str) -> float:
    try:
        fraction = float(answer.get("fraction", "0")) / 100
    except ValueError:
        raise ExportFormatError(f"{where}: fraction {answer.get('fraction')!r}") from None
    if not any(abs(fraction - f) < 0.00001 for f in MOODLE_FRACTIONS):
        raise ExportFormatError(f"{where}: Moodle refuses the grade {fraction * 100}%")
    return fraction


def _comment_ids(question: ET.Element) -> list[str | None]:
    """The choice id in the comment before each ``<answer>`` (None where there is none)."""
    ids: list[str | None] = []
    pending: str | None = None
    for child in question:
        if child.tag is ET.Comment:
            match = re.fullmatch(r"\s*choice:\s*(\S+)\s*", child.text or "")
            pending = match.group(1) if match else None
        elif child.tag == "answer":
            ids.append(pending)
            pending = None
    return ids


def _moodle_question(element: ET.Element, figures: dict[str, bytes], lang: str = "en"
                     ) -> Question:
    qid = _child_text(element, "name/text").strip()
    where = qid or "(a question without a name)"
    if _child_text(element, "idnumber") != qid:
        raise ExportFormatError(f"{where}: the ID number is not the question id")
    qtype = element.get("type")
    text = _moodle_html(element.find("questiontext"), figures, where)
    explanation = _moodle_html(element.find("generalfeedback"), figures, where) or None
    hints = element.findall("hint")
    hint = _moodle_html(hints[0], figures, where) if hints else None
    guidance = tuple(_text(t) for t in element.findall("tags/tag/text"))
    answers = element.findall("answer")
    fractions = [_fraction(a, where) for a in answers]
    common = Question(id=qid, type="", text=text, guidance=guidance, hint=hint,
                      explanation=explanation)
    if qtype == "multichoice":
        single = _child_text(element, "single").strip() == "true"
        ids = _comment_ids(element)
        if None in ids:
            raise ExportFormatError(f"{where}: a choice without its id comment")
        choices = tuple(
            Choice(
                id=str(cid),
                text=html.unescape(_child_text(a, "text")),
                correct=f > 0,
                feedback=_moodle_html(a.find("feedback"), figures, where),
            )
            for cid, a, f in zip(ids, answers, fractions, strict=True)
        )
        if single and max(fractions, default=0) != 1.0:
            raise ExportFormatError(f"{where}: no choice is worth 100%")
        if not single:
            positive = sum(f for f in fractions if f > 0)
            if round(positive, 2) != 1.0:
                raise ExportFormatError(f"{where}: the correct choices add up to "
                                        f"{positive * 100}%, not 100%")
            if sum(fractions) > 0.00001:
                raise ExportFormatError(f"{where}: ticking every choice scores above 0")
        return replace(
            common,
            type="single" if single else "multiple",
            choices=choices,
            order=tuple(range(len(choices))),
            shuffle=_child_text(element, "shuffleanswers").strip() in ("true", "1"),
        )
    if qtype == "truefalse":
        choices = tuple(
            Choice(
                id=_child_text(a, "text"),
                # Moodle labels true/false itself, in the learner's language
                text=true_false_text(_child_text(a, "text"), lang)
                or _child_text(a, "text").capitalize(),
                correct=f == 1.0,
                feedback=_moodle_html(a.find("feedback"), figures, where),
            )
            for a, f in zip(answers, fractions, strict=True)
        )
        if [c.id for c in choices] != ["true", "false"] or sum(c.correct for c in choices) != 1:
            raise ExportFormatError(f"{where}: a true/false question needs true, then false, "
                                    "one of them worth 100%")
        return replace(common, type="true_false", choices=choices, order=(0, 1), shuffle=False)
    if qtype == "numerical":
        if len(answers) != 3 or fractions != [1.0, 0.0, 0.0]:
            raise ExportFormatError(f"{where}: expected the answer, then too low and too high")
        values = [float(_child_text(a, "text")) for a in answers]
        tolerances = [float(_child_text(a, "tolerance")) for a in answers]
        answer, tolerance = values[0], tolerances[0]
        low, high = answers[1], answers[2]
        # Each range must meet the answer's: no gap a response could fall through (the
        # answer, listed first, wins where they overlap), and not reach across it. Its edge is
        # exact in decimal; Moodle adds centre and width in binary floating point.
        lo, hi = answer - tolerance, answer + tolerance
        slack = 1e-12 * max(abs(answer), tolerances[1], tolerances[2], 1.0)
        low_top, high_bottom = values[1] + tolerances[1], values[2] - tolerances[2]
        if not (lo - slack <= low_top <= hi + slack and lo - slack <= high_bottom <= hi + slack):
            raise ExportFormatError(f"{where}: the too-low and too-high ranges do not meet the "
                                    "answer's")
        units = element.findall("units/unit/unit_name")
        return replace(
            common,
            type="numeric",
            answer=answer,
            tolerance=tolerance,
            unit=_text(units[0]) if units else None,
            feedback=NumericFeedback(
                low=_moodle_html(low.find("feedback"), figures, where),
                high=_moodle_html(high.find("feedback"), figures, where),
                correct=_moodle_html(answers[0].find("feedback"), figures, where),
            ),
            shuffle=False,
        )
    raise ExportFormatError(f"{where}: unexpected question type {qtype!r}")


def read_moodle(data: bytes, lang: str = "en") -> ReadBack:
    """A Moodle XML file: one bank per lesson category (``idnumber`` = lesson); true/false
    choices read as Moodle shows them to a learner in *lang*."""
    root = _parse(data, "Moodle XML")
    if root.tag != "quiz":
        raise ExportFormatError(f"Moodle XML: the root is <{root.tag}>, not <quiz>")
    result = ReadBack()
    current: dict[str, object] | None = None
    for element in root.findall("question"):
        if element.get("type") == "category":
            lesson = _child_text(element, "idnumber").strip()
            if not lesson:
                current = None  # the course's own category, holding the lessons' ones
                continue
            names = split_category_path(_child_text(element, "category/text"))
            number, _, title = names[-1].partition(" ")
            if number != lesson.split("_", 1)[0]:
                raise ExportFormatError(f"{lesson}: category {names[-1]!r} does not start with "
                                        "the lesson number")
            intro = _moodle_html(element.find("info"), result.figures, lesson) or None
            current = {"lesson": lesson, "title": title, "intro": intro, "questions": []}
            result.banks[lesson] = Bank(lesson, title, (), intro)
            continue
        if current is None:
            raise ExportFormatError("Moodle XML: a question before any lesson category")
        question = _moodle_question(element, result.figures, lang)
        lesson = str(current["lesson"])
        bank = result.banks[lesson]
        result.banks[lesson] = Bank(bank.lesson, bank.title, (*bank.questions, question),
                                    bank.intro)
    return result


# ---------------------------------------------------------------------------- QTI 1.2


def _local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _q(path: str) -> str:
    """An ElementTree path with any namespace: ``a/b`` → ``{*}a/{*}b``."""
    return "/".join(part if part in (".", "..") else "{*}" + part for part in path.split("/"))


def _mattext(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return _text(element.find(".//" + _q("mattext")))


def _decimal(text: str, where: str) -> Decimal:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        raise ExportFormatError(f"{where}: {text!r} is not a number") from None


def _qti_figures(text: str, package: zipfile.ZipFile, figures: dict[str, bytes],
                 where: str) -> str:
    def back(match: re.Match[str]) -> str:
        name = unquote(html.unescape(match.group(1)))
        try:
            figures[name] = package.read("images/" + name)
        except KeyError:
            raise ExportFormatError(f"{where}: figure {name!r} is not in the package") from None
        return f'<img src="{html.escape(FIGURE_PREFIX + match.group(1))}"'

    return _FILEBASE.sub(back, text)


def _metadata(element: ET.Element) -> dict[str, str]:
    return {
        _child_text(f, _q("fieldlabel")): _child_text(f, _q("fieldentry"))
        for f in element.findall(_q("qtimetadata/qtimetadatafield"))
    }


def _condition_values(condition: ET.Element, name: str) -> list[str]:
    return [(_text(v)).strip() for v in condition.iter() if _local(v) == name]


def _unwrap(text: str, where: str) -> str:
    """Inline HTML that QTI carries wrapped in one paragraph."""
    if not (text.startswith("<p>") and text.endswith("</p>")):
        raise ExportFormatError(f"{where}: inline text not wrapped in a paragraph")
    return text[3:-4]


def _conditionvar(condition: ET.Element, where: str) -> ET.Element:
    var = condition.find(_q("conditionvar"))
    if var is None:
        raise ExportFormatError(f"{where}: a respcondition without a conditionvar")
    return var


def _qti_item(item: ET.Element, package: zipfile.ZipFile, figures: dict[str, bytes]
              ) -> Question:
    qid = item.get("ident", "")
    where = qid or "(an item without an ident)"
    itemmetadata = item.find(_q("itemmetadata"))
    meta = {} if itemmetadata is None else _metadata(itemmetadata)
    qtype = _TYPES.get(meta.get("question_type", ""))
    if qtype is None:
        raise ExportFormatError(f"{where}: question_type {meta.get('question_type')!r}")

    def fix(text: str) -> str:
        return _qti_figures(text, package, figures, where)

    presentation = item.find(_q("presentation"))
    if presentation is None:
        raise ExportFormatError(f"{where}: no presentation")
    text = fix(_text(presentation.find(_q("material/mattext"))))
    feedbacks: dict[str, ET.Element] = {
        f.get("ident", ""): f for f in item.findall(_q("itemfeedback"))
    }

    def feedback(ident: str | None, *, inline: bool = True) -> str:
        if ident is None or ident not in feedbacks:
            raise ExportFormatError(f"{where}: no item feedback {ident!r}")
        found = fix(_text(feedbacks[ident].find(_q("flow_mat/material/mattext"))))
        return _unwrap(found, where) if inline else found

    hint_fb = next((f for f in feedbacks.values() if f.find(_q("hint")) is not None), None)
    hint = (_unwrap(fix(_text(hint_fb.find(_q("hint/hintmaterial/material/mattext")))), where)
            if hint_fb is not None else None)
    conditions = item.findall(_q("resprocessing/respcondition"))
    explanation = feedback("general_fb", inline=False) if "general_fb" in feedbacks else None
    common = Question(id=qid, type="", text=text, hint=hint, explanation=explanation,
                      guidance=tuple(meta.get("runwell_guidance", "").split()))

    def shows(condition: ET.Element) -> str | None:
        display = condition.find(_q("displayfeedback"))
        return None if display is None else display.get("linkrefid")

    def scores(condition: ET.Element) -> bool:
        return any(float(_text(s) or 0) > 0 for s in condition.findall(_q("setvar"))
                   if s.get("varname") == "SCORE")

    if qtype == "numeric":
        scoring = [c for c in conditions if scores(c)]
        if len(scoring) != 1:
            raise ExportFormatError(f"{where}: expected one scoring condition")
        var = _conditionvar(scoring[0], where)
        exact = _decimal(_condition_values(var, "varequal")[0], where)
        low = _decimal(_condition_values(var, "vargte")[0], where)
        high = _decimal(_condition_values(var, "varlte")[0], where)
        if exact - low != high - exact:
            raise ExportFormatError(f"{where}: the range is not centred on the answer")
        below = [c for c in conditions if _condition_values(c, "varlt")]
        above = [c for c in conditions if _condition_values(c, "vargt")]
        if (len(below) != 1 or len(above) != 1
                or _decimal(_condition_values(below[0], "varlt")[0], where) != low
                or _decimal(_condition_values(above[0], "vargt")[0], where) != high):
            raise ExportFormatError(f"{where}: too-low and too-high conditions do not meet "
                                    "the range")
        unit = presentation.find(_q("response_str/material/mattext"))
        return replace(
            common,
            type="numeric",
            answer=float(exact),
            tolerance=float(high - exact),
            unit=_text(unit) if unit is not None else None,
            feedback=NumericFeedback(
                low=feedback(shows(below[0])),
                high=feedback(shows(above[0])),
                correct=feedback(shows(scoring[0])),
            ),
            shuffle=False,
        )

    response = presentation.find(_q("response_lid"))
    render = None if response is None else response.find(_q("render_choice"))
    if response is None or render is None:
        raise ExportFormatError(f"{where}: no response_lid with render_choice")
    cardinality = response.get("rcardinality")
    if (cardinality == "Multiple") != (qtype == "multiple"):
        raise ExportFormatError(f"{where}: rcardinality {cardinality!r} for a {qtype} question")
    rid = response.get("ident")
    labels = render.findall(_q("response_label"))
    idents = [label.get("ident", "") for label in labels]
    scoring = [c for c in conditions if scores(c)]
    if len(scoring) != 1:
        raise ExportFormatError(f"{where}: expected one scoring condition")
    var = _conditionvar(scoring[0], where)
    for value in var.iter():
        if _local(value) == "varequal" and value.get("respident") != rid:
            raise ExportFormatError(f"{where}: a condition on another response")
    if qtype == "multiple":
        found_group = var.find(_q("and"))
        if found_group is None:
            raise ExportFormatError(f"{where}: the key is not an <and>")
        correct = [_text(v).strip() for v in found_group.findall(_q("varequal"))]
        wrong = [_text(v).strip() for v in found_group.findall(_q("not/varequal"))]
        if sorted(correct + wrong) != sorted(idents):
            raise ExportFormatError(f"{where}: the key does not name every choice once")
    else:
        correct = [_text(v).strip() for v in var.findall(_q("varequal"))]
        if len(correct) != 1 or correct[0] not in idents:
            raise ExportFormatError(f"{where}: the key is not one of the choices")
    chosen = {}
    for condition in conditions:
        cvar = condition.find(_q("conditionvar"))
        values = [] if cvar is None else [v for v in cvar if _local(v) == "varequal"]
        if len(values) == 1 and not scores(condition):
            chosen[_text(values[0]).strip()] = shows(condition)
    choices = tuple(
        Choice(
            id=ident,
            text=_mattext(label),
            correct=ident in correct,
            feedback=feedback(chosen.get(ident)),
        )
        for ident, label in zip(idents, labels, strict=True)
    )
    return replace(
        common,
        type=qtype,
        choices=choices,
        order=tuple(range(len(choices))),
        shuffle=render.get("shuffle") == "Yes" and qtype != "true_false",
    )


def _manifest_files(manifest: ET.Element) -> dict[str, list[str]]:
    """Resource identifier → the files it lists (decoded), checking every dependency names a
    resource of the manifest."""
    resources = manifest.findall(_q("resources/resource"))
    known = {r.get("identifier") for r in resources}
    found: dict[str, list[str]] = {}
    for resource in resources:
        rid = resource.get("identifier", "")
        for dependency in resource.findall(_q("dependency")):
            if dependency.get("identifierref") not in known:
                raise ExportFormatError(f"imsmanifest.xml: {rid}: depends on an unknown "
                                        f"resource {dependency.get('identifierref')!r}")
        found[rid] = [unquote(f.get("href", "")) for f in resource.findall(_q("file"))]
    return found


def read_qti(data: bytes) -> ReadBack:
    """A QTI package: each ``imsqti_xmlv1p2`` resource of the manifest is one bank."""
    result = ReadBack()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        if "imsmanifest.xml" not in names:
            raise ExportFormatError("QTI package: no imsmanifest.xml")
        manifest = _parse(package.read("imsmanifest.xml"), "imsmanifest.xml")
        listed = _manifest_files(manifest)
        for rid, files in listed.items():
            for href in files:
                if href not in names:
                    raise ExportFormatError(f"imsmanifest.xml: {rid}: {href!r} is not in the "
                                            "package")
        unlisted = names - {"imsmanifest.xml"} - {f for files in listed.values() for f in files}
        if unlisted:
            raise ExportFormatError(f"QTI package: {sorted(unlisted)[0]!r} is not in the "
                                    "manifest")
        for resource in manifest.findall(_q("resources/resource")):
            if resource.get("type") != "imsqti_xmlv1p2":
                continue
            href = unquote(resource.get("href", ""))
            root = _parse(package.read(href), href)
            if _local(root) != "questestinterop":
                raise ExportFormatError(f"{href}: the root is not <questestinterop>")
            for assessment in root.findall(_q("assessment")):
                meta = _metadata(assessment)
                lesson = meta.get("runwell_lesson", "")
                rubric = assessment.find(_q("rubric"))
                intro = (_qti_figures(_mattext(rubric), package, result.figures, lesson)
                         if rubric is not None else None)
                questions = tuple(
                    _qti_item(item, package, result.figures)
                    for item in assessment.iter()
                    if _local(item) == "item"
                )
                result.banks[lesson] = Bank(lesson, assessment.get("title", ""), questions,
                                            intro or None)
    return result
