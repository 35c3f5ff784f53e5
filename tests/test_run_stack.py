"""``make run``'s supervisor: a part that stops by itself comes back; one that keeps stopping ends the stack."""

from __future__ import annotations

import subprocess
import sys

from scripts.run_stack import Service


def _exits_at_once() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "pass"])


def test_a_stopped_part_is_started_again_after_a_delay():
    starts: list[subprocess.Popen] = []

    def launch() -> subprocess.Popen:
        proc = _exits_at_once() if not starts else subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        starts.append(proc)
        return proc

    service = Service("probe", launch)
    service.start()
    starts[0].wait(10)
    assert service.check(100.0)  # noticed: restart scheduled, not yet done
    assert len(starts) == 1 and service.restart_at == 101.0
    assert service.check(100.5) and len(starts) == 1
    assert service.check(101.0) and len(starts) == 2  # started again
    assert service.check(102.0) and service.proc.poll() is None
    service.stop()
    service.wait(0)


def test_a_part_that_keeps_stopping_gives_up():
    service = Service("probe", _exits_at_once)
    service.start()
    now, verdicts = 0.0, []
    for _ in range(40):
        service.proc and service.proc.wait(10)
        verdicts.append(service.check(now))
        if not verdicts[-1]:
            break
        now += 1.0
    assert verdicts[-1] is False
    assert len(service.crashes) == Service.MAX_CRASHES and now < Service.CRASH_WINDOW
