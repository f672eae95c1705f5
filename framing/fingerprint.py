"""Fingerprints: short hashes of everything a cached result depends on.

The result cache (:mod:`framing.cache`) reuses an analyzer's output for an article only when
the analyzer's fingerprint is the one it was stored under. A fingerprint hashes the analyzer's
name, its ``version``, its config, what its spaCy component says it depends on
(``component.cache_fingerprint()``, e.g. the lexicons it loaded) and the fingerprints of the
analyzers it runs after.

Built-in plugins carry no version of their own: :func:`builtin_version` hashes every file of
the installed ``framing`` package (code, lexicons, models, templates), so editing any of them,
upgrading framing or working in an editable checkout never reuses a stale result.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from framing import __version__


def digest(*parts: Any) -> str:
    """A 20-hex-digit SHA-256 of ``parts`` as canonical JSON (non-JSON values by ``repr``)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=True, default=repr, separators=(",", ":"))
    return hashlib.sha256(blob.encode("ascii")).hexdigest()[:20]


@lru_cache(maxsize=1)
def builtin_version() -> str:
    """The version of every built-in analyzer, comparison and chart: framing's version plus a
    hash of the package's files (``*.pyc`` and caches excluded), read once per process."""
    sha = hashlib.sha256(__version__.encode("ascii"))
    pending = [("", resources.files("framing"))]
    files = []
    while pending:
        prefix, folder = pending.pop()
        for entry in folder.iterdir():
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            name = f"{prefix}/{entry.name}"
            if entry.is_dir():
                pending.append((name, entry))
            elif not entry.name.endswith((".pyc", ".pyo")):
                files.append((name, entry))
    for name, entry in sorted(files, key=lambda item: item[0]):
        sha.update(name.encode("utf-8", "surrogatepass") + b"\0")
        sha.update(entry.read_bytes())
    return f"{__version__}+{sha.hexdigest()[:16]}"
