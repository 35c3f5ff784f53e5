"""PDF export: WeasyPrint (in-process, what the app uses) against headless Chromium, same report.

Builds a real report (4 typed answers analysed in-process on a temporary SQLite database),
renders its page once, then times each engine on that HTML and prints seconds, pages, size and
peak memory. Each engine runs in a child process of its own so the memory figures are its own.

    python bench/bench_report_pdf.py [runs]
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def build_report_html(workdir: Path) -> Path:
    os.environ.update({"DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}", "INSTANCE_PATH": str(workdir / "instance"),
                       "APP_ENV": "test", "LOG_LEVEL": "WARNING"})
    from flask import render_template
    from flask_migrate import upgrade

    from tests.report_helpers import TEXTS, interview, make_bank_position
    from webapp import create_app
    from webapp.reports.context import report_context

    app = create_app({"TESTING": True})
    with app.app_context():
        upgrade()
        session = interview(make_bank_position(), "Bench Candidate", TEXTS["mixed"])
        with app.test_request_context():
            html = render_template("interviews/report.html", pdf=True, layout="reports/pdf_base.html",
                                   **report_context(session, staff=False))
    path = workdir / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


def child(engine: str, html_path: str, out: str, runs: int) -> None:
    """Run one engine `runs` times; print 'seconds first, median, peak RSS MB'."""
    times = []
    html = Path(html_path).read_text(encoding="utf-8")
    if engine == "weasyprint":
        started = time.perf_counter()
        from webapp.reports.pdf import html_to_pdf

        import_s = time.perf_counter() - started
        for _ in range(runs):
            t = time.perf_counter()
            Path(out).write_bytes(html_to_pdf(html))
            times.append(time.perf_counter() - t)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    else:
        static = (ROOT / "webapp" / "static").as_uri() + "/"
        page = Path(html_path).with_name("report_chromium.html")
        page.write_text(html.replace('href="/static/', f'href="{static}'), encoding="utf-8")
        import_s = 0.0
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                            f"--print-to-pdf={out}", page.as_uri()], check=True, capture_output=True)
            times.append(time.perf_counter() - t)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    times.sort()
    print(f"{import_s:.2f} {times[0]:.2f} {times[len(times) // 2]:.2f} {peak:.0f}")


def main(runs: int) -> None:
    from pdfminer.pdfpage import PDFPage

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        html = build_report_html(work)
        print(f"report HTML: {html.stat().st_size / 1024:.0f} KiB, {runs} run(s) per engine, {os.cpu_count()} CPUs")
        print(f"{'engine':<12}{'import s':>10}{'best s':>9}{'median s':>10}{'peak RSS MB':>13}{'pages':>7}{'PDF KiB':>9}")
        for engine in ("weasyprint", "chromium"):
            if engine == "chromium" and not Path(CHROMIUM).exists():
                print(f"{engine:<12} not installed")
                continue
            out = work / f"{engine}.pdf"
            result = subprocess.run([sys.executable, __file__, "--child", engine, str(html), str(out), str(runs)],
                                    capture_output=True, text=True, cwd=ROOT)
            if result.returncode != 0:
                print(f"{engine:<12} failed: {result.stderr.strip().splitlines()[-1:]}")
                continue
            import_s, best, median, peak = result.stdout.split()[-4:]
            with out.open("rb") as fh:
                pages = sum(1 for _ in PDFPage.get_pages(fh))
            print(f"{engine:<12}{import_s:>10}{best:>9}{median:>10}{peak:>13}{pages:>7}{out.stat().st_size / 1024:>9.0f}")
        print("chromium's figures are per browser launch (a new process per PDF); its peak RSS is the largest "
              "single child process, the browser's other processes come on top.")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
