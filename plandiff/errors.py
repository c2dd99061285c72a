"""The errors plandiff raises; only `cli.main` turns them into exit status 2."""

from enum import IntEnum


class PlandiffError(Exception):
    """Something the user can act on; the message is one line, naming the input."""


class InputError(PlandiffError):
    """A path that cannot be read: missing, a directory, no permission."""


class DecodeError(PlandiffError):
    """Bytes that are not text in any encoding plandiff knows."""


class PinsError(PlandiffError):
    """A pins sidecar file that is missing, malformed or names unknown lines."""


class ExitStatus(IntEnum):
    """diff(1) exit codes: the one place they are defined."""

    SAME = 0
    DIFFERENT = 1
    TROUBLE = 2
