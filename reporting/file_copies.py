"""Local copies of files kept in the database, so that a repeated download is sent by the
operating system (``sendfile``) instead of being read from the database slice by slice.

The database stays the only record: a copy is a disposable cache on the server's own disk
(``settings.DOWNLOAD_COPIES_DIR``), made on a file's first download and removed oldest first
beyond ``settings.DOWNLOAD_COPIES_BYTES``. A copy's name is the SHA-256 of everything that names
its bytes (the row, the column, the ETag, when it was made and its size), so a copy can never
answer for other bytes: a remade file has another ETag or time, a restored database another
time. A copy appears whole or not at all (written beside it, then renamed), and one whose size
does not match is made again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from django.conf import settings


def copy_name(*parts: object) -> str:
    """The copy's file name for the bytes ``parts`` name together."""
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def _folder() -> Path:
    folder = Path(settings.DOWNLOAD_COPIES_DIR)
    # Only the server's own user reads the copies: they are drafts and exports of signed-in users.
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def existing_copy(name: str, size: int) -> Path | None:
    """The copy named ``name`` when it is there whole (``size`` bytes), else None."""
    path = Path(settings.DOWNLOAD_COPIES_DIR) / name
    try:
        if path.stat().st_size == size:
            return path
    except FileNotFoundError:
        pass
    return None


def make_copy(name: str, size: int, chunks: Iterable[bytes]) -> Path | None:
    """Writes ``chunks`` as the copy ``name``; None (and nothing left behind) when they did not
    add up to ``size`` bytes, as when the row was removed while it was read, or when the file is
    larger than the whole budget."""
    if size > settings.DOWNLOAD_COPIES_BYTES:
        return None
    folder = _folder()
    descriptor, partial = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        written = 0
        with os.fdopen(descriptor, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
                written += len(chunk)
        if written != size:
            os.unlink(partial)
            return None
        path = folder / name
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    _keep_within_budget(folder, keep=path)
    return path


def open_copy(name: str, size: int, chunks: Callable[[], Iterable[bytes]]) -> BinaryIO | None:
    """The copy ``name`` opened for reading, made from ``chunks()`` when it is not there yet;
    None when no copy can be had (the caller then sends the slices as it reads them)."""
    path = existing_copy(name, size) or make_copy(name, size, chunks())
    if path is None:
        return None
    try:
        return path.open("rb")
    except FileNotFoundError:  # removed for the budget in between
        return None


def _keep_within_budget(folder: Path, keep: Path) -> None:
    """Removes the least recently made copies until the rest fit the budget; never ``keep``,
    the one just made. A copy removed while it is being sent stays readable to that download."""
    copies = []
    for entry in os.scandir(folder):
        if entry.name.startswith(".part-"):
            continue
        try:
            stat = entry.stat()
        except FileNotFoundError:
            continue
        copies.append((stat.st_mtime, stat.st_size, entry.path))
    total = sum(size for _mtime, size, _path in copies)
    for _mtime, size, path in sorted(copies):
        if total <= settings.DOWNLOAD_COPIES_BYTES:
            break
        if path == str(keep):
            continue
        Path(path).unlink(missing_ok=True)
        total -= size
