"""Benchmark the quiz app under a class's load: N learners open it in the same second.

For each class size N (default 1, 10, 30, 60) and each run, a fresh server is started exactly
as ``make quiz-app`` starts it (``python -m runwell.quiz_server``), left to warm its pool of
preheated kernels, and then N emulated learners open the app at once. Each one does on the
wire what a browser does on a first visit, in the browser's order:

1. GET the page: the address ``make quiz-app`` prints, as a teacher shares it (with ``--mixed``,
   ``?lesson=…`` with a different lesson for each learner in turn: the worst case, since the
   server's pool has the default quiz built in advance and any other one is built on demand);
2. GET every script, style sheet and font a real Chromium fetched for that page (recorded once
   per bench from a real page load), six at a time like a browser;
3. GET the kernel, open the kernel websocket and ask for the widgets' state
   (``jupyter.widget.control`` / ``request_states``), as the page's widget manager does.

Two times per learner, from the first byte sent: **page**, until the page has come with the quiz
in it (Voilà sends the page once the notebook has run; this is what a learner waited 27 s for
before issue 19), and **quiz**, until the scripts have come too and the widgets' state has been
received, when the browser can draw the quiz (the state is then checked: a quiz, its picker on
the lesson asked for, else the default one). What the learner's own browser does with the
scripts (parsing, layout) happens on the learner's computer, so the emulation leaves it out; one
real Chromium page at the start measures it ("One learner in Chromium"). The emulated class runs
on the measured machine, so its own CPU time counts against the server: pessimistic figures.

Memory is the server's process and its kernels together (RSS, as ``ps`` and the issue count it,
and PSS, which shares common pages fairly), the peak from the burst until the server is quiet.

    .venv/bin/python scripts/bench_quiz_app.py [--sizes 1,10,30,60] [--runs 3] [--seats 30]
    .venv/bin/python scripts/bench_quiz_app.py --mixed    # each learner asks for another quiz
    .venv/bin/python scripts/bench_quiz_app.py --before   # plain Voilà, as before issue 19

Prints the table; the exit status is 0 unless a page failed (timings are reported, never judged:
the machine's load is printed with them).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from runwell.chromium import CHROMIUM, HEADLESS_ARGS
from runwell.quiz_app import DEFAULT_LESSON

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "quiz_app.ipynb"
LESSONS = sorted(p.stem for p in (ROOT / "notebooks" / "quizzes").glob("[0-9][0-9]_*.yaml"))
BROWSER_CONNECTIONS = 6
PAGE_TIMEOUT = 180.0  # seconds, from the request to the quiz (else the page failed)


# -- the server and its memory -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def process_tree(pid: int) -> list[int]:
    tree, found, todo = _children(), [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(tree.get(p, []))
    return found


@dataclass
class Usage:
    rss: int = 0  # bytes
    pss: int = 0
    server_cpu: float = 0.0  # seconds, user + system
    kernels_cpu: float = 0.0
    processes: int = 0

    @property
    def cpu(self) -> float:
        return self.server_cpu + self.kernels_cpu

    def peak(self, other: Usage) -> None:
        self.rss, self.pss = max(self.rss, other.rss), max(self.pss, other.pss)
        self.processes = max(self.processes, other.processes)


def usage(pid: int, memory: bool = True) -> Usage:
    """The server *pid* and its kernels: memory (if *memory*) and CPU time so far."""
    total = Usage()
    ticks = os.sysconf("SC_CLK_TCK")
    for p in process_tree(pid):
        try:
            stat = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text() if memory else ""
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in rollup.splitlines()[1:] if ":" in line)
        total.rss += int(fields.get("Rss", "0 kB").split()[0]) * 1024
        total.pss += int(fields.get("Pss", "0 kB").split()[0]) * 1024
        cpu = (int(stat[11]) + int(stat[12])) / ticks
        if p == pid:
            total.server_cpu += cpu
        else:
            total.kernels_cpu += cpu
        total.processes += 1
    return total


# How `make quiz-app` served the app before issue 19: plain Voilà, a kernel started per page.
BEFORE = ["-m", "voila", "--no-browser", "--Voila.ip=127.0.0.1",
          "--MappingKernelManager.cull_idle_timeout=3600",
          "--MappingKernelManager.cull_interval=60"]


def machine_cpu() -> float:
    """Processor seconds every process on the machine has used so far (``/proc/stat``)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class Server:
    """``python -m runwell.quiz_server`` on a free port, with its own progress file (with
    *before*, plain Voilà as ``make quiz-app`` ran it before)."""

    def __init__(self, workdir: Path, seats: int, idle: int, extra: Sequence[str] = (),
                 before: bool = False) -> None:
        self.port = _free_port()
        self.log = workdir / f"server-{self.port}.log"
        env = {**os.environ, "RUNWELL_PROGRESS": str(workdir / f"progress-{self.port}.json")}
        env.pop("RUNWELL_QUIZ", None)
        env.pop("RUNWELL_LANG", None)
        for sub in ("config", "runtime", "data"):
            env[f"JUPYTER_{sub.upper()}_DIR"] = str(workdir / "jupyter" / sub)
        cmd = [sys.executable, "-m", "runwell.quiz_server", f"--port={self.port}",
               f"--seats={seats}", f"--idle={idle}", *extra, str(NOTEBOOK)]
        if before:
            cmd = [sys.executable, *BEFORE, f"--port={self.port}", *extra, str(NOTEBOOK)]
            seats = 0
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                         stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        self.seats = seats

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kernels(self) -> int:
        return usage(self.proc.pid).processes - 1

    def wait_quiet(self, kernels: int, timeout: float = 600.0, quiet: float = 3.0) -> float:
        """Wait until *kernels* kernels run and the CPU has been idle for *quiet* seconds."""
        start = time.monotonic()
        last_cpu, still_since = -1.0, time.monotonic()
        while time.monotonic() - start < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log.read_text(errors='replace')}")
            now = usage(self.proc.pid)
            if now.processes - 1 < kernels or now.cpu - last_cpu > 0.05 * quiet:
                still_since = time.monotonic()
            elif time.monotonic() - still_since >= quiet:
                return time.monotonic() - start
            last_cpu = now.cpu
            time.sleep(quiet / 4)
        raise RuntimeError(f"server not quiet after {timeout:.0f} s")

    def stop(self) -> None:
        """Stop the server; kernels it leaves behind (it had no time to shut them) are killed."""
        tree = process_tree(self.proc.pid)
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        for pid in tree[1:]:
            with contextlib.suppress(OSError):
                if b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    os.kill(pid, signal.SIGKILL)


