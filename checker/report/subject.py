"""Labels that name what a finding is about, for the reports people read.

A fact's label is made from the words before the figure ("đã có quan hệ hợp tác với …
thủ đô, thành phố (as of publication)"), which may leave out whose figure it is.  The
subject the claims' frames agree on (a city, a province) is put in front when the label
does not name it, and the time is written in the reader's language.
"""

from __future__ import annotations

import re

from checker.i18n import _
from checker.model import Claim, Finding
from checker.report.common import TIME_KINDS
from checker.textnorm import fold

# The time suffixes checker.align puts on a label, which the reports translate.
_TIME_SUFFIX = re.compile(r"\s*\((as of publication|per year)\)$")
_EVENT_PREFIX = "event: "


def time_words(time: str | None) -> str:
    """What period a figure is about, in words: "as of publication", "per year", "2023"."""
    if time == "asof":
        return _("as of publication")
    if time == "yearly":
        return _("per year")
    return time or ""


def common_subject(claims: tuple[Claim, ...] | list[Claim]) -> str | None:
    """The subject every claim's frame names (stated or carried), or None."""
    subjects = {c.frame.subject.value if c.frame is not None else None for c in claims}
    if len(subjects) != 1:
        return None
    return next(iter(subjects))


def subject_label(finding: Finding) -> str:
    """The finding's fact as an editor would name it: "Hà Nội: đã có quan hệ hợp tác với
    … thủ đô, thành phố (as of publication)", "ASEM 5"."""
    label = finding.fact
    if finding.claims and all(c.kind in TIME_KINDS for c in finding.claims):
        return label.removeprefix(_EVENT_PREFIX)
    found = _TIME_SUFFIX.search(label)
    suffix = ""
    if found:
        label = label[: found.start()]
        suffix = f" ({_(found.group(1))})"
    subject = common_subject(finding.claims)
    if subject and fold(subject) not in fold(label):
        label = f"{subject}: {label}"
    return label + suffix
