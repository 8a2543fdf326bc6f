"""An uploaded workbook waiting for the coordinator's confirmation, without a database table.

The file lies under ``MEDIA_ROOT/imports/<uuid>.xlsx`` and the plan made from it, so that
neither the preview nor the confirm parses the file again, under ``<uuid>.plan``. The browser
holds a signed token naming the file, the submission, the user and the file's SHA-256, so no one
else can confirm it. The plan file is sealed with an HMAC of the server's secret key and is
unpickled only when the seal holds: nothing but this module can have written it.
"""

from __future__ import annotations

import hashlib
import pickle
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from projects.excel.plan import ImportPlan

SALT = "projects.excel.pending"
MAX_AGE = 24 * 60 * 60
SUFFIXES = (".xlsx", ".plan")


class PendingMissing(Exception):
    pass


@dataclass
class Pending:
    data: bytes
    checksum: str
    name: str
    plan: ImportPlan | None  # the plan made when the file came in; None if it could not be kept


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _remove_stale(folder: Path) -> None:
    limit = time.time() - MAX_AGE
    for suffix in SUFFIXES:
        for path in folder.glob(f"*{suffix}"):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except FileNotFoundError:
                continue


def _seal(blob: bytes) -> bytes:
    return salted_hmac(SALT, blob, algorithm="sha256").hexdigest().encode() + b"\n" + blob


def _unseal(sealed: bytes) -> bytes | None:
    seal, _newline, blob = sealed.partition(b"\n")
    expected = salted_hmac(SALT, blob, algorithm="sha256").hexdigest().encode()
    return blob if constant_time_compare(seal, expected) else None


def _valid_name(name: str) -> bool:
    return len(name) == 32 and name.isalnum()


def keep_plan(name: str, plan: ImportPlan) -> None:
    """Keep (or replace) the plan made from the pending file ``name``."""
    if _valid_name(name):
        blob = pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL)
        (_folder() / f"{name}.plan").write_bytes(_seal(blob))


def _kept_plan(name: str, checksum: str) -> ImportPlan | None:
    try:
        sealed = (_folder() / f"{name}.plan").read_bytes()
    except FileNotFoundError:
        return None
    blob = _unseal(sealed)
    if blob is None:
        return None
    try:
        plan = pickle.loads(blob)  # noqa: S301 - sealed with the server's key above
    except Exception:  # a plan from an older version of the code: make a new one
        return None
    return plan if isinstance(plan, ImportPlan) and plan.checksum == checksum else None


def store(*, data: bytes, submission_id: int, user_id: int, plan: ImportPlan | None = None) -> str:
    """Save the upload (and the plan made from it); returns the token the preview and confirm
    steps use."""
    folder = _folder()
    _remove_stale(folder)
    name = uuid.uuid4().hex
    (folder / f"{name}.xlsx").write_bytes(data)
    if plan is not None:
        keep_plan(name, plan)
    return signing.dumps(
        {
            "file": name,
            "submission": submission_id,
            "user": user_id,
            "sha256": hashlib.sha256(data).hexdigest(),
        },
        salt=SALT,
    )


def load(token: str, *, submission_id: int, user_id: int) -> Pending:
    """The pending file (and its kept plan) for a valid token of this submission and user."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as error:
        raise PendingMissing from error
    name = str(payload.get("file", ""))
    if (
        payload.get("submission") != submission_id
        or payload.get("user") != user_id
        or not _valid_name(name)
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
    return Pending(data=data, checksum=checksum, name=name, plan=_kept_plan(name, checksum))


def discard(name: str) -> None:
    if _valid_name(name):
        for suffix in SUFFIXES:
            (_folder() / f"{name}{suffix}").unlink(missing_ok=True)
