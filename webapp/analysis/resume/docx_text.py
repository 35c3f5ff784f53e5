"""Text lines of a DOCX in document order, including tables, headers, footers and text boxes.

python-docx opens the package; the text itself is read by walking the XML,
because ``Paragraph.text`` skips runs inside content controls and tracked
insertions, and ``Document.iter_inner_content()`` skips block content controls
(``w:sdt``), which resume templates use a lot. Text boxes (``w:txbxContent``)
are read where they are anchored; Word stores each one twice (DrawingML and a
VML fallback), so ``mc:Fallback`` is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError

from .errors import CORRUPT, ResumeError
from .model import Line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"

_SKIP = {MC + "Fallback", W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "pPr", W + "rPr"}
_BREAK_TAGS = {W + "br", W + "cr"}
_TAB_TAGS = {W + "tab", W + "ptab"}


class _Walker:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.page = 1

    def block(self, element, region: str, column: int) -> None:
        for child in element:
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child, region, column)
            elif tag == W + "tbl":
                self.table(child, column)
            elif tag in (W + "sdt", W + "customXml", W + "sdtContent"):
                content = child.find(W + "sdtContent") if tag == W + "sdt" else child
                if content is not None:
                    self.block(content, region, column)

    def table(self, tbl, column: int) -> None:
        for tr in tbl.iter(W + "tr"):
            if _ancestor_table(tr) is not tbl:
                continue  # rows of a nested table are read with their cell
            for index, tc in enumerate(tr.findall(W + "tc")):
                if _continues_vertical_merge(tc):
                    continue
                self.block(tc, "table", index if column == 0 else column)

    def paragraph(self, p, region: str, column: int) -> None:
        if region in ("body", "table"):
            self.page += _page_breaks(p)
        text = "".join(_text(p))
        if _is_list_item(p) and text.strip():
            text = "• " + text.lstrip()  # Word draws the bullet from the numbering definition
        size, bold = _font(p)
        for piece in text.split("\n"):
            piece = piece.replace("\t", "  ").replace("\u3000", "  ").replace("\xa0", " ").strip()
            if piece:
                self.lines.append(
                    Line(text=piece, number=0, page=self.page, column=column, region=region, size=size, bold=bold)
                )
        for box in _text_boxes(p):
            self.block(box, "textbox", column)


def extract_docx(path: Path) -> list[Line]:
    """Lines of the document, numbered from 1: headers, then the body, then footers."""
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise ResumeError(
            CORRUPT,
            "The Word file is damaged and cannot be read. Save it again from your editor and re-upload it.",
        ) from exc
    except Exception as exc:  # lxml raises XMLSyntaxError on broken XML
        raise ResumeError(CORRUPT, f"The Word file's content cannot be read ({type(exc).__name__}).") from exc
    parts = list(document.part.package.iter_parts())
    headers = sorted((p for p in parts if p.content_type == HEADER_TYPE), key=lambda p: str(p.partname))
    footers = sorted((p for p in parts if p.content_type == FOOTER_TYPE), key=lambda p: str(p.partname))
    walker = _Walker()
    seen: set[str] = set()
    for part in headers:
        _read_part(walker, part.element, "header", seen)
    walker.block(document.element.body, "body", 0)
    for part in footers:
        _read_part(walker, part.element, "footer", seen)
    return [
        Line(text=l.text, number=i, page=l.page, column=l.column, region=l.region, size=l.size, bold=l.bold)
        for i, l in enumerate(walker.lines, start=1)
    ]


def _read_part(walker: _Walker, element, region: str, seen: set[str]) -> None:
    """Headers repeat per section (first page, even pages): read each distinct text once."""
    before = len(walker.lines)
    walker.block(element, region, 0)
    fresh = []
    for line in walker.lines[before:]:
        if line.text not in seen:
            seen.add(line.text)
            fresh.append(line)
    walker.lines[before:] = fresh


def _text(element) -> Iterator[str]:
    for child in element:
        tag = child.tag
        if tag == W + "t":
            yield child.text or ""
        elif tag in _TAB_TAGS:
            yield "\t"
        elif tag in _BREAK_TAGS:
            yield "\n"
        elif tag == W + "noBreakHyphen":
            yield "-"
        elif tag == W + "txbxContent" or tag in _SKIP:
            continue
        else:
            yield from _text(child)


def _text_boxes(element) -> Iterator[object]:
    for child in element:
        if child.tag == W + "txbxContent":
            yield child
        elif child.tag != MC + "Fallback":
            yield from _text_boxes(child)


def _font(p) -> tuple[float, bool]:
    style = p.find(f"{W}pPr/{W}pStyle")
    style_id = (style.get(W + "val") or "") if style is not None else ""
    heading = style_id.lower().startswith(("heading", "title"))
    runs = [r for r in p.iter(W + "r") if "".join(t.text or "" for t in r.findall(W + "t")).strip()]
    sizes = [int(s.get(W + "val")) / 2 for s in p.iter(W + "sz") if (s.get(W + "val") or "").isdigit()]
    bold_runs = sum(1 for r in runs if _run_bold(r))
    return (max(sizes) if sizes else 0.0), heading or (bool(runs) and bold_runs == len(runs))


def _is_list_item(p) -> bool:
    if p.find(f"{W}pPr/{W}numPr") is not None:
        return True
    style = p.find(f"{W}pPr/{W}pStyle")
    return style is not None and (style.get(W + "val") or "").lower().startswith("list")


def _page_breaks(p) -> int:
    """Page breaks Word recorded when it last laid out the document, plus explicit ones."""
    rendered = sum(1 for _ in p.iter(W + "lastRenderedPageBreak"))
    explicit = sum(1 for br in p.iter(W + "br") if br.get(W + "type") == "page")
    return max(rendered, explicit)  # Word records an explicit break as rendered too


def _run_bold(run) -> bool:
    b = run.find(f"{W}rPr/{W}b")
    return b is not None and b.get(W + "val") not in ("0", "false", "off")


def _ancestor_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != W + "tbl":
        parent = parent.getparent()
    return parent


def _continues_vertical_merge(tc) -> bool:
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    return merge is not None and merge.get(W + "val") in (None, "continue")
