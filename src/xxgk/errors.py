"""The errors a user can cause. Each carries one line for people; the CLI prints it and exits 2."""


class XxgkError(Exception):
    """A problem with the user's input, told in one line."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ReadError(XxgkError):
    """A file that cannot be read as a report: unknown kind, empty, damaged, too large, no text layer."""


class TemplateError(XxgkError):
    """A document whose tables match no known national format."""


class InputError(XxgkError):
    """A wrong option or argument."""
