"""Fuzz targets over the engine and the queue readers (slow; opt-in with ``-m slow``).

Each target runs for a bounded wall-clock budget, ``SNSLINT_FUZZ_SECONDS`` per target
(default 60), drawing fresh hypothesis seeds until the budget is spent:

    SNSLINT_FUZZ_SECONDS=600 .venv/bin/pytest -m slow tests/test_fuzz.py

What must hold for anything the fuzzer makes: no exception escapes, every finding's span
points into the original text, the CLI exits 0, 1 or 2 with one JSON document on stdout
and no traceback, and every post of a well-formed queue appears exactly once, in order.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from snslint.cli import cli
from snslint.engine import Linter, load_ruleset
from snslint.text import LineIndex

pytestmark = pytest.mark.slow

BUDGET = float(os.environ.get("SNSLINT_FUZZ_SECONDS", "60"))
LINTER = Linter(load_ruleset())

# Risky vocabulary and hostile code points, so that rules fire on mangled text.
PIECES = st.sampled_from([
    "ﾊﾞｶ", "ばかーー", "バ・カ", "ク ズ", "ｸｿ客", "無能", "晒して", "晒す", "か\u3099", "e\u0301",
    "👨\u200d👩\u200d👧", "\r\n", "\r", "\n", "\ufeff", "\u0000", "\u202e", "\u200b", "㈱", "①", "ﬁ",
    "「", "」", "『", "』", "。", "！", "？", "…", "ー", "〜", "〇〇", "●●", "××",
    "080-1234-5678", "a@example.com", "4111-1111-1111-1111", "123456789018", "〒100-0001",
    "パスワード", "PW:", "拡散希望", "#拡散", "らしい", "って噂", "📸", "撮った", "隠し撮り",
    "#選挙", "〇〇党", "投票して", "外国人", "出てけ", "めくら判", "キチガイ", "書かない", "やめましょう",
    "課長", "お客様", "佐藤さん", "\U0001F600", "\ud800", "\udfff", "ß", "İ", "Ǆ", " ", "\t",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), TEXTS)
METADATA = st.fixed_dictionaries({}, optional={
    "account": st.one_of(SCALARS, st.sampled_from(["official", "me"])),
    "author": SCALARS,
    "reviewed_by": SCALARS,
    "scheduled_at": st.one_of(SCALARS, st.sampled_from(["2026-11-24T10:00:00", "2026-13-40T99:00", "昨日"])),
    "attachments": st.one_of(SCALARS, st.lists(st.one_of(SCALARS, st.sampled_from(
        ["../../etc/passwd", ".", "/dev/zero", "missing.jpg", "x.png"])), max_size=3)),
})
POSTS = st.lists(st.tuples(TEXTS, METADATA), max_size=8)


def _run_budget(target, strategy) -> int:
    """Call ``target`` on examples of ``strategy`` with new seeds until the budget is spent."""
    deadline = time.monotonic() + BUDGET
    examples = 0

    def counted(value):
        nonlocal examples
        examples += 1
        target(value)

    k = 0
    while time.monotonic() < deadline:
        # No shrinking: it can take longer than the whole budget; the failing input is printed as is.
        run = settings(max_examples=50, deadline=None, database=None, phases=[Phase.generate],
                       suppress_health_check=list(HealthCheck))(given(strategy)(counted))
        seed(k)(run)()
        k += 1
    print(f"{target.__name__}: {examples} examples in {BUDGET:.0f} s")
    return examples


def _engine_target(text: str) -> None:
    lines = LineIndex(text)
    for f in LINTER.check_text(text):
        assert 0 <= f.start <= f.end <= len(text)
        assert f.text == text[f.start:f.end]
        assert (f.line, f.column) == lines.position(f.start)
        assert f.citations and f.message and f.advice


def test_fuzz_engine():
    assert _run_budget(_engine_target, TEXTS) > 0


def _write_queue(tmp: str, fmt: str, posts) -> tuple[str, list[str]]:
    records = [{"id": f"p{k}", "text": text, **meta} for k, (text, meta) in enumerate(posts)]
    path = os.path.join(tmp, f"queue.{fmt}")
    if fmt == "jsonl":
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    elif fmt == "json":
        body = json.dumps(records, ensure_ascii=False)
    elif fmt == "yaml":
        body = yaml.safe_dump(records, allow_unicode=True)
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["id", "text", "author"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
        body = out.getvalue()
    with open(path, "w", encoding="utf-8", errors="surrogatepass") as fh:
        fh.write(body)
    return path, [r["id"] for r in records]


def _encodable(posts) -> bool:
    """Whether every record is valid UTF-8 once written (a lone surrogate anywhere is not)."""
    try:
        json.dumps([[text, meta] for text, meta in posts], ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _cli_json(path: str):
    result = CliRunner().invoke(cli, ["check", "--isolated", "--format", "json", path])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output
    return result, json.loads(result.stdout)


def _queue_target(case) -> None:
    fmt, posts, cut, junk = case
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path, ids = _write_queue(tmp, fmt, posts)
        with open(path, "rb") as fh:
            data = fh.read()
        result, doc = _cli_json(path)
        if b"\x00" in data[:8192]:
            # A NUL byte near the start (CSV writes one raw): binary, as git and grep judge it;
            # the whole file is reported, nothing of it is checked.
            assert result.exit_code == 2 and doc["posts"] == []
        elif _encodable(posts):
            # A well-formed queue: every post, once, in order, checked or with an error entry.
            got = [p["id"] for p in doc["posts"]]
            assert got == ids, (got, ids)
            assert all("findings" in p or "error" in p for p in doc["posts"])
        # The same queue truncated and with junk spliced in: still no crash.
        cut_at = min(cut, len(data))
        with open(path, "wb") as fh:
            fh.write(data[:cut_at] + junk + data[cut_at:])
        _cli_json(path)
        with open(path, "rb") as fh:
            assert fh.read() == data[:cut_at] + junk + data[cut_at:]  # never modified


QUEUES = st.tuples(
    st.sampled_from(["jsonl", "json", "yaml", "csv"]),
    POSTS,
    st.integers(min_value=0, max_value=4000),
    st.binary(max_size=40),
)


def test_fuzz_queue_readers():
    assert _run_budget(_queue_target, QUEUES) > 0
