"""Text lines of a PDF in reading order, with pdfminer.six.

pdfminer finds the text lines and their positions; ``layout.order_page`` puts
them in reading order. Encrypted, truncated, scanned and oversized documents
are turned into ResumeErrors here, since only the PDF parser can tell.
"""

from __future__ import annotations

import itertools
import logging
import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTContainer, LTImage, LTPage, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1

from .errors import (
    COMPRESSION_BOMB,
    CORRUPT,
    ENCRYPTED,
    TOO_COMPLEX,
    TOO_MANY_PAGES,
    TRUNCATED,
    UNREADABLE_TEXT,
    ResumeError,
)
from .layout import Box, Row, order_page
from .text import CJK

logger = logging.getLogger(__name__)

PageCallback = Callable[[int, int], None]
MAX_OBJECTS = 50_000  # checking each costs ~0.1 ms; real resumes hold a few thousand

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?\d{1,3}\s*(?:/|of)\s*\d{1,3}$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$|^-\s*\d{1,3}\s*-$", re.I
)
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_CID = re.compile(r"\(cid:\d+\)")
_SPACED_CJK = re.compile(rf"(?<![{CJK}])[{CJK}](?: [{CJK}])+(?![{CJK}])")


class PdfText:
    """What the extraction found: rows per page, and how many images it saw."""

    def __init__(self) -> None:
        self.pages: list[list[Row]] = []
        self.images = 0


def extract_pdf(path: Path, *, max_pages: int, max_inflated_bytes: int, on_page: PageCallback | None = None) -> PdfText:
    _check_complete(path)
    result = PdfText()
    with path.open("rb") as fh:
        with _reading(path):
            document = _open(fh)
            total = _declared_pages(document)
            if total > max_pages:
                raise _too_many(total, max_pages)
            _check_inflated_streams(document, max_inflated_bytes)
            resources = PDFResourceManager(caching=True)
            device = PDFPageAggregator(resources, laparams=LAParams(all_texts=True))
            interpreter = PDFPageInterpreter(resources, device)
            pages = PDFPage.create_pages(document)
        for index in itertools.count():
            with _reading(path):
                page = next(pages, None)
                if page is None:
                    break
                if index >= max_pages:
                    raise _too_many(max(total, index + 1), max_pages)
                interpreter.process_page(page)
                layout = device.get_result()
            boxes = list(_boxes(layout, result))
            rows = [r for r in order_page(boxes, layout.width) if not _PAGE_NUMBER.match(r.text)]
            result.pages.append(rows)
            if on_page:
                on_page(index + 1, max(total, index + 1))
    if not result.pages:
        raise ResumeError(
            CORRUPT, "The PDF is damaged: it has no readable pages. Export it again from your editor and re-upload it."
        )
    _clean_glyphs(result)
    _join_spaced_cjk(result)
    return result


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """pdfminer raises many exception types on malformed input; each means a damaged file.

    Only pdfminer's calls are wrapped, so a bug in our own code is not reported as a damaged upload.
    """
    try:
        yield
    except ResumeError:
        raise
    except Exception as exc:
        logger.info("pdf_unreadable path=%s error=%r", path.name, exc)
        raise ResumeError(
            CORRUPT,
            "The PDF is damaged and cannot be read. Export it again from your editor and re-upload it.",
        ) from exc


def _clean_glyphs(result: PdfText) -> None:
    """Glyphs without a Unicode mapping come out as "(cid:127)".

    One at the start of a line is a bullet drawn from a symbol font; a page made
    mostly of them cannot be read at all.
    """
    rows = [r for page in result.pages for r in page]
    unmapped = sum(len(m) for r in rows for m in _CID.findall(r.text))
    if rows and unmapped > 0.3 * sum(len(r.text) for r in rows):
        raise ResumeError(
            UNREADABLE_TEXT,
            "The PDF's text cannot be decoded (its fonts carry no character map). Export it again, or upload a DOCX.",
        )
    for page in result.pages:
        for i, row in enumerate(page):
            if "(cid:" in row.text:
                text = _CID.sub("", re.sub(r"^\s*\(cid:\d+\)\s*", "• ", row.text)).strip()
                page[i] = Row(text=text, column=row.column, size=row.size, bold=row.bold)


