"""The command line end to end: formats, exit codes, options, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from snslint import __version__
from snslint.cli import cli

INSULT = "ｸｿ上司ほんと無能。死ねばいいのに"
CLEAN = "今日の空、雲ひとつない。"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no project config is found from here

    def invoke(*args, input=None):
        return CliRunner().invoke(cli, ["check", "--isolated", *args] if args and args[0] != "-x" else list(args[1:]), input=input)

    return invoke


def write(path: Path, text: str, encoding="utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_draft_with_findings_exits_1_and_cites_clauses(run, tmp_path):
    draft = write(tmp_path / "draft.txt", INSULT)
    result = run("--format", "json", str(draft))
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["snslint"] == __version__
    (post,) = data["posts"]
    assert post["id"] == str(draft) and post["source"] == str(draft)
    cats = {f["category"] for f in post["findings"]}
    assert "defamation" in cats
    f = next(f for f in post["findings"] if f["category"] == "defamation")
    assert set(f) >= {"rule", "category", "severity", "message", "advice", "line", "column", "start", "end", "text", "citations"}
    assert INSULT[f["start"]:f["end"]] == f["text"]
    assert f["citations"] and {"policy", "clause", "title"} <= set(f["citations"][0])
    assert data["summary"]["posts"] == 1


def test_clean_draft_exits_0_and_appears_with_empty_findings(run, tmp_path):
    draft = write(tmp_path / "ok.txt", CLEAN)
    result = run("--format", "json", str(draft))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["posts"] == [{"id": str(draft), "source": str(draft), "findings": []}]


def test_stdin_and_stdin_filename(run):
    result = run("--format", "json", "-", input=INSULT)
    assert json.loads(result.stdout)["posts"][0]["id"] == "-"
    result = run("--format", "json", "--stdin-filename", "memo.txt", "-", input=INSULT)
    assert json.loads(result.stdout)["posts"][0]["id"] == "memo.txt"


@pytest.mark.parametrize("draft", ["明日は休校らしい", "明日は休校らしい\n", "明日は休校らしい\n拡散して\n"])
def test_a_line_break_ends_the_line_as_the_end_of_the_draft_does(run, tmp_path, draft):
    # an editor saves a draft with a final newline; Sudachi read the word before a line
    # break as continuing (らしい as an attributive suffix), and the hearsay went unseen
    path = write(tmp_path / "draft.txt", draft)
    result = run("--format", "json", str(path))
    findings = json.loads(result.stdout)["posts"][0]["findings"]
    assert result.exit_code == 1
    assert any(f["category"] == "rumour" and f["text"] == "らしい" and f["start"] == 5 for f in findings)


def test_jsonl_writes_one_post_per_line(run, tmp_path):
    queue = tmp_path / "q.jsonl"
    queue.write_text(
        json.dumps({"id": "a", "text": INSULT}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "b", "text": CLEAN}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    result = run("--format", "jsonl", str(queue))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [p["id"] for p in lines] == ["a", "b"]
    assert [p["line"] for p in lines] == [1, 2]
    assert lines[0]["findings"] and lines[1]["findings"] == []
    assert result.exit_code == 1


def test_text_format_shows_position_message_advice_and_citation(run, tmp_path):
    draft = write(tmp_path / "draft.txt", "今日は晴れ。\n" + INSULT)
    result = run("--no-color", str(draft))
    out = result.stdout
    assert f"{draft}" in out
    assert "2:" in out and "対処:" in out and "根拠:" in out
    assert "^" in out  # the match is marked under its context without colour
    assert "件の投稿を確認" in out
    assert "\x1b[" not in out


def test_select_ignore_and_min_severity(run, tmp_path):
    draft = write(tmp_path / "draft.txt", INSULT)
    only = json.loads(run("--format", "json", "--select", "defamation", str(draft)).stdout)
    assert {f["category"] for f in only["posts"][0]["findings"]} == {"defamation"}
    none = run("--format", "json", "--ignore", "defamation", "--select", "defamation", str(draft))
    assert json.loads(none.stdout)["posts"][0]["findings"] == []
    assert none.exit_code == 0
    errors = json.loads(run("--format", "json", "--min-severity", "error", str(draft)).stdout)
    assert all(f["severity"] == "error" for f in errors["posts"][0]["findings"])


def test_unknown_selector_is_a_usage_error(run, tmp_path):
    draft = write(tmp_path / "draft.txt", INSULT)
    result = run("--select", "nosuchrule", str(draft))
    assert result.exit_code == 2
    assert "nosuchrule" in result.stderr


def test_policy_option_limits_citations(run, tmp_path):
    draft = write(tmp_path / "draft.txt", INSULT)
    data = json.loads(run("--format", "json", "--policy", "muroran", str(draft)).stdout)
    cites = [c for f in data["posts"][0]["findings"] for c in f["citations"]]
    assert cites and {c["policy"] for c in cites} == {"muroran"}
    assert run("--policy", "nosuchdoc", str(draft)).exit_code == 2


def test_fail_on_never_and_error(run, tmp_path):
    draft = write(tmp_path / "draft.txt", INSULT)
    assert run("--fail-on", "never", str(draft)).exit_code == 0


# --- bad input ---------------------------------------------------------------------


def test_missing_file_and_directory_exit_2_but_other_posts_are_checked(run, tmp_path):
    good = write(tmp_path / "draft.txt", INSULT)
    result = run("--format", "json", str(tmp_path / "nope.txt"), str(tmp_path), str(good))
    assert result.exit_code == 2
    assert "nope.txt: ファイルがありません" in result.stderr
    assert "ディレクトリです" in result.stderr
    assert "Traceback" not in result.output
    posts = json.loads(result.stdout)["posts"]
    assert [p["id"] for p in posts] == [str(good)] and posts[0]["findings"]


def test_shift_jis_needs_encoding_and_then_works(run, tmp_path):
    draft = write(tmp_path / "sjis.txt", INSULT.replace("ｸｿ", "クソ"), "cp932")
    result = run(str(draft))
    assert result.exit_code == 2
    assert "--encoding cp932" in result.stderr and "sjis.txt" in result.stderr
    result = run("--encoding", "cp932", "--format", "json", str(draft))
    assert result.exit_code == 1
    assert json.loads(result.stdout)["posts"][0]["findings"]


def test_utf8_bom_is_accepted_and_offsets_ignore_it(run, tmp_path):
    draft = tmp_path / "bom.txt"
    draft.write_bytes(b"\xef\xbb\xbf" + INSULT.encode())
    data = json.loads(run("--format", "json", str(draft)).stdout)
    f = data["posts"][0]["findings"][0]
    assert INSULT[f["start"]:f["end"]] == f["text"]


def test_empty_draft_is_an_error(run, tmp_path):
    draft = write(tmp_path / "empty.txt", "  \n")
    result = run(str(draft))
    assert result.exit_code == 2
    assert "empty.txt" in result.stderr and "空" in result.stderr


def test_binary_file_is_refused(run, tmp_path):
    fake = tmp_path / "image.txt"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run(str(fake))
    assert result.exit_code == 2 and "image.txt" in result.stderr and "Traceback" not in result.output


def test_bad_queue_lines_are_named_and_the_rest_is_checked(run, tmp_path):
    queue = tmp_path / "q.jsonl"
    content = (
        json.dumps({"id": "a", "text": INSULT}, ensure_ascii=False) + "\n"
        + "{not json\n"
        + json.dumps({"id": "c"}) + "\n"
        + json.dumps({"id": "d", "text": CLEAN}, ensure_ascii=False) + "\n"
    )
    queue.write_text(content, encoding="utf-8")
    before = queue.read_bytes()
    result = run("--format", "json", str(queue))
    assert result.exit_code == 2
    assert f"{queue}:2: JSON として読めません" in result.stderr
    assert f"{queue}:3: 投稿 c に text がありません" in result.stderr
    posts = json.loads(result.stdout)["posts"]
    assert [p["id"] for p in posts] == ["a", f"{queue}:2", "c", "d"]
    assert posts[0]["findings"] and "error" in posts[1] and "error" in posts[2]
    assert queue.read_bytes() == before  # input files are never written


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".csv"])
def test_other_queue_formats(run, tmp_path, suffix):
    posts = [{"id": "a", "text": INSULT}, {"id": "b", "text": CLEAN}]
    path = tmp_path / f"q{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(posts, ensure_ascii=False, indent=2), encoding="utf-8")
        lines = [2, 6]
    elif suffix == ".yaml":
        path.write_text(f"- id: a\n  text: {INSULT}\n- id: b\n  text: {CLEAN}\n", encoding="utf-8")
        lines = [1, 3]
    else:
        path.write_text(f"id,text\na,{INSULT}\nb,{CLEAN}\n", encoding="utf-8")
        lines = [2, 3]
    data = json.loads(run("--format", "json", str(path)).stdout)
    assert [(p["id"], p["line"]) for p in data["posts"]] == list(zip(["a", "b"], lines))
    assert data["posts"][0]["findings"] and not data["posts"][1]["findings"]


def test_yaml_queue_refuses_python_tags_and_aliases(run, tmp_path):
    evil = tmp_path / "evil.yaml"
    evil.write_text("- id: a\n  text: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    result = run(str(evil))
    assert result.exit_code == 2 and "evil.yaml:1" in result.stderr and "Traceback" not in result.output
    laughs = tmp_path / "laughs.yaml"
    laughs.write_text("- &a {id: a, text: x}\n- *a\n", encoding="utf-8")
    result = run(str(laughs))
    assert result.exit_code == 2 and "エイリアス" in result.stderr


# --- other commands -----------------------------------------------------------------


def test_rules_list_explain_and_rules_test(run):
    result = run("-x", "rules")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0].split("\t")
    assert len(first) == 4 and first[2] in ("error", "warning", "info")
    rule_id = first[0]
    explained = run("-x", "explain", rule_id)
    assert explained.exit_code == 0 and rule_id in explained.stdout and "対処:" in explained.stdout
    assert run("-x", "explain", "no.such").exit_code == 2
    tested = run("-x", "rules", "test")
    assert tested.exit_code == 0, tested.output


def test_policies_list_and_show(run):
    listed = run("-x", "policies")
    ids = [line.split("\t")[0] for line in listed.stdout.splitlines()]
    assert set(ids) == {"training", "crest", "union", "muroran", "soumu"}
    shown = run("-x", "policies", "show", "crest")
    assert shown.exit_code == 0 and "1-6" in shown.stdout and "機密情報の流出を防ぎましょう" in shown.stdout
    assert run("-x", "policies", "show", "nope").exit_code == 2


def test_python_dash_m_works(tmp_path):
    draft = write(tmp_path / "d.txt", INSULT)
    proc = subprocess.run(
        [sys.executable, "-m", "snslint", "check", "--isolated", "--format", "json", str(draft)],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["posts"][0]["findings"]
