"""Configuration discovery, precedence and validation."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from snslint.cli import cli

INSULT = "ｸｿ上司ほんと無能"


def check(*args, cwd=None):
    return CliRunner().invoke(cli, ["check", *args])


@pytest.fixture
def project(tmp_path):
    sub = tmp_path / "posts" / "2026"
    sub.mkdir(parents=True)
    draft = sub / "d.txt"
    draft.write_text(INSULT, encoding="utf-8")
    return tmp_path, draft


def test_config_is_found_upwards_and_applied(project):
    root, draft = project
    (root / ".snslint.yaml").write_text("ignore: [defamation]\nfail-on: error\n", encoding="utf-8")
    result = check("--format", "json", str(draft))
    cats = {f["category"] for f in json.loads(result.stdout)["posts"][0]["findings"]}
    assert "defamation" not in cats
    isolated = check("--isolated", "--format", "json", str(draft))
    assert "defamation" in {f["category"] for f in json.loads(isolated.stdout)["posts"][0]["findings"]}


def test_pyproject_tool_section(project):
    root, draft = project
    (root / "pyproject.toml").write_text('[tool.snslint]\nselect = ["defamation"]\n', encoding="utf-8")
    data = json.loads(check("--format", "json", str(draft)).stdout)
    assert {f["category"] for f in data["posts"][0]["findings"]} == {"defamation"}


def test_severity_override_and_fail_on(project):
    root, draft = project
    (root / ".snslint.yaml").write_text(
        "select: [defamation]\nseverity: {defamation: info}\n", encoding="utf-8"
    )
    result = check("--format", "json", str(draft))
    sev = {f["severity"] for f in json.loads(result.stdout)["posts"][0]["findings"]}
    assert sev == {"info"} and result.exit_code == 0
    assert check("--fail-on", "info", str(draft)).exit_code == 1


def test_allowlist_needs_a_reason_and_suppresses_scoped_findings(project):
    root, draft = project
    cfg = root / ".snslint.yaml"
    cfg.write_text("allow:\n  - {text: 無能, rules: [defamation]}\n", encoding="utf-8")
    result = check(str(draft))
    assert result.exit_code == 2 and ".snslint.yaml" in result.stderr and "allow[0].reason" in result.stderr
    cfg.write_text("select: [defamation]\nallow:\n  - {text: ｸｿ上司ほんと無能, rules: [defamation], reason: テスト}\n", encoding="utf-8")
    data = json.loads(check("--format", "json", str(draft)).stdout)
    assert data["posts"][0]["findings"] == []


@pytest.mark.parametrize(
    "content, key",
    [
        ("colour: red\n", "colour"),
        ("fail-on: sometimes\n", "fail-on"),
        ("timezone: Mars/Olympus\n", "timezone"),
        ("accounts:\n  a: {kind: robot}\n", "accounts.a.kind"),
        ("working-hours: {start: '25:00'}\n", "working-hours.start"),
        ("accounts:\n  a: {kind: official, nickname: x}\n", "accounts.a.nickname"),
    ],
)
def test_bad_config_names_file_and_key(project, content, key):
    root, draft = project
    (root / ".snslint.yaml").write_text(content, encoding="utf-8")
    result = check(str(draft))
    assert result.exit_code == 2
    assert ".snslint.yaml" in result.stderr and key in result.stderr
    assert "Traceback" not in result.output


def test_explicit_config_option(project, tmp_path):
    _, draft = project
    cfg = tmp_path / "other.yaml"
    cfg.write_text("select: [defamation]\n", encoding="utf-8")
    data = json.loads(check("--config", str(cfg), "--format", "json", str(draft)).stdout)
    assert {f["category"] for f in data["posts"][0]["findings"]} == {"defamation"}
