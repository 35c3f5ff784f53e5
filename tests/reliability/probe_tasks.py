"""Tasks that misbehave on purpose, loaded only into the reliability tests' workers.

``celery worker --include=tests.reliability.probe_tasks`` registers them; the
product never imports this module. Each runs through ``run_recorded`` like
every real task, so what is tested is the task machinery itself.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

from celery import shared_task

from webapp.services.errors import TransientError
from webapp.tasks.base import run_recorded

STEPS = "tests.reliability.probe_tasks.steps"
CRASH = "tests.reliability.probe_tasks.crash"
FLAKY = "tests.reliability.probe_tasks.flaky"
KIND = "probe"


def _mark(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


@shared_task(bind=True, name=STEPS)
def steps(self, subject_id: int, record_id: str, count: int, seconds: float, marker: str) -> Any:
    """``count`` steps of ``seconds`` each; one line in ``marker`` per run that finished."""

    def work(progress, started):
        _mark(marker, f"start {os.getpid()}")
        for i in range(count):
            progress(f"Step {i + 1} of {count}", 100 * i / count, i + 1, count)
            time.sleep(seconds)
        _mark(marker, f"done {os.getpid()}")
        return {"steps": count}

    return run_recorded(self, record_id, work)


@shared_task(bind=True, name=CRASH)
def crash(self, subject_id: int, record_id: str, marker: str) -> Any:
    """Kills its own process every time, like a library that segfaults on this input."""

    def work(progress, started):
        _mark(marker, f"crash {os.getpid()}")
        os.kill(os.getpid(), signal.SIGKILL)

    return run_recorded(self, record_id, work)


@shared_task(bind=True, name=FLAKY)
def flaky(self, subject_id: int, record_id: str, failures: int) -> Any:
    """Fails with a transient error on its first ``failures`` attempts, then succeeds."""

    def work(progress, started):
        progress("Calling the flaky service", 10)
        if self.request.retries < failures:
            raise TransientError(f"the service answered 503 on attempt {self.request.retries + 1}")
        return {"attempts": self.request.retries + 1}

    return run_recorded(self, record_id, work)


def marker_lines(path: str | Path) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
