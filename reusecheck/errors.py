"""One root exception. The CLI turns any of them into a short message and exit code 2."""

from __future__ import annotations


class ReusecheckError(Exception):
    """Any error about the user's input: a file, a rule pack, a permission ledger or an option."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 key: str | None = None, option: str | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.key = key
        self.option = option
        """The API parameter that would change the outcome (e.g. `max_bytes`); the CLI names its flag."""
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line is not None:
            where += f":{self.line}"
        prefix = f"{where}: " if where else ""
        key = f"{self.key}: " if self.key else ""
        return f"{prefix}{key}{self.message}"


class InputError(ReusecheckError):
    """A candidate or original that cannot be read as a document."""


class EmptyDocumentError(InputError):
    """A file with no article text: empty, or front matter only (a site's section page, say)."""


class RuleFileError(ReusecheckError):
    """A rule pack that is malformed or does not validate."""


class PermissionFileError(ReusecheckError):
    """A permission ledger that is malformed."""


class UsageError(ReusecheckError):
    """A combination of options that cannot work."""
