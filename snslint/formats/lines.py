"""Line-oriented formats for editors and CI logs.

unix:   path:line:col: severity: message [rule]      (Vim quickfix, Emacs compile mode)
github: ::error file=path,line=L,col=C,title=rule::message   (GitHub Actions annotations)

A queue post is reported at the line of the queue file it starts on, with its id.
"""

from __future__ import annotations

from snslint.findings import PostResult
from snslint.formats import location


def _label(result: PostResult) -> str:
    post = result.post
    return f"[{post.id}] " if post.line is not None else ""


def _one_line(s: str) -> str:
    return " ".join(s.split())


class _LineWriter:
    """Writes each post's lines as soon as it is checked; nothing before or after."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def begin(self) -> None:
        pass

    def end(self, summary: dict) -> None:
        pass


class UnixWriter(_LineWriter):
    def post(self, result: PostResult) -> None:
        if result.error is not None:
            line = result.post.line or 1
            self.stream.write(f"{result.post.source}:{line}:1: error: {_label(result)}{_one_line(result.error)} [input]\n")
        for f in result.findings:
            path, line, col = location(result, f)
            self.stream.write(
                f"{path}:{line}:{col or 1}: {f.severity}: {_label(result)}{_one_line(f.message)} [{f.rule}]\n"
            )
        self.stream.flush()


_GH_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


class GithubWriter(_LineWriter):
    def post(self, result: PostResult) -> None:
        if result.error is not None:
            line = result.post.line or 1
            self.stream.write(
                f"::error file={_gh_prop(result.post.source)},line={line},title=snslint::"
                f"{_gh_data(_label(result) + result.error)}\n"
            )
        for f in result.findings:
            path, line, col = location(result, f)
            props = f"file={_gh_prop(path)},line={line}" + (f",col={col}" if col else "")
            props += f",title={_gh_prop(f.rule)}"
            cites = " / ".join(f"{c.policy} {c.clause}「{c.title}」" for c in f.citations)
            body = f"{_label(result)}{f.message}\n対処: {f.advice}" + (f"\n根拠: {cites}" if cites else "")
            self.stream.write(f"::{_GH_LEVEL[f.severity]} {props}::{_gh_data(body)}\n")
        self.stream.flush()
