"""Where an uploaded spreadsheet waits between its preview and its import: a file in
``SYNDESMOS_UPLOADS_DIR`` (by default ``uploads`` beside an SQLite store, else in
``instance/``), so that the import reads the very bytes that were
checked without the browser sending them twice, whichever worker process answers.

A file is named by a digest of its uploader's id and a random key that only the uploader's
page holds, so nobody else can import it; it is capped in size, deleted once imported, and
any file older than :data:`KEEP` is deleted at the next upload (it may hold personal data,
and it is not the store's to keep).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import time
from pathlib import Path

from flask import current_app

from service.config import local_folder

MAX_BYTES = 10 * 1024 * 1024
KEEP_SECONDS = 3600
KINDS = ("jsonl", "csv", "xlsx")


def _folder() -> Path:
    chosen = current_app.config.get("SYNDESMOS_UPLOADS_DIR")
    folder = Path.cwd() / chosen if chosen else local_folder(current_app.config) / "uploads"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _path(user_id: str, key: str, kind: str) -> Path:
    name = hashlib.sha256(f"{user_id}:{key}".encode()).hexdigest()
    return _folder() / f"{name}.{kind}"


def keep(user_id: str, kind: str, data: bytes) -> str:
    """Keep ``data`` for ``user_id``; the key to find it again (forgetting expired ones)."""
    cutoff = time.time() - KEEP_SECONDS
    for old in _folder().iterdir():
        with contextlib.suppress(FileNotFoundError):  # another worker deleted it meanwhile
            if old.stat().st_mtime < cutoff:
                old.unlink()
    key = secrets.token_urlsafe(24)
    # Readable by the service alone: a spreadsheet of stakeholders may hold personal data.
    with os.fdopen(os.open(_path(user_id, key, kind), os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                           0o600), "wb") as kept:
        kept.write(data)
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
