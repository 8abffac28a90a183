"""Uploaded files waiting for their job: under TRYGGVE_DATA_DIR/uploads, readable by the
server's own user only (directory 0700, files 0600), never served by any URL, named by a
random id that only the job row knows, and deleted when the job has ended.
"""

import os
import re
import uuid
from pathlib import Path

from django.conf import settings

NAME = re.compile(r"[0-9a-f]{32}\.upload")


def directory() -> Path:
    path = Path(settings.DATA_DIR) / "uploads"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def _path(name: str) -> Path:
    if not NAME.fullmatch(name):  # a name from the database, never a path
        raise ValueError(f"Not an upload name: {name!r}")
    return directory() / name


def store(upload) -> str:
    """Copy an uploaded file (Django's UploadedFile, in chunks) to a new private file."""
    name = f"{uuid.uuid4().hex}.upload"
    fd = os.open(_path(name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    except BaseException:
        delete(name)
        raise
    return name


def read(name: str) -> bytes:
    return _path(name).read_bytes()


def exists(name: str) -> bool:
    return _path(name).is_file()


def delete(name: str) -> None:
    if name:
        _path(name).unlink(missing_ok=True)
