"""Resume parsing benchmark: field-level precision/recall over the labelled set, and time per page.

    python bench/bench_resume.py            # table
    python bench/bench_resume.py -v         # plus every miss, file by file
    python bench/bench_resume.py --check    # exit 1 when a target is missed

The labelled set (tests/data/resumes/set/) is made by tests/data/resumes/make_set.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from webapp.analysis.resume import parse_resume  # noqa: E402
from webapp.analysis.resume.evaluation import FIELDS, compare, total  # noqa: E402

SET_DIR = ROOT / "tests" / "data" / "resumes" / "set"
TARGETS = {"name": 0.95, "email": 0.95, "phone": 0.95, "skills": 0.95, "experience": 0.85}


def run(set_dir: Path = SET_DIR, verbose: bool = False, repeat: int = 3):
    per_file = []
    timings: dict[str, list[float]] = {"pdf": [], "docx": []}
    for truth_path in sorted(set_dir.glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        path = set_dir / truth["file"]
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            parsed = parse_resume(path)
            best = min(best, time.perf_counter() - started)
        timings[parsed.kind].append(best / parsed.pages)
        counts = compare(parsed, truth)
        per_file.append(counts)
        if verbose:
            misses = {f: c for f, c in counts.items() if c.fp or c.fn}
            if misses:
                print(f"{truth['file']}: " + ", ".join(f"{f} fp={c.fp} fn={c.fn}" for f, c in misses.items()))
    return total(per_file), timings, len(per_file)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 when a field misses its target")
    args = parser.parse_args()
    sums, timings, files = run(verbose=args.verbose)
    print(f"labelled resumes: {files}")
    print(f"{'field':<15}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}{'target':>8}")
    failed = []
    for field in FIELDS:
        c = sums[field]
        target = TARGETS.get(field)
        mark = ""
        if target is not None:
            ok = c.precision >= target and c.recall >= target
            mark = f"{target:>8.2f}" + ("" if ok else "  MISSED")
            if not ok:
                failed.append(field)
        print(f"{field:<15}{c.tp:>5}{c.fp:>5}{c.fn:>5}{c.precision:>11.3f}{c.recall:>8.3f}{mark}")
    for kind, values in timings.items():
        if values:
            ms = [v * 1000 for v in values]
            print(
                f"time per page, {kind}: median {statistics.median(ms):.1f} ms, max {max(ms):.1f} ms ({len(ms)} files)"
            )
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