# -- one real page, for the asset list and the learner's own browser time -----------------------


def browser_page(url: str) -> tuple[float, list[str]]:
    """Seconds until a real Chromium shows the quiz at *url*, and the same-origin URLs it got."""
    from playwright.sync_api import sync_playwright

    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    fetched: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=list(HEADLESS_ARGS))
        try:
            page = browser.new_page()
            page.on("requestfinished", lambda r: fetched.append(r.url))
            start = time.monotonic()
            page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT * 1000)
            page.locator(".runwell-quiz .runwell-question").first.wait_for(
                timeout=PAGE_TIMEOUT * 1000)
            took = time.monotonic() - start
            page.wait_for_timeout(1000)
        finally:
            browser.close()
    assets = sorted({u for u in fetched if u.startswith(origin + "/voila/")})
    return took, assets


# -- an emulated learner -------------------------------------------------------------------------


@dataclass
class Visit:
    lesson: str | None  # None: the bare address
    seconds: float = 0.0
    html_seconds: float = 0.0  # the page itself
    files_seconds: float = 0.0  # and its scripts, styles and fonts
    error: str = ""


# What JupyterLab's kernel connection (and so Voilà's page) speaks: the server passes frames
# through without decoding them.
WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"


def _message(msg_type: str, content: dict[str, object], session: str,
             metadata: dict[str, object] | None = None) -> bytes:
    """A shell message in the v1 websocket framing."""
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session,
              "username": "learner", "version": "5.3", "date": ""}
    parts = [header, {}, metadata or {}, content]
    return bytes(serialize_msg_to_ws_v1([json.dumps(p).encode() for p in parts], "shell"))


def _ws_message(raw: bytes) -> tuple[str, dict[str, object], bytes]:
    """A received v1 frame: its message type, its header and its content still encoded."""
    from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

    _channel, parts = deserialize_msg_from_ws_v1(raw)
    header = json.loads(parts[0])
    return str(header.get("msg_type", "")), header, parts[3]


