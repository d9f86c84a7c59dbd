"""``--format sarif``: a SARIF 2.1.0 log that code-scanning tools accept.

The schema below is the subset of the official SARIF 2.1.0 schema that
consumers rely on (GitHub code scanning among them), written out here so the
test needs no network.
"""

from __future__ import annotations

import json

import pytest

from wdlint.cli import main
from wdlint.diagnostics import Diagnostic
from wdlint.output import format_sarif

jsonschema = pytest.importorskip("jsonschema")

POSITIVE = {"type": "integer", "minimum": 1}
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string"},
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "version", "informationUri", "rules"],
                                "properties": {
                                    "name": {"const": "wdlint"},
                                    "informationUri": {"type": "string", "pattern": "^https://"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id", "name", "shortDescription", "fullDescription", "help", "properties"],
                                            "properties": {
                                                "id": {"type": "string", "pattern": "^WD[0-9]{3}$"},
                                                "shortDescription": {"type": "object", "required": ["text"]},
                                                "fullDescription": {"type": "object", "required": ["text"]},
                                                "help": {"type": "object", "required": ["text"]},
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "ruleIndex", "level", "message", "locations"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}},
                                "locations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation", "region"],
                                                "properties": {
                                                    "artifactLocation": {"type": "object", "required": ["uri"], "properties": {"uri": {"type": "string", "minLength": 1}}},
                                                    "region": {
                                                        "type": "object",
                                                        "required": ["startLine", "startColumn", "endLine", "endColumn"],
                                                        "properties": {
                                                            "startLine": POSITIVE,
                                                            "startColumn": POSITIVE,
                                                            "endLine": POSITIVE,
                                                            "endColumn": POSITIVE,
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}

BAD = "import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n"


def sarif_of(tmp_path, monkeypatch, capsys, files: dict[str, str]) -> tuple[int, dict]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    status = main(["check", "--format", "sarif", "src"])
    return status, json.loads(capsys.readouterr().out)


def test_sarif_validates_and_points_at_the_findings(tmp_path, monkeypatch, capsys):
    status, log = sarif_of(tmp_path, monkeypatch, capsys, {"src/train.py": BAD, "src/broken.py": "import torch\ndef f(:\n    torch.optim.Adam\n"})
    assert status == 1
    jsonschema.validate(log, SARIF_SUBSET)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["WD000", "WD101", "WD102"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    location = results[1]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "src/train.py"
    assert location["region"]["startLine"] == 3 and location["region"]["startColumn"] == 7
    wd101 = next(rule for rule in rules if rule["id"] == "WD101")
    assert wd101["name"] == "coupled-decay-in-adaptive-optimizer"
    assert "## Why is this bad?" in wd101["help"]["markdown"]


def test_sarif_without_findings_still_lists_rules(tmp_path, monkeypatch, capsys):
    status, log = sarif_of(tmp_path, monkeypatch, capsys, {"src/ok.py": "x = 1\n"})
    assert status == 0
    jsonschema.validate(log, SARIF_SUBSET)
    assert log["runs"][0]["results"] == []
    assert {rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]} >= {"WD000", "WD101", "WD102", "WD103"}


def test_sarif_uris():
    findings = [
        Diagnostic("./pkg/my file.py", 1, 1, 1, 2, "WD101", "m"),
        Diagnostic("/abs/x.py", 1, 1, 1, 2, "WD102", "m"),
    ]
    results = json.loads(format_sarif(findings))["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert uris == ["pkg/my%20file.py", "file:///abs/x.py"]
