"""Decide what an upload is from its bytes, never from its name or declared type.

A DOCX is a ZIP archive, so before any XML parser touches it the archive's
declared sizes, compression ratios and the bytes it really inflates to are
checked: a few hundred kilobytes can otherwise expand to gigabytes.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Literal

from .errors import (
    CORRUPT,
    EMPTY_FILE,
    ENCRYPTED,
    LEGACY_DOC,
    TOO_LARGE,
    UNSUPPORTED_TYPE,
    ZIP_BOMB,
    ResumeError,
)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_COMPRESSION_RATIO = 100  # XML in real documents compresses 5-30x
RATIO_CHECK_MIN_BYTES = 1024 * 1024  # tiny parts may compress far better; they cannot hurt

DOCX_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
IMAGE_MAGICS = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
}
UPLOAD_HINT = "Upload your resume as a PDF or a Word (.docx) file."

DocumentKind = Literal["pdf", "docx"]


def sniff_document(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES,
) -> DocumentKind:
    """Return "pdf" or "docx", or raise ResumeError saying why the file cannot be read."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise ResumeError(EMPTY_FILE, f"The file is empty. {UPLOAD_HINT}")
    if size > max_bytes:
        raise ResumeError(
            TOO_LARGE,
            f"The file is {_mb(size)}, larger than the {_mb(max_bytes)} allowed. "
            "Export a smaller PDF (without large images) or a DOCX.",
        )
    with path.open("rb") as fh:
        head = fh.read(2048)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(ZIP_MAGICS):
        check_docx_archive(path, max_unzipped_bytes=max_unzipped_bytes)
        return "docx"
    if head.startswith(OLE_MAGIC):
        _raise_for_ole(path)
    raise ResumeError(UNSUPPORTED_TYPE, f"This file is {_describe(head)}, not a PDF or Word document. {UPLOAD_HINT}")


def check_docx_archive(path: Path, *, max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES) -> None:
    """Raise unless ``path`` is a safe-to-open Word document archive."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {info.filename for info in infos}
            if "word/document.xml" not in names:
                what = "an OpenDocument file" if "content.xml" in names else "a ZIP archive"
                raise ResumeError(
                    UNSUPPORTED_TYPE,
                    f"This file is {what}, not a Word document (there is no word/document.xml). {UPLOAD_HINT}",
                )
            _check_declared_sizes(infos, max_unzipped_bytes)
            _check_inflated_sizes(zf, infos, max_unzipped_bytes)
            if "[Content_Types].xml" in names:
                content_types = zf.read("[Content_Types].xml")
                if DOCX_MAIN_TYPE.encode() not in content_types:
                    raise ResumeError(
                        UNSUPPORTED_TYPE,
                        "This Word file is a macro-enabled or template document, not a plain .docx. "
                        "Save it as a Word document (.docx) or a PDF.",
                    )
    except ResumeError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise ResumeError(
            CORRUPT,
            f"The Word file is damaged or incomplete ({exc}). Save it again from your editor and re-upload it.",
        ) from exc


def _check_declared_sizes(infos: list[zipfile.ZipInfo], limit: int) -> None:
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ResumeError(
            ZIP_BOMB, f"The Word file holds {len(infos)} parts; a document has far fewer. It was rejected as unsafe."
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ResumeError(
                ENCRYPTED, "The Word file is password-protected. Remove the password and upload it again."
            )
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise ResumeError(
                ZIP_BOMB,
                f"The Word file's part {info.filename} expands {ratio:.0f} times (to {_mb(info.file_size)}); "
                "a real document does not. It was rejected as unsafe.",
            )
    if total > limit:
        raise ResumeError(
            ZIP_BOMB,
            f"The Word file expands to {_mb(total)}, more than the {_mb(limit)} allowed. It was rejected as unsafe.",
        )


def _check_inflated_sizes(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limit: int) -> None:
    """Inflate every part with a running cap: the sizes declared in the archive may lie."""
    total = 0
    for info in infos:
        with zf.open(info) as member:
            while chunk := member.read(64 * 1024):
                total += len(chunk)
                if total > limit:
                    raise ResumeError(
                        ZIP_BOMB,
                        f"The Word file expands past the {_mb(limit)} allowed. It was rejected as unsafe.",
                    )


def _raise_for_ole(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(256 * 1024)
    if "EncryptedPackage".encode("utf-16-le") in head:
        raise ResumeError(ENCRYPTED, "The Word file is password-protected. Remove the password and upload it again.")
    raise ResumeError(
        LEGACY_DOC,
        "This is an old-format Word file (.doc). Open it in Word or LibreOffice, save it as .docx or PDF, "
        "and upload that.",
    )


def _describe(head: bytes) -> str:
    for magic, what in IMAGE_MAGICS.items():
        if head.startswith(magic):
            return what + " (a photo or scan of a resume has no text to read)"
    if head.lstrip().startswith((b"{\\rtf", b"{\\*")):
        return "an RTF document"
    if head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "a web page"
    text = head.decode("utf-8", errors="replace")
    printable = sum((ch.isprintable() and ch != "\ufffd") or ch in "\r\n\t" for ch in text)
    return "plain text" if printable >= 0.95 * len(text) else "of an unknown type"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"
