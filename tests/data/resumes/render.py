"""Drawing helpers for the resume fixtures: reportlab PDFs and python-docx documents.

Only used to (re)make committed test files; not imported by the application.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

WQY_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
if WQY_PATH.exists():
    pdfmetrics.registerFont(TTFont("WQY", str(WQY_PATH), subfontIndex=0))
    WQY = "WQY"
else:  # the WenQuanYi font comes from Debian's fonts-wqy-microhei; fall back to the built-in CID font
    print("fonts-wqy-microhei not installed: using STSong-Light instead")
    WQY = "STSong-Light"

FONTS = {
    "helvetica": ("Helvetica", "Helvetica-Bold"),
    "times": ("Times-Roman", "Times-Bold"),
    "stsong": ("STSong-Light", "STSong-Light"),
    "wqy": (WQY, WQY),
}


def wrap(text: str, width: float, font: str, size: float) -> list[str]:
    """Greedy wrap by measured width; CJK text breaks between any two characters."""
    lines: list[str] = []
    current = ""
    tokens = []
    word = ""
    for ch in text:
        if ch == " " or ord(ch) > 0x2E80:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        else:
            word += ch
    if word:
        tokens.append(word)
    for token in tokens:
        trial = current + token
        if current and pdfmetrics.stringWidth(trial.rstrip(), font, size) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current = trial
    if current.strip():
        lines.append(current.rstrip())
    return lines


class PdfDoc:
    def __init__(self, path: Path, fonts: str = "helvetica", pages_total: int = 1) -> None:
        self.canvas = canvas.Canvas(str(path), pagesize=A4, invariant=1)
        self.canvas.setTitle(path.stem)
        self.width, self.height = A4
        self.regular, self.bold = FONTS[fonts]
        self.page = 1
        self.pages_total = pages_total

    def column(self, x: float, width: float, top: float | None = None, bottom: float = 60) -> Column:
        return Column(self, x, width, self.height - 50 if top is None else top, bottom)

    def new_page(self) -> None:
        self._footer()
        self.canvas.showPage()
        self.page += 1

    def _footer(self) -> None:
        if self.pages_total > 1:
            self.canvas.setFont(self.regular, 8)
            self.canvas.drawCentredString(self.width / 2, 30, f"Page {self.page} of {self.pages_total}")

    def save(self) -> None:
        self._footer()
        self.canvas.save()


class Column:
    def __init__(self, doc: PdfDoc, x: float, width: float, top: float, bottom: float) -> None:
        self.doc, self.x, self.width, self.top, self.bottom = doc, x, width, top, bottom
        self.y = top

    def _ensure(self, height: float) -> None:
        if self.y - height < self.bottom:
            self.doc.new_page()
            self.y = self.top

    def _font(self, bold: bool) -> str:
        return self.doc.bold if bold else self.doc.regular

    def text(self, s: str, size: float = 10, bold: bool = False, align: str = "left", indent: float = 0,
             leading: float = 1.45) -> None:  # fmt: skip
        font = self._font(bold)
        for piece in wrap(s, self.width - indent, font, size):
            self._ensure(size * leading)
            self.y -= size * leading
            c = self.doc.canvas
            c.setFont(font, size)
            if align == "center":
                c.drawCentredString(self.x + self.width / 2, self.y, piece)
            elif align == "right":
                c.drawRightString(self.x + self.width, self.y, piece)
            else:
                c.drawString(self.x + indent, self.y, piece)

    def row(self, left: str, right: str, size: float = 10, bold_left: bool = True) -> None:
        self._ensure(size * 1.45)
        self.y -= size * 1.45
        c = self.doc.canvas
        c.setFont(self._font(bold_left), size)
        c.drawString(self.x, self.y, left)
        c.setFont(self._font(False), size)
        c.drawRightString(self.x + self.width, self.y, right)

    def cells(self, texts: list[str], size: float = 10) -> None:
        """A row of a borderless grid, as skill tables are drawn."""
        self._ensure(size * 1.45)
        self.y -= size * 1.45
        c = self.doc.canvas
        c.setFont(self._font(False), size)
        for i, text in enumerate(texts):
            c.drawString(self.x + i * self.width / 3, self.y, text)

    def spaced(self, s: str, size: float, char_space: float) -> None:
        """A line drawn letter-spaced, as Chinese templates set names and headings."""
        self._ensure(size * 1.45)
        self.y -= size * 1.45
        text = self.doc.canvas.beginText(self.x, self.y)
        text.setFont(self._font(True), size)
        text.setCharSpace(char_space)
        text.textOut(s)
        text.setCharSpace(0)  # character spacing is graphics state: it would carry on to later text
        self.doc.canvas.drawText(text)

    def heading(self, s: str, size: float = 13, rule: bool = True, gap: float = 8, char_space: float = 0) -> None:
        self._ensure(size * 2 + gap + 20)
        self.y -= gap
        if char_space:
            self.spaced(s, size, char_space)
        else:
            self.text(s, size=size, bold=True)
        if rule:
            self.doc.canvas.setLineWidth(0.5)
            self.doc.canvas.line(self.x, self.y - 3, self.x + self.width, self.y - 3)
            self.y -= 3

    def bullet(self, s: str, size: float = 10, marker: str = "•") -> None:
        font = self._font(False)
        pieces = wrap(s, self.width - 12, font, size)
        for i, piece in enumerate(pieces):
            self._ensure(size * 1.45)
            self.y -= size * 1.45
            c = self.doc.canvas
            c.setFont(font, size)
            if i == 0 and marker:
                c.drawString(self.x + 2, self.y, marker)
            c.drawString(self.x + 12, self.y, piece)

    def space(self, h: float = 6) -> None:
        self.y -= h


# ---------------------------------------------------------------- DOCX

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def new_docx() -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    return doc


def tab_line(doc: Document, left: str, right: str, bold_left: bool = True) -> None:
    """ "Company<TAB>dates" with a right tab stop, as Word templates do."""
    p = doc.add_paragraph()
    p.paragraph_format.tab_stops.add_tab_stop(Pt(430), WD_TAB_ALIGNMENT.RIGHT)
    p.add_run(left).bold = bold_left
    p.add_run("\t" + right)


def add_text_box(paragraph, lines: list[str]) -> None:
    """Anchor a floating text box to ``paragraph``: DrawingML with a VML fallback, as Word saves it."""
    inner = "".join(f'<w:p><w:r><w:t xml:space="preserve">{_esc(t)}</w:t></w:r></w:p>' for t in lines)
    xml = f"""
