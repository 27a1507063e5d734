"""The language of an export's labels: gettext message catalogues, one file per language.

The words an export adds around the study's own text ("Excerpt matrix", "Overview",
"3 excerpts", "Page 2 of 9", "line 14") are written in English in the code and looked up
in `qcode/locale/LANG/LC_MESSAGES/qcode.mo`, compiled from the `.po` beside it (Babel's
`pybabel extract/update/compile`, see the README). A further language is one more `.po`
and `.mo`: `languages()` lists what is on disk, nothing here names them.

No global state: `translator(lang)` returns a `Labels` object that the caller passes to
the writers, so two exports in two languages can run in one process (the workbench's
threads, a test). English is the source language and needs no catalogue.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from qcode.core.errors import QcodeError
from qcode.core.project.store import Project

DOMAIN = "qcode"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
SOURCE_LANGUAGE = "en"
# What people type for a language, as gettext's folder name.
_ALIASES = {"no": "nb", "nob": "nb", "nno": "nn", "eng": "en"}
# The environment variables that name the language of messages, strongest first (POSIX).
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

# What a writer holds: `gettext(message)` and `ngettext(singular, plural, n)`.
Labels = gettext.NullTranslations
ENGLISH: Labels = gettext.NullTranslations()


def N_(message: str) -> str:  # noqa: N802  # the name gettext's tools look for
    """Marks a message for the catalogue where it is defined (a table of headings); it is
    translated where it is written, with `labels.gettext(message)`."""
    return message


def grouped(number: int, labels: Labels = ENGLISH) -> str:
    """`number` with its thousands grouped as the language writes them: `1,370` in English,
    `1 370` (a no-break space) in Norwegian, where `1,370` reads as one and a bit. The
    separator is a message of the catalogue, so a new language brings its own."""
    return f"{number:,}".replace(",", labels.pgettext("thousands separator", ","))


def languages() -> tuple[str, ...]:
    """English and every language with a compiled catalogue in `qcode/locale`."""
    found = sorted(mo.parent.parent.name for mo in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE))


def checked_language(value: str) -> str:
    """`value` (`nb`, `NB`, `no`, `nb_NO.UTF-8`) as a catalogue's name, or a one-line error
    naming the languages there are."""
    lang = _locale_language(value)
    if lang not in languages():
        raise QcodeError(
            f"no export language {value!r}: choose one of {', '.join(languages())} "
            f"(a further one is a catalogue in {LOCALE_DIR})"
        )
    return lang


def translator(lang: str = SOURCE_LANGUAGE) -> Labels:
    """The labels of `lang` (checked: an unknown language is a `QcodeError`)."""
    return _load(checked_language(lang))


@cache
def _load(lang: str) -> Labels:
    """A catalogue read once per process; a `GNUTranslations` is not changed after it is
    read, so sharing it between threads and exports is safe."""
    if lang == SOURCE_LANGUAGE:
        return ENGLISH
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    except (OSError, ValueError) as exc:
        raise QcodeError(f"{path}: cannot read the message catalogue ({exc})") from None


def default_language(project: Project | None, environ: Mapping[str, str] | None = None) -> str:
    """The language an export speaks unless `--lang` says: the project's language (`qcode
    config language`) when there is a catalogue for it, else the one the environment's
    locale names (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first that is set), else English."""
    known = languages()
    if project is not None:
        chosen = _locale_language(project.meta("language") or "")
        if chosen in known:
            return chosen
    env = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            lang = _locale_language(value)
            return lang if lang in known else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def _locale_language(value: str) -> str:
    """The language part of a locale name: `nb_NO.UTF-8` → `nb`, `no` → `nb`."""
    lang = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return _ALIASES.get(lang, lang)


def export_language(project: Project | None, lang: str | None) -> str:
    """What `--lang` asked for (checked), else `default_language`."""
    return checked_language(lang) if lang else default_language(project)
