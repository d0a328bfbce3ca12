"""Uploads go through Django's storage API (local disk today, S3 by configuration)."""

from __future__ import annotations

import posixpath
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from apps.content.errors import FileTooLarge, FileTypeNotAllowed, InvalidContent

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
    path = default_storage.save(f"{folder}/{uuid.uuid4().hex}{extension}", upload)
    return StoredFile(path=path, name=name[:255], size=size, content_type=content_type)
