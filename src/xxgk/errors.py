"""The errors a user can cause. Each carries one line for people; the CLI prints it and exits 2."""

from __future__ import annotations

from pathlib import PurePath


class XxgkError(Exception):
    """A problem with the user's input, told in one line: ``reason`` says what is wrong, ``path`` names the file
    it is wrong with (when there is one), and ``message`` is the line people read, "path: reason"."""

    def __init__(self, reason: str, path: str | PurePath | None = None):
        self.reason = reason
        self.path = None if path is None else str(path)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.reason if self.path is None else f"{self.path}: {self.reason}"

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        return type(self), (self.reason, self.path)

    def at(self, path: str | PurePath) -> "XxgkError":
        """The same error about the file named ``path`` (a copy read in its place, a shorter name)."""
        return type(self)(self.reason, path=path)


class ReadError(XxgkError):
    """A file that cannot be read as a report: unknown kind, empty, damaged, too large, no text layer."""


class TemplateError(XxgkError):
    """A document whose tables match no known national format."""


class InputError(XxgkError):
    """A wrong option or argument."""
