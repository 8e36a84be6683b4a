"""Upload paths: a random name under the organization's folder; original names are not kept."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath


def upload_path(instance, filename: str, folder: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"incoming/{instance.organization_id}/{folder}/{uuid.uuid4().hex}{suffix}"


def photo_path(instance, filename: str) -> str:
    return upload_path(instance, filename, "photos")


def copy_path(instance, filename: str) -> str:
    return upload_path(instance, filename, "documents")
