"""Errors a person can read when an uploaded resume cannot be parsed.

Each error has a stable ``code`` (the web layer maps it to a translated message
or an HTTP status) and an English ``message`` that says what is wrong and what
to do about it.
"""

from __future__ import annotations

EMPTY_FILE = "empty_file"
TOO_LARGE = "too_large"
UNSUPPORTED_TYPE = "unsupported_type"
LEGACY_DOC = "legacy_doc"
CORRUPT = "corrupt"
TRUNCATED = "truncated"
ENCRYPTED = "encrypted"
ZIP_BOMB = "zip_bomb"
COMPRESSION_BOMB = "compression_bomb"
TOO_COMPLEX = "too_complex"
TOO_MANY_PAGES = "too_many_pages"
SCANNED = "scanned"
NO_TEXT = "no_text"
UNREADABLE_TEXT = "unreadable_text"

CODES = (
    EMPTY_FILE,
    TOO_LARGE,
    UNSUPPORTED_TYPE,
    LEGACY_DOC,
    CORRUPT,
    TRUNCATED,
    ENCRYPTED,
    ZIP_BOMB,
    COMPRESSION_BOMB,
    TOO_COMPLEX,
    TOO_MANY_PAGES,
    SCANNED,
    NO_TEXT,
    UNREADABLE_TEXT,
)


class ResumeError(ValueError):
    """The file cannot be turned into a profile; ``message`` is shown to the uploader."""

    def __init__(self, code: str, message: str) -> None:
        if code not in CODES:
            raise ValueError(f"unknown resume error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}

    def __repr__(self) -> str:
        return f"ResumeError({self.code!r}, {self.message!r})"