def _join_spaced_cjk(result: PdfText) -> None:
    """Letter-spaced Chinese ("工 作 经 历", a name "张 伟") comes out with a space per gap; join it.

    Only runs of single characters are joined, so "北京大学 计算机科学" keeps its separators.
    """
    for page in result.pages:
        for i, row in enumerate(page):
            text = _SPACED_CJK.sub(lambda m: m.group(0).replace(" ", ""), row.text)
            if text != row.text:
                page[i] = Row(text=text, column=row.column, size=row.size, bold=row.bold)


def _check_inflated_streams(document: PDFDocument, limit: int) -> None:
    """Refuse a PDF whose compressed streams inflate past ``limit`` bytes, before pdfminer inflates them.

    Images are skipped: text extraction never decodes them, and a blank page-sized
    background image legitimately compresses a thousandfold.
    """
    objids = {objid for xref in document.xrefs for objid in xref.get_objids()}
    if len(objids) > MAX_OBJECTS:
        raise ResumeError(
            TOO_COMPLEX,
            f"The PDF holds {len(objids)} objects; a resume has a few thousand at most. Export a simpler PDF.",
        )
    total = 0
    for objid in objids:
        try:
            obj = document.getobj(objid)
        except Exception:  # damaged objects are reported when the pages are read
            continue
        if not isinstance(obj, PDFStream) or obj.rawdata is None:
            continue
        filters = obj.get_filters()
        if not filters or _name(filters[0][0]) not in ("FlateDecode", "Fl") or _name(obj.get("Subtype")) == "Image":
            continue
        data = obj.rawdata
        if obj.decipher:
            data = obj.decipher(obj.objid, obj.genno, data, obj.attrs)
        try:
            total += len(zlib.decompressobj().decompress(data, limit - total + 1))
        except zlib.error:
            continue
        if total > limit:
            raise ResumeError(
                COMPRESSION_BOMB,
                f"The PDF's compressed content expands past {limit // (1024 * 1024)} MB; a resume does not. "
                "It was rejected as unsafe.",
            )


def _name(value: object) -> str | None:
    return getattr(resolve1(value), "name", None)


def _check_complete(path: Path) -> None:
    """A PDF ends with %%EOF; a cut-off upload or download does not."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise ResumeError(
            TRUNCATED,
            "The PDF is incomplete: the file ends before the document does (an interrupted download or upload?). "
            "Upload the complete file.",
        )


def _open(fh) -> PDFDocument:
    try:
        return PDFDocument(PDFParser(fh), password="")
    except PDFPasswordIncorrect as exc:
        raise ResumeError(
            ENCRYPTED,
            "The PDF is protected by a password. Save a copy without the password and upload that.",
        ) from exc
    except PDFEncryptionError as exc:
        raise ResumeError(
            ENCRYPTED,
            "The PDF is encrypted in a way this service cannot open. Save a copy without protection and upload that.",
        ) from exc


def _declared_pages(document: PDFDocument) -> int:
    try:
        pages = resolve1(document.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else 0
        return int(count) if isinstance(count, int) else 0
    except Exception:  # a damaged page tree is caught again while reading pages
        return 0


def _too_many(pages: int, limit: int) -> ResumeError:
    return ResumeError(
        TOO_MANY_PAGES,
        f"The PDF has {pages} pages; a resume of at most {limit} pages is accepted.",
    )


def _boxes(layout: LTPage, result: PdfText) -> Iterator[Box]:
    for item in _walk(layout):
        if isinstance(item, LTImage):
            result.images += 1
        elif isinstance(item, LTTextLine):
            box = _box(item)
            if box is not None:
                yield box


def _walk(container: LTContainer) -> Iterator[object]:
    for item in container:
        if isinstance(item, (LTTextLine, LTImage)):
            yield item
        elif isinstance(item, LTContainer):
            yield from _walk(item)


def _box(line: LTTextLine) -> Box | None:
    text = line.get_text().strip()
    if not text:
        return None
    chars = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
    sizes = sorted(round(c.size, 1) for c in chars)
    size = sizes[len(sizes) // 2] if sizes else 0.0
    bold = bool(chars) and sum(1 for c in chars if _BOLD.search(c.fontname)) >= 0.8 * len(chars)
    return Box(text=text, x0=line.x0, x1=line.x1, y0=line.y0, y1=line.y1, size=size, bold=bold)
