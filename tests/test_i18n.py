"""Interface text from message catalogues (gettext PO files, Babel): complete, compiled, and
looked up per call in the caller's language; languages are the catalogues present.

The completeness test extracts the messages from the code and templates again (``babel.cfg``,
into a temporary folder) and compares them with every language's catalogue: a message the
catalogue lacks, an empty or fuzzy translation, or a translation that drops a placeholder
fails.
"""

from __future__ import annotations

import ast
import gettext
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import runwell
from runwell import i18n

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
LOCALE = SRC / "runwell" / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/runwell.po"))
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)s")


def pybabel() -> list[str]:
    return [sys.executable, "-m", "babel.messages.frontend"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> object:
    """The messages in the code and templates now, extracted as `make i18n-extract` does."""
    out = tmp_path_factory.mktemp("i18n") / "runwell.pot"
    done = subprocess.run(
        [*pybabel(), "extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_", "-o", str(out),
         "--no-location", str(SRC)],
        capture_output=True, text=True, timeout=300, cwd=ROOT, check=False,
    )
    assert done.returncode == 0, done.stderr
    with open(out, "rb") as fh:
        return read_po(fh)


def _key(message: object) -> tuple[object, object]:
    return (getattr(message, "context", None), getattr(message, "id", None))


def test_there_is_a_spanish_catalogue_and_languages_come_from_the_catalogues() -> None:
    assert [p.parent.parent.name for p in CATALOGUES] == ["es"]
    assert i18n.languages() == ("en", "es")


def test_a_new_language_is_a_new_catalogue(tmp_path: Path) -> None:
    for lang in ("fr", "pt"):
        folder = tmp_path / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(CATALOGUES[0], folder / "runwell.po")
    (tmp_path / "de").mkdir()  # no catalogue: not a language
    assert i18n.discover(tmp_path) == ("en", "fr", "pt")


def test_the_extraction_finds_the_interface(template: object) -> None:
    ids = {m.id for m in template if m.id}  # type: ignore[attr-defined]
    for message in ("Check", "Try again", "Correct.", "Not quite.", "True", "False",
                    i18n.NOTICE, "Contents", "Answer key", "Forget my answers…",
                    "Shoe-fit calculator.", "Beyond the article"):
        assert message in ids, message
    assert ("decimal separator", ".") in {_key(m) for m in template}  # type: ignore[attr-defined]


def catalogue_problems(template: object, catalogue: object) -> list[str]:
    """What *catalogue* lacks against the extracted *template*: missing, empty or fuzzy
    translations, and translations whose placeholders differ from the English message's."""
    problems = []
    for message in template:  # type: ignore[attr-defined]
        if not message.id:
            continue
        found = catalogue.get(message.id, message.context)  # type: ignore[attr-defined]
        if found is None:
            problems.append(f"missing: {message.id!r}")
            continue
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        if found.fuzzy or not all(s.strip() for s in strings):
            problems.append(f"{'fuzzy' if found.fuzzy else 'untranslated'}: {message.id!r}")
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(PLACEHOLDER.findall(" ".join(english)))
        for text in strings:
            if set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"placeholders differ: {message.id!r} -> {text!r}")
    return problems


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_every_catalogue_translates_every_message(po: Path, template: object) -> None:
    with open(po, "rb") as fh:
        problems = catalogue_problems(template, read_po(fh))
    assert not problems, f"{po.relative_to(ROOT)} (run `make i18n-update` and translate):\n" + (
        "\n".join(problems))


def test_a_missing_empty_fuzzy_or_misplaced_translation_fails(template: object) -> None:
    with open(CATALOGUES[0], "rb") as fh:
        catalogue = read_po(fh)
    catalogue.delete("Check")
    catalogue.get("Try again").string = ""
    catalogue.get("Hint").flags.add("fuzzy")
    catalogue.get("Quiz: {title}").string = "Cuestionario"
    problems = catalogue_problems(template, catalogue)
    assert "missing: 'Check'" in problems
    assert "untranslated: 'Try again'" in problems
    assert "fuzzy: 'Hint'" in problems
    assert any(p.startswith("placeholders differ: 'Quiz: {title}'") for p in problems)


