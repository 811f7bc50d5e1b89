"""The records every output format renders: posts, findings, citations."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Citation:
    policy: str  # document id
    clause: str  # clause id
    title: str  # clause title as written in the document
    policy_title: str  # document title, for human output


@dataclass(slots=True)
class Finding:
    rule: str
    category: str
    severity: str
    message: str
    advice: str
    start: int  # offsets into the post's original text
    end: int
    line: int  # 1-based, within the post
    column: int  # 1-based, in code points
    text: str  # == original[start:end]
    citations: tuple[Citation, ...] = ()
    suggestion: str | None = None

    def to_dict(self, line_offset: int = 0) -> dict:
        out = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "advice": self.advice,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "citations": [{"policy": c.policy, "clause": c.clause, "title": c.title} for c in self.citations],
        }
        if self.suggestion:
            out["suggestion"] = self.suggestion
        return out


@dataclass(slots=True)
class Post:
    id: str
    text: str
    source: str  # the file as given on the command line, or "-"
    line: int | None = None  # line of the queue file the post starts on
    meta: dict = field(default_factory=dict)


@dataclass(slots=True)
class PostResult:
    post: Post
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict:
        out = {"id": self.post.id, "source": self.post.source}
        if self.post.line is not None:
            out["line"] = self.post.line
        if self.error is not None:
            out["error"] = self.error
        out["findings"] = [f.to_dict() for f in self.findings]
        return out
