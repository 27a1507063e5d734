"""Project settings kept in the `meta` table: today the project's language.

The language decides how search widens a word to its inflected forms. An analyst sets it
with `qcode config language`; until then it follows the `language:` of the last codebook
loaded (recorded when it is loaded), else the `LANG` of the environment, else Norwegian
Bokmål, the language qcode was first made for.
"""

from __future__ import annotations

import os

from qcode.core.errors import QcodeError
from qcode.core.project.store import Project

# The languages a project can be set to: those search has a stemmer and a lemmatiser for.
LANGUAGES = ("nb", "nn", "da", "sv", "en")
LANGUAGE_NAMES = {
    "nb": "Norwegian Bokmål",
    "nn": "Norwegian Nynorsk",
    "da": "Danish",
    "sv": "Swedish",
    "en": "English",
}


def checked_language(code: str) -> str:
    """`code` as a project language, or a one-line error naming the ones there are."""
    value = code.strip().lower()
    if value in ("no", "nob"):
        value = "nb"
    elif value == "nno":
        value = "nn"
    if value not in LANGUAGES:
        raise QcodeError(f"unknown language {code!r}: use one of {', '.join(LANGUAGES)}")
    return value


DEFAULT_LANGUAGE = "nb"
_LANG_PREFIXES = {"nb": "nb", "no": "nb", "nn": "nn", "da": "da", "sv": "sv", "en": "en"}


def language_from_environment(value: str | None = None) -> str | None:
    """The project language a `LANG` value (`nb_NO.UTF-8`, `da_DK`, `C`) names, if any."""
    raw = os.environ.get("LANG", "") if value is None else value
    prefix = raw.split(".")[0].split("_")[0].lower()
    return _LANG_PREFIXES.get(prefix)


def project_language(project: Project) -> str:
    """The language search uses (`language_setting` also says where it came from)."""
    return language_setting(project)[0]


def language_setting(project: Project) -> tuple[str, str]:
    """The project language and where it comes from: set, codebook, LANG or default."""
    chosen = project.meta("language")
    if chosen in LANGUAGES:
        return chosen, "set with qcode config language"
    from_codebook = project.meta("codebook_language")
    if from_codebook:
        try:
            return checked_language(from_codebook), "the codebook's language"
        except QcodeError:  # a codebook language qcode cannot search in: fall through
            pass
    from_env = language_from_environment()
    if from_env:
        return from_env, "LANG"
    return DEFAULT_LANGUAGE, "default"


def set_language(project: Project, code: str) -> str:
    """Set the project language (one of nb, nn, da, sv, en); returns it."""
    language = checked_language(code)
    with project.change("config language", summary=f"project language set to {language}"):
        _put(project, "language", language)
    return language


def remember_codebook_language(project: Project, code: str) -> None:
    """Record a loaded codebook's `language:` (inside the load's write transaction)."""
    if code.strip():
        _put(project, "codebook_language", code.strip())


def _put(project: Project, key: str, value: str) -> None:
    project.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])
