"""Serve the quiz app to a class with Voilà: ``python -m runwell.quiz_server`` (``make quiz-app``).

This is Voilà, configured; nothing here serves a page itself.

- **Preheated seats.** Voilà keeps a pool of kernels that have already run the notebook
  (``--preheat_kernel``, ``--pool_size``): each has loaded the quizzes, built the default quiz
  and waits for a page's address (:mod:`runwell.voila_request`), so a page asking for that
  quiz is ready at once. ``--seats`` is the size of that pool: the learners who can open the
  app at the same moment without waiting for a kernel to start.
- **A kernel budget.** Voilà refills its pool as soon as a page takes a kernel, so a class of 30
  would hold 60 kernels. :class:`QuizKernelManager` refills only while fewer than
  ``--max-kernels`` (default: the seats) are running; a page that finds the pool empty gets a
  kernel started for it, as without preheating, and the pool refills as pages close.
- **Kernels of closed pages are shut down** after ``--idle`` seconds without a connected page
  (Jupyter's culler). Answers are already saved: each Check writes the progress file before
  the kernel goes idle, and only idle kernels are culled.
- **Only known hosts.** Pages, the kernels' API and websockets, and the websocket where
  preheated kernels wait, are refused (403) when their ``Host`` header is not localhost, a
  loopback address or a name given with ``--hosts``: this stops DNS rebinding. ``--hosts '*'``
  turns the check off, for a proxy that checks hosts itself.
- **Nothing from other hosts.** The page is Voilà's lab template without its links to a CDN,
  with the quiz in a ``<main>`` landmark and ``<html lang>`` in the server's language
  (:data:`TEMPLATE`).
- **Lean kernels** on Unix sockets, and a longer wait for a cell's last outputs: see
  ``KERNEL_ARGUMENTS``, ``IOPUB_TIMEOUT`` and :func:`voila_argv`.

Other options are passed to Voilà unchanged.
"""

from __future__ import annotations

import argparse
import functools
import ipaddress
import logging
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Int, List, Unicode

__all__ = ["DEFAULT_IDLE", "DEFAULT_SEATS", "QuizKernelManager", "host_settings", "main",
           "voila_argv"]

DEFAULT_PORT = 8866
DEFAULT_SEATS = 30
DEFAULT_IDLE = 120
NOTEBOOK = Path("notebooks") / "quiz_app.ipynb"
# The page's front-end extensions: Voilà's widget manager, the widgets' and anywidget's. Others
# installed in the environment (code highlighting, Notebook 7's) would be fetched by every page.
EXTENSIONS = ("@voila-dashboards/widgets-manager8", "@jupyter-widgets/jupyterlab-manager",
              "anywidget")
# Options for every kernel of the app. jsonschema (which validates the quiz banks) imports
# rfc3987-syntax, when installed, for a format check the banks never use: 1.8 s and 15 MB in each
# kernel. IPython's history is of no use to a learner who never sees code, and 30 kernels would
# share one SQLite file for it.
KERNEL_ARGUMENTS = (
    "--IPKernelApp.exec_lines=import sys; sys.modules.setdefault('rfc3987_syntax', None)",
    "--HistoryManager.enabled=False",
)
# The page's template (data/jupyter/voila/templates/runwell-quiz): Voilà's lab template without
# its CDN links, with the content in a <main> landmark. Found through JUPYTER_PATH.
TEMPLATE = "runwell-quiz"
TEMPLATES_ROOT = Path(__file__).resolve().parent / "data" / "jupyter"
# Seconds Voilà waits for a cell's last outputs after the cell has finished (nbclient's default,
# 4, is too short for a class's pages arriving at once: the page would come without its quiz).
IOPUB_TIMEOUT = 60


def _fill_within_budget(fill: Callable[..., None]) -> Callable[..., None]:
    """Voilà's ``fill_if_needed``, told to start no more kernels than the budget leaves room for.

    Voilà reads each notebook's pool size from ``kernel_pools_config`` on every refill; this
    sets it, for that call, to what the budget allows.
    """

    @functools.wraps(fill)
    def fill_if_needed(self: QuizKernelManager, delay: float | None = None,
                       notebook_name: str | None = None, *args: Any, **kwargs: Any) -> None:
        if self._configured_pools is None:
            self._configured_pools = dict(self.kernel_pools_config)
        configured: dict[Any, Any] = self._configured_pools
        default = configured.get("default", {})
        wanted_config = configured.get(notebook_name, default)
        wanted = int(wanted_config.get("pool_size", default.get("pool_size", 1)))
        pools = self._pools
        before = len(pools.get(notebook_name, ()))
        target = before + max(0, min(wanted - before, self.room()))
        self.kernel_pools_config = {
            **configured, notebook_name: {**wanted_config, "pool_size": target}}
        fill(self, delay, notebook_name, *args, **kwargs)
        self._waiting_to_start += len(pools.get(notebook_name, ())) - before

    return fill_if_needed


class QuizKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel manager with a budget for Voilà's pool of preheated kernels.

    Voilà derives its preheating manager from the configured ``multi_kernel_manager_class``
    (``voila.voila_kernel_manager.voila_kernel_manager_factory``); when it does, its refill is
    wrapped to respect :attr:`max_kernels`. Kernels for pages are never refused.
    """

    max_kernels = Int(
        0, config=True,
        help="Refill the pool of preheated kernels only while fewer kernels than this are "
             "running, counting those of open pages (0: no limit, as in Voilà).",
    )
    kernel_arguments = List(
        Unicode(), list(KERNEL_ARGUMENTS), config=True,
        help="Command-line options added to every kernel's command.",
    )

    # Set by Voilà's subclass; declared for the type checker.
    _pools: dict[Any, list[Any]]
    kernel_pools_config: dict[Any, Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fill = cls.__dict__.get("fill_if_needed")
        if fill is not None:
            cls.fill_if_needed = _fill_within_budget(fill)  # type: ignore[attr-defined]

    def __init__(self, **kwargs: Any) -> None:
        # Before Voilà's subclass fills its pool (it does so at the end of its __init__).
        self._waiting_to_start = 0  # pool kernels scheduled but not yet started
        self._configured_pools: dict[str, Any] | None = None
        self._closing = False
        super().__init__(**kwargs)

    def running(self) -> int:
        """Kernels running or starting (pages' and the pool's)."""
        return len(set(self._kernels) | set(getattr(self, "_pending_kernels", {})))

    def room(self) -> int:
        """How many more pool kernels the budget allows now."""
        if self.max_kernels <= 0:
            return sys.maxsize
        return max(0, self.max_kernels - self.running() - self._waiting_to_start)

    async def start_kernel(self, **kwargs: Any) -> str:  # type: ignore[override]
        kwargs["extra_arguments"] = [*kwargs.get("extra_arguments", ()), *self.kernel_arguments]
        env = kwargs.get("env") or {}
        if env.get("VOILA_PREHEAT") == "True" and self._waiting_to_start > 0:
            # Counted as running from here on (no await between this and the registration).
            self._waiting_to_start -= 1
        return await super().start_kernel(**kwargs)

    async def shutdown_kernel(self, kernel_id: str, now: bool = False,  # type: ignore[override]
                              restart: bool = False) -> None:
        await super().shutdown_kernel(kernel_id, now=now, restart=restart)
        if not restart and not self._closing and hasattr(self, "fill_if_needed"):
            # A page's kernel has gone: the budget may have room for the pool again.
            for notebook_name in list(self._pools):
                self.fill_if_needed(notebook_name=notebook_name)

    async def shutdown_all(self, now: bool = False) -> None:  # type: ignore[override]
        self._closing = True
        await super().shutdown_all(now=now)


def host_settings(hosts: Sequence[str]) -> dict[str, Any]:
    """Tornado settings for Jupyter's ``Host`` check (``JupyterHandler.check_host``).

    Voilà turns the check off (``allow_remote_access=True``); this turns it back on. Loopback
    addresses are always allowed, names only if listed (``localhost`` always is); ``*`` allows
    any host.
    """
    names = [h.strip().lower() for h in hosts if h.strip()]
    if "*" in names:
        return {"allow_remote_access": True}
    return {"allow_remote_access": False, "local_hostnames": ["localhost", *names]}


def _cull_interval(idle: int) -> int:
    return max(1, min(60, math.ceil(idle / 4)))


def voila_argv(args: argparse.Namespace, extra: Sequence[str] = ()) -> list[str]:
    """Voilà's command line for *args* (see :func:`main`)."""
    seats = max(0, args.seats)
    budget = seats if args.max_kernels is None else max(0, args.max_kernels)
    # The page's <html lang>: the server's language (a page asking for another one with
    # ?lang= gets its app in that language, marked lang= on the app's own content).
    page_lang = args.lang or "en"
    # with its slashes: the kernels append "voila/query/<id>" to it
    path = args.base_url.strip("/")
    base_url = f"/{path}/" if path else "/"
    return [
        "--no-browser",
        f"--VoilaExporter.language_code={page_lang}",
        f"--VoilaConfiguration.template={TEMPLATE}",
        f"--Voila.ip={args.ip}",
        f"--Voila.port={args.port}",
        # Preheated kernels reach the server on this port: fail rather than move to another.
        "--Voila.port_retries=0",
        f"--Voila.base_url={base_url}",
        f"--VoilaConfiguration.preheat_kernel={seats > 0}",
        f"--VoilaConfiguration.default_pool_size={seats}",
        f"--VoilaConfiguration.multi_kernel_manager_class={__name__}.QuizKernelManager",
        f"--QuizKernelManager.max_kernels={budget}",
        f"--MappingKernelManager.cull_idle_timeout={args.idle}",
        f"--MappingKernelManager.cull_interval={_cull_interval(args.idle)}",
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT}",
        # Kernels talk to the server over Unix sockets in its private folder, not TCP ports: with
        # 30 kernels starting at once, a port picked for one can be taken before it binds it
        # (the kernel dies), and no other user of the machine can reach a kernel.
        "--KernelManager.transport=ipc",
        *(f"--VoilaConfiguration.extension_allowlist={name}" for name in EXTENSIONS),
        *extra,
        str(args.notebook),
    ]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m runwell.quiz_server",
        description="Serve the quiz app (notebooks/quiz_app.ipynb) with Voilà, for a class.",
        epilog="Other options are passed to Voilà.",
    )
    parser.add_argument("notebook", nargs="?", type=Path, default=NOTEBOOK)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--ip", default="127.0.0.1",
                        help="address to listen on: 127.0.0.1, or 0.0.0.0 to serve other "
                             "machines too (then name this one with --hosts)")
    parser.add_argument("--lesson", default=None,
                        help="quiz to open when the address names none (default: "
                             "$RUNWELL_QUIZ, else the review)")
    parser.add_argument("--lang", default=None,
                        help="language of a page whose address names none, e.g. es (default: "
                             "$RUNWELL_LANG, else English)")
    parser.add_argument("--seats", type=int, default=DEFAULT_SEATS,
                        help="preheated kernels: learners who can open the app at once "
                             "without waiting (0: no preheating); about 65 MB each")
    parser.add_argument("--max-kernels", type=int, default=None,
                        help="refill the pool only below this many kernels, counting open "
                             "pages' (default: the seats; 0: no limit)")
    parser.add_argument("--idle", type=int, default=DEFAULT_IDLE,
                        help="seconds after which a kernel with no page connected is shut down")
    parser.add_argument("--hosts", default="",
                        help="comma-separated host names to serve besides localhost and "
                             "loopback addresses (a hub's or proxy's name); other IP "
                             "addresses cannot be listed, only allowed with '*' (any host)")
    parser.add_argument("--base-url", default="/", help="URL prefix, behind a proxy")
    return parser


