"""Checks of single files in an archive package: hashing, readability by format (可用性), executable content and
the virus-scanner hook (安全性). None of them touches the database."""

from __future__ import annotations

import hashlib
import io
import re
import shlex
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings

from .report import FAIL, PASS, WARN

SCAN_TIMEOUT = 300  # seconds per file

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\s]+')


def safe_name(text: str, limit: int = 60) -> str:
    """A file-name fragment from a title or a document number: path separators, characters Windows refuses and
    whitespace become "_", and the result is at most ``limit`` characters."""
    cleaned = _UNSAFE.sub("_", str(text or "")).strip("._")
    return cleaned[:limit].rstrip("._") or "未命名"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sniff(path: Path) -> str | None:
    """The MIME type the file's leading bytes say it is (not its name)."""
    with open(path, "rb") as handle:
        head = handle.read(8192)
    if head.lstrip()[:5].startswith(b"%PDF-"):
        return "application/pdf"
    kind = filetype.guess(head)
    return kind.mime if kind else None


@dataclass(frozen=True)
class Result:
    level: str
    message: str


# --- 可用性: does the file open as what it claims to be ------------------------------------------------------------

_OFFICE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# filetype cannot tell these apart from their relatives by the first bytes alone
_SAME = [{"audio/x-wav", "audio/wav"}, {"audio/mp4", "video/mp4", "audio/x-m4a", "video/quicktime"},
         {"image/heic", "image/heif"}, _OFFICE | {"application/zip"}]


def _same_type(found: str | None, declared: str) -> bool:
    if found == declared:
        return True
    return found is not None and any(found in group and declared in group for group in _SAME)


def _pdf_reader(path: Path):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)


def check_readable(path: Path, declared: str) -> Result:
    """Open ``path`` by its declared MIME type: a PDF must parse and have pages, an image must decode (Pillow), an
    Office document must be a sound ZIP, anything else must at least carry its format's magic number."""
    found = sniff(path)
    if not _same_type(found, declared):
        what = f"实际为 {found}" if found else "无法识别其格式"
        return Result(FAIL, f"文件格式与登记的 {declared} 不符（{what}）")
    if declared == "application/pdf":
        try:
            reader = _pdf_reader(path)
            pages = int(reader.root["/Pages"]["/Count"])
        except Exception as exc:
            return Result(FAIL, f"PDF 无法解析（{type(exc).__name__}）")
        if pages < 1:
            return Result(FAIL, "PDF 没有页面")
        return Result(PASS, f"PDF 可正常解析，共 {pages} 页")
    if declared.startswith("image/") and declared not in ("image/heic", "image/heif"):
        from PIL import Image

        try:
            with Image.open(path) as image:
                image.load()
                size = image.size
        except Exception as exc:
            return Result(FAIL, f"图片无法解码（{type(exc).__name__}）")
        return Result(PASS, f"图片可正常解码（{size[0]}×{size[1]} 像素）")
    if declared in _OFFICE:
        try:
            with zipfile.ZipFile(path) as archive:
                broken = archive.testzip()
        except (zipfile.BadZipFile, OSError) as exc:
            return Result(FAIL, f"Office 文档无法打开（{type(exc).__name__}）")
        if broken:
            return Result(FAIL, f"Office 文档已损坏（{broken}）")
        return Result(PASS, "Office 文档可正常打开")
    return Result(PASS, f"文件格式为 {declared}，与登记一致")


# --- 安全性: executable content -----------------------------------------------------------------------------------

_MAGIC = [
    (b"MZ", "Windows 可执行程序（PE）"),
    (b"\x7fELF", "ELF 可执行程序"),
    (b"\xfe\xed\xfa\xce", "Mach-O 可执行程序"),
    (b"\xfe\xed\xfa\xcf", "Mach-O 可执行程序"),
    (b"\xce\xfa\xed\xfe", "Mach-O 可执行程序"),
    (b"\xcf\xfa\xed\xfe", "Mach-O 可执行程序"),
    (b"\xca\xfe\xba\xbe", "Mach-O 通用程序或 Java 类文件"),
    (b"#!", "脚本（以 #! 开头）"),
    (b"\x00asm", "WebAssembly 程序"),
]
_SCRIPT_START = re.compile(rb"^\s*(@echo\s+off|<script\b|<\?php|<%@|<job\b|<package\b|<hta:)", re.IGNORECASE)
_DANGEROUS_SUFFIXES = {
    ".exe", ".dll", ".com", ".scr", ".msi", ".msp", ".cpl", ".sys", ".drv", ".bat", ".cmd", ".ps1", ".psm1", ".vbs",
    ".vbe", ".js", ".jse", ".wsf", ".wsh", ".hta", ".sh", ".bash", ".py", ".pl", ".rb", ".php", ".jar", ".class",
    ".apk", ".app", ".dmg", ".elf", ".so", ".dylib", ".lnk", ".reg", ".docm", ".xlsm", ".pptm", ".wasm",
}
# PDF names that run code, start programs or carry files (ISO 32000-1 §12.6.4, §7.11.4)
_PDF_ACTIVE = {
    "/JavaScript": "JavaScript 脚本", "/JS": "JavaScript 脚本", "/Launch": "启动外部程序的动作",
    "/EmbeddedFile": "嵌入文件", "/EmbeddedFiles": "嵌入文件", "/GoToE": "打开嵌入文件的动作",
    "/RichMedia": "富媒体（Flash 等）内容",
}
_PDF_ACTIVE_RAW = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|GoToE|RichMedia)(?![A-Za-z0-9])")


