"""One base class for every error claimtrack reports to a user, carrying its exit code.

Each layer's errors subclass ``ClaimtrackError``; the command line turns any of them into one line on
stderr and exits with the error's code. The codes are documented in the README.
"""

from __future__ import annotations

EXIT_USER = 1  # a user error: bad input, a name that names nothing, a refused query
EXIT_USAGE = 2  # click's own usage errors
EXIT_SOME_FAILED = 3  # some inputs were unreadable or some documents failed; the rest was done
EXIT_INTERRUPTED = 130  # Ctrl-C or SIGTERM (128 + SIGINT, as shells report it): what was stored is whole


class ClaimtrackError(Exception):
    """An error meant for the user: ``str(error)`` is the whole message (one line), ``exit_code`` the exit code."""

    exit_code = EXIT_USER

    def __init__(self, message: str = "", *, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
