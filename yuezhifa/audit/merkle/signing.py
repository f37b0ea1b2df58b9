"""The platform's Ed25519 key for signed tree heads, and the exact bytes an STH signs.

The private key is a PKCS#8 PEM file: the path in ``YZF_EVIDENCE_LOG_KEY`` if set (it must exist), otherwise
``<VAR_DIR>/evidence-log-ed25519.pem``, created on first use with mode 0600. The signed message is text, so that
anyone can rebuild it from an STH's fields (``scripts/verify_merkle_proof.py`` does)::

    yuezhifa-sth/v1
    <origin>
    <tree size, decimal>
    <root hash, 64 lowercase hex digits>
    <timestamp, milliseconds since 1970-01-01T00:00:00Z, decimal>

each line ending in a single ``\\n``. The origin names the log (``YZF_EVIDENCE_LOG_ORIGIN``, default
``yuezhifa/evidence-log``), so that a head of one deployment's log is never mistaken for another's.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_ENV = "YZF_EVIDENCE_LOG_KEY"
ORIGIN_ENV = "YZF_EVIDENCE_LOG_ORIGIN"
DEFAULT_ORIGIN = "yuezhifa/evidence-log"
KEY_FILE_NAME = "evidence-log-ed25519.pem"
STH_FORMAT = "yuezhifa-sth/v1"

_lock = threading.Lock()


def origin() -> str:
    value = (getattr(settings, ORIGIN_ENV, "") or "").strip() or DEFAULT_ORIGIN
    if "\n" in value:
        raise ImproperlyConfigured(f"{ORIGIN_ENV} 不能包含换行符。")
    return value


def sth_message(*, origin: str, tree_size: int, root_hash: str, timestamp: int) -> bytes:
    """The bytes an STH's signature covers."""
    return f"{STH_FORMAT}\n{origin}\n{tree_size}\n{root_hash}\n{timestamp}\n".encode()


def key_path() -> Path:
    configured = (getattr(settings, KEY_ENV, "") or "").strip()
    return Path(configured) if configured else Path(settings.VAR_DIR) / KEY_FILE_NAME


def _load_or_create(path: Path) -> Ed25519PrivateKey:
    configured = bool((getattr(settings, KEY_ENV, "") or "").strip())
    if not path.exists():
        if configured:
            raise ImproperlyConfigured(f"证据存证签名密钥文件不存在：{path}（由环境变量 {KEY_ENV} 指定）。")
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        try:  # O_EXCL: of two processes creating the key at once, one wins and the other reads the winner's key
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"证据存证签名密钥 {path} 不是 Ed25519 私钥。")
    return key


@cache
def _key_for(path: str) -> Ed25519PrivateKey:
    with _lock:
        return _load_or_create(Path(path))


def private_key() -> Ed25519PrivateKey:
    return _key_for(str(key_path()))


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_raw() -> bytes:
    return public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem() -> str:
    return public_key().public_bytes(serialization.Encoding.PEM,
                                     serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def key_id(raw: bytes | None = None) -> str:
    """SHA-256 of the raw 32-byte public key, hex."""
    return hashlib.sha256(public_key_raw() if raw is None else raw).hexdigest()


def sign(message: bytes) -> str:
    return base64.b64encode(private_key().sign(message)).decode()


def verify(message: bytes, signature_b64: str, raw_public_key: bytes | None = None) -> bool:
    key = public_key() if raw_public_key is None else Ed25519PublicKey.from_public_bytes(raw_public_key)
    try:
        key.verify(base64.b64decode(signature_b64), message)
    except (InvalidSignature, ValueError):
        return False
    return True
