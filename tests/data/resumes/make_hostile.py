"""Make the broken and hostile uploads in tests/data/resumes/hostile/.

    python tests/data/resumes/make_hostile.py

Each file stands for something people (or attackers) really upload: a scan, a
password-protected PDF, a cut-off download, a ZIP bomb renamed .docx, a text
file renamed .pdf, a PDF with thousands of pages, a resume whose dates column
reads "2001 1995". The generated files are committed.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from PIL import Image, ImageDraw  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.pdfencrypt import StandardEncryption  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

OUT = HERE / "hostile"
SHARED = HERE / "shared"


def simple_resume(c: canvas.Canvas, lines: list[str]) -> None:
    y = A4[1] - 72
    for text in lines:
        c.setFont("Helvetica-Bold" if text.isupper() else "Helvetica", 11)
        c.drawString(72, y, text)
        y -= 18


def pdf_bytes(lines: list[str], **kwargs) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, **kwargs)
    simple_resume(c, lines)
    c.showPage()
    c.save()
    return buf.getvalue()


RESUME = [
    "Jane Doe",
    "jane.doe@example.com",
    "+1 555 0100",
    "EXPERIENCE",
    "Senior Support Engineer, Acme Corp, 2019-2024",
]


def scanned() -> bytes:
    """A page photographed or scanned: one image, no text layer."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for i, text in enumerate(RESUME):
        draw.text((120, 150 + 60 * i), text, fill=0)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    c.save()
    return buf.getvalue()


def zip_bomb(declared_lie: bool = False) -> bytes:
    """A .docx-shaped archive whose document.xml inflates to 200 MB of the same few bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(
            _entry("[Content_Types].xml"),
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        with zf.open(_entry("word/document.xml"), "w") as member:
            chunk = b"<w:p/>" * (1 << 16)
            for _ in range(200 * 1024 * 1024 // len(chunk)):
                member.write(chunk)
    data = bytearray(buf.getvalue())
    if declared_lie:
        _shrink_declared_sizes(data, "word/document.xml", 1000)
    return bytes(data)


def _entry(name: str) -> zipfile.ZipInfo:
    """A ZIP entry with a fixed timestamp, so regenerating gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _shrink_declared_sizes(data: bytearray, name: str, size: int) -> None:
    """Rewrite the uncompressed size of ``name`` in the local header and the central directory."""
    encoded = name.encode()
    local = data.find(b"PK\x03\x04" + b"")
    while local != -1:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_len] == encoded:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == encoded:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF file from object bodies numbered 1..n, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def flate_bomb() -> bytes:
    """One page whose content stream inflates from a few hundred KB to 200 MB of spaces."""
    squeeze = zlib.compressobj(9)
    content = b"".join(squeeze.compress(b" " * (1 << 20)) for _ in range(200)) + squeeze.flush()
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
    ])  # fmt: skip


def many_pages(count: int = 3000) -> bytes:
    """A valid PDF with ``count`` pages sharing one small content stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(count)) + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    content = b"BT /F1 12 Tf 72 720 Td (Page text) Tj ET"
    objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    for _ in range(count):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
        )
    return raw_pdf(objects)


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 200, 200)).save(buf, format="PNG")
    return buf.getvalue()


def main() -> None:
    OUT.mkdir(exist_ok=True)
    one_column = (SHARED / "resume_1col.pdf").read_bytes()
    files = {
        "scanned.pdf": scanned(),
        "encrypted.pdf": pdf_bytes(RESUME, encrypt=StandardEncryption("secret", ownerPassword="owner", strength=128)),
        "encrypted_open.pdf": pdf_bytes(RESUME, encrypt=StandardEncryption("", ownerPassword="owner", canCopy=0)),
        "truncated.pdf": one_column[: len(one_column) * 6 // 10],
        "corrupt.pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\n"
        + bytes(range(256)) * 8
        + b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
        "blank.pdf": pdf_bytes([]),
        "zip_bomb.docx": zip_bomb(),
        "zip_bomb_lying.docx": zip_bomb(declared_lie=True),
        "not_a_resume.pdf": b"Jane Doe\njane.doe@example.com\nI am a plain text file renamed to .pdf\n" * 5,
        "photo.pdf": png(),
        "old_word.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "opendocument.docx": _odt(),
        "empty.docx": b"",
        "many_pages.pdf": many_pages(),
        "flate_bomb.pdf": flate_bomb(),
        "dates_not_phone.pdf": pdf_bytes(
            [
                "Tom Baker",
                "tom.baker@example.com",
                "2001 1995",
                "2019 - 2024",
                "2019.07-2024.06",
                "EXPERIENCE",
                "Teacher, Riverside School",
                "2001 1995",
                "EDUCATION",
                "BA History, Leeds University",
                "1995 - 1998",
            ]  # fmt: skip
        ),
    }
    for name, data in files.items():
        (OUT / name).write_bytes(data)
        print(f"wrote hostile/{name} ({len(data)} bytes)")


def _odt() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(_entry("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr(_entry("content.xml"), "<office:document-content/>")
    return buf.getvalue()


if __name__ == "__main__":
    main()
