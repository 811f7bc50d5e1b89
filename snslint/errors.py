"""Errors that end up as one-line messages for the user (never tracebacks)."""

from __future__ import annotations


class SnslintError(Exception):
    """Base class: ``str(error)`` is the whole message shown to the user."""


class SpecError(SnslintError):
    """A field of a rule, lexicon or policy spec is wrong. ``where`` is a field path."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where} {message}")
        self.where = where
        self.message = message


class PackError(SnslintError):
    """A rule pack, policy or config file cannot be used; names the file (and rule)."""

    def __init__(self, path: str, message: str, rule: str | None = None) -> None:
        where = f"{path}: ルール {rule}: " if rule else f"{path}: "
        super().__init__(where + message)
        self.path = path
        self.rule = rule


class InputError(SnslintError):
    """An input draft or queue entry cannot be read; names the file (and line)."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        where = f"{source}:{line}: " if line else f"{source}: "
        super().__init__(where + message)
        self.source = source
        self.line = line
        self.message = message