<w:r xmlns:w="{W_NS}"
     xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
     xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps">
      <w:drawing>
        <wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1"
                   behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
          <wp:simplePos x="0" y="0"/>
          <wp:positionH relativeFrom="margin"><wp:posOffset>3800000</wp:posOffset></wp:positionH>
          <wp:positionV relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionV>
          <wp:extent cx="2000000" cy="900000"/>
          <wp:wrapSquare wrapText="bothSides"/>
          <wp:docPr id="1" name="Contact box"/>
          <a:graphic>
            <a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
              <wps:wsp>
                <wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="900000"/></a:xfrm>
                  <a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
                <wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>
                <wps:bodyPr/>
              </wps:wsp>
            </a:graphicData>
          </a:graphic>
        </wp:anchor>
      </w:drawing>
    </mc:Choice>
    <mc:Fallback>
      <w:pict><v:shape style="position:absolute;width:160pt;height:70pt">
        <v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox>
      </v:shape></w:pict>
    </mc:Fallback>
  </mc:AlternateContent>
</w:r>"""
    paragraph._p.append(parse_xml(xml))


def wrap_in_content_control(paragraphs: list, tag: str) -> None:
    """Move consecutive body paragraphs into a block-level content control (w:sdt)."""
    first = paragraphs[0]._p
    sdt = parse_xml(f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr><w:tag w:val="{tag}"/></w:sdtPr><w:sdtContent/></w:sdt>')
    first.addprevious(sdt)
    content = sdt.find(qn("w:sdtContent"))
    for p in paragraphs:
        content.append(p._p)


def bullet(doc: Document, text: str) -> None:
    doc.add_paragraph(text, style="List Bullet")


def cell_lines(cell, lines: list[tuple[str, bool]]) -> None:
    """Fill a table cell with paragraphs (text, bold)."""
    first = True
    for text, bold in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.add_run(text).bold = bold


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def save_docx(doc: Document, path: Path) -> None:
    """Save with fixed core properties and ZIP timestamps, so regenerating gives the same bytes."""
    props = doc.core_properties
    props.created = props.modified = datetime.datetime(2024, 1, 1)
    props.last_modified_by = props.author = "fixture"
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0)), src.read(info),
                         compress_type=zipfile.ZIP_DEFLATED)  # fmt: skip
