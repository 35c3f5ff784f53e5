"""What an unreadable resume's error says to people who do not read English.

The parser (``webapp/analysis/resume``) explains each refusal in English with the
details it found (the type it saw, the size); for another interface language the
reason is given by its stable code, translated, without those details.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..analysis.resume import errors

BY_CODE = {
    errors.EMPTY_FILE: _l("The file is empty. Upload your resume as a PDF or a Word (.docx) file."),
    errors.TOO_LARGE: _l("The file is too large for a resume. Upload a smaller PDF or Word (.docx) file."),
    errors.UNSUPPORTED_TYPE: _l("This file is not a PDF or a Word document. Upload your resume as a PDF or a Word (.docx) file."),
    errors.LEGACY_DOC: _l("Old Word (.doc) files cannot be read. Save the resume as .docx or PDF and upload that."),
    errors.CORRUPT: _l("The file is damaged and cannot be read. Upload another copy."),
    errors.TRUNCATED: _l("The file is incomplete, perhaps an interrupted download or upload. Upload the complete file."),
    errors.ENCRYPTED: _l("The file is protected with a password. Upload a copy without a password."),
    errors.ZIP_BOMB: _l("The file unpacks to far more data than a resume holds, so it was not opened. Upload another copy."),
    errors.COMPRESSION_BOMB: _l("The file unpacks to far more data than a resume holds, so it was not opened. Upload another copy."),
    errors.TOO_COMPLEX: _l("The file is too complex to read safely. Save it again as a simpler PDF or Word file."),
    errors.TOO_MANY_PAGES: _l("The document has too many pages for a resume."),
    errors.SCANNED: _l("No text found: scanned document. Upload a PDF with selectable text or a Word file."),
    errors.NO_TEXT: _l("No text found in the document. Upload a PDF with selectable text or a Word file."),
    errors.UNREADABLE_TEXT: _l("The text in the file cannot be read. Upload a Word file or another PDF."),
}


def error_text(code: str | None, message: str | None) -> str:
    """The parser's own message in English; the translated reason for its code otherwise."""
    locale = get_locale()
    if code in BY_CODE and locale is not None and locale.language != "en":
        return str(BY_CODE[code])
    return message or ""
