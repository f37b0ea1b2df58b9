"""Evidence files: hashed (SHA-256) as they arrive, their type sniffed from their bytes (not their name), kept
under their hash so a stored file is never overwritten (DESIGN §5.6)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import filetype
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from yuezhifa.core.errors import DomainError

from . import config

# What evidence may be: photographs, scans, recordings and documents a reader can open (可用性, 办法 第三十一条).
ALLOWED_TYPES = {
    "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/heic": "heic", "image/heif": "heif",
    "image/gif": "gif", "image/tiff": "tif", "application/pdf": "pdf", "video/mp4": "mp4",
    "video/quicktime": "mov", "video/webm": "webm", "audio/mpeg": "mp3", "audio/x-wav": "wav", "audio/mp4": "m4a",
    "audio/amr": "amr", "audio/ogg": "ogg", "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
    "docx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}


@dataclass(frozen=True)
class StoredFile:
    path: str
    sha256: str
    size: int
    content_type: str
    original_name: str


def max_bytes() -> int:
    return int(config.setting("evidence.max_mb") * 1024 * 1024)


def read_upload(upload, field: str = "files") -> tuple[bytes, StoredFile]:
    """Check one uploaded file and hash it; nothing is written yet. Raises ``DomainError`` naming the file."""
    name = getattr(upload, "name", "") or "未命名文件"
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise DomainError(f"文件“{name}”大小 {size // 1024} KB，超过上限 {limit // (1024 * 1024)} MB。", field=field)
    digest = hashlib.sha256()
    chunks = []
    total = 0
    for chunk in (upload.chunks() if hasattr(upload, "chunks") else [upload.read()]):
        total += len(chunk)
        if total > limit:
            raise DomainError(f"文件“{name}”超过上限 {limit // (1024 * 1024)} MB。", field=field)
        digest.update(chunk)
        chunks.append(chunk)
    content = b"".join(chunks)
    if not content:
        raise DomainError(f"文件“{name}”是空文件。", field=field)
    kind = filetype.guess(content[:8192])
    mime = kind.mime if kind else None
    if mime not in ALLOWED_TYPES:
        found = f"（识别为 {mime}）" if mime else ""
        raise DomainError(f"文件“{name}”的类型无法作为证据保存{found}；可上传照片、扫描件（PDF）、录音录像或 Word、Excel 文档。",
                          field=field)
    sha = digest.hexdigest()
    path = f"evidence/{sha[:2]}/{sha}.{ALLOWED_TYPES[mime]}"
    return content, StoredFile(path=path, sha256=sha, size=total, content_type=mime, original_name=name[:255])


def save(content: bytes, stored: StoredFile) -> str:
    """Write the file under its hash unless it is already there (same hash, same bytes)."""
    if not default_storage.exists(stored.path):
        return default_storage.save(stored.path, ContentFile(content))
    return stored.path
