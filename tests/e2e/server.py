"""A throw-away Jupyter server (JupyterLab or Notebook 7) for the end-to-end tests.

The server runs from the current virtualenv on 127.0.0.1, on a free port, with a random token,
in a temporary copy of the course, with its own settings, workspaces, config and runtime folders
so that nothing on the machine leaks in or out. Its output goes to a log file that the failure hook
copies to ``build/test-artifacts/``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["JupyterServer", "copy_course", "free_port"]

# Settings written into the server's private user-settings folder, the same for Lab and Notebook 7:
# no news or update toasts over the page, and every cell kept in the DOM (no virtual scrolling),
# so that what the tests look for is there to find.
USER_SETTINGS: dict[str, dict[str, object]] = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def copy_course(source: Path, dest: Path) -> Path:
    """Copy the learner-facing parts of the course (lessons, quiz banks, figures, exercises)."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for name in ("notebooks", "exercises"):
        if (source / name).is_dir():
            shutil.copytree(source / name, dest / name, ignore=ignore, dirs_exist_ok=True)
    (dest / "notebooks" / "quizzes").mkdir(parents=True, exist_ok=True)
    return dest


@dataclass
class JupyterServer:
    """``jupyter lab`` (app="lab") or ``jupyter notebook`` (app="notebook") in *root*."""

    app: str
    root: Path
    state: Path
    env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    token: str = ""
    proc: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.state / f"jupyter-{self.app}.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """The URL of *path* (which starts with a slash), carrying the token."""
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}"

    def notebook_url(self, path: str, workspace: str) -> str:
        """Where a learner opens the notebook *path* (relative to the course root): JupyterLab in
        a workspace of its own (so no tab from an earlier test is restored), or Notebook 7."""
        if self.app == "lab":
            return self.url(f"/lab/workspaces/{workspace}/tree/{path}")
        return self.url(f"/notebooks/{path}")

    def command(self) -> list[str]:
        module = {"lab": "jupyterlab", "notebook": "notebook"}[self.app]
        klass = {"lab": "LabApp", "notebook": "JupyterNotebookApp"}[self.app]
        cmd = [
            sys.executable,
            "-m",
            module,
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--ServerApp.open_browser=False",
            "--ServerApp.terminals_enabled=False",
            f"--{klass}.user_settings_dir={self.state / 'settings'}",
            f"--{klass}.workspaces_dir={self.state / 'workspaces'}",
        ]
        if self.app == "lab":
            cmd += [
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class="
                "jupyterlab.handlers.announcements.NeverCheckForUpdate",
            ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        return cmd

    def start(self, timeout: float = 60.0) -> None:
        self.port = free_port()
        self.token = secrets.token_hex(24)
        settings = self.state / "settings"
        for name, values in USER_SETTINGS.items():
            target = settings / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values, indent=2) + "\n", encoding="utf-8")
        for sub in ("workspaces", "config", "runtime", "data", "ipython"):
            (self.state / sub).mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env.update(
            {
                "JUPYTER_CONFIG_DIR": str(self.state / "config"),
                "JUPYTER_RUNTIME_DIR": str(self.state / "runtime"),
                "JUPYTER_DATA_DIR": str(self.state / "data"),
                "JUPYTER_PLATFORM_DIRS": "1",
                "IPYTHONDIR": str(self.state / "ipython"),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.env)
        log = self.log_path.open("wb")
        try:
            self.proc = subprocess.Popen(
                self.command(),
                cwd=self.root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()
        self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(
                    f"jupyter {self.app} exited with {self.proc.returncode} before it was ready; "
                    f"log: {self.log_path}\n{self.log_tail()}"
                )
            try:
                self.api("/api/status")
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"jupyter {self.app} did not answer /api/status within {timeout:.0f} s; "
            f"log: {self.log_path}\n{self.log_tail()}"
        )

    def api(self, path: str, method: str = "GET") -> object:
        """Call the REST API with the token; return the decoded JSON (None for no content)."""
        request = urllib.request.Request(
            self.base_url + path,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Shut down every session and kernel, so each test starts from fresh kernels."""
        sessions = self.api("/api/sessions")
        for session in sessions if isinstance(sessions, list) else []:
            self.api(f"/api/sessions/{session['id']}", method="DELETE")
        kernels = self.api("/api/kernels")
        for kernel in kernels if isinstance(kernels, list) else []:
            self.api(f"/api/kernels/{kernel['id']}", method="DELETE")

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Terminate the server (and its kernels), then kill it if it does not go in time."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                return
            proc.wait(timeout=10)
