"""Refresh the translation catalogs: extract, update, compile (see docs/i18n.md).

    .venv/bin/python scripts/i18n.py            # all three steps
    .venv/bin/python scripts/i18n.py extract    # only checker/locale/factcheck.pot
    .venv/bin/python scripts/i18n.py update     # extract, then merge into each .po
    .venv/bin/python scripts/i18n.py compile    # only the .mo files from the .po files
    .venv/bin/python scripts/i18n.py check      # exit 1 when a text has no translation

Each step is Babel's ``pybabel`` with the options this project keeps its catalogs in
(sorted, unwrapped, file names without line numbers: an edit elsewhere in a module does
not churn the catalogs), so two people adding texts at once touch different lines.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "checker" / "locale"
POT = LOCALE / "factcheck.pot"
DOMAIN = "factcheck"
LANGUAGES = ("vi",)  # English is the text in the code


def pybabel(*args: str) -> None:
    """Run one pybabel command in the repository's root (paths in the catalogs are
    relative to it)."""
    import os

    here = Path.cwd()
    os.chdir(ROOT)
    try:
        CommandLineInterface().run(["pybabel", "-q", *args])
    finally:
        os.chdir(here)


def extract() -> None:
    LOCALE.mkdir(parents=True, exist_ok=True)
    pybabel(
        "extract", "-F", "babel.cfg", "-o", str(POT.relative_to(ROOT)),
        "--project", "factcheck", "--copyright-holder", "factcheck contributors",
        "--sort-output", "--no-wrap", "--add-location", "file",
        "--add-comments", "TRANSLATORS:", "--strip-comments", "checker",
    )  # fmt: skip


def update() -> None:
    for lang in LANGUAGES:
        po = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        command = "update" if po.exists() else "init"
        args = ["-i", str(POT), "-d", str(LOCALE), "-D", DOMAIN, "-l", lang, "--no-wrap"]
        if command == "update":
            args += ["--ignore-obsolete", "--no-fuzzy-matching"]
        pybabel(command, *args)


def compile_catalogs() -> None:
    pybabel("compile", "-d", str(LOCALE), "-D", DOMAIN, "--statistics")


def untranslated() -> list[str]:
    """Texts of the template that some catalog does not translate (or marks fuzzy)."""
    with POT.open("rb") as handle:
        wanted = [m.id for m in read_po(handle) if m.id]
    missing = []
    for lang in LANGUAGES:
        with (LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
            catalog = read_po(handle)
        for msgid in wanted:
            message = catalog.get(msgid)
            strings = message.string if message else None
            done = all(strings) if isinstance(strings, tuple) else bool(strings)
            if message is None or not done or message.fuzzy:
                missing.append(f"{lang}: {msgid if isinstance(msgid, str) else msgid[0]!r}")
    return missing


def main(argv: list[str]) -> int:
    step = argv[0] if argv else "all"
    if step in ("extract", "update", "all"):
        extract()
    if step in ("update", "all"):
        update()
    if step in ("compile", "all"):
        compile_catalogs()
    if step in ("check", "all"):
        missing = untranslated()
        for line in missing:
            print(f"untranslated: {line}")
        if step == "check" and missing:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