def test_no_message_hides_in_an_f_string() -> None:
    """pybabel cannot see a message inside an f-string, so it would never be translated."""
    hidden = []
    for path in (SRC / "runwell").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if not isinstance(call, ast.Call):
                    continue
                func = call.func
                name = getattr(func, "id", None) or getattr(func, "attr", None)
                if name in {"_", "gettext", "ngettext", "pgettext", "N_"} and call.args and \
                        isinstance(call.args[0], ast.Constant):
                    hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}: {call.args[0].value!r}")
    assert not hidden, "\n".join(hidden)


def test_translations_are_per_call_not_per_process() -> None:
    es, en = i18n.translator("es"), i18n.translator("en")
    assert es.gettext("Check") == "Comprobar"
    assert en.gettext("Check") == "Check"
    assert i18n.translator(None).gettext("Check") == "Check"
    assert es.ngettext("{n} of your ticks is not right.", "{n} of your ticks are not right.",
                       2) == "{n} de sus marcas no son correctas."
    assert i18n.notice("es").startswith("Material educativo, no consejo médico.")
    assert i18n.notice() == runwell.NOTICE
    assert i18n.course_title("es") == "Correr sin dolor de espalda"
    assert i18n.decimal("26.5 cm (10.43 in); ISO 9407", "es") == "26,5 cm (10,43 in); ISO 9407"
    assert i18n.decimal("26.5", "en") == "26.5"


def test_an_unknown_language_is_one_line() -> None:
    with pytest.raises(runwell.CourseError, match="'fr' is not one of en, es"):
        i18n.check_language("fr")


def test_the_english_path_never_imports_babel_and_spanish_needs_it_only_to_compile() -> None:
    code = (
        "import sys\n"
        "from runwell import quiz, shoefit, health\n"
        "quiz.show('03_supportive_shoes'); shoefit.calculator(); health.red_flags()\n"
        "assert 'babel' not in sys.modules, 'English imported Babel'\n"
        "quiz.show('03_supportive_shoes', lang='es'); shoefit.calculator(lang='es')\n"
        "print('babel' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    # make venv compiled the catalogue: Spanish reads the .mo, without Babel
    mo = LOCALE / "es" / "LC_MESSAGES" / "runwell.mo"
    fresh = mo.is_file() and mo.stat().st_mtime >= CATALOGUES[0].stat().st_mtime
    assert done.stdout.strip() == ("False" if fresh else "True")


@pytest.fixture
def scratch_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The package's catalogues copied to a scratch folder, read from there (caches cleared)."""
    shutil.copytree(LOCALE, tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(i18n, "locale_dir", lambda: tmp_path / "locale")
    i18n.translations.cache_clear()
    yield tmp_path / "locale"
    i18n.translations.cache_clear()


def test_a_missing_mo_is_compiled_in_memory_and_nothing_is_written(scratch_locale: Path) -> None:
    assert i18n.translator("es").gettext("Try again") == "Intentar de nuevo"
    assert not list(scratch_locale.rglob("*.mo")), "the package folder is never written at run time"


def test_a_stale_mo_gives_way_to_its_newer_po(scratch_locale: Path) -> None:
    po, mo = i18n.catalogue_paths("es", scratch_locale)
    i18n.compile_catalogues(scratch_locale)
    assert mo.is_file()
    text = po.read_text(encoding="utf-8").replace('msgstr "Comprobar"', 'msgstr "Revisar"')
    po.write_text(text, encoding="utf-8")
    import os
    os.utime(mo, (1, 1))  # older than the edited .po
    i18n.translations.cache_clear()
    assert i18n.translator("es").gettext("Check") == "Revisar"


def test_compiled_catalogue_is_what_gettext_reads(tmp_path: Path) -> None:
    data = i18n.compile_po(CATALOGUES[0])
    t = gettext.GNUTranslations(io.BytesIO(data))
    assert t.gettext("Not quite.") == "No del todo."
    assert t.pgettext("decimal separator", ".") == ","


def test_make_has_the_translators_workflow() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("i18n-extract:", "i18n-update:", "i18n-compile:", "i18n-init:"):
        assert target in makefile
    assert "runwell catalogues" in makefile  # make venv compiles the catalogues
    assert "runwell catalogues" in (ROOT / "postBuild").read_text(encoding="utf-8")
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8")
    assert "*.mo" in ignored.split()
    tracked = subprocess.run(["git", "ls-files", "*.mo"], capture_output=True, text=True,
                             cwd=ROOT, check=False)
    assert tracked.stdout.strip() == "", "compiled catalogues are never committed"
