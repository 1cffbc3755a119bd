"""What the learners' notebooks import must exist in the browser (the zero-install site's Pyodide).

The learner path is every runwell module reachable from the imports in the lessons' and exercises'
code cells, following each module's imports, the ones inside functions too (found by reading the
source, nothing is run). Every third-party module on it must be one the site's Pyodide lock holds
(:data:`BROWSER_MODULES`): PyYAML, Jinja2/MarkupSafe, jsonschema and nbformat are not (see
``src/runwell/lite/wheel.py``, ``NOT_IN_BROWSER``).
"""

from __future__ import annotations

import ast
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
#: Third-party import names the site's Pyodide lock provides (pyodide-requirements.txt, and the
#: kernel's own); ``js`` and ``pyodide`` are Pyodide's built-in modules. filelock is in the lock
#: but not here: in Pyodide it warns on import ("only soft file lock is available", on stderr in
#: the learner's cell) and its soft lock leaves a stale marker in /drive that makes the next
#: session time out.
BROWSER_MODULES = frozenset(
    {
        "anywidget", "comm", "IPython", "ipywidgets", "markdown_it", "mdurl",
        "platformdirs", "psygnal", "pygments", "traitlets", "typing_extensions", "js", "pyodide",
    }
)  # fmt: skip
#: Imports on the learner path that the browser never runs, each with the reason. The browser
#: test of lesson 03 (tests/test_lite.py) proves the reasons hold at run time.
NOT_RUN_IN_BROWSER = {
    ("runwell.course.yamlio", "yaml"): "the browser reads the course from the bundle the site "
    "ships (runwell/data/course-bundle-<lang>.json), validated at build time",
    ("runwell.course.schema", "jsonschema"): "validation runs when the site is built, not in the "
    "browser (see the bundle above)",
    ("runwell.progress.store", "filelock"): "not imported when sys.platform is emscripten: one "
    "kernel per browser tab, nothing to lock against",
    ("runwell.course.notebooks", "nbformat"): "only in read_notebook_node, for the command-line "
    "tools that rewrite notebooks (runwell execute, runwell student), never in a lesson",
    ("runwell.i18n", "babel"): "only to compile a catalogue whose .mo is missing or stale; the "
    "browser wheel carries every compiled .mo (runwell.lite.build.catalogues)",
}
NOTEBOOKS = sorted(
    p
    for folder in ("notebooks", "exercises")
    for p in (REPO / folder).rglob("[0-9][0-9]_*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


@dataclass(frozen=True)
class Import:
    """One import statement: who imports what, where, and whether inside a function."""

    module: str  # the importing runwell module
    target: str  # the imported module (absolute)
    line: int
    lazy: bool

    def where(self) -> str:
        path = module_file(self.module).relative_to(REPO).as_posix()
        return f"{path}:{self.line}" + (" (inside a function)" if self.lazy else "")


def module_file(name: str) -> Path:
    base = SRC.joinpath(*name.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _imports(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, int, bool]]:
    """(target module, line, inside a function) for each import in *tree*; ``from X import y``
    yields ``X.y`` when that is a runwell module, else ``X``. TYPE_CHECKING blocks are skipped."""
    found: list[tuple[str, int, bool]] = []
    package = module if is_package else module.rpartition(".")[0]

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for sub in child.orelse:
                    visit(sub, lazy)
                continue
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, lazy) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - child.level + 1])
                    source = f"{base}.{child.module}" if child.module else base
                else:
                    source = child.module or ""
                for alias in child.names:
                    sub = f"{source}.{alias.name}"
                    if sub.startswith("runwell") and module_file(sub).exists():
                        found.append((sub, child.lineno, lazy))
                    else:
                        found.append((source, child.lineno, lazy))
            visit(child, inner)

    visit(tree, False)
    return list(dict.fromkeys(found))  # ``from x import a, b`` is one import of x


def _parents(name: str) -> list[str]:
    """Importing ``a.b.c`` runs ``a/__init__``, ``a.b/__init__`` and then ``a.b.c``."""
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def notebook_entries() -> dict[str, str]:
    """runwell modules the notebooks import: {module: "notebook path"}."""
    entries: dict[str, str] = {}
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for target, _line, _lazy in _imports(tree, "__main__", False):
                if target.split(".")[0] == "runwell":
                    entries.setdefault(target, path.relative_to(REPO).as_posix())
    return entries


def learner_path() -> tuple[dict[str, list[str]], list[tuple[Import, list[str]]]]:
    """Walk the imports from the notebooks' entries. Returns ({runwell module: chain from a
    notebook}, [(an import of a module not in the browser, its chain)])."""
    chains: dict[str, list[str]] = {}
    queue: deque[str] = deque()
    for entry, notebook in sorted(notebook_entries().items()):
        for name in _parents(entry):
            if name not in chains:
                chains[name] = [notebook, name]
                queue.append(name)
    blocked: list[tuple[Import, list[str]]] = []
    stdlib = sys.stdlib_module_names
    while queue:
        module = queue.popleft()
        path = module_file(module)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target, line, lazy in _imports(tree, module, path.name == "__init__.py"):
            top = target.split(".")[0]
            if top == "runwell":
                for name in _parents(target):
                    if name not in chains and module_file(name).exists():
                        chains[name] = [*chains[module], name]
                        queue.append(name)
            elif top not in stdlib and top not in BROWSER_MODULES and top != "__future__":
                if lazy and (module, top) in NOT_RUN_IN_BROWSER:
                    continue
                blocked.append((Import(module, target, line, lazy), chains[module]))
    return chains, blocked


def test_the_walk_finds_the_notebooks_entries() -> None:
    entries = notebook_entries()
    assert {"runwell.quiz", "runwell.shoefit", "runwell.exercises"} <= set(entries)
    chains, _ = learner_path()
    assert "runwell.quiz.widget" in chains  # quiz.show imports the widget inside a function


def test_learner_path_imports_only_what_the_browser_has() -> None:
    _, blocked = learner_path()
    lines = [
        f"{imp.where()}: import {imp.target}   [{' -> '.join(chain)}]" for imp, chain in blocked
    ]
    assert not blocked, "not in the browser (Pyodide):\n" + "\n".join(lines)


if __name__ == "__main__":  # print the list: python tests/test_lite_learner_path.py
    _chains, _blocked = learner_path()
    for _imp, _chain in _blocked:
        print(f"{_imp.where()}: import {_imp.target}   [{' -> '.join(_chain)}]")
