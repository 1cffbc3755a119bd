"""The zero-install build's pieces, on tiny inputs made here (no download, no browser): the
browser wheel's metadata, the lock pruning, the check for other hosts, the input hash, the
clear failures when Python 3.12 or npm is missing, and the local server's MIME types."""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

from runwell.errors import CourseError
from runwell.lite import build, offline, toolchain, wheel
from runwell.lite.serve import serve

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
KERNEL = "@jupyterlite/pyodide-kernel-extension:kernel"


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in toolchain.package_file(name).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            spec, version = line.split("==")
            pins[wheel.requirement_name(spec)] = version
    return pins


# ---------------------------------------------------------------- the browser wheel


def _runtime_dependencies() -> list[str]:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return list(data["project"]["dependencies"])


def test_every_runtime_dependency_is_a_decision() -> None:
    names = {wheel.requirement_name(s) for s in _runtime_dependencies()}
    assert names == set(wheel.LITE_DEPENDENCIES) | set(wheel.NOT_IN_BROWSER)
    assert not set(wheel.LITE_DEPENDENCIES) & set(wheel.NOT_IN_BROWSER)


def test_browser_dependencies_are_pinned_pure_wheels_matching_the_front_end() -> None:
    lock_pins = _pins(toolchain.PYODIDE_REQUIREMENTS)
    assert set(wheel.LITE_DEPENDENCIES) <= set(lock_pins)
    assert {"micropip", "ipython", "jedi", "comm"} <= set(lock_pins)  # the kernel's own
    assert not {"pexpect", "ptyprocess", "pyyaml", "jsonschema"} & set(lock_pins)
    tool_pins = _pins(toolchain.BUILD_REQUIREMENTS)
    for front_end in ("jupyterlab-widgets", "anywidget"):  # JS in the site, Python in the lock
        assert tool_pins[front_end] == lock_pins[front_end], front_end


@pytest.mark.parametrize(
    ("spec", "name"),
    [
        ("markdown-it-py>=3.0", "markdown-it-py"),
        ("Markdown_It.py >= 3", "markdown-it-py"),
        ("PyYAML>=6.0", "pyyaml"),
        ('tomli>=2.0; python_version < "3.11"', "tomli"),
    ],
)
def test_requirement_name(spec: str, name: str) -> None:
    assert wheel.requirement_name(spec) == name


