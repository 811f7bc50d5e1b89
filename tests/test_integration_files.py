"""Integration files shipped for users: pre-commit hooks and the GitHub Actions example."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_pre_commit_hooks_definition():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"snslint", "snslint-queue"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["entry"].startswith("snslint check")
    assert re.search(hooks["snslint"]["files"], "drafts/today.txt")
    assert not re.search(hooks["snslint"]["files"], "posts/queue.jsonl")
    assert re.search(hooks["snslint-queue"]["files"], "posts/queue.jsonl")
    assert not re.search(hooks["snslint-queue"]["files"], "config/settings.yaml")


def test_github_workflow_example_checks_the_queue_and_uploads_sarif():
    wf = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    steps = wf["jobs"]["check-posts"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    assert "--format sarif" in runs and "--format auto" in runs
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    assert wf["permissions"]["security-events"] == "write"
    # PyYAML reads the key `on` as True
    assert "pull_request" in wf.get("on", wf.get(True))


def test_example_config_is_valid_and_example_queue_is_checked():
    from click.testing import CliRunner

    from snslint.cli import cli

    result = CliRunner().invoke(cli, ["check", "--format", "json", str(ROOT / "examples" / "city" / "queue.jsonl")])
    assert result.exit_code == 1, result.output
    import json

    posts = {p["id"]: p for p in json.loads(result.stdout)["posts"]}
    assert {f["rule"] for f in posts["2026-12-02-event"]["findings"]} >= {"meta.no_review"}
    assert "meta.working_hours" in {f["rule"] for f in posts["2026-12-03-private"]["findings"]}
