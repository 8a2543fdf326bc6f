"""An uploaded workbook waiting for the coordinator's confirmation, without a database table.

The file lies under ``MEDIA_ROOT/imports/<uuid>.xlsx``; the browser holds a signed token naming
the file, the submission, the user and the file's SHA-256, so no one else can confirm it.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core import signing

SALT = "projects.excel.pending"
MAX_AGE = 24 * 60 * 60


class PendingMissing(Exception):
    pass


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _remove_stale(folder: Path) -> None:
    limit = time.time() - MAX_AGE
    for path in folder.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            continue


def store(*, data: bytes, submission_id: int, user_id: int) -> str:
    """Save the upload; returns the token the preview and confirm steps use."""
    folder = _folder()
    _remove_stale(folder)
    name = uuid.uuid4().hex
    (folder / f"{name}.xlsx").write_bytes(data)
    return signing.dumps(
        {
            "file": name,
            "submission": submission_id,
            "user": user_id,
            "sha256": hashlib.sha256(data).hexdigest(),
        },
        salt=SALT,
    )


def load(token: str, *, submission_id: int, user_id: int) -> tuple[bytes, str, str]:
    """(file bytes, checksum, file id) for a valid token of this submission and user."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as error:
        raise PendingMissing from error
    name = str(payload.get("file", ""))
    if (
        payload.get("submission") != submission_id
        or payload.get("user") != user_id
        or len(name) != 32
        or not name.isalnum()
    ):
        raise PendingMissing
    path = _folder() / f"{name}.xlsx"
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise PendingMissing from error
    checksum = hashlib.sha256(data).hexdigest()
    if checksum != payload.get("sha256"):
        raise PendingMissing
    return data, checksum, name


def discard(name: str) -> None:
    if len(name) == 32 and name.isalnum():
        (_folder() / f"{name}.xlsx").unlink(missing_ok=True)
