"""Output formats for CI and editors, and --jobs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from snslint import runner
from snslint.cli import cli

SCHEMA = Path(__file__).parent / "data" / "sarif-2.1.0-rtm.5.json"
INSULT = "今日は晴れ。\nｸｿ上司ほんと無能"
CLEAN = "今日の空、雲ひとつない。"


def check(*args, env=None):
    return CliRunner(env=env or {}).invoke(cli, ["check", "--isolated", *args])


@pytest.fixture
def files(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(INSULT, encoding="utf-8")
    queue = tmp_path / "queue.jsonl"
    queue.write_text(
        "\n".join(json.dumps(p, ensure_ascii=False) for p in [
            {"id": "p1", "text": CLEAN}, {"id": "p2", "text": INSULT}, {"id": "p3"},
        ]) + "\n",
        encoding="utf-8",
    )
    return draft, queue


def test_unix_format_for_drafts_and_queue_posts(files):
    draft, queue = files
    out = check("--format", "unix", str(draft), str(queue)).stdout.splitlines()
    assert any(line.startswith(f"{draft}:2:") and ": error: " in line and line.endswith("]") for line in out)
    assert any(line.startswith(f"{queue}:2:1: ") and "[p2]" in line for line in out)
    assert any(line.startswith(f"{queue}:3:1: error: ") and "[p3]" in line and "text がありません" in line for line in out)


def test_github_annotations(files):
    draft, _ = files
    out = check("--format", "github", str(draft)).stdout.splitlines()
    line = next(line for line in out if line.startswith("::error "))
    assert f"file={draft}".replace(":", "%3A") in line and ",line=2," in line and ",col=" in line and "title=" in line
    assert "%0A対処: " in line and "\n" not in line


def test_auto_is_github_under_actions_and_text_elsewhere(files):
    draft, _ = files
    assert check("--format", "auto", str(draft), env={"GITHUB_ACTIONS": "true"}).stdout.startswith("::")
    assert "対処:" in check("--format", "auto", str(draft), env={"GITHUB_ACTIONS": ""}).stdout


def test_sarif_validates_against_the_schema_and_carries_locations(files):
    jsonschema = pytest.importorskip("jsonschema")
    draft, queue = files
    result = check("--format", "sarif", str(draft), str(queue))
    report = json.loads(result.stdout)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(report)
    run = report["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules and all(r["help"]["text"] for r in rules.values())
    assert any(r["properties"]["citations"] for r in rules.values())
    draft_results = [r for r in run["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == draft.as_posix()]
    assert draft_results
    region = draft_results[0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 2 and region["startColumn"] >= 1
    assert all(r["ruleId"] in rules for r in run["results"])
    queue_results = [r for r in run["results"] if r["properties"]["postId"] == "p2"]
    assert queue_results and queue_results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and "p3" in notes[0]["message"]["text"]
    assert result.exit_code == 2


def test_jobs_output_is_identical_to_a_single_process(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "SMALL_QUEUE", 16)  # 300 posts go to the workers
    posts = [{"id": f"p{k}", "text": [CLEAN, INSULT, "来月発表の新製品、社内で触った"][k % 3]} for k in range(300)]
    queue = tmp_path / "big.jsonl"
    queue.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in posts) + "\n", encoding="utf-8")
    one = check("--format", "json", "--jobs", "1", str(queue))
    two = check("--format", "json", "--jobs", "2", str(queue))
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert [p["id"] for p in json.loads(two.stdout)["posts"]] == [p["id"] for p in posts]


def test_a_small_queue_is_checked_in_process_whatever_jobs_says(files, monkeypatch):
    def no_workers(*args, **kwargs):
        raise AssertionError("workers started for a small queue")

    monkeypatch.setattr("multiprocessing.get_context", no_workers)
    _, queue = files
    one = check("--format", "json", "--jobs", "1", str(queue))
    two = check("--format", "json", "--jobs", "2", str(queue))
    assert one.stdout == two.stdout and one.exit_code == two.exit_code


def test_no_progress_bar_in_piped_output(files):
    _, queue = files
    result = check("--format", "text", str(queue))
    assert "件確認" not in result.stderr


def test_init_writes_a_valid_config_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / ".snslint.yaml"
    runner = CliRunner()
    for profile in ("company", "union", "municipality", "national"):
        result = runner.invoke(cli, ["init", "--profile", profile, "--path", str(target), "--force"])
        assert result.exit_code == 0, result.output
        from snslint.config import load_config

        settings = load_config(target)
        assert settings.policies and settings.accounts
    again = runner.invoke(cli, ["init", "--profile", "company", "--path", str(target)])
    assert again.exit_code == 2 and "すでにあります" in again.stderr


def test_uncoloured_text_is_written_without_rich_exactly_as_rich_writes_it(linter):
    import io

    from snslint.findings import Post, PostResult
    from snslint.formats.text import TextWriter

    text = "課長ほんと無能\tです\r\nうちの\x07課長、ほんとクソ上司"
    result = PostResult(Post("id\t1", text, "queue.jsonl", 3), linter.check_text(text))
    assert len(result.findings) >= 2
    outputs = []
    for plain in (True, False):
        stream = io.StringIO()  # not a terminal
        writer = TextWriter(stream)
        assert writer.plain
        writer.plain = plain  # False: every line through rich, as before
        writer.post(result)
        writer.post(PostResult(Post("p2", "", "queue.jsonl", 4), error="本文が空です"))
        writer.end({"posts": 2, "findings": 2, "errors": 1, "by_severity": {"error": 2}})
        outputs.append(stream.getvalue())
    assert outputs[0] == outputs[1]
    assert "無能" in outputs[0] and "^^" in outputs[0] and "\x1b[" not in outputs[0]


def test_a_check_on_save_imports_neither_a_rich_console_nor_yaml(tmp_path):
    import os
    import subprocess
    import sys

    draft = tmp_path / "draft.txt"
    draft.write_text("うちの課長ほんと無能", encoding="utf-8")
    code = (
        "import sys\nfrom snslint import cli\nsys.argv = ['snslint', 'check', '--isolated', sys.argv[1]]\n"
        "try:\n    cli._main()\nexcept SystemExit:\n    pass\n"
        "print('loaded:', sorted(m for m in ('rich.console', 'yaml') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("FORCE_COLOR", None)
    env.pop("TTY_COMPATIBLE", None)
    runs = [subprocess.run([sys.executable, "-c", code, str(draft)], capture_output=True, text=True, env=env) for _ in range(2)]
    assert "'yaml'" in runs[0].stderr  # the first run compiles the packs from YAML
    assert "無能" in runs[1].stdout and "loaded: []" in runs[1].stderr  # a warm start needs neither
