"""Reports as PDF with WeasyPrint, from the same HTML and stylesheet as the page.

WeasyPrint lays out HTML and CSS (print media) in-process and draws the inline SVG radar
natively; it needs the system Pango library (Debian: libpango-1.0-0, libpangoft2-1.0-0) and
fonts with Chinese glyphs (fonts-wqy-microhei or fonts-noto-cjk), a few MB of Debian packages.

Measured against headless Chromium on the same 14-page report (bench/bench_report_pdf.py, 2
shared cores under load): WeasyPrint 5.8 s and 353 MB peak in-process, Chromium 2.8 s per
launch with 231 MB in its largest process (the browser's other processes on top). Chromium is
faster, but it means a 300 MB browser on every web server and a browser process started per
export from a gunicorn thread; WeasyPrint stays a library call. Its slower layout is paid once
per distinct document: the PDF is kept in memory under the HTML's hash, so exporting an
unchanged report again is immediate. Nothing is fetched over the network: only the app's own static files load.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
import threading
import unicodedata
from collections import OrderedDict
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent.parent / "static"


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries are missing on this server."""


def _static_file(url: str) -> Path | None:
    path = urlsplit(url).path
    if "/static/" not in path:
        return None
    target = (STATIC / path.split("/static/", 1)[1]).resolve()
    return target if target.is_relative_to(STATIC) and target.is_file() else None


def _fetcher():
    """A fetcher that serves /static/... from disk and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            target = _static_file(url)
            if target is None:
                raise ValueError(f"not loaded in PDF reports: {url}")
            mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": mime})

    return StaticOnly()


def html_to_pdf(html: str, base_url: str = "http://report.local/") -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango not installed
        raise PdfUnavailable(
            "PDF export needs WeasyPrint and the Pango library (apt-get install libpango-1.0-0 libpangoft2-1.0-0)."
        ) from exc
    return HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).write_pdf()


CACHE_KEEP = 16  # PDFs kept per process (about 70 KB each)
_cache: OrderedDict[str, bytes] = OrderedDict()
_cache_lock = threading.Lock()


def cached_pdf(html: str, base_url: str = "http://report.local/") -> bytes:
    """The PDF of `html`, rendered once per distinct document and process.

    Kept in memory only, so a candidate's deleted data never lingers in a file cache.
    """
    key = hashlib.sha256(html.encode("utf-8")).hexdigest()
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    pdf = html_to_pdf(html, base_url)
    with _cache_lock:
        _cache[key] = pdf
        while len(_cache) > CACHE_KEEP:
            _cache.popitem(last=False)
    return pdf


def _ascii_part(text: str) -> str:
    """"Zoë Ångström" -> "Zoe-Angstrom"; a name with no Latin letters gives ""."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")


def _unicode_part(text: str) -> str:
    return re.sub(r"[^\w]+", "-", unicodedata.normalize("NFC", text)).strip("-_")


def attachment(stem: str, name: str, day: date | None, *, fallback: str) -> str:
    """A Content-Disposition that makes the browser save the file as "<stem>-<name>-<day>.pdf".

    The plain `filename` is ASCII (accents dropped, other scripts left out, `fallback` standing
    in for a name with nothing left); a name that is not plain ASCII is also given in full as
    `filename*` (RFC 6266 and RFC 5987, UTF-8), which every current browser prefers.
    """
    suffix = f"-{day.isoformat()}" if day else ""
    ascii_name = f"{stem}-{_ascii_part(name) or fallback}{suffix}.pdf"
    value = f'attachment; filename="{ascii_name}"'
    full = _unicode_part(name)
    if full and not full.isascii():
        value += f"; filename*=UTF-8''{quote(f'{stem}-{full}{suffix}.pdf', safe='')}"
    return value
