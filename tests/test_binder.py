"""Binder / JupyterHub: the repository builds with repo2docker.

`jupyter-repo2docker --no-build --debug` prints the Dockerfile it would build, without a Docker
engine. We run it on a clean copy of the repository (the files git would commit, nothing ignored)
and check the build steps: dependencies from environment.yml, then the repository copied in, then
postBuild installing the package.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "build", "__pycache__", "*.egg-info", ".pytest_cache", ".ruff_cache",
    ".hypothesis", ".ipynb_checkpoints",
)


def clean_copy(dest: Path) -> Path:
    """Copy what a fresh clone would hold: tracked and not-ignored files, with their modes."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=False,
    )
    if listing.returncode != 0:  # not a git checkout (an unpacked archive): copy the tree
        shutil.copytree(ROOT, dest, ignore=IGNORED)
        return dest
    for rel in filter(None, listing.stdout.decode().split("\0")):
        src = ROOT / rel
        if src.is_file():  # deleted-but-tracked files are listed too
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def repo2docker_command() -> list[str]:
    script = Path(sys.executable).with_name("jupyter-repo2docker")
    return [str(script)] if script.exists() else [sys.executable, "-m", "repo2docker"]


@pytest.fixture(scope="module")
def dockerfile(tmp_path_factory: pytest.TempPathFactory) -> str:
    if importlib.util.find_spec("repo2docker") is None:
        pytest.skip("jupyter-repo2docker is not installed (pip install -e '.[test]')")
    repo = clean_copy(tmp_path_factory.mktemp("binder") / "repo")
    # Binder's user is jovyan (uid 1000); without these repo2docker would use the current user.
    result = subprocess.run(
        [*repo2docker_command(), "--no-build", "--debug", "--user-id", "1000",
         "--user-name", "jovyan", str(repo)],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 0, result.stderr
    assert "FROM " in result.stdout, result.stdout[-2000:]
    return result.stdout


def _line(dockerfile: str, pattern: str) -> int:
    """Index of the first Dockerfile line matching *pattern* (fails if none does)."""
    lines = dockerfile.splitlines()
    for n, line in enumerate(lines):
        if re.search(pattern, line):
            return n
    pytest.fail(f"no Dockerfile line matches {pattern!r}")


def test_environment_yml_is_installed_before_the_repository_is_copied(dockerfile: str) -> None:
    copy_env = _line(dockerfile, r"^COPY .*src/environment\.yml \$\{REPO_DIR\}/environment\.yml")
    update = _line(dockerfile, r'env update -p \$\{NB_PYTHON_PREFIX\} --file "environment\.yml"')
    copy_repo = _line(dockerfile, r"^COPY --chown=1000:1000 src/ \$\{REPO_DIR\}/$")
    assert copy_env < update < copy_repo


def test_postbuild_runs_after_the_repository_is_copied(dockerfile: str) -> None:
    copy_repo = _line(dockerfile, r"^COPY --chown=1000:1000 src/ \$\{REPO_DIR\}/$")
    run_post = _line(dockerfile, r"^RUN \./postBuild$")
    user = max(n for n, line in enumerate(dockerfile.splitlines()[:run_post])
               if line.startswith("USER "))
    assert copy_repo < run_post
    assert dockerfile.splitlines()[user] == "USER ${NB_USER}"  # as the learner, not root
    # nothing installs the package from the repository before it is there
    before = "\n".join(dockerfile.splitlines()[:copy_repo])
    assert "-e ." not in before and "runwell" not in before


def test_postbuild_installs_the_package_without_dependencies() -> None:
    post = ROOT / "postBuild"
    text = post.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash\n")
    assert "set -euo pipefail" in text
    commands = [line.strip() for line in text.splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    # dependencies come from environment.yml; --no-deps keeps pip from second-guessing conda
    assert "python -m pip install --no-cache-dir --no-deps -e ." in commands
    assert post.stat().st_mode & stat.S_IXUSR, "postBuild must be executable"
    assert subprocess.run(["bash", "-n", str(post)], check=False).returncode == 0


def test_postbuild_is_executable_in_git() -> None:
    mode = subprocess.run(["git", "ls-files", "-s", "postBuild"], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    if mode.returncode != 0 or not mode.stdout:
        pytest.skip("not a git checkout, or postBuild not committed yet: mode not checked")
    assert mode.stdout.startswith("100755 "), mode.stdout


def test_readme_links_binder_and_nbgitpuller_to_files_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lab = re.findall(r"https://mybinder\.org/v2/gh/OWNER/REPO/HEAD\?urlpath=lab/tree/([\w./-]+)",
                     readme)
    assert lab, "README has no Binder launch link"
    voila = re.findall(r"urlpath=voila/render/([\w./-]+)", readme)
    assert voila, "README has no Binder link to the quiz app"
    for rel in lab + voila:
        assert (ROOT / rel).is_file(), f"README links {rel}, which does not exist"
    assert "hub/user-redirect/git-pull?repo=" in readme
    assert "urlpath=lab%2Ftree%2FREPO%2Fnotebooks%2F00_welcome.ipynb" in readme
