"""The one exception type a person is meant to see.

A :class:`TendError` carries a single line that says what went wrong, which
file, and what to do. The command line prints it as ``tend: <line>`` and exits
with :attr:`TendError.exit_code`; the app shows it in a dialog. Anything that
is not a ``TendError`` is a bug in tend, not a mistake of the person using it.
"""

from __future__ import annotations


class TendError(Exception):
    """A problem a person can act on, described in one line."""

    exit_code: int = 2

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        one_line = " ".join(str(message).split())
        super().__init__(one_line)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self)


class ContentError(TendError):
    """A lesson, series or rule file that cannot be used as it is."""


class StorageError(TendError):
    """The journal or progress file could not be read or written safely."""

    exit_code = 1
