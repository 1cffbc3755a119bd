"""The quiz-only app: in process (picker, lesson choice, the server's settings), and served by
Voilà as ``make quiz-app`` serves it (preheated kernels, a kernel budget, the Host check), in
Chromium and over plain HTTP."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from runwell import course as model
from runwell import quiz_server, voila_request
from runwell.quiz.labels import choice_label
from runwell.quiz_app import (
    DEFAULT_LESSON,
    QuizApp,
    app,
    page_params,
    requested_language,
    requested_lesson,
)

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


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lesson=01_warm_up&lang=es", {"lesson": "01_warm_up", "lang": "es"}),
        ("lesson=01_warm_up&other=1", {"lesson": "01_warm_up"}),
        ("lesson=" + "x" * 500, {"lesson": "x" * 80}),
        ("lesson=01_warm_up&" + "&".join(f"k{i}=v" for i in range(50)), {}),
        ("lesson=01_warm_up&pad=" + "y" * 5000, {}),
        ("%ZZ=%%&lesson=%E2%80", {"lesson": "\ufffd"}),
    ],
)
def test_page_params_are_bounded(query: str, expected: dict[str, str]) -> None:
    assert page_params({"QUERY_STRING": query}) == expected


def test_a_preheated_kernel_builds_the_default_quiz_then_shows_the_one_asked_for(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """As in a kernel Voilà preheated: no address until the page's request arrives."""
    import runwell.quiz_app

    monkeypatch.setenv("RUNWELL_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.setenv("RUNWELL_QUIZ", "03_supportive_shoes")
    built: list[str] = []

    class Recorded(runwell.quiz_app.QuizWidget):
        def __init__(self, bank, **kwargs) -> None:
            built.append(bank.lesson)
            super().__init__(bank, **kwargs)

    def request_arrives() -> dict[str, str]:
        assert built == ["03_supportive_shoes"]  # built while the kernel waited
        monkeypatch.setenv("QUERY_STRING", "lesson=01_warm_up")  # undone after the test
        return dict(os.environ)

    monkeypatch.setattr(runwell.quiz_app, "QuizWidget", Recorded)
    monkeypatch.setattr(runwell.quiz_app, "request_environ", request_arrives)
    quiz = app()
    assert built == ["03_supportive_shoes", "01_warm_up"]
    assert quiz.lesson == "01_warm_up" and quiz.picker.value == "01_warm_up"
    assert quiz.message.value == ""
    assert quiz.quiz in quiz.children


def test_a_preheated_kernel_builds_the_app_again_in_the_language_asked_for(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """A server started in English, a page asking for ?lang=es: the whole page is Spanish."""
    import runwell.quiz_app

    monkeypatch.setenv("RUNWELL_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("RUNWELL_LANG", raising=False)
    monkeypatch.setenv("RUNWELL_QUIZ", "01_warm_up")
    monkeypatch.setattr(runwell.quiz_app, "request_environ",
                        lambda: {"QUERY_STRING": "lang=es&lesson=03_supportive_shoes"})
    quiz = app()
    assert quiz.lang == "es" and quiz.lesson == "03_supportive_shoes"
    assert quiz.quiz.bank.title == model.load(lang="es").bank("03_supportive_shoes").title
    assert "Correr sin dolor de espalda" in quiz.intro.value
    assert requested_language({"QUERY_STRING": "lang=es", "RUNWELL_LANG": "en"}) == "es"
    assert requested_language({"QUERY_STRING": "lang=" + "e" * 5000}) == "en"


def test_an_unknown_lesson_in_a_preheated_kernel_falls_back_with_a_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    import runwell.quiz_app

    monkeypatch.setenv("RUNWELL_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.setenv("RUNWELL_QUIZ", "01_warm_up")
    monkeypatch.setattr(runwell.quiz_app, "request_environ",
                        lambda: {"QUERY_STRING": "lesson=nope<b>"})
    quiz = app()
    assert quiz.lesson == DEFAULT_LESSON
    assert "no quiz called nope&lt;b&gt;" in quiz.message.value


def test_a_quiz_built_before_answers_were_saved_is_built_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """A pooled kernel may wait for hours: answers saved meanwhile must show on its page."""
    from runwell import progress

    saved = tmp_path / "progress.json"
    monkeypatch.setenv("RUNWELL_PROGRESS", str(saved))
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("RUNWELL_QUIZ", raising=False)
    first = model.load().bank(DEFAULT_LESSON).questions[0]

    def request_arrives() -> dict[str, str]:
        progress.record(DEFAULT_LESSON, first.id, [first.shown[0].id], path=saved)
        return dict(os.environ)

    monkeypatch.setattr("runwell.quiz_app.request_environ", request_arrives)
    quiz = app()
    assert quiz.lesson == DEFAULT_LESSON
    assert quiz.quiz.restored == 1


def test_outside_a_preheated_kernel_the_request_is_already_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QUERY_STRING", "lesson=01_warm_up")
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    assert voila_request.query_url(os.environ) is None
    assert voila_request.request_environ()["QUERY_STRING"] == "lesson=01_warm_up"
    assert voila_request.query_url({"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k1",
                                    "VOILA_APP_PORT": "9000", "VOILA_SERVER_URL": "/quiz/"}) == (
        "ws://127.0.0.1:9000/quiz/voila/query/k1")


# -- the server's settings -----------------------------------------------------------------------


@pytest.mark.parametrize(("options", "message"), [
    (["--ip", "192.168.1.5"], "--ip '192.168.1.5': listen on 127.0.0.1"),
    (["--ip", "quiz.example"], "--ip 'quiz.example': listen on 127.0.0.1"),
    (["--lang", "fr"], "language 'fr' (--lang or $RUNWELL_LANG): the course has en, es"),
])
def test_bad_server_options_are_one_line(options: list[str], message: str,
                                         capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNWELL_LANG", "en")  # main() sets the server's environment: undone
    assert quiz_server.main(options) == 2
    err = capsys.readouterr().err
    assert err.startswith("runwell.quiz_server: " + message) and err.count("\n") == 1


def test_the_base_url_keeps_its_slashes() -> None:
    for given, wanted in (("/quiz", "/quiz/"), ("quiz/", "/quiz/"), ("/", "/"), ("", "/")):
        args, _ = quiz_server._parser().parse_known_args(["--base-url", given])
        assert f"--Voila.base_url={wanted}" in quiz_server.voila_argv(args)


def test_host_settings() -> None:
    assert quiz_server.host_settings([""]) == {
        "allow_remote_access": False, "local_hostnames": ["localhost"]}
    assert quiz_server.host_settings(["Quiz.School.example", " "]) == {
        "allow_remote_access": False, "local_hostnames": ["localhost", "quiz.school.example"]}
    assert quiz_server.host_settings(["*"]) == {"allow_remote_access": True}


def test_voila_options() -> None:
    args, extra = quiz_server._parser().parse_known_args(
        ["--seats", "12", "--idle", "300", "--port", "9000", "--theme=dark"])
    argv = quiz_server.voila_argv(args, extra)
    assert argv[-1] == str(quiz_server.NOTEBOOK)
    for option in ("--Voila.ip=127.0.0.1", "--Voila.port=9000", "--Voila.port_retries=0",
                   "--VoilaConfiguration.preheat_kernel=True",
                   "--VoilaConfiguration.default_pool_size=12",
                   "--QuizKernelManager.max_kernels=12",
                   "--MappingKernelManager.cull_idle_timeout=300",
                   "--MappingKernelManager.cull_interval=60", "--theme=dark"):
        assert option in argv
    assert "--VoilaExporter.language_code=en" in argv
    args, _ = quiz_server._parser().parse_known_args(["--lang", "es"])
    assert "--VoilaExporter.language_code=es" in quiz_server.voila_argv(args)
    args, extra = quiz_server._parser().parse_known_args(["--seats", "0", "--idle", "2"])
    argv = quiz_server.voila_argv(args, extra)
    assert "--VoilaConfiguration.preheat_kernel=False" in argv
    assert "--MappingKernelManager.cull_interval=1" in argv


class _FakePools(quiz_server.QuizKernelManager):
    """Voilà's pool contract (voila_kernel_manager.py): the pool size is read from
    kernel_pools_config on every refill, and one task per missing kernel is appended."""

    def __init__(self, **kwargs: object) -> None:
        self.kernel_pools_config = {"default": {"pool_size": 3}}
        self._pools = {}
        super().__init__(**kwargs)
        self.fill_if_needed(delay=0, notebook_name="quiz_app.ipynb")

    def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
        pool = self._pools.setdefault(notebook_name, [])
        size = self.kernel_pools_config.get(notebook_name, self.kernel_pools_config["default"])
        pool.extend(["kernel"] * (size["pool_size"] - len(pool)))


def test_the_pool_is_refilled_only_within_the_kernel_budget() -> None:
    manager = _FakePools(max_kernels=4)
    pool = manager._pools["quiz_app.ipynb"]
    assert len(pool) == 3 and manager._waiting_to_start == 3
    manager._waiting_to_start = 0  # the three have started
    manager._kernels.update({"a": None, "b": None, "c": None})
    pool.pop()  # a page takes one
    manager.fill_if_needed(notebook_name="quiz_app.ipynb")
    assert len(pool) == 3  # room for one more: 3 running + 1 starting = the budget
    manager._waiting_to_start = 0
    manager._kernels["d"] = None
    pool.pop()
    manager.fill_if_needed(notebook_name="quiz_app.ipynb")
    assert len(pool) == 2  # the budget is spent: the next pages get kernels started for them
    assert manager.room() == 0
    del manager._kernels["a"]  # a page closed and its kernel was shut down
    assert manager.room() == 1
    manager.fill_if_needed(notebook_name="quiz_app.ipynb")
    assert len(pool) == 3




# -- served as `make quiz-app` serves it ---------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _kernel_pids(parent: int) -> set[int]:
    """The server's kernels: its child processes."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, NotADirectoryError):
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
            found.add(int(entry.name))
    return found


def _eventually(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.5)


@dataclass
class Served:
    port: int
    proc: subprocess.Popen[bytes]
    progress: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, path: str, host: str | None = None,
                headers: dict[str, str] | None = None) -> int:
        """The status of GET *path* sent with the Host header *host* (default: the server's)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", host or f"127.0.0.1:{self.port}")
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            conn.endheaders()
            response = conn.getresponse()
            if response.status != 101:
                response.read()
            return response.status
        finally:
            conn.close()

    def websocket(self, path: str, host: str) -> int:
        """The status of a websocket handshake on *path* from a page at *host*."""
        return self.request(path, host, {
            "Upgrade": "websocket", "Connection": "Upgrade", "Origin": f"http://{host}",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13"})

    def kernel_gone(self, kernel: str) -> bool:
        return self.request(f"/api/kernels/{kernel}") == 404


@contextmanager
def serve(tmp_path: Path, *options: str) -> Iterator[Served]:
    """``python -m runwell.quiz_server`` (what ``make quiz-app`` runs) on a copy of the course,
    with its own progress file, until the block ends."""
    course = tmp_path / "course"
    shutil.copytree(ROOT / "notebooks", course / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    progress = tmp_path / "progress.json"
    env = {**os.environ, "RUNWELL_ROOT": str(course), "RUNWELL_PROGRESS": str(progress)}
    env.pop("RUNWELL_QUIZ", None)
    for sub in ("config", "runtime", "data"):
        env[f"JUPYTER_{sub.upper()}_DIR"] = str(tmp_path / sub)
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "runwell.quiz_server", f"--port={port}", *options],
            cwd=course, env=env, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
    served = Served(port, proc, progress, log)

    def listening() -> bool:
        if proc.poll() is not None:
            pytest.fail(f"the server exited with {proc.returncode}:\n"
                        f"{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    try:
        _eventually(listening, 60, f"the quiz app listening on port {port}")
        yield served
    finally:
        kernels = _kernel_pids(proc.pid)
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        for pid in kernels:  # those the server had no time to shut down
            with contextlib.suppress(OSError):
                if b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    os.kill(pid, signal.SIGKILL)


def _kernel_of(page) -> str:
    return str(page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"))


def _saved_right(answers: dict, lesson: str, question_id: str) -> bool:
    """Whether the saved answer to *question_id* is its right one (stored as choice ids)."""
    question = next(q for q in model.load().bank(lesson).questions if q.id == question_id)
    return sorted(answers[lesson][question_id]["answer"]) == sorted(question.correct_ids)


def _answer_first_question(page, lesson: str) -> str:
    """Check the first question's right answer on *page*; returns the question's id."""
    from playwright.sync_api import expect

    bank = model.load().bank(lesson)
    first = bank.questions[0]
    right = next(choice_label(first, n) for n, c in enumerate(first.shown) if c.correct)
    quiz = page.locator(".runwell-quiz")
    expect(quiz.locator(".runwell-quiz-title")).to_contain_text(bank.title, timeout=120_000)
    question = quiz.locator(".runwell-question").first
    question.get_by_label(right, exact=True).check()
    question.get_by_role("button", name="Check").click()
    expect(question.locator(".runwell-feedback")).to_contain_text("Correct", timeout=60_000)
    return first.id


@pytest.mark.browser
def test_voila_serves_the_quiz_and_a_learner_gets_feedback(tmp_path: Path, chromium) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    with serve(tmp_path, "--seats=1") as served:
        failed: list[str] = []
        context = chromium.new_context()
        try:
            page = context.new_page()
            page.on("requestfailed", lambda r: failed.append(r.url))
            requested: list[str] = []
            page.on("request", lambda r: requested.append(r.url))
            page.goto(served.url + "/", timeout=120_000)
            first = _answer_first_question(page, DEFAULT_LESSON)
            # code hidden: the learner sees the quiz, never the cell that made it
            assert "quiz_app.app()" not in page.content()
            # axe-core on the page as a learner has it, feedback showing; the app's template
            # puts the quiz in a <main> landmark, so every rule counts, "region" included
            found = Axe().run(page).response["violations"]
            others = [f"{v['id']}: {n['target']} {n['html'][:120]}" for v in found
                      for n in v["nodes"]]
            assert not others, "axe-core violations in the quiz app:\n" + "\n".join(others)
            assert page.locator("main .runwell-quiz-app").count() == 1
            # an instructor's link to one lesson's quiz: ?lesson=NN_name
            warm_up = model.load().bank("01_warm_up")
            page.goto(served.url + "/?lesson=01_warm_up", timeout=120_000)
            title = page.locator(".runwell-quiz .runwell-quiz-title")
            expect(title).to_contain_text(warm_up.title, timeout=120_000)
            # the Spanish app: ?lang=es (make quiz-app LANG=es sets the same through the
            # environment); the answer is stored by id, so it counts in the English standing too
            shoes = model.load(lang="es").bank("03_supportive_shoes")
            page.goto(served.url + "/?lesson=03_supportive_shoes&lang=es", timeout=120_000)
            expect(page.locator(".runwell-app-intro h1")).to_have_text(
                "Correr sin dolor de espalda: cuestionarios", timeout=120_000)
            expect(page.locator(".runwell-quiz .runwell-quiz-title")).to_contain_text(
                shoes.title, timeout=120_000)
            spanish = shoes.questions[0]
            pick = next(choice_label(spanish, n, "es") for n, c in enumerate(spanish.shown)
                        if c.correct)
            question = page.locator(".runwell-quiz .runwell-question").first
            question.get_by_label(pick, exact=True).check()
            question.get_by_role("button", name="Comprobar").click()
            expect(question.locator(".runwell-feedback")).to_contain_text("Correcto.",
                                                                          timeout=60_000)
            expect(page.locator(".runwell-quiz .runwell-score")).to_have_text(
                f"1 de {len(shoes.questions)} correctas")
        finally:
            context.close()
        assert not [u for u in failed if u.startswith(served.url)], failed
        # nothing from another host (Voilà's own template links a CDN; the app's does not)
        assert not [u for u in requested if not u.startswith((served.url, "data:", "blob:"))], (
            requested)
        saved = json.loads(served.progress.read_text(encoding="utf-8"))["answers"]
        assert _saved_right(saved, DEFAULT_LESSON, first)
        assert _saved_right(saved, "03_supportive_shoes", spanish.id)


@pytest.mark.browser
def test_a_class_opens_the_app_at_once_and_closed_pages_are_shut_down(
    tmp_path: Path, chromium,
) -> None:
    """Three learners open the app in the same moment, with two preheated seats: each gets a
    working quiz (two from the pool, one from a kernel started for it). Their pages close; their
    kernels are shut down with every answer saved, and the pool is refilled within its budget."""
    lessons = [None, "01_warm_up", "03_supportive_shoes"]
    # --idle: long enough for a page's scripts to load on a busy machine before it connects
    with serve(tmp_path, "--seats=2", "--idle=15") as served:
        _eventually(lambda: len(_kernel_pids(served.proc.pid)) == 2, 120,
                    "two preheated kernels")
        contexts = [chromium.new_context() for _ in lessons]
        try:
            pages = [context.new_page() for context in contexts]
            # all three requests under way at once
            for page, lesson in zip(pages, lessons, strict=True):
                page.goto(served.url + ("/" if lesson is None else f"/?lesson={lesson}"),
                          wait_until="commit", timeout=120_000)
            answered = {
                lesson or DEFAULT_LESSON: _answer_first_question(page, lesson or DEFAULT_LESSON)
                for page, lesson in zip(pages, lessons, strict=True)
            }
            kernels = {_kernel_of(page) for page in pages}
            assert len(kernels) == 3
            # Voilà alone would have refilled the pool to two more kernels by now.
            assert len(_kernel_pids(served.proc.pid)) == 3
        finally:
            for context in contexts:
                context.close()
        _eventually(lambda: all(served.kernel_gone(k) for k in kernels), 120,
                    "the closed pages' kernels shut down")
        saved = json.loads(served.progress.read_text(encoding="utf-8"))["answers"]
        for lesson, question in answered.items():
            assert _saved_right(saved, lesson, question), lesson
        _eventually(lambda: len(_kernel_pids(served.proc.pid)) == 2, 120,
                    "the pool refilled to its two seats")


def test_other_hosts_are_refused_pages_and_kernel_websockets(tmp_path: Path) -> None:
    """DNS rebinding: a page on another site whose name points at 127.0.0.1 must get nothing,
    neither the app nor its kernels' websocket (the widgets' channel)."""
    with serve(tmp_path, "--seats=1", "--hosts=quiz.school.example") as served:
        page = served.url + "/"
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=120)
        conn.request("GET", "/")
        html = conn.getresponse().read().decode("utf-8")
        conn.close()
        kernel = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', html)
        assert kernel, page
        api = f"/api/kernels/{kernel[1]}"
        channels = f"{api}/channels?session_id=test"
        port = served.port
        # where a preheated kernel waits for its page's request (Voilà's own websocket)
        query = "/voila/query/00000000-0000-4000-8000-000000000000"
        for foreign in (f"evil.example:{port}", f"192.168.1.20:{port}", "evil.example"):
            assert served.request("/", foreign) == 403, foreign
            assert served.request("/?lesson=01_warm_up", foreign) == 403, foreign
            assert served.request(api, foreign) == 403, foreign
            assert served.websocket(channels, foreign) == 403, foreign
            assert served.websocket(query, foreign) == 403, foreign
        for allowed in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}",
                        f"quiz.school.example:{port}"):
            assert served.request(api, allowed) == 200, allowed
        assert served.websocket(channels, f"localhost:{port}") == 101
        assert served.websocket(query, f"127.0.0.1:{port}") == 101
