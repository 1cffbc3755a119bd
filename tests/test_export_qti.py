"""`runwell export --format qti`: the package checked against the IMS QTI 1.2.1 ASI DTD and
the IMS Content Packaging rules, every item scored by an independent evaluator of QTI response
processing, round trips, hostile text and figures.

The DTD (``ims_qtiasiv1p2p1.dtd``, IMS Global, 2003) is not vendored: it ships in the source
distribution of pyslet on PyPI, which the test downloads once with pip into a cache
(``$RUNWELL_TEST_CACHE``, else the user cache folder) and checks by SHA-256. Without network
access the DTD test is skipped with the reason printed; every other test runs.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from itertools import combinations
from pathlib import Path

import lxml.html
import platformdirs
import pytest
from export_fixtures import FIGURE_SVG, FIGURES, HOSTILE, ROOT, course_at, make_course
from lxml import etree

from runwell.course import load
from runwell.export import build
from runwell.export.common import Renderer, platform_view
from runwell.export.qti import CANVAS_TYPES, package_name, qti_package
from runwell.export.read import read_qti
from runwell.quiz.markdown import render_inline, render_markdown

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS = {"q": QTI, "cp": CP}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)

PYSLET = "pyslet==0.7.20170805"
DTD_MEMBER = "pyslet-0.7.20170805/unittests/data_imsqtiv1p2p1/ims_qtiasiv1p2p1.dtd"
DTD_SHA256 = "c991ca648247cde8f228500a4ffb7e3578505c451f54150f43258b7f1ab445bd"
NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")
# Canvas files a feedback under the question's comments when its ident matches these, so a
# choice's feedback must never (gems/plugins/qti_exporter, AssessmentItemConverter#get_feedback)
CANVAS_CATCH_ALL = re.compile(r"wrong|incorrect|_IC$|correct|_C$|solution|general_|_all", re.I)


# ------------------------------------------------------------------------------ fixtures


def _cache() -> Path:
    return Path(os.environ.get("RUNWELL_TEST_CACHE")
                or platformdirs.user_cache_dir("runwell")) / "test-data"


@pytest.fixture(scope="session")
def qti_dtd() -> etree.DTD:
    """The QTI 1.2.1 ASI DTD from pyslet's source distribution (PyPI), cached."""
    cached = _cache() / "ims_qtiasiv1p2p1.dtd"
    if not (cached.is_file() and hashlib.sha256(cached.read_bytes()).hexdigest() == DTD_SHA256):
        download = _cache() / "download"
        download.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                 "--no-binary", ":all:", "--dest", str(download), PYSLET],
                check=True, capture_output=True, timeout=300,
            )
            sdist = next(download.glob("pyslet-*.tar.gz"))
            with tarfile.open(sdist) as archive:
                member = archive.extractfile(DTD_MEMBER)
                data = member.read() if member else b""
        except (subprocess.SubprocessError, OSError, StopIteration, KeyError) as exc:
            reason = f"cannot fetch the QTI DTD from PyPI ({PYSLET}): {exc}"
            print(f"SKIP: {reason}")
            pytest.skip(reason)
        if hashlib.sha256(data).hexdigest() != DTD_SHA256:
            pytest.fail(f"{DTD_MEMBER} in {PYSLET} is not the DTD this test knows")
        cached.write_bytes(data)
    return etree.DTD(str(cached))


@pytest.fixture(scope="module")
def real_course():
    return load(ROOT)


@pytest.fixture(scope="module")
def package(real_course) -> zipfile.ZipFile:
    export = build(real_course, "qti")
    assert export.problems == []
    assert list(export.files) == [package_name("en")]
    return zipfile.ZipFile(io.BytesIO(export.files[package_name("en")]))


def assessments(package: zipfile.ZipFile) -> dict[str, etree._Element]:
    manifest = etree.fromstring(package.read("imsmanifest.xml"), PARSER)
    found = {}
    for resource in manifest.iterfind("cp:resources/cp:resource[@type='imsqti_xmlv1p2']", NS):
        root = etree.fromstring(package.read(resource.get("href")), PARSER)
        lesson = root.findtext(
            "q:assessment/q:qtimetadata/q:qtimetadatafield[q:fieldlabel='runwell_lesson']"
            "/q:fieldentry", namespaces=NS)
        found[lesson] = root
    return found


