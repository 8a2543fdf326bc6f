"""An uploaded workbook waiting for the coordinator's confirmation, without a database table.

The file lies under ``MEDIA_ROOT/imports/<uuid>.xlsx`` and the plan made from it, so that
neither the preview nor the confirm parses the file again, under ``<uuid>.plan``. The browser
holds a signed token naming the file, the submission, the user and the file's SHA-256, so no one
else can confirm it. The plan is kept as a JSON document (``plan.plan_document``: values and ids,
nothing that runs), signed with ``django.core.signing`` and bound to its file; a plan that does
not verify, or that an older version of the code wrote, is not used: the coordinator uploads
the file again.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing

from projects.excel.plan import (
    ImportPlan,
    PlanDocumentError,
    PlanOutdated,
    plan_document,
    plan_from_document,
)
from projects.models import Submission

SALT = "projects.excel.pending"
PLAN_SALT = "projects.excel.pending.plan"
MAX_AGE = 24 * 60 * 60
SUFFIXES = (".xlsx", ".plan")

__all__ = [
    "PendingMissing",
    "PlanExpired",
    "PlanOutdated",
    "discard",
    "keep_plan",
    "kept_plan",
    "load",
    "store",
]


class PendingMissing(Exception):
    pass


class PlanExpired(PendingMissing):
    """The file is there but its plan is not usable (altered, or kept by an older version)."""


@dataclass
class Pending:
    data: bytes
    checksum: str
    name: str
    document: dict  # the kept plan as JSON data, signed and bound to this file


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


def _valid_name(name: str) -> bool:
    return len(name) == 32 and name.isalnum()


def keep_plan(name: str, plan: ImportPlan) -> None:
    """Keep (or replace) the plan made from the pending file ``name``."""
    if _valid_name(name):
        sealed = signing.dumps(
            {"file": name, "plan": plan_document(plan)}, salt=PLAN_SALT, compress=True
        )
        (_folder() / f"{name}.plan").write_text(sealed, encoding="ascii")


def _kept_document(name: str, checksum: str, submission_id: int) -> dict:
    try:
        sealed = (_folder() / f"{name}.plan").read_text(encoding="ascii")
        kept = signing.loads(sealed, salt=PLAN_SALT, max_age=MAX_AGE)
    except (FileNotFoundError, UnicodeDecodeError, signing.BadSignature) as error:
        raise PlanExpired from error
    document = kept.get("plan") if isinstance(kept, dict) else None
    if (
        kept.get("file") != name
        or not isinstance(document, dict)
        or document.get("checksum") != checksum
        or document.get("submission") != submission_id
    ):
        raise PlanExpired
    return document


def store(*, data: bytes, submission_id: int, user_id: int, plan: ImportPlan) -> str:
    """Save the upload and the plan made from it; returns the token the preview and confirm
    steps use."""
    folder = _folder()
    _remove_stale(folder)
    name = uuid.uuid4().hex
    (folder / f"{name}.xlsx").write_bytes(data)
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
    """The pending file and its kept plan for a valid token of this submission and user."""
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
    document = _kept_document(name, checksum, submission_id)
    return Pending(data=data, checksum=checksum, name=name, document=document)


def kept_plan(pending: Pending, *, submission: Submission) -> ImportPlan:
    """The plan kept with the file, as the preview showed it. Raises PlanExpired if it cannot
    be read, and PlanOutdated if something it points at is gone."""
    try:
        return plan_from_document(pending.document, submission=submission)
    except PlanDocumentError as error:
        raise PlanExpired from error


def discard(name: str) -> None:
    if _valid_name(name):
        for suffix in SUFFIXES:
            (_folder() / f"{name}{suffix}").unlink(missing_ok=True)
