"""Reading drafts and post queues into :class:`Post` records.

* ``-`` is standard input, one draft;
* ``.jsonl``, ``.json``, ``.yaml``/``.yml`` and ``.csv`` files are queues of posts,
  each with ``id`` and ``text`` and optional metadata;
* any other file (``.txt``, ``.md``...) is one draft.

Reading never raises for a single bad post: it yields a :class:`Failure` naming the
file and line, and goes on with the next post. A file that cannot be read at all
yields one failure. Input files are only ever opened for reading.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from snslint.findings import Post

QUEUE_SUFFIXES = {".jsonl", ".ndjson", ".json", ".yaml", ".yml", ".csv"}
META_FIELDS = ("account", "author", "reviewed_by", "scheduled_at", "attachments")
MAX_DRAFT_BYTES = 1_000_000  # a draft is one post; a megabyte is far beyond any SNS limit
MAX_QUEUE_BYTES = 200_000_000
MAX_QUEUE_LINE_BYTES = 1_000_000


@dataclass(slots=True)
class Failure:
    """A post (or a whole file) that could not be read."""

    source: str
    message: str
    line: int | None = None
    id: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


Item = Post | Failure


def _decode(data: bytes, source: str, encoding: str) -> str | Failure:
    if b"\x00" in data[:8192] and not encoding.lower().startswith("utf-16"):
        return Failure(source, "テキストファイルではありません(バイナリのようです)")
    enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        text = data.decode(enc)
    except LookupError:
        return Failure(source, f"文字コード {encoding} は使えません")
    except UnicodeDecodeError as exc:
        hint = "Shift_JIS なら --encoding cp932 を指定してください" if enc == "utf-8-sig" else "--encoding を確かめてください"
        return Failure(source, f"{encoding} として読めません({exc.start} バイト目)。{hint}")
    return text.lstrip("\ufeff")


def read_sources(paths: list[str], encoding: str = "utf-8", stdin_name: str | None = None) -> Iterator[Item]:
    for given in paths:
        if given == "-":
            yield from _read_stdin(encoding, stdin_name)
        else:
            yield from _read_path(given, encoding)


def _read_stdin(encoding: str, stdin_name: str | None) -> Iterator[Item]:
    name = stdin_name or "-"
    data = sys.stdin.buffer.read(MAX_DRAFT_BYTES + 1)
    if len(data) > MAX_DRAFT_BYTES:
        yield Failure(name, f"標準入力が大きすぎます(上限 {MAX_DRAFT_BYTES:,} バイト)")
        return
    text = _decode(data, name, encoding)
    if isinstance(text, Failure):
        yield text
    elif not text.strip():
        yield Failure(name, "下書きが空です", id=name)
    else:
        yield Post(name, text, name)


def _read_path(given: str, encoding: str) -> Iterator[Item]:
    path = Path(given)
    if not path.exists():
        yield Failure(given, "ファイルがありません")
        return
    if path.is_dir():
        yield Failure(given, "ディレクトリです。下書きかキューのファイルを指定してください")
        return
    suffix = path.suffix.lower()
    limit = MAX_QUEUE_BYTES if suffix in QUEUE_SUFFIXES else MAX_DRAFT_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            yield Failure(given, f"ファイルが大きすぎます({size:,} バイト、上限 {limit:,} バイト)")
            return
        if suffix in (".jsonl", ".ndjson"):
            yield from _read_jsonl(path, given, encoding)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Failure(given, f"読めません: {exc.strerror or exc}")
        return
    text = _decode(data, given, encoding)
    if isinstance(text, Failure):
        yield text
        return
    if suffix == ".json":
        yield from _read_json(text, given)
    elif suffix in (".yaml", ".yml"):
        yield from _read_yaml(text, given)
    elif suffix == ".csv":
        yield from _read_csv(text, given)
    elif not text.strip():
        yield Failure(given, "下書きが空です", id=given)
    else:
        yield Post(given, text, given)


def _post_from(obj, source: str, line: int | None, n: int) -> Item:
    if not isinstance(obj, dict):
        return Failure(source, "投稿は id と text を持つオブジェクトで書いてください", line)
    raw_id = obj.get("id")
    if raw_id is None:
        post_id = f"{source}#{n}"
    elif isinstance(raw_id, str | int) and not isinstance(raw_id, bool) and str(raw_id).strip():
        post_id = str(raw_id)
    else:
        return Failure(source, "id は文字列か整数で書いてください", line)
    text = obj.get("text")
    if text is None:
        return Failure(source, f"投稿 {post_id} に text がありません", line, post_id)
    if not isinstance(text, str):
        return Failure(source, f"投稿 {post_id} の text が文字列ではありません", line, post_id)
    if not text.strip():
        return Failure(source, f"投稿 {post_id} の text が空です", line, post_id)
    meta = {k: v for k, v in obj.items() if k not in ("id", "text")}
    return Post(post_id, text, source, line, meta)


def _read_jsonl(path: Path, source: str, encoding: str) -> Iterator[Item]:
    n = 0
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if len(raw) > MAX_QUEUE_LINE_BYTES:
                n += 1
                yield Failure(source, f"行が長すぎます({len(raw):,} バイト、上限 {MAX_QUEUE_LINE_BYTES:,})", lineno)
                continue
            if not raw.strip():
                continue
            n += 1
            line = _decode(raw, source, encoding)
            if isinstance(line, Failure):
                line.line = lineno
                yield line
                continue
            try:
                obj = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                msg = getattr(exc, "msg", "入れ子が深すぎます")
                yield Failure(source, f"JSON として読めません: {msg}", lineno)
                continue
            yield _post_from(obj, source, lineno, n)


def _read_json(text: str, source: str) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Failure(source, f"JSON として読めません: {exc.msg}", exc.lineno)
        return
    except RecursionError:
        yield Failure(source, "JSON の入れ子が深すぎます")
        return
    if isinstance(data, dict) and isinstance(data.get("posts"), list):
        data = data["posts"]
    if not isinstance(data, list):
        yield Failure(source, "JSON キューは投稿の配列(または {\"posts\": [...]})で書いてください")
        return
    lines = _json_item_lines(text, len(data))
    for n, obj in enumerate(data, 1):
        yield _post_from(obj, source, lines[n - 1] if lines else None, n)


def _json_item_lines(text: str, count: int) -> list[int] | None:
    """Line numbers of the top-level array items (best effort, for messages)."""
    decoder = json.JSONDecoder()
    start = text.find("[")
    if start < 0:
        return None
    if text.lstrip().startswith("{"):
        key = text.find('"posts"')
        start = text.find("[", key) if key >= 0 else -1
        if start < 0:
            return None
    lines = []
    i = start + 1
    n = len(text)
    try:
        while len(lines) < count:
            while i < n and text[i] in " \t\r\n,":
                i += 1
            lines.append(text.count("\n", 0, i) + 1)
            _, i = decoder.raw_decode(text, i)
    except (json.JSONDecodeError, RecursionError):
        return None
    return lines


def _queue_loader():
    """Safe loader that refuses aliases, so no 'billion laughs' expansion can happen
    (built on first use: YAML is imported only for YAML queues)."""
    import yaml

    class QueueLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):  # type: ignore[override]
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, "キューでは YAML のエイリアス(*name)は使えません", event.start_mark
                )
            return super().compose_node(parent, index)

    return yaml, QueueLoader


def _read_yaml(text: str, source: str) -> Iterator[Item]:
    yaml, _QueueLoader = _queue_loader()
    try:
        root = yaml.compose(text, Loader=_QueueLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        yield Failure(source, f"YAML として読めません: {problem}", mark.line + 1 if mark else None)
        return
    if isinstance(root, yaml.MappingNode):
        posts = [v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "posts"]
        root = posts[0] if posts else root
    if not isinstance(root, yaml.SequenceNode):
        yield Failure(source, "YAML キューは投稿のリスト(または posts: のリスト)で書いてください")
        return
    loader = _QueueLoader("")
    for n, node in enumerate(root.value, 1):
        line = node.start_mark.line + 1
        try:
            obj = loader.construct_document(node)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            yield Failure(source, f"YAML として読めません: {problem}", line)
            continue
        yield _post_from(obj, source, line, n)


def _read_csv(text: str, source: str) -> Iterator[Item]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield Failure(source, "CSV キューの見出し行に text 列が必要です", 1)
        return
    n = 0
    line = reader.line_num + 1
    try:
        for row in reader:
            n += 1
            obj = {k: v for k, v in row.items() if k is not None and v not in (None, "")}
            if "attachments" in obj:
                obj["attachments"] = [a.strip() for a in obj["attachments"].split(";") if a.strip()]
            if "text" not in obj:
                obj["text"] = row.get("text") or ""
            yield _post_from(obj, source, line, n)
            line = reader.line_num + 1
    except csv.Error as exc:
        yield Failure(source, f"CSV として読めません: {exc}", reader.line_num)