def without_namespaces(element: etree._Element) -> etree._Element:
    """The same tree with plain names: the DTD predates XML namespaces, and the xsi attributes
    belong to the XSD binding it does not declare."""
    copy = etree.Element(etree.QName(element).localname)
    for key, value in element.attrib.items():
        if etree.QName(key).namespace != XSI:
            copy.set(key, value)
    copy.text = element.text
    for child in element:
        if isinstance(child.tag, str):
            plain = without_namespaces(child)
            plain.tail = child.tail
            copy.append(plain)
    return copy


# ------------------------------------------------------------------------------ a QTI evaluator

Outcome = tuple[float, list[str]]  # SCORE, feedback idents shown (in order)


def _holds(condition: etree._Element, response: set[str] | str) -> bool:
    """QTI 1.2 condition semantics (ASI 3.6): the children of a conditionvar must all hold."""
    name = etree.QName(condition).localname
    if name in ("conditionvar", "and"):
        return all(_holds(c, response) for c in condition)
    if name == "or":
        return any(_holds(c, response) for c in condition)
    if name == "not":
        return not _holds(condition[0], response)
    if name == "other":
        return True
    value = (condition.text or "").strip()
    if isinstance(response, set):
        assert name == "varequal", name
        return value in response
    number = float(response)
    return {
        "varequal": number == float(value),
        "varlt": number < float(value),
        "varlte": number <= float(value),
        "vargt": number > float(value),
        "vargte": number >= float(value),
    }[name]


def evaluate(item: etree._Element, response: set[str] | str) -> Outcome:
    """Run an item's resprocessing on one response: conditions in order, stopping after one
    that holds unless it says continue="Yes"."""
    score = 0.0
    shown: list[str] = []
    for condition in item.iterfind("q:resprocessing/q:respcondition", NS):
        if not _holds(condition.find("q:conditionvar", NS), response):
            continue
        for setvar in condition.iterfind("q:setvar", NS):
            assert setvar.get("varname") == "SCORE"
            value = float(setvar.text)
            score = value if setvar.get("action", "Set") == "Set" else score + value
        shown += [d.get("linkrefid") for d in condition.iterfind("q:displayfeedback", NS)]
        if condition.get("continue", "No") == "No":
            break
    return score, shown


def feedback_html(item: etree._Element, ident: str) -> str:
    fb = item.find(f"q:itemfeedback[@ident='{ident}']", NS)
    assert fb is not None, ident
    return fb.findtext("q:flow_mat/q:material/q:mattext", namespaces=NS)


# ------------------------------------------------------------------------------ the real course


def test_assessments_are_valid_against_the_qti_dtd(package, qti_dtd):
    found = assessments(package)
    assert len(found) == 7
    for lesson, root in found.items():
        assert root.tag == f"{{{QTI}}}questestinterop"
        plain = without_namespaces(root)
        assert qti_dtd.validate(plain), (lesson, qti_dtd.error_log.filter_from_errors())
    # and the DTD does catch a misplaced element
    broken = without_namespaces(found["03_supportive_shoes"])
    condition = broken.find(".//respcondition")
    condition.insert(0, condition.find("setvar") if condition.find("setvar") is not None
                     else etree.Element("setvar"))
    assert not qti_dtd.validate(broken)


def test_manifest_references_every_file_and_only_files_in_the_package(package):
    manifest = etree.fromstring(package.read("imsmanifest.xml"), PARSER)
    assert manifest.tag == f"{{{CP}}}manifest"
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "IMS Content"
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.1.3"
    assert manifest.find("cp:organizations", NS) is not None
    resources = manifest.findall("cp:resources/cp:resource", NS)
    identifiers = [manifest.get("identifier")] + [r.get("identifier") for r in resources]
    assert all(NCNAME.fullmatch(i) for i in identifiers)  # xs:ID in imscp_v1p1.xsd
    assert len(set(identifiers)) == len(identifiers)
    names = set(package.namelist())
    listed = set()
    for resource in resources:
        files = [f.get("href") for f in resource.findall("cp:file", NS)]
        assert resource.get("href") == files[0]
        assert resource.get("type") in (
            "imsqti_xmlv1p2", "webcontent",
            "associatedcontent/imscc_xmlv1p1/learning-application-resource")
        for href in files:
            assert href in names, href
        listed.update(files)
        for dependency in resource.findall("cp:dependency", NS):
            assert dependency.get("identifierref") in identifiers
    assert names - listed == {"imsmanifest.xml"}
    assert package.namelist()[0] == "imsmanifest.xml"


