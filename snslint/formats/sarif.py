"""SARIF 2.1.0 for code scanning (GitHub and others).

The driver lists every enabled rule with its help text and cited clauses; each result
carries a physical location (file, line, column in code points) and the post id.
Posts that could not be read become tool execution notifications.
"""

from __future__ import annotations

import json
from pathlib import PurePath

from snslint import __version__
from snslint.findings import PostResult
from snslint.formats import location

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    return "stdin" if path == "-" else PurePath(path).as_posix()


class SarifWriter:
    def __init__(self, stream, linter) -> None:
        self.stream = stream
        self.rules = linter.rules
        self.index = {r.id: k for k, r in enumerate(self.rules)}
        self.results: list[dict] = []
        self.notifications: list[dict] = []

    def begin(self) -> None:
        pass

    def post(self, result: PostResult) -> None:
        post = result.post
        if result.error is not None:
            note = {"level": "error", "message": {"text": f"{post.id}: {result.error}"}}
            note["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": _uri(post.source)},
                                                       "region": {"startLine": post.line or 1}}}]
            self.notifications.append(note)
        for f in result.findings:
            path, line, col = location(result, f)
            region: dict = {"startLine": line}
            if col is not None:
                region["startColumn"] = col
                if f.end > f.start:
                    region["snippet"] = {"text": f.text}
            self.results.append({
                "ruleId": f.rule,
                "ruleIndex": self.index.get(f.rule, -1),
                "level": _LEVEL[f.severity],
                "message": {"text": f"{f.message}\n対処: {f.advice}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": region}}],
                "partialFingerprints": {"snslint/v1": f"{post.id}:{f.rule}:{f.start}:{f.end}"},
                "properties": {
                    "postId": post.id,
                    "category": f.category,
                    "offset": {"start": f.start, "end": f.end},
                    "citations": [{"policy": c.policy, "clause": c.clause, "title": c.title} for c in f.citations],
                },
            })

    def end(self, summary: dict) -> None:
        run = {
            "tool": {"driver": {
                "name": "snslint",
                "version": __version__,
                "informationUri": "https://github.com/snslint/snslint",
                "rules": [self._rule(r) for r in self.rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": self.results,
            "invocations": [{
                "executionSuccessful": not self.notifications,
                "toolExecutionNotifications": self.notifications,
            }],
            "properties": {"summary": summary},
        }
        json.dump({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, self.stream, ensure_ascii=False)
        self.stream.write("\n")
        self.stream.flush()

    @staticmethod
    def _rule(rule) -> dict:
        spec = rule.spec
        cites = [f"{c.policy_title} {c.clause}「{c.title}」" for c in rule.citations]
        help_text = f"{spec.advice}\n\n根拠:\n" + "\n".join(f"- {c}" for c in cites) if cites else spec.advice
        return {
            "id": spec.id,
            "name": spec.id.replace(".", "/"),
            "shortDescription": {"text": spec.message},
            "fullDescription": {"text": spec.message},
            "help": {"text": help_text, "markdown": help_text},
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
            "properties": {
                "category": spec.category,
                "tags": [spec.category, "snslint"],
                "citations": [{"policy": c.policy, "clause": c.clause, "title": c.title} for c in rule.citations],
            },
        }
