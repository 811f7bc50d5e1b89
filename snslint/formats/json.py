"""``json`` (one object for the whole run) and ``jsonl`` (one post per line).

json: {"snslint": VERSION, "posts": [{"id", "source", "findings": [...]}, ...], "summary": {...}}
The object is written incrementally, so memory does not grow with the queue.
"""

from __future__ import annotations

import json

from snslint import __version__
from snslint.findings import PostResult


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class JsonWriter:
    def __init__(self, stream) -> None:
        self.stream = stream
        self.count = 0

    def begin(self) -> None:
        self.stream.write('{"snslint":%s,"posts":[' % _dumps(__version__))

    def post(self, result: PostResult) -> None:
        self.stream.write(("," if self.count else "") + "\n" + _dumps(result.to_dict()))
        self.count += 1

    def end(self, summary: dict) -> None:
        self.stream.write('\n],"summary":%s}\n' % _dumps(summary))
        self.stream.flush()


class JsonLinesWriter:
    def __init__(self, stream) -> None:
        self.stream = stream

    def begin(self) -> None:
        pass

    def post(self, result: PostResult) -> None:
        self.stream.write(_dumps(result.to_dict()) + "\n")
        self.stream.flush()

    def end(self, summary: dict) -> None:
        pass