def _record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _fake_wheel(tmp_path: Path, requires: list[str]) -> Path:
    path = tmp_path / "runwell-0.1.0-py3-none-any.whl"
    meta = "\n".join(
        [
            "Metadata-Version: 2.4",
            "Name: runwell",
            "Version: 0.1.0",
            "Requires-Python: >=3.10",
            *[f"Requires-Dist: {r}" for r in requires],
            "Provides-Extra: test",
            'Requires-Dist: pytest>=8.0; extra == "test"',
            "",
            "The long description, which stays.",
        ]
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("runwell/__init__.py", "x = 1\n")
        z.writestr("runwell-0.1.0.dist-info/METADATA", meta)
        z.writestr("runwell-0.1.0.dist-info/RECORD", "stale\n")
    return path


def test_lite_wheel_keeps_only_browser_dependencies_and_a_true_record(tmp_path: Path) -> None:
    whl = _fake_wheel(tmp_path, _runtime_dependencies())
    wheel.lite_wheel(whl)
    with zipfile.ZipFile(whl) as z:
        meta = z.read("runwell-0.1.0.dist-info/METADATA").decode()
        files = {n: z.read(n) for n in z.namelist()}
    requires = [
        line.split(":", 1)[1].strip() for line in meta.splitlines() if "Requires-Dist" in line
    ]
    assert [wheel.requirement_name(r) for r in requires] == list(wheel.LITE_DEPENDENCIES)
    assert "Provides-Extra" not in meta
    assert meta.endswith("The long description, which stays.")
    assert files["runwell/__init__.py"] == b"x = 1\n"
    record = files["runwell-0.1.0.dist-info/RECORD"].decode().splitlines()
    for line in record:
        name, digest, size = line.split(",")
        if name.endswith("RECORD"):
            assert (digest, size) == ("", "")
        else:
            assert digest == _record_hash(files[name]) and int(size) == len(files[name])


def test_lite_wheel_carries_the_prebuilt_course(tmp_path: Path) -> None:
    course = b'{"banks": {}}'
    whl = _fake_wheel(tmp_path, _runtime_dependencies())
    wheel.lite_wheel(whl, {wheel.COURSE_JSON: course})
    with zipfile.ZipFile(whl) as z:
        names = z.namelist()
        assert z.read(wheel.COURSE_JSON) == course
        record = z.read("runwell-0.1.0.dist-info/RECORD").decode()
    assert names.index(wheel.COURSE_JSON) < names.index("runwell-0.1.0.dist-info/METADATA")
    assert f"{wheel.COURSE_JSON},{_record_hash(course)},{len(course)}" in record.splitlines()


def test_the_prebuilt_course_is_the_validated_bundle_of_each_edition() -> None:
    from runwell import course

    bundles = build.course_bundles(REPO)
    assert wheel.COURSE_JSON in bundles
    en = json.loads(bundles[wheel.COURSE_JSON])
    assert en == json.loads(json.dumps(course.bundle(REPO, "en")))
    assert course.from_bundle(en, "en").banks == course.load(REPO).banks
    for path in bundles:
        lang = path.removeprefix("runwell/data/course-bundle-").removesuffix(".json")
        assert path == wheel.bundle_path(lang)


def test_a_course_with_a_problem_stops_the_build(tmp_path: Path) -> None:
    import shutil

    from runwell.errors import CourseError

    root = tmp_path / "course"
    shutil.copytree(REPO / "notebooks" / "quizzes", root / "notebooks" / "quizzes")
    (root / "notebooks" / "quizzes" / "01_warm_up.yaml").write_text("lesson: [\n")
    with pytest.raises(CourseError, match=r"01_warm_up\.yaml: -: invalid YAML"):
        build.course_bundles(root)


def test_lite_wheel_refuses_an_undecided_dependency(tmp_path: Path) -> None:
    whl = _fake_wheel(tmp_path, [*_runtime_dependencies(), "numpy>=2"])
    with pytest.raises(CourseError, match=r"\['numpy'\].*LITE_DEPENDENCIES.*NOT_IN_BROWSER"):
        wheel.lite_wheel(whl)


# ---------------------------------------------------------------- lock and other hosts


def _lock(packages: dict[str, tuple[str, list[str]]]) -> dict[str, object]:
    return {
        "info": {"python": "3.14.2"},
        "packages": {
            name: {"name": name, "file_name": file_name, "depends": depends}
            for name, (file_name, depends) in packages.items()
        },
    }


CDN = "https://cdn.jsdelivr.net/pyodide/v314.0.6/full"


def test_prune_lock_drops_remote_entries(tmp_path: Path) -> None:
    path = tmp_path / "pyodide-lock.json"
    path.write_text(
        json.dumps(
            _lock(
                {
                    "runwell": ("runwell-0.1.0-py3-none-any.whl", ["ipywidgets"]),
                    "ipywidgets": ("ipywidgets-8.1.9-py3-none-any.whl", []),
                    "numpy": (f"{CDN}/numpy.whl", []),
                }
            )
        )
    )
    assert offline.prune_lock(path) == ["numpy"]
    assert sorted(json.loads(path.read_text())["packages"]) == ["ipywidgets", "runwell"]


def test_prune_lock_refuses_a_local_entry_that_needs_a_remote_one(tmp_path: Path) -> None:
    path = tmp_path / "pyodide-lock.json"
    path.write_text(
        json.dumps(_lock({"runwell": ("r.whl", ["numpy"]), "numpy": (f"{CDN}/n.whl", [])}))
    )
    with pytest.raises(CourseError, match="runwell"):
        offline.prune_lock(path)


def _site(tmp_path: Path) -> Path:
    """A tiny site shaped like the built one, with nothing remote."""
    site = tmp_path / "site"
    lock_dir = site / "static" / "pyodide-lock"
    lock_dir.mkdir(parents=True)
    (lock_dir / "runwell-0.1.0-py3-none-any.whl").write_bytes(b"wheel")
    lock = _lock({"runwell": ("../../static/pyodide-lock/runwell-0.1.0-py3-none-any.whl", [])})
    (lock_dir / "pyodide-lock.json").write_text(json.dumps(lock))
    config = {
        "jupyter-config-data": {
            "litePluginSettings": {
                KERNEL: {
                    "disablePyPIFallback": True,
                    "pyodideUrl": "./static/pyodide/pyodide.mjs",
                    "loadPyodideOptions": {
                        "lockFileURL": "./static/pyodide-lock/pyodide-lock.json"
                    },
                }
            }
        }
    }
    (site / "jupyter-lite.json").write_text(json.dumps(config))
    (site / "files").mkdir()
    (site / "files" / "fig.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (site / "build").mkdir()
    (site / "build" / "app.js").write_text('const docs = "https://jupyterlab.readthedocs.io/";')
    return site


def test_a_clean_site_has_no_references_to_other_hosts(tmp_path: Path) -> None:
    assert offline.remote_references(_site(tmp_path)) == []


def test_a_remote_url_in_the_configuration_is_found(tmp_path: Path) -> None:
    site = _site(tmp_path)
    config = json.loads((site / "jupyter-lite.json").read_text())
    config["jupyter-config-data"]["litePluginSettings"][KERNEL]["pyodideUrl"] = f"{CDN}/p.mjs"
    (site / "jupyter-lite.json").write_text(json.dumps(config))
    found = [str(r) for r in offline.remote_references(site)]
    assert any("pyodideUrl is not local" in f for f in found)
    assert any(
        f.startswith("jupyter-lite.json: remote URL https://cdn.jsdelivr.net") for f in found
    )


def test_pypi_fallback_left_on_is_found(tmp_path: Path) -> None:
    site = _site(tmp_path)
    config = json.loads((site / "jupyter-lite.json").read_text())
    del config["jupyter-config-data"]["litePluginSettings"][KERNEL]["disablePyPIFallback"]
    (site / "jupyter-lite.json").write_text(json.dumps(config))
    assert [r.path for r in offline.remote_references(site)] == ["jupyter-lite.json"]


def test_remote_and_missing_lock_entries_are_found(tmp_path: Path) -> None:
    site = _site(tmp_path)
    lock_path = site / "static" / "pyodide-lock" / "pyodide-lock.json"
    lock = _lock({"numpy": (f"{CDN}/numpy.whl", []), "gone": ("gone-1-py3-none-any.whl", [])})
    lock_path.write_text(json.dumps(lock))
    found = [r.what for r in offline.remote_references(site)]
    assert f"numpy: remote package {CDN}/numpy.whl" in found
    assert "gone: missing local file gone-1-py3-none-any.whl" in found


def test_a_package_host_in_code_is_found_unless_a_known_overridden_default(
    tmp_path: Path,
) -> None:
    site = _site(tmp_path)
    (site / "build" / "app.js").write_text('import("https://unpkg.com/some-widget@1/index.js")')
    kernel_js = site / "extensions/@jupyterlite/pyodide-kernel-extension/static/716.abc.js"
    kernel_js.parent.mkdir(parents=True)
    kernel_js.write_text(f'const url = a.pyodideUrl || "{CDN}/pyodide.mjs";')
    found = offline.remote_references(site)
    assert [(r.path, r.what.split(":")[0]) for r in found] == [
        ("build/app.js", "names the package host unpkg.com")
    ]


@pytest.mark.parametrize("fetching", [
    "![x](https://example.org/x.png)",
    '<img alt="x" src="https://example.org/x.png">',
    "<script src='//example.org/a.js'></script>",
    '<link rel=stylesheet href="https://example.org/a.css">',
    "background: url(https://example.org/a.png)",
])
def test_what_a_course_page_would_fetch_from_another_host_is_found(
    tmp_path: Path, fetching: str
) -> None:
    site = _site(tmp_path)
    (site / "files" / "lesson.ipynb").write_text(json.dumps({"source": fetching}))
    assert [r.path for r in offline.remote_references(site)] == ["files/lesson.ipynb"]


def test_a_reference_a_learner_may_follow_is_not_a_request(tmp_path: Path) -> None:
    site = _site(tmp_path)
    cited = ("- NHS, *Back pain* (https://www.nhs.uk/conditions/back-pain/), "
             "[Mayo Clinic](https://www.mayoclinic.org/x) "
             '<a href="https://www.nhs.uk/x">NHS</a>')
    (site / "files" / "lesson.ipynb").write_text(json.dumps({"source": cited}))
    assert offline.remote_references(site) == []


# ---------------------------------------------------------------- input hash, tools


def _course(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    for rel in ("src/runwell/__init__.py", "notebooks/01_a.ipynb", "exercises/01_b.ipynb"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text("{}")
    (repo / "pyproject.toml").write_text("[project]\n")
    return repo


def test_input_hash_follows_the_content_not_caches(tmp_path: Path) -> None:
    repo = _course(tmp_path)
    first = build.input_hash(repo)
    (repo / "notebooks" / ".ipynb_checkpoints").mkdir()
    (repo / "notebooks" / ".ipynb_checkpoints" / "01_a-checkpoint.ipynb").write_text("{...}")
    (repo / "src" / "runwell" / "__pycache__").mkdir()
    (repo / "src" / "runwell" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert build.input_hash(repo) == first
    (repo / "notebooks" / "01_a.ipynb").write_text('{"changed": true}')
    assert build.input_hash(repo) != first


def test_no_python_312_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(toolchain.PYTHON_ENV, raising=False)
    monkeypatch.setattr(toolchain, "_version", lambda python: (3, 11))
    with pytest.raises(toolchain.MissingTool) as info:
        toolchain.find_python()
    assert str(info.value).startswith("make lite needs Python >= 3.12")
    assert "\n" not in str(info.value)


def test_a_too_old_python_named_by_the_environment_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(toolchain.PYTHON_ENV, sys.executable)
    monkeypatch.setattr(toolchain, "_version", lambda python: (3, 10))
    with pytest.raises(toolchain.MissingTool, match=r"is not a Python >= 3\.12"):
        toolchain.find_python()


def test_no_npm_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(toolchain.shutil, "which", lambda name: None)
    with pytest.raises(
        toolchain.MissingTool, match=r"^make lite needs npm .*\(apt-get install npm\)$"
    ):
        toolchain.fetch_pyodide(tmp_path)


def test_make_test_goes_on_without_the_tools(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing(*args: object, **kwargs: object) -> None:
        raise toolchain.MissingTool("make lite needs npm to fetch the Pyodide runtime")

    monkeypatch.setattr(build, "build_site", missing)
    assert build.main(["--skip-without-tools"]) == 0
    assert "the zero-install (lite) tests will be skipped" in capsys.readouterr().out
    assert build.main([]) == 1
    assert capsys.readouterr().err.strip() == (
        "lite: error: make lite needs npm to fetch the Pyodide runtime"
    )


def test_a_cached_pyodide_needs_no_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached = tmp_path / "npm" / f"pyodide-{toolchain.PYODIDE_VERSION}.tgz"
    cached.parent.mkdir()
    cached.write_bytes(b"tarball")
    monkeypatch.setattr(toolchain.shutil, "which", lambda name: None)
    assert toolchain.fetch_pyodide(tmp_path) == cached


@pytest.mark.parametrize(
    ("name", "pure"),
    [
        ("ipywidgets-8.1.9-py3-none-any.whl", True),
        ("jedi-0.20.1-py2.py3-none-any.whl", True),
        ("PyYAML-6.0.2-cp312-cp312-manylinux_2_17_x86_64.whl", False),
        ("psygnal-0.16.1-cp312-cp312-macosx_11_0_arm64.whl", False),
    ],
)
def test_pure_wheels(name: str, pure: bool) -> None:
    assert toolchain.is_pure_wheel(Path(name)) is pure


def test_the_local_server_sends_the_types_pyodide_needs(tmp_path: Path) -> None:
    (tmp_path / "pyodide.asm.wasm").write_bytes(b"\0asm")
    (tmp_path / "pyodide.mjs").write_text("export {};")
    with serve(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:")
        for name, mime in (
            ("pyodide.asm.wasm", "application/wasm"),
            ("pyodide.mjs", "text/javascript"),
        ):
            with urllib.request.urlopen(base + name, timeout=10) as response:
                assert response.headers["Content-Type"] == mime
