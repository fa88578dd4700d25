"""Shared test set-up.

The language of factcheck's output follows the locale when neither ``--lang`` nor a
configuration chooses it (checker.i18n).  Tests expect English unless they ask for
another language, whatever the locale of the machine that runs them, so the locale
variables are neutral here, before any test or fixture runs (subprocesses inherit them).
"""

from __future__ import annotations

import os

for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"
