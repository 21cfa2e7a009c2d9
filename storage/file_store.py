"""Citizens' files on disk under the data folder, named by the sha256 of their bytes, so a photo
delivered twice is kept once and a name says nothing about its content or its sender.

Writes go to a temporary file first and are renamed into place, so a reader never sees half a
file and two gateways writing the same photo at once are both right.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol


class Store(Protocol):
    """Where files are kept: this folder, or an object store (storage.object_store)."""

    def put(self, data: bytes, variant: str = "", sha256: str | None = None) -> str: ...

    def get(self, sha256: str, variant: str = "") -> bytes | None: ...


def key_of(sha256: str, variant: str = "") -> str:
    """ "ab/abcd…" (and ".variant"): the same name on disk and in an object store."""
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise ValueError("not a sha256")
    return f"{sha256[:2]}/{sha256}" + (f".{variant}" if variant else "")


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, sha256: str, variant: str = "") -> Path:
        return self.root / key_of(sha256, variant)

    def put(self, data: bytes, variant: str = "", sha256: str | None = None) -> str:
        """Keeps the bytes (once) and returns their sha256; a `variant` (a thumbnail) is kept
        beside the original under the original's sha256."""
        digest = sha256 or hashlib.sha256(data).hexdigest()
        path = self._path(digest, variant)
        if path.exists():
            return digest
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return digest

    def get(self, sha256: str, variant: str = "") -> bytes | None:
        path = self._path(sha256, variant)
        return path.read_bytes() if path.exists() else None
