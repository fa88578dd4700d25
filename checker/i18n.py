"""Languages of factcheck's output: English (the source text) and Vietnamese.

The texts factcheck writes for people are English in the code, marked for translation
the standard Python way, and translated through GNU gettext catalogs
(``checker/locale/<lang>/LC_MESSAGES/factcheck.po``, compiled to ``.mo`` with Babel's
``pybabel``; see ``docs/i18n.md``)::

    from checker.i18n import _, ngettext, N_

    _("Findings")                                   # translated now
    ngettext("{n} source", "{n} sources", n).format(n=n)
    HELP = N_("Output format.")                     # marked now, translated later: _(HELP)

The language is one per process, chosen once by the command line (``--lang``), else the
configuration's ``lang`` key, else the locale (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``), else English: see ``choose_language``.  Rule packs carry
their own texts in both languages (``{en: ..., vi: ...}``); ``localized`` picks one.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeAlias

DOMAIN = "factcheck"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT_LANGUAGE = "en"
LANGUAGES: tuple[str, ...] = ("en", "vi")
"""The languages factcheck speaks; English is the text in the code."""

# The locale variables in the order GNU gettext reads them: the first one set wins.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

LocalText: TypeAlias = str | Mapping[str, str]
"""A text of a rule pack: one language (a string) or several (``{"en": ..., "vi": ...}``)."""

_state: dict[str, str] = {"language": DEFAULT_LANGUAGE}


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The catalog of ``language`` (a pass-through for English or a missing catalog)."""
    if language == DEFAULT_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """``message`` in the current language (itself when it has no translation)."""
    return translations(_state["language"]).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count`` in the current language.

    Vietnamese has one form; English picks by ``count == 1``.  Format the result
    yourself: ``ngettext("{n} error", "{n} errors", n).format(n=n)``.
    """
    return translations(_state["language"]).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it yet (module constants,
    help texts): pass it through ``_`` where it is shown."""
    return message


# The severities as people read them (machine formats keep the keys).
SEVERITY_NAMES = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}


def severity_text(severity: str) -> str:
    """ "error" as the run's language writes it ("lỗi"); an unknown key as it is."""
    name = SEVERITY_NAMES.get(severity)
    return _(name) if name else severity


def current_language() -> str:
    """The language output is written in now."""
    return _state["language"]


def set_language(language: str) -> None:
    """Write output in ``language`` from now on (one of ``LANGUAGES``)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: choose one of {', '.join(LANGUAGES)}")
    _state["language"] = language


@contextmanager
def using_language(language: str) -> Iterator[None]:
    """Write output in ``language`` inside the block, then go back (tests, renderers)."""
    before = current_language()
    set_language(language)
    try:
        yield
    finally:
        set_language(before)


def language_from_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the locale asks for, when it is one factcheck speaks.

    The first locale variable set decides, as in gettext: ``vi_VN.UTF-8`` gives "vi",
    ``en_US.UTF-8``, ``C`` or ``POSIX`` give "en"; a language factcheck does not speak
    (``fr_FR``) gives None.  ``LANGUAGE`` may list several (``fr:vi``): the first known.
    """
    env = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if not value:
            continue
        for entry in value.split(":"):
            code = entry.split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].lower()
            if code in ("c", "posix"):
                return DEFAULT_LANGUAGE
            if code in LANGUAGES:
                return code
        return None
    return None


def choose_language(
    option: str | None = None,
    configured: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The language of a run: ``--lang``, else the configuration, else the locale,
    else English."""
    return option or configured or language_from_locale(environ) or DEFAULT_LANGUAGE


def localized(text: LocalText | None, language: str | None = None) -> str:
    """One text of a rule pack in ``language`` (default: the current one).

    A pack gives a text as a plain string (one language) or as a mapping of languages
    (``{en: ..., vi: ...}``); a missing language falls back to English, then to any
    language the pack has, so a pack written in one language stays usable.
    """
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    wanted = language or current_language()
    for lang in (wanted, DEFAULT_LANGUAGE, *text):
        if text.get(lang):
            return text[lang]
    return ""


def extract_with_help(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[Any]:
    """A Babel extraction method for the command-line modules (see babel.cfg).

    What Babel's own Python method finds (``_``, ``ngettext``, ``N_``), plus every help
    text of the command line: each string literal given as ``help=`` and the docstring
    of each command function (typer's help when none is given).  The CLI translates them
    when it builds its commands, so they need no marking in the code.
    """
    import ast
    import inspect

    from babel.messages.extract import extract_python

    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "help":
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value:
                yield value.lineno, "gettext", value.value, []
        elif isinstance(node, ast.FunctionDef) and any(
            _is_command_decorator(d) for d in node.decorator_list
        ):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield node.lineno, "gettext", inspect.cleandoc(doc), []


def _is_command_decorator(node: Any) -> bool:
    import ast

    call = node.func if isinstance(node, ast.Call) else node
    return isinstance(call, ast.Attribute) and call.attr in ("command", "callback")


__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "LocalText",
    "_",
    "choose_language",
    "current_language",
    "extract_with_help",
    "language_from_locale",
    "localized",
    "ngettext",
    "set_language",
    "severity_text",
    "translations",
    "using_language",
]
