"""``text``: findings for people, with the match shown in its line and the clauses cited.

Colour only when writing to a terminal (rich decides; NO_COLOR is honoured).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from snslint.findings import Finding, PostResult
from snslint.text import LineIndex

SEVERITY_LABEL = {"error": "エラー", "warning": "警告", "info": "情報"}
SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
CONTEXT_CHARS = 30


class TextWriter:
    def __init__(self, stream, color: bool | None = None) -> None:
        self.console = Console(
            file=stream, highlight=False, soft_wrap=True, force_terminal=color, no_color=color is False,
            emoji=False,
        )
        self.color = self.console.is_terminal and not self.console.no_color

    def begin(self) -> None:
        pass

    def post(self, result: PostResult) -> None:
        post = result.post
        name = post.source if post.id == post.source else f"{post.source} [{post.id}]"
        if post.line is not None and post.id != post.source:
            name = f"{post.source}:{post.line} [{post.id}]"
        if result.error is not None:
            self.console.print(Text.assemble((name, "bold"), ": ", ("読めません", "bold red"), f": {result.error}"))
            return
        if not result.findings:
            return
        self.console.print(Text(name, style="bold underline"))
        lines = LineIndex(post.text)
        for f in result.findings:
            self._finding(f, post.text, lines)
        self.console.print()

    def _finding(self, f: Finding, text: str, lines: LineIndex) -> None:
        c = self.console
        head = Text.assemble(
            (f"  {f.line}:{f.column}", "dim"), "  ",
            (SEVERITY_LABEL[f.severity], SEVERITY_STYLE[f.severity]), "  ",
            (f.message, "bold"), "  ", (f"[{f.rule}]", "dim"),
        )
        c.print(head)
        if f.start < f.end:
            self._snippet(f, text, lines)
        if f.suggestion:
            c.print(Text.assemble("    言い換え: ", (f.suggestion, "green")))
        c.print(Text.assemble("    対処: ", f.advice))
        by_document: dict[str, list[str]] = {}
        for cit in f.citations:  # one line per document
            by_document.setdefault(cit.policy_title, []).append(f"{cit.clause}「{cit.title}」")
        for title, clauses in by_document.items():
            c.print(Text.assemble(("    根拠: ", "dim"), (title, "italic"), " ", "、".join(clauses)))

    def _snippet(self, f: Finding, text: str, lines: LineIndex) -> None:
        c = self.console
        before, match, after = _context(text, f, lines)
        snippet = Text("    ")
        snippet.append(before)
        snippet.append(match, style="bold reverse red" if self.color else "")
        snippet.append(after)
        c.print(snippet)
        if not self.color:
            c.print(" " * (4 + cell_len(before)) + "^" * max(1, cell_len(match)))

    def end(self, summary: dict) -> None:
        sev = summary["by_severity"]
        parts = "、".join(f"{SEVERITY_LABEL[k]} {v}" for k, v in sev.items())
        line = f"{summary['posts']} 件の投稿を確認: 指摘 {summary['findings']} 件({parts})"
        if summary["errors"]:
            line += f"、読めなかった投稿 {summary['errors']} 件"
        style = "bold red" if sev.get("error") or summary["errors"] else "bold yellow" if sev.get("warning") else "bold green"
        self.console.print(Text(line, style=style))


def _context(text: str, f: Finding, lines: LineIndex) -> tuple[str, str, str]:
    line_start, line_end = lines.line_span(f.line, len(text))
    before = text[max(line_start, f.start - CONTEXT_CHARS):f.start]
    if f.start - CONTEXT_CHARS > line_start:
        before = "…" + before
    match_end = min(f.end, line_end) if f.end > f.start else f.end
    match = text[f.start:match_end].rstrip("\r\n")
    after = text[match_end:min(line_end, match_end + CONTEXT_CHARS)].rstrip("\r\n")
    if match_end + CONTEXT_CHARS < line_end:
        after += "…"
    return _clean(before), _clean(match), _clean(after)


def _clean(s: str) -> str:
    return "".join(" " if ord(c) < 32 or c == "\x7f" else c for c in s)
