"""Interface text in the learner's language: gettext message catalogues, maintained with Babel.

Every string a view shows (the live quiz, the calculator, the handouts' pages, the exercise
checks…) is written in English in the code or a Jinja template and looked up in the catalogue of
the language the caller asked for: ``translator("es").gettext("Check")`` gives ``"Comprobar"``.
There is no process-wide locale: each call names its language, so an English and a Spanish quiz
can sit in one kernel.

Catalogues are data, and so are the languages: ``src/runwell/locale/<lang>/LC_MESSAGES/
runwell.po`` (committed) makes *lang* a language of the course (:func:`languages`), with no
code. The workflow is Babel's, in the order a translator meets it (see CONTRIBUTING.md):
``make i18n-extract`` (``pybabel extract`` with ``babel.cfg``, into ``build/i18n/runwell.pot``),
``make i18n-update`` (``pybabel update`` of every ``.po``) and ``make i18n-compile``
(``runwell catalogues``, :func:`compile_catalogues`: the ``.mo`` files, never committed).

Loading (:func:`translations`): English needs no catalogue (the messages are English) and never
imports Babel. Another language reads its compiled ``runwell.mo``, which ``make venv``,
Binder's ``postBuild`` and the zero-install site's wheel build write. When the ``.mo`` is missing
or older than its ``.po`` (a fresh clone before set-up, a pulled translation), the ``.po`` is
compiled in memory with Babel for this process; nothing is written into the package at run time.
Without Babel (the browser) a stale ``.mo`` is still used, and no ``.mo`` at all means English
with a one-line warning.
"""

from __future__ import annotations

import gettext as _gettext
import io
import os
import re
import sys
from functools import cache
from importlib import resources
from pathlib import Path

from runwell.errors import CourseError

__all__ = [
    "DEFAULT",
    "DOMAIN",
    "N_",
    "catalogue_paths",
    "check_language",
    "compile_catalogues",
    "compile_po",
    "course_title",
    "decimal",
    "discover",
    "languages",
    "locale_dir",
    "notice",
    "translations",
    "translator",
]

DOMAIN = "runwell"
DEFAULT = "en"  # the language the messages are written in


def N_(message: str) -> str:  # gettext's name for "mark for extraction only"
    """Mark *message* for the catalogue without translating it here (module constants); the
    code that shows it translates it with the caller's language."""
    return message


def locale_dir() -> Path:
    """``runwell/locale``: one folder per language, ``<lang>/LC_MESSAGES/runwell.po``."""
    return Path(str(resources.files("runwell") / "locale"))


def catalogue_paths(lang: str, base: Path | None = None) -> tuple[Path, Path]:
    """(``.po``, ``.mo``) of *lang* (which may not exist)."""
    folder = (base or locale_dir()) / lang / "LC_MESSAGES"
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


@cache
def languages() -> tuple[str, ...]:
    """The course's languages: English, then every language with a catalogue, in code order.
    A new language is a new catalogue, nothing else."""
    return discover(locale_dir())


def discover(base: Path) -> tuple[str, ...]:
    """English, then the languages that have a catalogue (``.po`` or ``.mo``) under *base*."""
    found: list[str] = []
    try:
        entries = sorted(os.scandir(base), key=lambda e: e.name)
    except OSError:
        entries = []
    for entry in entries:
        if entry.name == DEFAULT or not entry.is_dir() or entry.name.startswith((".", "_")):
            continue
        po, mo = catalogue_paths(entry.name, base)
        if po.is_file() or mo.is_file():
            found.append(entry.name)
    return (DEFAULT, *found)


def check_language(lang: object) -> str:
    """*lang* if it is one of :func:`languages`; CourseError (one line) otherwise."""
    known = languages()
    if not isinstance(lang, str) or lang not in known:
        raise CourseError(f"language {lang!r} is not one of {', '.join(known)} (a language is "
                          "a catalogue in src/runwell/locale/)")
    return lang


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def compile_po(po: Path) -> bytes:
    """The ``.mo`` bytes of *po* (Babel; fuzzy and untranslated entries are left out, as
    ``pybabel compile`` does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po, "rb") as fh:
        catalog = read_po(fh, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _warn(text: str) -> None:
    print(f"runwell: {text}", file=sys.stderr)


@cache
def translations(lang: str = DEFAULT) -> _gettext.NullTranslations:
    """The catalogue of *lang*, read once per process (see the module's docstring)."""
    if lang == DEFAULT:
        return _gettext.NullTranslations()
    check_language(lang)
    po, mo = catalogue_paths(lang)
    po_time, mo_time = _mtime(po), _mtime(mo)
    fresh = mo_time is not None and (po_time is None or mo_time >= po_time)
    if not fresh and po_time is not None:
        try:
            data = compile_po(po)
        except ImportError:
            pass  # no Babel here (the browser): a stale .mo beats none
        else:
            return _gettext.GNUTranslations(io.BytesIO(data))
    if mo_time is not None:
        with open(mo, "rb") as fh:
            return _gettext.GNUTranslations(fh)
    _warn(f"no compiled catalogue for {lang!r} and no Babel to compile it; showing English "
          "(run make venv, or pip install babel)")
    return _gettext.NullTranslations()


def translator(lang: str | None = None) -> _gettext.NullTranslations:
    """The catalogue to look messages up in: ``_ = translator(lang).gettext``. None is
    English."""
    return translations(lang or DEFAULT)


#: The educational-not-medical notice (``runwell.NOTICE`` is the English text).
NOTICE = N_(
    "Educational material, not medical advice. It does not diagnose or treat any condition; "
    "for pain that lingers, worsens or affects daily life, see a qualified doctor."
)


#: The course's title (``runwell.COURSE_TITLE`` is the English one). The article's title is a
#: citation and is never translated.
COURSE_TITLE = N_("Running Without Back Pain")


_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")


def decimal(text: str, lang: str | None = None) -> str:
    """*text* with the decimal points of its numbers written as *lang* writes them (Spanish
    ``26,5``): for numbers the course formats, never for what a learner typed."""
    mark = translator(lang).pgettext("decimal separator", ".")
    return text if mark == "." else _DECIMAL_POINT.sub(mark, text)


def notice(lang: str | None = None) -> str:
    """The notice in *lang*."""
    return translator(lang).gettext(NOTICE)


def course_title(lang: str | None = None) -> str:
    """The course's title in *lang*."""
    return translator(lang).gettext(COURSE_TITLE)


# ------------------------------------------------------------------------------ compiling


def compile_catalogues(base: Path | None = None, *, log: bool = False) -> list[Path]:
    """Write ``runwell.mo`` beside every ``runwell.po`` under *base* (default: the package's
    ``locale`` folder) whose ``.mo`` is missing or older; returns the files written."""
    from runwell.fileio import atomic_write_bytes

    written: list[Path] = []
    root = base or locale_dir()
    for po in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        po_time, mo_time = _mtime(po), _mtime(mo)
        if mo_time is not None and po_time is not None and mo_time >= po_time:
            continue
        atomic_write_bytes(mo, compile_po(po))
        written.append(mo)
        if log:
            print(f"compiled {mo}")
    return written


def command(args: object) -> int:
    """``runwell catalogues``: compile the catalogues (make venv, postBuild, translators)."""
    written = compile_catalogues(log=True)
    if not written:
        print("catalogues up to date")
    return 0