def check_states(states: dict[str, dict[str, object]], lesson: str) -> str:
    """Why *states* is not a quiz app open on *lesson* ("" if it is)."""
    quiz = picker = None
    for model in states.values():
        state = model.get("state", {})
        assert isinstance(state, dict)
        classes = state.get("_dom_classes", ())
        if "runwell-quiz" in classes:
            quiz = state
        if "runwell-quiz-picker" in classes:
            picker = state
    if quiz is None or picker is None:
        return "no quiz in the widgets"
    labels, index = picker.get("_options_labels", []), picker.get("index")
    if not isinstance(labels, list) or not isinstance(index, int) or index >= len(labels):
        return "the picker has no choice"
    if not str(labels[index]).startswith(lesson[:2]):
        return f"asked for {lesson}, got {labels[index]}"
    return ""


class Connection:
    """One kept-alive HTTP/1.1 connection, as a browser holds six per server (a few lines of
    asyncio rather than an HTTP library: the emulated class runs on the measured machine, so its
    own CPU time must stay small)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> bytes:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                          "Accept-Encoding: identity\r\n\r\n".encode())
        status = (await self.reader.readline()).split()
        headers: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            parts = []
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            await self.reader.readline()
            body = b"".join(parts)
        else:
            body = await self.reader.read()
            self.close()
        if len(status) < 2 or status[1] != b"200":
            raise RuntimeError(f"GET {path}: {b' '.join(status[1:]).decode(errors='replace')}")
        return body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def visit(base: str, lesson: str | None, assets: Sequence[str],
                go: asyncio.Event) -> Visit:
    """One learner opening the app at *base* (on *lesson*, if given); *assets* are paths on the
    server.

    Like a browser: six kept-alive connections for the page and its files, then one websocket.
    """
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    result = Visit(lesson)
    where = urlsplit(base)
    assert where.hostname is not None and where.port is not None
    pool = [Connection(where.hostname, where.port) for _ in range(BROWSER_CONNECTIONS)]
    await go.wait()
    start = time.monotonic()
    try:
        path = "/" if lesson is None else f"/?lesson={lesson}"
        html = (await pool[0].get(path)).decode("utf-8")
        result.html_seconds = time.monotonic() - start
        found = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', html)
        if not found or "application/vnd.jupyter.widget-view+json" not in html:
            outputs = re.findall(r'cell-output\+json">(.*?)</script>', html, re.DOTALL)
            result.error = f"the page has no widget: {' '.join(outputs)[-300:]!r}"
            return result
        kernel = found[1]
        todo = list(reversed(assets))

        async def fetch(connection: Connection) -> None:
            while todo:
                await connection.get(todo.pop())

        await asyncio.gather(*(fetch(c) for c in pool))
        result.files_seconds = time.monotonic() - start
        await pool[0].get(f"/api/kernels/{kernel}")
        session = uuid.uuid4().hex
        ws_url = base.replace("http", "ws", 1) + f"/api/kernels/{kernel}/channels"
        ws = await websocket_connect(HTTPRequest(f"{ws_url}?session_id={session}",
                                                 request_timeout=PAGE_TIMEOUT),
                                     subprotocols=[WS_PROTOCOL])
        try:
            states = await asyncio.wait_for(_widget_states(ws, session), PAGE_TIMEOUT)
        finally:
            ws.close()
        result.seconds = time.monotonic() - start
        result.error = ("the kernel websocket closed" if states is None
                        else check_states(states, lesson or DEFAULT_LESSON))
    except Exception as exc:  # a failed page is reported, not raised
        result.error = f"{type(exc).__name__}: {exc}"
    finally:
        for connection in pool:
            connection.close()
    return result


async def _widget_states(ws: Any, session: str) -> dict[str, dict[str, object]] | None:
    """Every widget's state, asked for as ipywidgets 8's widget manager asks for it."""
    comm = uuid.uuid4().hex
    ws.write_message(_message("comm_open", {
        "comm_id": comm, "target_name": "jupyter.widget.control", "data": {}}, session,
        {"version": "1.0.0"}), binary=True)
    ws.write_message(_message("comm_msg", {
        "comm_id": comm, "data": {"method": "request_states"}}, session), binary=True)
    while True:
        raw = await ws.read_message()
        if raw is None:
            return None
        if not isinstance(raw, bytes):
            continue
        msg_type, _header, encoded = _ws_message(raw)
        if msg_type != "comm_msg":
            continue
        content = json.loads(encoded)
        data = content.get("data", {})
        if (content.get("comm_id") == comm and isinstance(data, dict)
                and data.get("method") == "update_states"):
            states = data.get("states", {})
            assert isinstance(states, dict)
            return states


async def class_arrives(base: str, n: int, assets: Sequence[str],
                        mixed: bool = False) -> list[Visit]:
    """*n* learners open the app in the same instant (the bare address, or with *mixed*, each
    its own lesson in turn)."""
    go = asyncio.Event()
    lessons = [LESSONS[i % len(LESSONS)] if mixed else None for i in range(n)]

    async def timed(lesson: str | None) -> Visit:
        try:
            return await asyncio.wait_for(visit(base, lesson, assets, go), PAGE_TIMEOUT)
        except asyncio.TimeoutError:
            return Visit(lesson, error=f"no quiz within {PAGE_TIMEOUT:.0f} s")

    tasks = [asyncio.ensure_future(timed(lesson)) for lesson in lessons]
    await asyncio.sleep(0.2)
    go.set()
    return list(await asyncio.gather(*tasks))


# -- runs and the table --------------------------------------------------------------------------


@dataclass
class Run:
    n: int
    visits: list[Visit]
    idle: Usage  # the warm server before the class arrives
    peak: Usage  # from the class's arrival until the server is quiet again
    used: Usage  # CPU seconds spent meanwhile (server, kernels)
    client_cpu: float  # CPU seconds of the emulated class itself
    warm_seconds: float
    others_cpu: float  # CPU seconds other work on the machine used meanwhile

    @property
    def times(self) -> list[float]:
        return sorted(v.seconds for v in self.visits if not v.error)

    @property
    def page_times(self) -> list[float]:
        return sorted(v.html_seconds for v in self.visits if not v.error)

    @property
    def failures(self) -> list[Visit]:
        return [v for v in self.visits if v.error]


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (p95 of 30 values is the 29th)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def one_run(n: int, args: argparse.Namespace, assets: Sequence[str], workdir: Path) -> Run:
    server = Server(workdir, args.seats, args.idle, args.server_args, args.before)
    try:
        warm = server.wait_quiet(kernels=server.seats)
        idle = usage(server.proc.pid)
        peak = Usage()
        peak.peak(idle)
        client_start = time.process_time()
        machine = machine_cpu()
        loop = asyncio.new_event_loop()
        try:
            task = loop.create_task(class_arrives(server.url, n, assets, args.mixed))

            async def sample() -> None:  # seldom: reading /proc costs CPU the server needs
                while not task.done():
                    await asyncio.sleep(1)
                    peak.peak(usage(server.proc.pid))

            loop.run_until_complete(asyncio.gather(task, sample()))
            visits = task.result()
        finally:
            loop.close()
        client = time.process_time() - client_start
        # Until the server is quiet again (a refilling pool, kernels started on demand).
        deadline = time.monotonic() + 600
        last_cpu, still = -1.0, 0
        while time.monotonic() < deadline and still < 3:
            now = usage(server.proc.pid)
            peak.peak(now)
            still = still + 1 if now.cpu - last_cpu < 0.05 else 0
            last_cpu = now.cpu
            time.sleep(1)
        end = usage(server.proc.pid, memory=False)
        used = Usage(server_cpu=end.server_cpu - idle.server_cpu,
                     kernels_cpu=end.kernels_cpu - idle.kernels_cpu)
        others = machine_cpu() - machine - used.cpu - (time.process_time() - client_start)
        return Run(n, visits, idle, peak, used, client, warm, max(0.0, others))
    finally:
        server.stop()


def _gb(value: float) -> str:
    return f"{value / 1e9:.2f}"


def report(runs: dict[int, list[Run]], floor: float, floor_protocol: float) -> str:
    """The table: medians over the runs of each class size."""
    count = max(len(r) for r in runs.values())
    lines = [
        f"Median of {count} runs. page: the page with the quiz in it; quiz: and its files and "
        "widgets, ready to show.",
        "CPU: seconds of the server / its kernels / the emulated class, from arrival to quiet; "
        "other: of other work on the machine meanwhile.",
        "learners  page p50  page p95  quiz p50  quiz p95  quiz max  failed  kernels  "
        "peak RSS GB  peak PSS GB  CPU s             other",
    ]

    def med(values: Sequence[float]) -> float:
        return statistics.median(values)

    for n, group in runs.items():
        cpu = (f"{med([r.used.server_cpu for r in group]):.1f} / "
               f"{med([r.used.kernels_cpu for r in group]):.1f} / "
               f"{med([r.client_cpu for r in group]):.1f}")
        lines.append(
            f"{n:>8}  {med([percentile(r.page_times, 50) for r in group]):8.2f}  "
            f"{med([percentile(r.page_times, 95) for r in group]):8.2f}  "
            f"{med([percentile(r.times, 50) for r in group]):8.2f}  "
            f"{med([percentile(r.times, 95) for r in group]):8.2f}  "
            f"{med([max(r.times, default=float('nan')) for r in group]):8.2f}  "
            f"{max(len(r.failures) for r in group):>6}  "
            f"{max(r.peak.processes - 1 for r in group):>7}  "
            f"{_gb(med([r.peak.rss for r in group])):>11}  "
            f"{_gb(med([r.peak.pss for r in group])):>11}  "
            f"{cpu:<16}  {med([r.others_cpu for r in group]):5.1f}"
        )
    idle = [r.idle for group in runs.values() for r in group]
    lines.append(
        f"Before the class: {idle[0].processes - 1} kernels, "
        f"{_gb(med([u.rss for u in idle]))} GB RSS, {_gb(med([u.pss for u in idle]))} GB PSS; "
        f"the pool was warm {med([r.warm_seconds for g in runs.values() for r in g]):.0f} s "
        "after the server started.")
    if floor == floor:
        lines.append(
            f"One learner in Chromium: the quiz showed after {floor:.2f} s, of which "
            f"{floor_protocol:.2f} s on the wire and {max(0.0, floor - floor_protocol):.2f} s in "
            "the browser itself.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,30,60",
                        help="class sizes, comma-separated (default 1,10,30,60)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seats", type=int, default=30, help="the server's --seats")
    parser.add_argument("--idle", type=int, default=120, help="the server's --idle")
    parser.add_argument("--before", action="store_true",
                        help="serve with plain Voilà, as make quiz-app did before issue 19")
    parser.add_argument("--mixed", action="store_true",
                        help="each learner asks for another lesson (default: the bare address)")
    parser.add_argument("--no-browser", action="store_true",
                        help="skip the real Chromium page (asset list and floor)")
    parser.epilog = "Other options are passed to the server (python -m runwell.quiz_server)."
    args, args.server_args = parser.parse_known_args(argv)
    # Stopped (timeout, Ctrl-C): still stop the servers, in the `finally` blocks.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    print(f"load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"{os.getloadavg()[2]:.2f} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-quiz-app-") as tmp:
        workdir = Path(tmp)
        floor = floor_protocol = float("nan")
        assets: list[str] = []
        if not args.no_browser and CHROMIUM.exists():
            server = Server(workdir, max(args.seats, 1), args.idle, args.server_args,
                            args.before)
            try:
                server.wait_quiet(kernels=server.seats)
                floor, urls = browser_page(f"{server.url}/")
                assets = [urlsplit(u)._replace(scheme="", netloc="").geturl() for u in urls]
                server.wait_quiet(kernels=1)
                base_visit = asyncio.run(class_arrives(server.url, 1, assets))[0]
                floor_protocol = base_visit.seconds
            finally:
                server.stop()
            print(f"a real page fetched {len(assets)} scripts, styles and fonts", flush=True)
        runs: dict[int, list[Run]] = {}
        failed = False
        for n in sizes:
            for k in range(args.runs):
                run = one_run(n, args, assets, workdir)
                runs.setdefault(n, []).append(run)
                times = run.times
                print(f"N={n} run {k + 1}: page p95 {percentile(run.page_times, 95):.2f} s, "
                      f"quiz p50 {percentile(times, 50):.2f} s, "
                      f"p95 {percentile(times, 95):.2f} s, max {max(times, default=0):.2f} s, "
                      f"{len(run.failures)} failed, peak {_gb(run.peak.rss)} GB RSS, "
                      f"{run.peak.processes - 1} kernels, server CPU {run.used.server_cpu:.1f} s "
                      f"(pool warm after {run.warm_seconds:.0f} s), other work "
                      f"{run.others_cpu:.1f} CPU s",
                      flush=True)
                for v in run.failures[:5]:
                    print(f"  failed: {v.lesson or '/'}: {v.error}", flush=True)
                failed = failed or bool(run.failures)
        print()
        setup = ("plain Voilà, as before issue 19" if args.before
                 else f"--seats {args.seats} {' '.join(args.server_args)}".rstrip())
        print(f"{'Mixed lessons' if args.mixed else 'One address for the class'}, {setup}")
        print(report(runs, floor, floor_protocol))
    print(f"load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"{os.getloadavg()[2]:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
