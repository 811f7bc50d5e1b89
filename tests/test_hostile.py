"""Hostile and huge input: a clear error or a check, bounded, never a traceback."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from snslint.cli import cli


def check(*args):
    return CliRunner().invoke(cli, ["check", "--isolated", "--format", "json", *args])


def test_random_bytes_png_and_empty_file(tmp_path):
    rnd = tmp_path / "random.txt"
    rnd.write_bytes(bytes(random.Random(1).randrange(128, 256) for _ in range(4096)))
    png = tmp_path / "photo.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = check(str(rnd), str(png), str(empty))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    for name in ("random.txt", "photo.txt", "empty.txt"):
        assert name in result.stderr


def test_oversized_draft_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse 50 MB
    start = time.monotonic()
    result = check(str(big))
    assert time.monotonic() - start < 5
    assert result.exit_code == 2 and "大きすぎます" in result.stderr


def test_huge_queue_lines_and_deep_json_are_errors_for_those_posts_only(tmp_path):
    queue = tmp_path / "q.jsonl"
    with queue.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "ok1", "text": "今日はいい天気"}, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"id": "huge", "text": "あ" * 4_000_000}, ensure_ascii=False) + "\n")
        fh.write("[" * 100_000 + "]" * 100_000 + "\n")
        fh.write(json.dumps({"id": "ok2", "text": "ｸｿ上司ほんと無能"}, ensure_ascii=False) + "\n")
    result = check(str(queue))
    assert result.exit_code == 2
    posts = json.loads(result.stdout)["posts"]
    assert [p["id"] for p in posts] == ["ok1", f"{queue}:2", f"{queue}:3", "ok2"]
    assert "error" in posts[1] and "error" in posts[2]
    assert posts[3]["findings"]
    assert f"{queue}:2: 行が長すぎます" in result.stderr


def test_deeply_nested_json_queue(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    result = check(str(deep))
    assert result.exit_code == 2 and "deep.json" in result.stderr and "Traceback" not in result.output


def test_billion_laughs_yaml_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, 10):
        lines.append(f"a{k}: &a{k} [" + ",".join([f"*a{k - 1}"] * 9) + "]")
    lines.append("posts: [{id: x, text: *a9}]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.monotonic()
    result = check(str(bomb))
    assert time.monotonic() - start < 5
    assert result.exit_code == 2 and "エイリアス" in result.stderr


def test_every_post_is_accounted_for_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr("snslint.runner.SMALL_QUEUE", 4)  # --jobs 2 really uses workers
    lines = []
    expected = []
    for k in range(40):
        if k % 7 == 3:
            lines.append("{broken")
            expected.append(None)
        elif k % 11 == 5:
            lines.append(json.dumps({"id": f"p{k}"}))
            expected.append(f"p{k}")
        else:
            lines.append(json.dumps({"id": f"p{k}", "text": "ｸｿ上司" if k % 2 else "晴れ"}, ensure_ascii=False))
            expected.append(f"p{k}")
    queue = tmp_path / "q.jsonl"
    queue.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for jobs in ("1", "2"):
        result = check("--jobs", jobs, str(queue))
        ids = [p["id"] for p in json.loads(result.stdout)["posts"]]
        assert ids == [e or f"{queue}:{k + 1}" for k, e in enumerate(expected)]
        assert result.exit_code == 2


def _big_queue(path, n=200_000):
    with path.open("w", encoding="utf-8") as fh:
        for k in range(n):
            fh.write(json.dumps({"id": k, "text": "今日のランチは近所の定食屋でアジフライ。サクサクで最高"}, ensure_ascii=False) + "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "Ctrl-C"])
def test_interrupts_stop_promptly_leaving_nothing_behind(tmp_path, sig, code):
    queue = tmp_path / "big.jsonl"
    _big_queue(queue)
    before = set(os.listdir(tmp_path))
    proc = subprocess.Popen(
        [sys.executable, "-m", "snslint", "check", "--isolated", "--format", "jsonl", str(queue)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path,
        # as from a terminal: a shell running us in the background may have set Ctrl-C to be ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(2.0)
    proc.send_signal(sig)
    try:
        assert proc.wait(timeout=10) == code
    finally:
        proc.kill()
    assert b"Traceback" not in proc.stderr.read()
    assert set(os.listdir(tmp_path)) == before  # nothing of ours left behind


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_closed_stdout_ends_quietly(tmp_path):
    queue = tmp_path / "q.jsonl"
    _big_queue(queue, 5_000)
    # The shell's `snslint check q.jsonl | head -1`: the reader goes away after one line.
    proc = subprocess.Popen(
        [sys.executable, "-m", "snslint", "check", "--isolated", "--format", "jsonl", str(queue)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    first = proc.stdout.readline()
    proc.stdout.close()
    code = proc.wait(timeout=60)
    err = proc.stderr.read()
    assert json.loads(first)["id"] == "0"
    assert code == 141  # as a shell reports a writer stopped by SIGPIPE
    assert err == b""


def test_huge_and_bomb_images_are_reported_not_decoded(tmp_path):
    import io
    import struct
    import zlib

    from PIL import Image

    (tmp_path / "big.jpg").open("wb").truncate(60 * 1024 * 1024)  # sparse 60 MB
    # A valid 1×1 PNG whose header then claims 100,000 × 100,000 pixels: a decompression bomb.
    buf = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buf, "PNG")
    png = bytearray(buf.getvalue())
    png[16:24] = struct.pack(">II", 100_000, 100_000)
    png[29:33] = struct.pack(">I", zlib.crc32(bytes(png[12:29])))
    (tmp_path / "bomb.png").write_bytes(bytes(png))
    queue = tmp_path / "q.jsonl"
    queue.write_text(json.dumps({"id": "p", "text": "海に行ってきた。", "attachments": ["big.jpg", "bomb.png"]},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    start = time.monotonic()
    result = check(str(queue))
    assert time.monotonic() - start < 10
    messages = [f["message"] for f in json.loads(result.stdout)["posts"][0]["findings"]
                if f["rule"] == "meta.attachment_unreadable"]
    assert any("big.jpg" in m and "大きすぎます" in m for m in messages)
    assert any("bomb.png" in m and "DecompressionBomb" in m for m in messages)
