"""Output formats. Each is a writer with ``begin()``, ``post(result)`` and ``end(summary)``
that only renders records it is given: no format decides what is a finding.

Machine formats stream: a post is written as soon as it has been checked.
"""

from __future__ import annotations

from snslint.findings import PostResult
from snslint.packs import SEVERITIES

FORMATS = ("text", "json", "jsonl", "sarif", "github", "unix", "auto")


def resolve_format(name: str, environ) -> str:
    """``auto`` is GitHub annotations under GitHub Actions, text otherwise."""
    if name != "auto":
        return name
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def location(result: PostResult, finding) -> tuple[str, int, int | None]:
    """Where a finding is in the input file: the draft's line and column, or, for a queue
    post, the line of the queue file the post starts on (its column is not meaningful)."""
    post = result.post
    if post.line is None:
        return post.source, finding.line, finding.column
    return post.source, post.line, None


class Summary:
    """Counts kept while posts stream past, so no format has to hold every result."""

    def __init__(self) -> None:
        self.posts = 0
        self.posts_with_findings = 0
        self.errors = 0
        self.findings = 0
        self.by_severity = {s: 0 for s in reversed(SEVERITIES)}
        self.by_category: dict[str, int] = {}

    def add(self, result: PostResult) -> None:
        self.posts += 1
        if result.error is not None:
            self.errors += 1
        if result.findings:
            self.posts_with_findings += 1
        for f in result.findings:
            self.findings += 1
            self.by_severity[f.severity] += 1
            self.by_category[f.category] = self.by_category.get(f.category, 0) + 1

    def to_dict(self) -> dict:
        return {
            "posts": self.posts,
            "posts_with_findings": self.posts_with_findings,
            "errors": self.errors,
            "findings": self.findings,
            "by_severity": dict(self.by_severity),
            "by_category": dict(sorted(self.by_category.items())),
        }


def get_writer(name: str, stream, **kwargs):
    if name == "json":
        from snslint.formats.json import JsonWriter

        return JsonWriter(stream)
    if name == "jsonl":
        from snslint.formats.json import JsonLinesWriter

        return JsonLinesWriter(stream)
    if name == "text":
        from snslint.formats.text import TextWriter

        return TextWriter(stream, color=kwargs.get("color"))
    if name == "unix":
        from snslint.formats.lines import UnixWriter

        return UnixWriter(stream)
    if name == "github":
        from snslint.formats.lines import GithubWriter

        return GithubWriter(stream)
    if name == "sarif":
        from snslint.formats.sarif import SarifWriter

        return SarifWriter(stream, kwargs["linter"])
    raise ValueError(name)
