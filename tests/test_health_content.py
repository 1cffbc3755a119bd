"""The health-information standard (PIF TICK criteria, NHS Standard for Creating Health Content):
sources and review dates in the data, references and review lines on every page, review warnings
that never fail CI because the calendar moved on, no contact details in lesson text, and the
organisation's own name on the handouts."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from runwell import course, health
from runwell.check import run_checks
from runwell.course import clinical
from runwell.course.build import build_health
from runwell.course.model import Settings
from runwell.errors import CourseError

ROOT = Path(__file__).resolve().parents[1]
MODEL = course.load(ROOT)
PAGES = [p.stem for p in MODEL.pages]


def test_every_lesson_and_exercise_has_a_review_by_a_role():
    assert len(PAGES) == 12
    for stem in PAGES:
        review = MODEL.review(stem)
        assert review is not None, stem
        last = datetime.date.fromisoformat(review.reviewed)
        due = datetime.date.fromisoformat(review.next_review)
        assert last < due <= last + datetime.timedelta(days=3 * 366), stem
        assert review.reviewer and "review" in review.reviewer.lower()


def test_every_guidance_point_and_addition_carries_its_source_and_review_date():
    sources = MODEL.health.sources
    for point in MODEL.guidance.values():
        assert point.source in sources and point.reviewed, point.id
    for addition in MODEL.health.additions.values():
        assert addition.sources and all(s in sources for s in addition.sources), addition.id
        assert addition.reviewed and addition.pages, addition.id


def test_sources_have_title_publisher_and_a_year_or_an_access_date():
    for source in MODEL.health.sources.values():
        assert source.title and source.publisher, source.id
        assert source.year is not None or source.accessed, source.id
        assert source.url is None or source.url.startswith("https://"), source.id
    _, problems = build_health(
        {"reviewer": "r", "sources": [{"id": "x", "title": "t", "publisher": "p"}],
         "additions": [], "reviews": [{"page": "00_a", "reviewed": "2026-01-01",
                                       "next_review": "2025-01-01"}]},
        "src/runwell/data/sources.yaml",
    )
    assert problems, "a source needs a year or an access date"


def test_the_articles_publisher_is_not_advertised():
    article = MODEL.health.sources["article"]
    assert "institute" not in article.publisher.lower() and "santa" not in article.publisher.lower()


@pytest.mark.parametrize("stem", PAGES)
def test_each_page_shows_references_generated_from_the_data_and_its_review(stem):
    view = health.references(stem, MODEL)
    refs = MODEL.health.references(stem)
    assert refs[0].id == "article"
    for source in refs:
        assert source.title in view.text and source.when in view.text
        if source.url:
            assert f'href="{source.url}"' in view.html
    assert "Last reviewed" in view.text and "Next review due" in view.text
    page = next(p for p in MODEL.pages if p.stem == stem)
    stored = [text for spec, text in page.views if spec == {"widget": "references", "page": stem}]
    assert stored == [view.text], "the stored references are current"


def test_lesson_references_follow_the_additions_it_carries():
    cited = {s.id for s in MODEL.health.references("05_when_it_hurts")}
    assert {"nhs-back-pain", "nhs-cauda-equina", "mayo-back-pain", "nhs-aspirin",
            "nhs-ibuprofen", "dfe-medical-conditions", "nhs-sprains", "nice-ng59"} <= cited
    warm = {s.id for s in MODEL.health.references("01_warm_up")}
    assert {"daniels-2014", "grays-anatomy-students", "acsm-guidelines", "behm-2016"} <= warm
    shoes = {s.id for s in MODEL.health.references("03_supportive_shoes")}
    assert "shoe-size-wiki" in shoes, "the 1.5 cm allowance is cited"


# ------------------------------------------------------------------------------ reviews


def test_reviews_are_quiet_long_before_they_are_due():
    problems, warnings = clinical.review_findings(MODEL, datetime.date(2026, 12, 1))
    assert problems == [] and warnings == []


def test_a_review_due_within_60_days_is_a_warning():
    problems, warnings = clinical.review_findings(MODEL, datetime.date(2027, 10, 15))
    assert problems == []
    assert len(warnings) == 12 and all("due on 2027-11-30 (in 46 days)" in w.message
                                       for w in warnings)


def test_an_overdue_review_warns_by_default_and_fails_only_when_asked():
    today = datetime.date(2028, 1, 10)
    problems, warnings = clinical.review_findings(MODEL, today)
    assert problems == [] and any("overdue since 2027-11-30" in w.message for w in warnings)
    problems, _ = clinical.review_findings(MODEL, today, fail_overdue=True)
    assert len(problems) == 12


def test_a_review_date_in_the_future_is_a_problem():
    problems, _ = clinical.review_findings(MODEL, datetime.date(2026, 1, 1))
    assert any("in the future" in p.message for p in problems)


def test_run_checks_passes_with_overdue_reviews():
    report = run_checks(ROOT, today=datetime.date(2028, 1, 10))
    assert report.problems == []
    assert any("overdue" in w.message for w in report.warnings)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RUNWELL_ROOT": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "runwell", "check", *args], capture_output=True,
                          text=True, env=env, timeout=300, check=False)


def test_the_check_command_warns_on_overdue_reviews_and_fails_only_with_the_flag():
    warned = _cli("--today", "2028-01-10")
    assert warned.returncode == 0, warned.stdout + warned.stderr
    assert "warning: src/runwell/data/sources.yaml: 05_when_it_hurts: review overdue" in (
        warned.stdout
    )
    assert "readability: 05_when_it_hurts: grade" in warned.stdout
    failed = _cli("--today", "2028-01-10", "--fail-overdue")
    assert failed.returncode == 1 and "review overdue since 2027-11-30" in failed.stdout
    bad = _cli("--today", "soon")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


# ------------------------------------------------------------------------------ no advert


@pytest.mark.parametrize(
    "text",
    ["Call (310) 828-7757 today", "ring 020 7946 0958", "+44 20 7946 0958",
     "call 999 in the UK", "dial 911", "1234 Wilshire Boulevard", "Santa Monica, CA 90404",
     "London SW1A 1AA", "email info@example.org"],
)
def test_contact_details_are_refused(text):
    assert any(p.search(text) for p in clinical.CONTACT_PATTERNS.values()), text


@pytest.mark.parametrize(
    "text",
    ["2016;41(1):1–11", "Br J Sports Med 2007;41:469–480", "ISO 9407:2019", "38(9):1759–1767",
     "15 to 20 seconds, 4–6 times", "350 to 500 miles (about 560 to 800 km)", "US men's 9.5",
     "a foot of 265 mm and 283.6 mm inside", "lesson 05", "NG59", "figures/05_when.svg"],
)
def test_citations_and_numbers_of_the_course_are_not_contact_details(text):
    assert not any(p.search(text) for p in clinical.CONTACT_PATTERNS.values()), text


def test_the_course_has_no_contact_details_in_lessons_or_banks():
    assert clinical.contact_problems(MODEL) == []


# ------------------------------------------------------------------------------ organisation


def test_handouts_show_the_organisation_the_emergency_line_and_the_review(tmp_path):
    from runwell.handouts.index import render_index
    from runwell.handouts.render import course_context

    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    own = replace(MODEL, root=str(tmp_path), settings=Settings(
        organisation="Example <Physio> Clinic", logo="logo.svg", contact="Ask at the desk.",
        emergency_number="999", locale="en-GB"))
    html = render_index([], "", own)
    assert "Example &lt;Physio&gt; Clinic" in html and "<Physio>" not in html
    assert "Ask at the desk." in html and "In an emergency, call 999." in html
    assert 'src="data:image/svg+xml;base64,' in html
    context = course_context(own, "05_when_it_hurts")
    assert context["review"].startswith("Last reviewed 30 November 2026 by: ")
    logo.write_bytes(b"x" * 200_000)
    with pytest.raises(CourseError, match="larger than"):
        course_context(own)


def test_without_settings_the_handout_names_no_organisation():
    from runwell.handouts.index import render_index

    html = render_index([], "", MODEL)
    assert "runwell-org" not in html and "In an emergency, call 911." in html


def test_an_organisations_reviewer_role_replaces_the_course_teams():
    own = replace(MODEL, settings=Settings(reviewer="Chartered physiotherapist"))
    assert own.review("00_welcome").reviewer == "Chartered physiotherapist"  # type: ignore[union-attr]
    assert "Chartered physiotherapist" in (health.review_line(own, "00_welcome") or "")


def test_a_guidance_point_without_source_or_review_date_fails_the_check():
    from runwell.course.model import frozen_map

    point = next(iter(MODEL.guidance.values()))
    bare = replace(point, source="", reviewed="")
    found = clinical.source_problems(replace(MODEL, guidance=frozen_map({point.id: bare})))
    messages = [p.message for p in found if p.item == point.id]
    assert "no source (add source: article)" in messages and "no review date" in messages


def test_data_about_pages_a_course_does_not_have_only_warns():
    fake = replace(MODEL)
    fake.__dict__["pages"] = tuple(p for p in MODEL.pages if p.kind == "lesson")
    problems, warnings = clinical.source_findings(fake)
    assert problems == []
    assert any("05_pain_diary" in w.message or w.item == "05_pain_diary" for w in warnings)
