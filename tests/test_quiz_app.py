"""The quiz-only app: in process (picker, lesson choice), and served by Voilà in Chromium."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from runwell import course as model
from runwell.quiz.labels import choice_label
from runwell.quiz_app import DEFAULT_LESSON, QuizApp, app, requested_lesson

ROOT = Path(__file__).resolve().parents[1]

# -- in process ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"QUERY_STRING": "lesson=03_supportive_shoes"}, "03_supportive_shoes"),
        ({"QUERY_STRING": "x=1&lesson=01_warm_up", "RUNWELL_QUIZ": "05_when_it_hurts"},
         "01_warm_up"),
        ({"QUERY_STRING": "", "RUNWELL_QUIZ": " 05_when_it_hurts "}, "05_when_it_hurts"),
        ({"QUERY_STRING": "lesson="}, None),
    ],
)
def test_requested_lesson(environ: dict[str, str], expected: str | None) -> None:
    assert requested_lesson(environ) == expected


def test_app_opens_on_the_review_quiz_and_switches_lessons(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("RUNWELL_QUIZ", raising=False)
    quiz = app()
    assert quiz.lesson == DEFAULT_LESSON == "06_review"
    assert repr(quiz) == "QuizApp('06_review')"
    assert "runwell-quiz-app" in quiz._dom_classes
    assert quiz._repr_mimebundle_()["application/vnd.runwell.static+json"] == {
        "widget": "quiz", "bank": "06_review"}
    lessons = [value for _, value in quiz.picker.options]
    assert lessons == sorted(p.stem for p in (ROOT / "notebooks" / "quizzes").glob("*.yaml"))
    quiz.picker.value = "01_warm_up"
    assert quiz.lesson == "01_warm_up"
    assert quiz.quiz in quiz.children and "runwell-quiz" in quiz.quiz._dom_classes
    assert len(quiz.quiz.questions) == len(model.load().bank("01_warm_up").questions)


def test_unknown_lesson_falls_back_with_a_message() -> None:
    quiz = app("99_nope")
    assert quiz.lesson == "06_review"
    assert "no quiz called 99_nope" in quiz.message.value


def test_app_needs_a_bank() -> None:
    with pytest.raises(ValueError, match="no quiz bank"):
        QuizApp({})


# -- served by Voilà, in Chromium ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_listening(port: int, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"voila exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"voila did not listen on port {port} in {timeout:.0f} s")


@pytest.mark.browser
def test_voila_serves_the_quiz_and_a_learner_gets_feedback(tmp_path: Path, chromium) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    course = tmp_path / "course"
    shutil.copytree(ROOT / "notebooks", course / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    progress = tmp_path / "progress.json"
    env = {**os.environ, "RUNWELL_ROOT": str(course), "RUNWELL_PROGRESS": str(progress)}
    env.pop("RUNWELL_QUIZ", None)
    for sub in ("config", "runtime", "data"):
        env[f"JUPYTER_{sub.upper()}_DIR"] = str(tmp_path / sub)
    port = _free_port()
    log = tmp_path / "voila.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "voila", "--no-browser", "--Voila.ip=127.0.0.1",
             f"--port={port}", "--Voila.port_retries=0", "quiz_app.ipynb"],
            cwd=course / "notebooks", env=env, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        _wait_listening(port, proc, log, timeout=30)
        first = model.load().bank("06_review").questions[0]
        right = next(choice_label(first, n) for n, c in enumerate(first.shown) if c.correct)
        failed: list[str] = []
        context = chromium.new_context()
        try:
            page = context.new_page()
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.goto(f"http://127.0.0.1:{port}/", timeout=30_000)
            quiz = page.locator(".runwell-quiz")
            expect(quiz).to_be_visible(timeout=30_000)
            # code hidden: the learner sees the quiz, never the cell that made it
            assert "quiz_app.app()" not in page.content()
            question = quiz.locator(".runwell-question").first
            question.get_by_label(right, exact=True).check()
            question.get_by_role("button", name="Check").click()
            feedback = question.locator(".runwell-feedback")
            expect(feedback).to_contain_text("Correct", timeout=15_000)
            # axe-core on the page as a learner has it, feedback showing. Voilà's page template
            # puts nothing in a landmark (<main>), so axe's "region" rule is reported, not failed.
            found = Axe().run(page).response["violations"]
            region = [v for v in found if v["id"] == "region"]
            if region:
                count = len(region[0]["nodes"])
                print(f"Voilà template, axe 'region' (not failed on): {count} nodes")
            others = [f"{v['id']}: {n['target']} {n['html'][:120]}" for v in found
                      if v["id"] != "region" for n in v["nodes"]]
            assert not others, "axe-core violations in the quiz app:\n" + "\n".join(others)
            # an instructor's link to one lesson's quiz: ?lesson=NN_name
            warm_up = model.load().bank("01_warm_up")
            page.goto(f"http://127.0.0.1:{port}/?lesson=01_warm_up", timeout=30_000)
            title = page.locator(".runwell-quiz .runwell-quiz-title")
            expect(title).to_contain_text(warm_up.title, timeout=30_000)
            # the Spanish app: ?lang=es (make quiz-app LANG=es sets the same through the
            # environment); the answer is stored by id, so it counts in the English standing too
            shoes = model.load(lang="es").bank("03_supportive_shoes")
            page.goto(f"http://127.0.0.1:{port}/?lesson=03_supportive_shoes&lang=es",
                      timeout=30_000)
            expect(page.locator(".runwell-app-intro h1")).to_have_text(
                "Correr sin dolor de espalda: cuestionarios", timeout=30_000)
            expect(page.locator(".runwell-quiz .runwell-quiz-title")).to_contain_text(
                shoes.title, timeout=30_000)
            spanish = shoes.questions[0]
            pick = next(choice_label(spanish, n, "es") for n, c in enumerate(spanish.shown)
                        if c.correct)
            question = page.locator(".runwell-quiz .runwell-question").first
            question.get_by_label(pick, exact=True).check()
            question.get_by_role("button", name="Comprobar").click()
            expect(question.locator(".runwell-feedback")).to_contain_text("Correcto.",
                                                                          timeout=15_000)
            expect(page.locator(".runwell-quiz .runwell-score")).to_have_text(
                f"1 de {len(shoes.questions)} correctas")
        finally:
            context.close()
        assert not [u for u in failed if u.startswith(f"http://127.0.0.1:{port}")], failed
        saved = json.loads(progress.read_text(encoding="utf-8"))
        assert sorted(saved["answers"]["06_review"][first.id]["answer"]) == sorted(
            first.correct_ids)
        assert saved["answers"]["03_supportive_shoes"][spanish.id]["answer"] == sorted(
            spanish.correct_ids)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
