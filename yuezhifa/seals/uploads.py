"""Receiving a PDF to verify: in memory only, never written to disk or storage, and cut off past the size limit.

Django's default handlers spill uploads above ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file; the verifier keeps
the whole file in memory instead (it is bounded by ``verification.MAX_BYTES``) and drops it with the request.
"""

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from . import verification
from .verification import VerificationError


class LimitedMemoryUploadHandler(FileUploadHandler):
    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = verification.MAX_BYTES if limit is None else limit
        self.too_large = False
        self._buffer = None
        self._size = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._buffer, self._size = io.BytesIO(), 0

    def receive_data_chunk(self, raw_data, start):
        self._size += len(raw_data)
        if self._size > self.limit:
            self.too_large = True
            self._buffer = None
            raise SkipFile()
        self._buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        if self._buffer is None:
            return None
        self._buffer.seek(0)
        return InMemoryUploadedFile(file=self._buffer, field_name=self.field_name, name=self.file_name,
                                    content_type=self.content_type, size=file_size, charset=self.charset,
                                    content_type_extra=self.content_type_extra)


def install(request) -> LimitedMemoryUploadHandler:
    """Replace the request's upload handlers (before anything reads the body)."""
    handler = LimitedMemoryUploadHandler(request)
    request.upload_handlers = [handler]
    return handler


def read_upload(files, handler: LimitedMemoryUploadHandler, name: str = "file") -> bytes:
    if handler.too_large:
        raise VerificationError(f"文件超过 {verification.MAX_BYTES // (1024 * 1024)} MB，无法验证。", code="too_large",
                                status_code=413)
    upload = files.get(name)
    if upload is None:
        raise VerificationError("请选择要验证的 PDF 文件。", code="file_missing", status_code=400)
    return upload.read()
