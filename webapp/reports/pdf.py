"""Reports as PDF with WeasyPrint, from the same HTML and stylesheet as the page.

WeasyPrint lays out HTML and CSS (print media) in-process and draws the inline SVG radar
natively; it needs the system Pango library (Debian: libpango-1.0-0, libpangoft2-1.0-0) and
fonts with Chinese glyphs (fonts-wqy-microhei or fonts-noto-cjk). It was chosen over headless
Chromium after measuring both on the same report (bench/bench_report_pdf.py): it runs in the
web process without starting a browser, in a fraction of the memory. Nothing is fetched over
the network: only the app's own static files can be loaded by the document.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

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
