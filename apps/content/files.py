"""Uploads go through Django's storage API (local disk today, S3 by configuration).

Every stored key is made by the server under the academy's own prefix,
``tenants/<tenant_id>/<folder>/<uuid><ext>``, and a key is only ever opened through
:func:`open_tenant_file`, which refuses keys outside the current academy's prefix. Keys
never come from clients or import documents.
"""

from __future__ import annotations

import posixpath
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from apps.content.errors import ContentNotFound, FileTooLarge, FileTypeNotAllowed, InvalidContent
from apps.tenants.context import NoTenantContext, current_tenant_id

DEFAULT_MAX_FILE_BYTES = 900 * 1024  # under API_MAX_BODY_BYTES, which caps every body

MATERIAL_TYPES: dict[str, tuple[str, ...]] = {
    ".pdf": ("application/pdf",),
    ".zip": ("application/zip", "application/x-zip-compressed"),
    ".txt": ("text/plain",),
    ".csv": ("text/csv", "text/plain"),
    ".png": ("image/png",),
    ".jpg": ("image/jpeg",),
    ".jpeg": ("image/jpeg",),
}
IMAGE_TYPES: dict[str, tuple[str, ...]] = {
    ".png": ("image/png",),
    ".jpg": ("image/jpeg",),
    ".jpeg": ("image/jpeg",),
    ".webp": ("image/webp",),
}


@dataclass(frozen=True)
class StoredFile:
    path: str
    name: str
    size: int
    content_type: str


def max_file_bytes() -> int:
    return int(getattr(settings, "CONTENT_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES))


def store_upload(
    upload: UploadedFile[Any] | None, *, folder: str, allowed: dict[str, tuple[str, ...]]
) -> StoredFile:
    """Validate size and type, then save under ``folder`` with a random name."""
    if upload is None:
        raise InvalidContent(
            "Attach the file as multipart field 'file'.", errors={"file": ["required"]}
        )
    limit = max_file_bytes()
    size = int(upload.size or 0)
    if size > limit:
        raise FileTooLarge(
            f"The file is {size} bytes; at most {limit} bytes are allowed.",
            extra={"max_bytes": limit},
        )
    if size == 0:
        raise InvalidContent("The file is empty.", errors={"file": ["empty"]})
    name = posixpath.basename(upload.name or "upload")
    extension = posixpath.splitext(name)[1].lower()
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    if extension not in allowed or content_type not in allowed[extension]:
        raise FileTypeNotAllowed(
            f"Files of type {extension or '(none)'} / {content_type or '(none)'} are not allowed.",
            errors={"file": [f"allowed extensions: {', '.join(sorted(allowed))}"]},
        )
    path = default_storage.save(_new_key(folder, extension), upload)
    return StoredFile(path=path, name=name[:255], size=size, content_type=content_type)


# A key segment: letters, digits, dot, dash, underscore (what _new_key produces).
_SEGMENT = re.compile(r"[A-Za-z0-9._-]+")


def tenant_prefix() -> str:
    """``tenants/<id>/`` of the current academy; storage outside a tenant is a bug."""
    tenant_id = current_tenant_id()
    if tenant_id is None:
        raise NoTenantContext("Stored files belong to an academy; no tenant is set.")
    return f"tenants/{int(tenant_id)}/"


def _new_key(folder: str, extension: str) -> str:
    return f"{tenant_prefix()}{folder.strip('/')}/{uuid.uuid4().hex}{extension}"


def is_tenant_key(key: object) -> bool:
    """Whether ``key`` is a plain relative key under the current academy's prefix."""
    prefix = tenant_prefix()
    if not isinstance(key, str) or not key.startswith(prefix) or len(key) > 500:
        return False
    segments = key.split("/")
    return all(_SEGMENT.fullmatch(s) and s not in {".", ".."} for s in segments)


def _file_not_found() -> ContentNotFound:
    return ContentNotFound("The file of this material is not available.", code="file_not_found")


def open_tenant_file(key: str) -> File[Any]:
    """Open a stored file of the current academy for reading.

    Answers 404 ``file_not_found`` for a key that is absolute, climbs (``..``), holds NUL,
    backslashes or other odd characters, lies outside the current academy's prefix
    (including keys stored before prefixes existed), or whose file is gone from storage.
    """
    if not is_tenant_key(key):
        raise _file_not_found()
    try:
        return default_storage.open(key, "rb")
    except (OSError, SuspiciousOperation) as exc:
        raise _file_not_found() from exc


def copy_tenant_file(key: str, *, folder: str) -> str:
    """Copy a stored file of the current academy to a fresh key under ``folder``."""
    extension = posixpath.splitext(key)[1].lower()
    with open_tenant_file(key) as source:
        return default_storage.save(_new_key(folder, extension), source)
