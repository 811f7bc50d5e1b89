"""Metadata rules over a post queue with a project configuration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from snslint.cli import cli

CONFIG = """\
timezone: Asia/Tokyo
organisation: [ひなた市]
working-hours: {start: "08:30", end: "17:15", holidays: ["2026-11-23"]}
accounts:
  city_official: {kind: official, profile: ひなた市の公式アカウントです}
  tanaka: {kind: personal, role: public_servant, profile: ひなた市役所で働いています。}
  suzuki: {kind: personal, role: public_servant, profile: ひなた市職員。発信は個人の見解です。}
"""


def gps_photo(path: Path) -> None:
    from PIL import Image

    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (35.0, 41.0, 30.0), 3: "E", 4: (139.0, 45.0, 0.0)}
    Image.new("RGB", (8, 8), "white").save(path, exif=exif)


@pytest.fixture
def queue(tmp_path):
    (tmp_path / ".snslint.yaml").write_text(CONFIG, encoding="utf-8")
    gps_photo(tmp_path / "gps.jpg")
    from PIL import Image

    Image.new("RGB", (8, 8), "white").save(tmp_path / "plain.jpg")
    (tmp_path / "broken.jpg").write_bytes(b"not an image")
    posts = [
        {"id": "ok", "text": "年末年始のごみ収集日のお知らせです。", "account": "city_official", "author": "sato", "reviewed_by": "ito"},
        {"id": "noauthor", "text": "年末年始のごみ収集日のお知らせです。", "account": "city_official", "reviewed_by": "ito"},
        {"id": "selfreview", "text": "年末年始のお知らせです。", "account": "city_official", "author": "sato", "reviewed_by": "sato"},
        {"id": "worktime", "text": "週末は京都でお寺巡り。", "account": "tanaka", "scheduled_at": "2026-11-24T10:00:00"},
        {"id": "evening", "text": "週末は京都でお寺巡り。", "account": "suzuki", "scheduled_at": "2026-11-24T19:00:00+09:00"},
        {"id": "holiday", "text": "週末は京都でお寺巡り。", "account": "suzuki", "scheduled_at": "2026-11-23T10:00:00"},
        {"id": "utc", "text": "週末は京都でお寺巡り。", "account": "suzuki", "scheduled_at": "2026-11-24T01:00:00Z"},
        {"id": "photos", "text": "海に行ってきた。", "account": "suzuki", "attachments": ["gps.jpg", "plain.jpg"]},
        {"id": "bad", "text": "海に行ってきた。", "account": "suzuki",
         "attachments": ["broken.jpg", "../../etc/passwd", "missing.png", "."]},
    ]
    path = tmp_path / "queue.jsonl"
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in posts) + "\n", encoding="utf-8")
    return path


def findings_by_post(queue: Path) -> dict[str, list[dict]]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(queue)])
    assert result.exit_code in (0, 1), result.output
    return {p["id"]: p["findings"] for p in json.loads(result.stdout)["posts"]}


def rules_of(findings) -> list[str]:
    return sorted(f["rule"] for f in findings)


def test_official_posts_need_author_and_a_second_reviewer(queue):
    got = findings_by_post(queue)
    assert rules_of(got["ok"]) == []
    assert rules_of(got["noauthor"]) == ["meta.no_author"]
    assert rules_of(got["selfreview"]) == ["meta.no_review"]
    f = got["noauthor"][0]
    assert f["category"] == "operations" and f["text"] == "" and f["start"] == f["end"] == 0
    assert any(c["policy"] == "crest" and c["clause"] == "2-9" for c in f["citations"])


def test_public_servant_private_posts_in_working_hours(queue):
    got = findings_by_post(queue)
    assert "meta.working_hours" in rules_of(got["worktime"])
    assert "meta.working_hours" not in rules_of(got["evening"])
    assert "meta.working_hours" not in rules_of(got["holiday"])
    assert "meta.working_hours" in rules_of(got["utc"])  # 01:00Z is 10:00 in Tokyo
    cites = {c["policy"] for f in got["worktime"] for c in f["citations"]}
    assert {"muroran", "soumu"} <= cites


def test_profile_naming_the_organisation_needs_a_disclaimer(queue):
    got = findings_by_post(queue)
    assert "meta.personal_disclaimer" in rules_of(got["worktime"])  # tanaka's profile
    assert "meta.personal_disclaimer" not in rules_of(got["evening"])  # suzuki says 個人の見解


def test_gps_in_photos_and_unreadable_attachments(queue):
    got = findings_by_post(queue)
    gps = [f for f in got["photos"] if f["rule"] == "meta.gps_exif"]
    assert len(gps) == 1 and "gps.jpg" in gps[0]["message"] and "北緯35.7度" in gps[0]["message"]
    bad = [f["message"] for f in got["bad"] if f["rule"] == "meta.attachment_unreadable"]
    assert len(bad) == 4
    assert any("broken.jpg" in m and "画像として読めません" in m for m in bad)
    assert any("../../etc/passwd" in m and "フォルダの外" in m for m in bad)
    assert any("missing.png" in m and "ファイルがありません" in m for m in bad)
    assert any("ディレクトリ" in m for m in bad)


def test_text_only_drafts_never_trigger_metadata_rules(tmp_path):
    (tmp_path / ".snslint.yaml").write_text(CONFIG, encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("週末は京都でお寺巡り。", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--select", "meta", str(draft)])
    assert result.exit_code == 0 and json.loads(result.stdout)["posts"][0]["findings"] == []


def test_political_findings_are_errors_on_official_accounts_and_for_public_servants(tmp_path):
    config = CONFIG + "  yamada: {kind: personal, role: employee, profile: 会社員です}\n"
    (tmp_path / ".snslint.yaml").write_text(config, encoding="utf-8")
    text = "未来創生党を応援しています。"
    posts = [{"id": acc or "none", "text": text, **({"account": acc} if acc else {})}
             for acc in ("city_official", "suzuki", "yamada", None)]
    queue = tmp_path / "q.jsonl"
    queue.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in posts) + "\n", encoding="utf-8")
    got = findings_by_post(queue)
    severity = {pid: {f["severity"] for f in fs if f["rule"] == "political.party_support"} for pid, fs in got.items()}
    assert severity == {"city_official": {"error"}, "suzuki": {"error"}, "yamada": {"warning"}, "none": {"warning"}}
    # --min-severity error keeps the escalated findings only
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--min-severity", "error", str(queue)])
    kept = {p["id"] for p in json.loads(result.stdout)["posts"] if any(f["rule"] == "political.party_support" for f in p["findings"])}
    assert kept == {"city_official", "suzuki"}