def _pdf_active_content(path: Path) -> set[str]:
    """The active-content names found anywhere in the PDF's object graph (names read by the parser, so hex-escaped
    names such as ``/J#61vaScript`` are seen too); by a byte scan when the file does not parse."""
    from pyhanko.pdf_utils import generic

    try:
        reader = _pdf_reader(path)
        stack = [reader.trailer_view, reader.root]
        refs = set()
        for revision in range(reader.xrefs.total_revisions):
            refs |= set(reader.xrefs.explicit_refs_in_revision(revision))
        stack += [generic.IndirectObject(ref.idnum, ref.generation, reader) for ref in refs]
    except Exception:
        return {_PDF_ACTIVE["/" + m.group(1).decode()] for m in _PDF_ACTIVE_RAW.finditer(path.read_bytes())}
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, generic.IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                obj = obj.get_object()
            except Exception:  # noqa: S112 - a dangling reference is not our business here
                continue
        if isinstance(obj, generic.DictionaryObject):
            for name in list(obj.keys()):
                if str(name) in _PDF_ACTIVE:
                    found.add(_PDF_ACTIVE[str(name)])
                stack.append(obj.raw_get(name))
        elif isinstance(obj, generic.ArrayObject):
            stack.extend(obj)
        elif isinstance(obj, generic.NameObject) and str(obj) in _PDF_ACTIVE:
            found.add(_PDF_ACTIVE[str(obj)])
    return found


def _zip_active_content(path: Path) -> list[str]:
    """Macros and executables inside a ZIP-based file (Office documents)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return []
    problems = []
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        problems.append("宏代码（vbaProject.bin）")
    if any(n.lower().startswith(("word/activex", "xl/activex")) for n in names):
        problems.append("ActiveX 控件")
    bad = [n for n in names if Path(n).suffix.lower() in _DANGEROUS_SUFFIXES]
    if bad:
        problems.append("内含可执行文件（" + "、".join(bad[:3]) + "）")
    return problems


def check_executable(path: Path) -> Result:
    """Executable content by magic number, script headers and file name; active content in PDFs and Office files."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    problems = [label for magic, label in _MAGIC if head.startswith(magic)]
    if _SCRIPT_START.match(head):
        problems.append("脚本")
    if path.suffix.lower() in _DANGEROUS_SUFFIXES:
        problems.append(f"可执行或脚本类文件扩展名 {path.suffix}")
    mime = sniff(path)
    if mime == "application/pdf":
        problems += sorted(f"PDF 含{label}" for label in _pdf_active_content(path))
    elif mime in _OFFICE or mime == "application/zip" or zipfile.is_zipfile(path):
        problems += _zip_active_content(path)
    if problems:
        return Result(FAIL, "含可执行内容：" + "；".join(dict.fromkeys(problems)))
    return Result(PASS, "未发现可执行内容")


# --- 安全性: the virus-scanner hook -------------------------------------------------------------------------------


def scanner_command() -> str:
    """``YZF_VIRUS_SCAN_COMMAND`` (setting, from the environment variable of that name): a command run once per file, ``{path}``
    replaced by the file's path (appended when absent). Exit 0 means clean, anything else a finding."""
    return (getattr(settings, "YZF_VIRUS_SCAN_COMMAND", "") or "").strip()


def virus_scan(command: str, path: Path) -> Result:
    parts = shlex.split(command)
    if not parts:
        return Result(WARN, "未配置病毒扫描")
    if any("{path}" in part for part in parts):
        args = [part.replace("{path}", str(path)) for part in parts]
    else:
        args = [*parts, str(path)]
    try:
        done = subprocess.run(args, capture_output=True, timeout=SCAN_TIMEOUT, check=False)  # noqa: S603
    except FileNotFoundError:
        return Result(FAIL, f"病毒扫描程序“{parts[0]}”不存在，无法扫描")
    except subprocess.TimeoutExpired:
        return Result(FAIL, f"病毒扫描超过 {SCAN_TIMEOUT} 秒未完成")
    output = (done.stdout or b"").decode("utf-8", "replace").strip() or (done.stderr or b"").decode(
        "utf-8", "replace").strip()
    tail = output.splitlines()[-1][:200] if output else ""
    if done.returncode == 0:
        return Result(PASS, "病毒扫描未发现问题")
    if done.returncode == 1:
        return Result(FAIL, "病毒扫描发现威胁" + (f"：{tail}" if tail else ""))
    return Result(FAIL, f"病毒扫描出错（退出码 {done.returncode}）" + (f"：{tail}" if tail else "") + "，无法确认文件安全")
