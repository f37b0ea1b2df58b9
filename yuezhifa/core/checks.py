"""System checks of the platform's own configuration, run by ``yzf check`` and before every management command that
starts the system (``yzf serve``, ``yzf migrate``, ``yzf run_huey``)."""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core import checks


def _writable(directory: Path) -> bool:
    """Whether a file can really be created there (catches read-only mounts, which os.access misses for root)."""
    try:
        with tempfile.TemporaryFile(dir=directory):
            return True
    except OSError:
        return False


@checks.register(checks.Tags.files)
def media_directory(app_configs=None, **kwargs):
    """Evidence and issued documents are written under MEDIA_ROOT when files are kept on local disk (办法 第十五条:
    nothing uploaded may be lost); a missing or read-only directory would fail every upload."""
    backend = settings.STORAGES.get("default", {}).get("BACKEND", "")
    if not backend.endswith("FileSystemStorage"):
        return []
    media = Path(settings.MEDIA_ROOT)
    if not media.exists():
        return [checks.Warning(
            f"上传文件目录 {media} 不存在：证据与文书将无法保存。",
            hint="请创建该目录并授予运行用户写权限，或确认存储卷已挂载；目录由环境变量 YZF_MEDIA_ROOT 指定。",
            id="yzf.W001")]
    if not media.is_dir():
        return [checks.Warning(
            f"上传文件目录 {media} 不是目录：证据与文书将无法保存。",
            hint="请检查环境变量 YZF_MEDIA_ROOT。", id="yzf.W001")]
    if not os.access(media, os.W_OK | os.X_OK) or not _writable(media):
        return [checks.Warning(
            f"上传文件目录 {media} 只读：证据与文书将无法保存。",
            hint="请授予运行用户对该目录的写权限，或检查存储卷是否以只读方式挂载。", id="yzf.W002")]
    return []
