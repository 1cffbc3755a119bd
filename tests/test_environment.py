"""environment.yml (conda, Binder) and pyproject.toml must name the same dependencies."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[; ]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject() -> tuple[dict[str, str], dict[str, str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_name(s): s for s in project["dependencies"]}
    test = {_name(s): s.split(";")[0].strip() for s in project["optional-dependencies"]["test"]}
    return runtime, test


def _environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    names: dict[str, str] = {}
    for dep in env["dependencies"]:
        for spec in dep["pip"] if isinstance(dep, dict) else [dep]:
            names[_name(spec)] = spec.split("#")[0].replace(" ", "")
    return names


def test_environment_uses_conda_forge_and_python_310():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    assert "python>=3.10" in env["dependencies"]
    assert "pip" in env["dependencies"]


def test_environment_names_same_dependencies_as_pyproject():
    runtime, test = _pyproject()
    env = _environment()
    wanted = set(runtime) | set(test)
    extra = set(env) - wanted - {"python", "pip"}
    assert not wanted - set(env), f"in pyproject.toml but not environment.yml: {wanted - set(env)}"
    assert not extra, f"in environment.yml but not pyproject.toml: {extra}"


def test_environment_versions_agree_with_pyproject():
    runtime, test = _pyproject()
    env = _environment()
    for name, spec in {**runtime, **test}.items():
        assert env[name] == spec.replace(" ", ""), f"{name}: {env[name]!r} vs {spec!r}"


def test_environment_does_not_install_the_package_itself():
    # repo2docker copies environment.yml before the repository: `-e .` would fail on Binder.
    text = (ROOT / "environment.yml").read_text()
    assert "-e ." not in text and "runwell" not in [_name(s) for s in _environment()]
