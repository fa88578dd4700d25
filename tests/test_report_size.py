"""Output size stays linear in the claims, however many articles repeat one figure.

Before the cap, every claim line of the table and GitHub formats repeated every side of
the fact: 2,000 articles on one fact gave 123 MB of table against 9.8 MB of JSON.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from checker.evaluate import evaluate
from checker.knowledge import Knowledge
from checker.model import Claim, Fact, Report, Source, Span
from checker.packs import load_knowledge
from checker.report import RenderOptions, render

HUMAN_FORMATS = ("table", "terminal", "github", "markdown")
# Generous: a source row in the summary tables plus its share of the fixed text.
MAX_BYTES_PER_CLAIM = 400


@pytest.fixture(scope="module")
def know() -> Knowledge:
    return load_knowledge()


def _claim(i: int) -> Claim:
    under = i % 2 == 0
    quote = "gần 100 thủ đô, thành phố" if under else "hơn 100 thủ đô, thành phố"
    sentence = f"Đến nay, thành phố có quan hệ với {quote} trên thế giới."
    value = Decimal(100)
    return Claim(
        source=f"corpus/bai-{i:05}.txt",
        line=3,
        column=sentence.index(quote) + 1,
        start=0,
        end=len(quote),
        quote=quote,
        sentence=sentence,
        kind="count",
        value=value,
        low=Decimal(90) if under else value,
        high=value if under else None,
        low_open=not under,
        high_open=under,
        hedge="under" if under else "over",
        hedge_text="gần" if under else "hơn",
        unit="thủ đô, thành phố",
        time="2023",
        context="quan hệ",
        published=date(2024, 1, 1) + timedelta(days=i % 300),
    )


def report_of(know: Knowledge, n: int) -> Report:
    claims = tuple(_claim(i) for i in range(n))
    sources = tuple(
        Source(
            path=c.source,
            text=c.sentence,
            encoding="utf-8",
            body=(Span(0, len(c.sentence)),),
            outlet=f"Báo {i % 7}",
            published=c.published,
            published_basis="stated",
        )
        for i, c in enumerate(claims)
    )
    fact = Fact(
        key="count|cities|2023|0123456789",
        label="quan hệ với … thủ đô, thành phố (2023)",
        kind="count",
        unit="thủ đô, thành phố",
        time="2023",
        claims=claims,
    )
    findings = tuple(evaluate([fact], know))
    assert len(findings) == 1
    return Report(sources=sources, claims=claims, facts=(fact,), findings=findings)


@pytest.fixture(scope="module")
def sizes(know: Knowledge) -> dict[str, tuple[int, int]]:
    small, large = report_of(know, 1000), report_of(know, 2000)
    options = RenderOptions(width=100, verbose=True)
    return {
        fmt: (len(render(small, fmt, options).encode()), len(render(large, fmt, options).encode()))
        for fmt in HUMAN_FORMATS
    }


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_bytes_per_claim_are_bounded(fmt: str, sizes: dict[str, tuple[int, int]]) -> None:
    _, large = sizes[fmt]
    assert large / 2000 < MAX_BYTES_PER_CLAIM, f"{fmt}: {large} bytes for 2000 claims"


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_doubling_the_claims_does_not_quadruple_the_output(
    fmt: str, sizes: dict[str, tuple[int, int]]
) -> None:
    small, large = sizes[fmt]
    assert large <= 2.2 * small + 2000, f"{fmt}: {small} -> {large} bytes"


def test_human_formats_count_what_they_leave_out(know: Knowledge) -> None:
    report = report_of(know, 50)
    table = render(report, "table", RenderOptions())
    assert table.count(": warning interval-disagreement:") + table.count(
        ": error interval-disagreement:"
    ) == RenderOptions().max_claims
    assert "… and 42 more claims from 42 more sources (all of them in the JSON result)" in table
    # Both sides of the conflict are among the claims shown.
    shown = table.split("    … and")[0]
    assert "    gần 100" in shown and "    hơn 100" in shown
    for fmt in ("terminal", "markdown"):
        assert "42 more claims" in render(report, fmt, RenderOptions())


def test_json_keeps_every_claim(know: Knowledge) -> None:
    import json

    document = json.loads(render(report_of(know, 50), "json", RenderOptions()))
    assert len(document["findings"][0]["claims"]) == 50
