"""Where an uploaded spreadsheet waits between its preview and its import: a file in the
instance folder (``instance/uploads``), so that the import reads the very bytes that were
checked without the browser sending them twice, whichever worker process answers.

A file is named by a digest of its uploader's id and a random key that only the uploader's
page holds, so nobody else can import it; it is capped in size, deleted once imported, and
any file older than :data:`KEEP` is deleted at the next upload (it may hold personal data,
and it is not the store's to keep).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from pathlib import Path

from flask import current_app

MAX_BYTES = 10 * 1024 * 1024
KEEP_SECONDS = 3600
KINDS = ("jsonl", "csv", "xlsx")


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(user_id: str, key: str, kind: str) -> Path:
    name = hashlib.sha256(f"{user_id}:{key}".encode()).hexdigest()
    return _folder() / f"{name}.{kind}"


def keep(user_id: str, kind: str, data: bytes) -> str:
    """Keep ``data`` for ``user_id``; the key to find it again (forgetting expired ones)."""
    cutoff = time.time() - KEEP_SECONDS
    for old in _folder().iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    key = secrets.token_urlsafe(24)
    _path(user_id, key, kind).write_bytes(data)
    return key


def find(user_id: str, key: str, kind: str) -> bytes | None:
    """The bytes kept under ``key`` for ``user_id``, unless expired or gone."""
    if kind not in KINDS or not key.replace("-", "").replace("_", "").isalnum():
        return None
    path = _path(user_id, key, kind)
    if not path.exists() or path.stat().st_mtime < time.time() - KEEP_SECONDS:
        return None
    return path.read_bytes()


def forget(user_id: str, key: str, kind: str) -> None:
    """Delete what is kept under ``key`` (imported: no longer needed)."""
    if kind in KINDS:
        _path(user_id, key, kind).unlink(missing_ok=True)
