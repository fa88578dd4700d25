"""Languages: how a run's language is chosen, and the catalogs kept complete and compiled.

The catalog tests read the code as ``pybabel extract`` does (babel.cfg), so a text
marked for translation without a Vietnamese translation fails here, and so does a
committed ``.mo`` that is not the compiled ``.po`` (docs/i18n.md says how to fix both).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from checker.config import load_config
from checker.errors import FactcheckErrors
from checker.i18n import (
    LOCALE_DIR,
    N_,
    _,
    choose_language,
    current_language,
    language_from_locale,
    localized,
    ngettext,
    set_language,
    using_language,
)

ROOT = Path(__file__).resolve().parent.parent
PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / "factcheck.po"
MO = PO.with_suffix(".mo")


def _catalog():
    with PO.open("rb") as handle:
        return read_po(handle)


def _code_messages() -> dict[str, str | tuple[str, ...]]:
    """Every text marked in the code, as pybabel extract finds it: {msgid: where}."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str, str | tuple[str, ...]] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT / "checker"), method_map=method_map, options_map=options_map
    ):
        found.setdefault(message if isinstance(message, str) else message[0], message)
        del filename
    return found


# --- Choosing the language -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "vi_VN.UTF-8"}, "vi"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, None),
        ({}, None),
        ({"LC_ALL": "vi_VN", "LANG": "en_US.UTF-8"}, "vi"),  # LC_ALL before LANG
        ({"LC_MESSAGES": "vi_VN.utf8", "LANG": "en_GB"}, "vi"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "vi_VN"}, "en"),
        ({"LANGUAGE": "fr:vi", "LANG": "en_US"}, "vi"),  # the first language it speaks
        ({"LANGUAGE": "", "LANG": "vi_VN@tet"}, "vi"),  # an empty variable is unset
    ],
)
def test_the_locale_names_the_language(environ: dict[str, str], expected: str | None) -> None:
    assert language_from_locale(environ) == expected


def test_option_then_configuration_then_locale_then_english() -> None:
    vi_locale = {"LANG": "vi_VN.UTF-8"}
    assert choose_language("en", "vi", vi_locale) == "en"
    assert choose_language(None, "en", vi_locale) == "en"
    assert choose_language(None, None, vi_locale) == "vi"
    assert choose_language(None, None, {"LANG": "de_DE"}) == "en"
    assert choose_language(None, None, {}) == "en"


def test_set_language_refuses_a_language_it_does_not_speak() -> None:
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        set_language("fr")
    with using_language("vi"):
        assert current_language() == "vi"
    assert current_language() == "en"


def test_configuration_key_lang(tmp_path: Path) -> None:
    good = tmp_path / ".factcheck.toml"
    good.write_text('lang = "vi"\n', encoding="utf-8")
    assert load_config(good).lang == "vi"
    bad = tmp_path / "sub" / ".factcheck.toml"
    bad.parent.mkdir()
    bad.write_text('jobs = 1\nlang = "fr"\n', encoding="utf-8")
    with pytest.raises(FactcheckErrors) as err:
        load_config(bad)
    assert "2: 'lang' must be one of en, vi, not 'fr'" in str(err.value)


# --- Pack texts ------------------------------------------------------------------------------


def test_a_pack_text_in_both_languages_follows_the_language() -> None:
    text = {"en": "the sources disagree", "vi": "các nguồn mâu thuẫn"}
    assert localized(text, "vi") == "các nguồn mâu thuẫn"
    assert localized(text, "en") == "the sources disagree"
    with using_language("vi"):
        assert localized(text) == "các nguồn mâu thuẫn"


def test_a_pack_text_in_one_language_is_used_in_every_language() -> None:
    assert localized("only English", "vi") == "only English"
    assert localized({"en": "only English"}, "vi") == "only English"
    assert localized({"vi": "chỉ tiếng Việt"}, "en") == "chỉ tiếng Việt"
    assert localized(None) == ""


# --- Translating -----------------------------------------------------------------------------


def test_gettext_translates_in_vietnamese_and_passes_english_through() -> None:
    help_text = N_(
        "Language of the output: en or vi (default: the configuration's lang, "
        "else the locale, else English)."
    )
    assert _(help_text) == help_text
    with using_language("vi"):
        assert _(help_text).startswith("Ngôn ngữ của kết quả")
        assert _("a text nobody marked") == "a text nobody marked"


def test_ngettext_has_two_forms_in_english_and_one_in_vietnamese() -> None:
    assert ngettext("{n} source", "{n} sources", 1) == "{n} source"
    assert ngettext("{n} source", "{n} sources", 2) == "{n} sources"
    with using_language("vi"):
        assert ngettext("{n} source", "{n} sources", 1) == "{n} nguồn"
        assert ngettext("{n} source", "{n} sources", 2) == "{n} nguồn"
        # No translation: the English forms.
        assert ngettext("a {n} nobody marked", "{n} nobody marked", 2) == "{n} nobody marked"


# --- The catalogs ----------------------------------------------------------------------------


def test_every_marked_text_has_a_vietnamese_translation() -> None:
    catalog = _catalog()
    missing = []
    marked = _code_messages()
    assert "Output format." in marked  # help texts, extracted from the CLI modules
    assert "Extract, align and evaluate; print the findings and set the exit code." in marked
    for msgid in marked:
        message = catalog.get(msgid)
        strings = message.string if message is not None else None
        done = all(strings) if isinstance(strings, tuple) else bool(strings)
        if message is None or not done or message.fuzzy:
            missing.append(msgid)
    assert not missing, (
        "texts without a Vietnamese translation (run scripts/i18n.py update, translate "
        f"in {PO.relative_to(ROOT)}, then scripts/i18n.py compile): {missing}"
    )


_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def test_translations_keep_the_placeholders() -> None:
    wrong = []
    for message in _catalog():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(set(_PLACEHOLDER.findall(ids[-1])))
        for text in strings:
            if text and sorted(set(_PLACEHOLDER.findall(text))) != wanted:
                wrong.append((ids[0], text))
    assert not wrong


def test_the_committed_mo_is_the_compiled_po() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(), use_fuzzy=False)
    assert MO.read_bytes() == compiled.getvalue(), "run: .venv/bin/python scripts/i18n.py compile"