def _voila_app() -> Any:
    """Voilà's application, with Jupyter's Host check on the one websocket Voilà leaves out.

    Preheated kernels wait for their page's request on ``/voila/query/<kernel id>``, a plain
    Tornado websocket that checks no Host (and whose Origin check a rebinding page passes).
    """
    from jupyter_server.base.handlers import JupyterHandler
    from tornado.web import HTTPError
    from voila.app import Voila  # type: ignore[import-untyped]
    from voila.request_info_handler import (  # type: ignore[import-untyped]
        RequestInfoSocketHandler,
    )

    class HostCheckedRequestInfo(RequestInfoSocketHandler):
        log = logging.getLogger("Voila")

        def prepare(self) -> None:
            if not JupyterHandler.check_host(self):  # uses only settings, request and log
                raise HTTPError(403)

    class QuizVoila(Voila):
        def init_handlers(self) -> list[Any]:
            return [
                (route[0], HostCheckedRequestInfo, *route[2:])
                if route[1] is RequestInfoSocketHandler else route
                for route in super().init_handlers()
            ]

    return QuizVoila.instance()


def _in_environment(name: str, given: str | None) -> str | None:
    """An option that the app's kernels read from ``$name``: given (even empty), it replaces the
    variable (empty: unset); not given, the variable stays. Returns the value now in force."""
    if given is not None:
        os.environ.pop(name, None)
        if given:
            os.environ[name] = given
    return os.environ.get(name) or None


def _argument_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the options, in one line, or None."""
    from runwell.i18n import languages

    if args.lang and args.lang not in languages():
        return f"language {args.lang!a} (--lang or $RUNWELL_LANG): the course has " + ", ".join(
            sorted(languages()))
    # Preheated kernels reach the server on 127.0.0.1: it must listen there.
    if args.ip not in ("localhost", "0.0.0.0", "::", ""):
        try:
            loopback = ipaddress.ip_address(args.ip).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            return (f"--ip {args.ip!a}: listen on 127.0.0.1 (the default) or on every address "
                    "(--ip 0.0.0.0, with --hosts naming the machine); the app's kernels "
                    "reach it on 127.0.0.1")
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args, extra = _parser().parse_known_args(argv)
    _in_environment("RUNWELL_QUIZ", args.lesson)
    args.lang = _in_environment("RUNWELL_LANG", args.lang)
    problem = _argument_problem(args)
    if problem:
        print(f"runwell.quiz_server: {problem}", file=sys.stderr)
        return 2
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(TEMPLATES_ROOT), os.environ.get("JUPYTER_PATH", "")) if p)
    app = _voila_app()
    app.initialize(voila_argv(args, extra))
    # traitlets leaves the logger at DEBUG and filters in its handler: every message from every
    # kernel would build a debug record first, only to drop it.
    app.log.setLevel(app.log_level)
    app.tornado_settings = {**app.tornado_settings,
                            **host_settings(args.hosts.split(","))}
    app.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