def test_items_map_every_type_key_and_feedback(package, real_course):
    found = assessments(package)
    for lesson, bank in real_course.usable_banks.items():
        assessment = found[lesson].find("q:assessment", NS)
        assert assessment.get("title") == bank.title
        assert assessment.findtext("q:rubric/q:material/q:mattext", namespaces=NS) == (
            render_markdown(bank.intro))
        items = assessment.findall("q:section/q:item", NS)
        assert [i.get("ident") for i in items] == [q.id for q in bank.questions]
        for q, item in zip(bank.questions, items, strict=True):
            meta = {f.findtext("q:fieldlabel", namespaces=NS): f.findtext("q:fieldentry",
                                                                          namespaces=NS)
                    for f in item.iterfind("q:itemmetadata/q:qtimetadata/q:qtimetadatafield", NS)}
            assert meta["question_type"] == CANVAS_TYPES[q.type]
            assert meta["points_possible"] == "1.0"
            assert item.findtext("q:presentation/q:material/q:mattext", namespaces=NS) == (
                render_markdown(q.text))
            if q.explanation:
                assert feedback_html(item, "general_fb") == render_markdown(q.explanation)
            if q.type == "numeric":
                assert item.find("q:presentation/q:response_str/q:render_fib", NS).get(
                    "fibtype") == "Decimal"
                assert item.findtext("q:presentation/q:response_str/q:material/q:mattext",
                                     namespaces=NS) == q.unit
                continue
            response = item.find("q:presentation/q:response_lid", NS)
            assert response.get("rcardinality") == (
                "Multiple" if q.type == "multiple" else "Single")
            render = response.find("q:render_choice", NS)
            assert render.get("shuffle") == (
                "Yes" if q.shuffle and q.type != "true_false" else "No")
            labels = render.findall("q:response_label", NS)
            assert [label.get("ident") for label in labels] == [c.id for c in q.shown]
            assert [label.findtext("q:material/q:mattext", namespaces=NS) for label in labels
                    ] == [c.text for c in q.shown]
            for fb in item.iterfind("q:itemfeedback", NS):
                ident = fb.get("ident")
                if ident not in ("general_fb", "correct_fb", "general_incorrect_fb"):
                    assert not CANVAS_CATCH_ALL.search(ident), ident


def test_every_item_scores_and_gives_feedback_as_the_course_does(package, real_course):
    """An evaluator of QTI response processing, independent of the package's reader."""
    found = assessments(package)
    for lesson, bank in real_course.usable_banks.items():
        items = {i.get("ident"): i for i in found[lesson].iter(f"{{{QTI}}}item")}
        for q in bank.questions:
            item = items[q.id]
            extra = ["general_fb"] if q.explanation else []
            if q.type == "numeric":
                low, high = q.answer - q.tolerance, q.answer + q.tolerance
                cases = [(q.answer, 100, q.feedback.correct), (low, 100, q.feedback.correct),
                         (high, 100, q.feedback.correct), (low - 0.01, 0, q.feedback.low),
                         (-1e9, 0, q.feedback.low), (high + 0.01, 0, q.feedback.high),
                         (1e9, 0, q.feedback.high)]
                for value, want, text in cases:
                    score, shown = evaluate(item, repr(value))
                    assert score == want, (q.id, value)
                    assert shown[:len(extra)] == extra
                    assert [feedback_html(item, s) for s in shown[len(extra):]] == [
                        f"<p>{render_inline(text)}</p>"]
                ranges = lxml.html.fragment_fromstring(
                    feedback_html(item, "general_incorrect_fb")).text_content()
                assert f"< {low:g} {q.unit}:" in ranges and f"> {high:g} {q.unit}:" in ranges
                continue
            ids = [c.id for c in q.shown]
            key = {c.id for c in q.choices if c.correct}
            sizes = range(len(ids) + 1) if q.type == "multiple" else [1]
            for size in sizes:
                for ticked in map(set, combinations(ids, size)):
                    score, shown = evaluate(item, ticked)
                    assert score == (100 if ticked == key else 0), (q.id, ticked)
                    assert shown[:len(extra)] == extra
                    texts = [feedback_html(item, s) for s in shown[len(extra):]]
                    assert texts == [f"<p>{render_inline(c.feedback)}</p>" for c in q.shown
                                     if c.id in ticked]


def test_round_trip_gives_back_every_bank(package, real_course):
    data = package.fp.getvalue()
    back = read_qti(data)
    renderer = Renderer(ROOT)
    assert list(back.banks) == list(real_course.usable_banks)
    for lesson, bank in real_course.usable_banks.items():
        assert back.banks[lesson] == platform_view(bank, renderer)
    assert back.figures == {}


