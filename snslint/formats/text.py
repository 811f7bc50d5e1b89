"""``text``: findings for people, with the match shown in its line and the clauses cited.

Colour only when writing to a terminal (rich decides; NO_COLOR is honoured). When the
output is not a terminal, lines are written as rich would write them uncoloured, without
importing rich at all (a check on save should not pay for a terminal library); a line
rich would alter (tabs, control characters) still goes through rich.
"""

from __future__ import annotations

import os

from snslint.findings import Finding, PostResult
from snslint.text import LineIndex

SEVERITY_LABEL = {"error": "エラー", "warning": "警告", "info": "情報"}
SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
CONTEXT_CHARS = 30
_RICH_ALTERS = frozenset("\t\x07\x08\x0b\x0c\r")  # rich expands tabs and strips these

Part = str | tuple[str, str]  # plain text, or (text, style)


def _plain_output(stream, color: bool | None) -> bool:
    """Whether rich would write this stream uncoloured, as a non-terminal."""
    if color is not None:
        return color is False
    if "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ:
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return isatty is not None and not isatty()
    except (OSError, ValueError):
        return False


class TextWriter:
    def __init__(self, stream, color: bool | None = None) -> None:
        self.stream = stream
        self._color_option = color
        self._console = None
        self.plain = _plain_output(stream, color)
        self.color = False if self.plain else self.console.is_terminal and not self.console.no_color

    @property
    def console(self):
        if self._console is None:
            from rich.console import Console

            color = self._color_option
            self._console = Console(
                file=self.stream, highlight=False, soft_wrap=True, force_terminal=color, no_color=color is False,
                emoji=False,
            )
        return self._console

    def _print(self, *parts: Part) -> None:
        texts = [p if isinstance(p, str) else p[0] for p in parts]
        if self.plain and not any(c in _RICH_ALTERS for t in texts for c in t):
            self.stream.write("".join(texts) + "\n")
            return
        from rich.text import Text

        self.console.print(Text.assemble(*parts))

    def begin(self) -> None:
        pass

    def post(self, result: PostResult) -> None:
        post = result.post
        name = post.source if post.id == post.source else f"{post.source} [{post.id}]"
        if post.line is not None and post.id != post.source:
            name = f"{post.source}:{post.line} [{post.id}]"
        if result.error is not None:
            self._print((name, "bold"), ": ", ("読めません", "bold red"), f": {result.error}")
            return
        if not result.findings:
            return
        self._print((name, "bold underline"))
        lines = LineIndex(post.text)
        for f in result.findings:
            self._finding(f, post.text, lines)
        self._print()

    def _finding(self, f: Finding, text: str, lines: LineIndex) -> None:
        self._print(
            (f"  {f.line}:{f.column}", "dim"), "  ",
            (SEVERITY_LABEL[f.severity], SEVERITY_STYLE[f.severity]), "  ",
            (f.message, "bold"), "  ", (f"[{f.rule}]", "dim"),
        )
        if f.start < f.end:
            self._snippet(f, text, lines)
        if f.suggestion:
            self._print("    言い換え: ", (f.suggestion, "green"))
        self._print("    対処: ", f.advice)
        by_document: dict[str, list[str]] = {}
        for cit in f.citations:  # one line per document
            by_document.setdefault(cit.policy_title, []).append(f"{cit.clause}「{cit.title}」")
        for title, clauses in by_document.items():
            self._print(("    根拠: ", "dim"), (title, "italic"), " ", "、".join(clauses))

    def _snippet(self, f: Finding, text: str, lines: LineIndex) -> None:
        before, match, after = _context(text, f, lines)
        self._print("    ", before, (match, "bold reverse red" if self.color else ""), after)
        if not self.color:
            from rich.cells import cell_len  # display width of wide characters, as rich measures it

            self._print(" " * (4 + cell_len(before)) + "^" * max(1, cell_len(match)))

    def end(self, summary: dict) -> None:
        sev = summary["by_severity"]
        parts = "、".join(f"{SEVERITY_LABEL[k]} {v}" for k, v in sev.items())
        line = f"{summary['posts']} 件の投稿を確認: 指摘 {summary['findings']} 件({parts})"
        if summary["errors"]:
            line += f"、読めなかった投稿 {summary['errors']} 件"
        style = "bold red" if sev.get("error") or summary["errors"] else "bold yellow" if sev.get("warning") else "bold green"
        self._print((line, style))


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