def test_the_package_is_the_same_bytes_every_time(real_course):
    one = qti_package(list(real_course.usable_banks.values()), "en", Renderer(ROOT))
    two = qti_package(list(real_course.usable_banks.values()), "en", Renderer(ROOT))
    assert one == two


def test_canvas_quiz_settings_follow_the_bank(package, real_course):
    for lesson, bank in real_course.usable_banks.items():
        meta = etree.fromstring(package.read(f"{lesson}/assessment_meta.xml"), PARSER)
        ns = {"c": "http://canvas.instructure.com/xsd/cccv1p0"}
        assert meta.findtext("c:title", namespaces=ns) == bank.title
        assert meta.findtext("c:description", namespaces=ns) == render_markdown(bank.intro)
        shuffles = all(q.shuffle for q in bank.questions if q.type in ("single", "multiple"))
        assert meta.findtext("c:shuffle_answers", namespaces=ns) == str(shuffles).lower()


# ------------------------------------------------------------------------------ scenarios


def _package_for(root: Path) -> zipfile.ZipFile:
    export = build(course_at(root), "qti")
    assert export.problems == []
    return zipfile.ZipFile(io.BytesIO(next(iter(export.files.values()))))


def test_hostile_text_survives_as_text(tmp_path, monkeypatch, qti_dtd):
    monkeypatch.setenv("RUNWELL_CACHE", str(tmp_path / "cache"))
    root = make_course(tmp_path / "course", {"01_hostile": HOSTILE})
    package = _package_for(root)
    found = assessments(package)["01_hostile"]
    assert qti_dtd.validate(without_namespaces(found))
    bank = course_at(root).bank("01_hostile")
    item = {i.get("ident"): i for i in found.iter(f"{{{QTI}}}item")}["hostile-single"]
    labels = [t.text for t in item.iterfind(".//q:response_label/q:material/q:mattext", NS)]
    assert sorted(labels) == sorted(c.text for c in bank.question("hostile-single").choices)
    for mattext in found.iter(f"{{{QTI}}}mattext"):
        if mattext.get("texttype") == "text/html" and mattext.text:
            fragment = lxml.html.fragment_fromstring(mattext.text, create_parent="div")
            assert not fragment.xpath("//script|//iframe|//style|//*[@onmouseover]")
    assert found.find("q:assessment", NS).get("title") == bank.title
    back = read_qti(package.fp.getvalue())
    assert back.banks["01_hostile"] == platform_view(bank, Renderer(root))
    numeric = back.banks["01_hostile"].question("hostile-numeric")
    assert (numeric.answer, numeric.tolerance) == (0.1, 0.2)  # not 0.30000000000000004
    assert html.unescape(numeric.unit) == "<script>cm</script> & ]]>"


def test_figures_travel_in_the_package(tmp_path, monkeypatch, qti_dtd):
    monkeypatch.setenv("RUNWELL_CACHE", str(tmp_path / "cache"))
    room = FIGURE_SVG.replace(b"10", b"20")
    root = make_course(tmp_path / "course", {"03_figures": FIGURES},
                       {"03_lacing test.svg": FIGURE_SVG, "sub/03_room.svg": room})
    package = _package_for(root)
    assert package.read("images/03_lacing test.svg") == FIGURE_SVG
    assert package.read("images/sub/03_room.svg") == room
    manifest = etree.fromstring(package.read("imsmanifest.xml"), PARSER)
    web = {r.get("identifier"): r.find("cp:file", NS).get("href")
           for r in manifest.iterfind("cp:resources/cp:resource[@type='webcontent']", NS)}
    assert sorted(web.values()) == ["images/03_lacing%20test.svg", "images/sub/03_room.svg"]
    quiz = manifest.find("cp:resources/cp:resource[@type='imsqti_xmlv1p2']", NS)
    assert {d.get("identifierref") for d in quiz.iterfind("cp:dependency", NS)} >= set(web)
    found = assessments(package)["03_figures"]
    assert qti_dtd.validate(without_namespaces(found))
    text = found.findtext(".//q:item/q:presentation/q:material/q:mattext", namespaces=NS)
    assert '<img src="$IMS-CC-FILEBASE$/images/03_lacing%20test.svg" alt="Lacing diagram" />' in (
        text)
    back = read_qti(package.fp.getvalue())
    assert back.figures == {"03_lacing test.svg": FIGURE_SVG, "sub/03_room.svg": room}
    assert back.banks["03_figures"] == platform_view(course_at(root).bank("03_figures"),
                                                     Renderer(root))
