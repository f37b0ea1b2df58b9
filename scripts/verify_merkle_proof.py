#!/usr/bin/env python3
"""核验粤执法证据存证日志的证明（离线，不依赖本项目的代码）。

Verifies, offline and without importing the project, what the evidence-log API returns:

* an inclusion proof (``GET /api/v1/evidence-log/proof/inclusion/?sha256=…``) against a document file or its
  SHA-256: the leaf hash SHA-256(0x00 ‖ SHA-256(file)) and the audit path lead to the signed root (RFC 9162 §2.1.3.2);
* a consistency proof (``GET /api/v1/evidence-log/proof/consistency/?first=…&second=…``): the later tree extends the
  earlier one (RFC 9162 §2.1.4.2);
* a signed tree head (``GET /api/v1/evidence-log/sth/``) on its own;

and, given the log's public key (``GET /api/v1/evidence-log/public-key/``, saved as JSON, or its PEM, or the raw key in
Base64), the Ed25519 signature of every tree head involved. Standard library only; the signature check uses the
``cryptography`` package when installed and a built-in RFC 8032 verifier otherwise.

    python3 verify_merkle_proof.py proof.json --file 处罚决定书.pdf --public-key key.json
    curl -s '…/proof/inclusion/?sha256=<hex>' | python3 verify_merkle_proof.py - --sha256 <hex> --public-key key.json
    python3 verify_merkle_proof.py consistency.json --public-key key.json

Exit status 0 when everything checked verifies, 1 otherwise (with the reason).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
from pathlib import Path

HASH_SIZE = 32
STH_FORMAT = "yuezhifa-sth/v1"
ED25519_SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")


class Failed(Exception):
    """Verification failed; the message says why (in Chinese)."""


# --- RFC 6962 / RFC 9162 ----------------------------------------------------------------------------------------------


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes) -> None:
    """RFC 9162 §2.1.3.2."""
    if not 0 <= index < size:
        raise Failed(f"叶子序号 {index} 超出树的大小 {size}。")
    if len(leaf) != HASH_SIZE or any(len(p) != HASH_SIZE for p in proof):
        raise Failed("哈希长度应为 32 字节。")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise Failed("审计路径过长。")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise Failed("审计路径过短。")
    if r != root:
        raise Failed("审计路径算出的根哈希与签名树头的根哈希不符：该文件不在此树中，或证明已被改动。")


def verify_consistency(size1: int, size2: int, proof: list[bytes], root1: bytes, root2: bytes) -> None:
    """RFC 9162 §2.1.4.2 (0 < size1 <= size2)."""
    if size1 <= 0 or size1 > size2:
        raise Failed(f"树大小 {size1}、{size2} 无效（要求 0 < 前者 ≤ 后者）。")
    if size1 == size2:
        if proof or root1 != root2:
            raise Failed("两个树大小相同，但证明不为空或根哈希不同。")
        return
    if not proof or any(len(p) != HASH_SIZE for p in proof):
        raise Failed("一致性证明为空，或其中的哈希长度不是 32 字节。")
    path = ([root1] if size1 & (size1 - 1) == 0 else []) + list(proof)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise Failed("一致性证明过长。")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise Failed("一致性证明过短。")
    if fr != root1:
        raise Failed("一致性证明算出的较早树根与第一个签名树头不符。")
    if sr != root2:
        raise Failed("一致性证明算出的较晚树根与第二个签名树头不符：日志不是只追加的，或证明已被改动。")


# --- Ed25519 (RFC 8032 §5.1.7), used when the cryptography package is not installed --------------------------------

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _recover_x(y: int, sign: int) -> int | None:
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P:
        return None
    return _P - x if (x & 1) != sign else x


def _decompress(s: bytes):
    y = int.from_bytes(s, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


def _add(a, b):
    A = (a[1] - a[0]) * (b[1] - b[0]) % _P
    B = (a[1] + a[0]) * (b[1] + b[0]) % _P
    C = 2 * a[3] * b[3] * _D % _P
    D = 2 * a[2] * b[2] % _P
    E, F, G, H = B - A, D - C, D + C, B + A
    return (E * F, G * H, F * G, E * H)


def _mul(s: int, point):
    result = (0, 1, 1, 0)
    while s:
        if s & 1:
            result = _add(result, point)
        point = _add(point, point)
        s >>= 1
    return result


def _equal(a, b) -> bool:
    return (a[0] * b[2] - b[0] * a[2]) % _P == 0 and (a[1] * b[2] - b[1] * a[2]) % _P == 0


_GY = 4 * pow(5, _P - 2, _P) % _P
_GX = _recover_x(_GY, 0)
_G = (_GX, _GY, 1, _GX * _GY % _P)


def ed25519_verify_pure(public: bytes, message: bytes, signature: bytes) -> bool:
    if len(public) != 32 or len(signature) != 64:
        return False
    a, r = _decompress(public), _decompress(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= _L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % _L
    return _equal(_mul(s, _G), _add(r, _mul(h, a)))


def ed25519_verify(public: bytes, message: bytes, signature: bytes, *, pure: bool = False) -> bool:
    if not pure:
        try:
            from cryptography.exceptions import InvalidSignature
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        except ImportError:
            pure = True
    if pure:
        return ed25519_verify_pure(public, message, signature)
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- reading input --------------------------------------------------------------------------------------------------


def _hex32(value, what: str) -> bytes:
    try:
        raw = bytes.fromhex(value) if isinstance(value, str) else None
    except ValueError:
        raw = None
    if raw is None or len(raw) != HASH_SIZE:
        raise Failed(f"{what}应为 64 位十六进制字符。")
    return raw


def _int(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Failed(f"{what}应为非负整数。")
    return value


def read_public_key(path: str) -> bytes:
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise Failed(f"无法读取公钥文件 {path}：{exc}") from None
    if text.startswith("{"):
        try:
            text = json.loads(text)["public_key"]
        except (ValueError, KeyError, TypeError):
            raise Failed("公钥 JSON 中没有 public_key。") from None
    if text.startswith("-----BEGIN PUBLIC KEY-----"):
        body = "".join(line for line in text.splitlines() if not line.startswith("-----"))
        der = base64.b64decode(body)
        if not der.startswith(ED25519_SPKI_PREFIX) or len(der) != len(ED25519_SPKI_PREFIX) + 32:
            raise Failed("PEM 中不是 Ed25519 公钥。")
        return der[len(ED25519_SPKI_PREFIX):]
    try:
        raw = bytes.fromhex(text) if len(text) == 64 else base64.b64decode(text, validate=True)
    except (ValueError, binascii.Error):
        raw = b""
    if len(raw) != 32:
        raise Failed("公钥应为公钥接口返回的 JSON、PEM，或 32 字节原始公钥的 Base64。")
    return raw


def sth_message(sth: dict) -> bytes:
    return (f"{STH_FORMAT}\n{sth['origin']}\n{sth['tree_size']}\n{sth['root_hash']}\n{sth['timestamp']}\n").encode()


def check_sth(sth, public: bytes | None, label: str, *, origin: str | None, pure: bool) -> tuple[int, bytes, str]:
    """Checks the STH's shape and, with a key, its signature. Returns (tree size, root hash, a line to print)."""
    if not isinstance(sth, dict):
        raise Failed(f"缺少{label}。")
    if sth.get("format") not in (None, STH_FORMAT):
        raise Failed(f"{label}的格式 {sth.get('format')!r} 无法识别（应为 {STH_FORMAT}）。")
    size = _int(sth.get("tree_size"), f"{label}的 tree_size ")
    root = _hex32(sth.get("root_hash"), f"{label}的 root_hash ")
    _int(sth.get("timestamp"), f"{label}的 timestamp ")
    if not isinstance(sth.get("origin"), str) or "\n" in sth["origin"]:
        raise Failed(f"{label}的 origin 无效。")
    if origin is not None and sth["origin"] != origin:
        raise Failed(f"{label}属于日志 {sth['origin']!r}，不是 {origin!r}。")
    if public is None:
        return size, root, f"未核验{label}的签名（未提供 --public-key）"
    if sth.get("key_id") != hashlib.sha256(public).hexdigest():
        raise Failed(f"{label}由另一把密钥签名（key_id {sth.get('key_id')} 与所给公钥不符）。")
    try:
        signature = base64.b64decode(sth.get("signature") or "", validate=True)
    except (ValueError, binascii.Error):
        raise Failed(f"{label}的签名不是有效的 Base64。") from None
    if not ed25519_verify(public, sth_message(sth), signature, pure=pure):
        raise Failed(f"{label}的签名无效：树头被改动过，或不是该日志签发的。")
    return size, root, f"{label}签名有效（树大小 {size}，根哈希 {root.hex()}）"


def verify(data: dict, *, file_sha256: bytes | None, public: bytes | None, origin: str | None = None,
           pure: bool = False) -> list[str]:
    """Verify one API answer; returns the lines to print, raises ``Failed``."""
    if not isinstance(data, dict):
        raise Failed("输入应为证据存证接口返回的 JSON 对象。")
    lines: list[str] = []
    if "audit_path" in data:
        if file_sha256 is None:
            raise Failed("核验包含证明需要 --file（文件）或 --sha256（文件的 SHA-256）。")
        claimed = data.get("sha256")
        if claimed is not None and claimed != file_sha256.hex():
            raise Failed(f"文件的 SHA-256 为 {file_sha256.hex()}，而证明针对的是 {claimed}：这不是同一个文件。")
        size, root, line = check_sth(data.get("sth"), public, "签名树头", origin=origin, pure=pure)
        lines.append(line)
        if _int(data.get("tree_size"), "tree_size ") != size:
            raise Failed("证明的 tree_size 与签名树头的树大小不符。")
        index = _int(data.get("leaf_index"), "leaf_index ")
        path = data.get("audit_path")
        if not isinstance(path, list):
            raise Failed("audit_path 应为列表。")
        verify_inclusion(index, size, leaf_hash(file_sha256), [_hex32(h, "审计路径中的哈希") for h in path], root)
        lines.append(f"包含证明有效：SHA-256 为 {file_sha256.hex()} 的文件是第 {index} 号叶子，"
                     f"包含在树大小为 {size} 的日志中")
    elif "consistency_path" in data:
        size1, root1, line1 = check_sth(data.get("first_sth"), public, "第一个签名树头", origin=origin, pure=pure)
        size2, root2, line2 = check_sth(data.get("second_sth"), public, "第二个签名树头", origin=origin, pure=pure)
        lines += [line1, line2]
        if (data.get("first"), data.get("second")) != (size1, size2):
            raise Failed("证明的 first、second 与两个签名树头的树大小不符。")
        if file_sha256 is not None:
            lines.append("（一致性证明与文件无关，已忽略 --file/--sha256）")
        path = data.get("consistency_path")
        if not isinstance(path, list):
            raise Failed("consistency_path 应为列表。")
        verify_consistency(size1, size2, [_hex32(h, "一致性证明中的哈希") for h in path], root1, root2)
        lines.append(f"一致性证明有效：树大小为 {size2} 的日志是树大小为 {size1} 的日志的延续（只追加，未改动）")
    elif "root_hash" in data and "signature" in data:
        _size, _root, line = check_sth(data, public, "签名树头", origin=origin, pure=pure)
        lines.append(line)
    else:
        raise Failed("无法识别输入：应为包含证明、一致性证明或签名树头的 JSON。")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="核验粤执法证据存证日志的包含证明、一致性证明和签名树头（离线）。")
    parser.add_argument("proof", help="接口返回的 JSON 文件；- 表示从标准输入读取")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--file", help="要核验的文件（证据或文书）")
    source.add_argument("--sha256", help="要核验的文件的 SHA-256（64 位十六进制）")
    parser.add_argument("--public-key", help="日志公钥：公钥接口返回的 JSON、PEM 或原始公钥的 Base64")
    parser.add_argument("--origin", help="要求签名树头属于这个日志名称")
    parser.add_argument("--pure-python", action="store_true", help="不用 cryptography 包，用内置的 Ed25519 核验")
    args = parser.parse_args(argv)
    try:
        try:
            text = sys.stdin.read() if args.proof == "-" else Path(args.proof).read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise Failed(f"无法读取证明 {args.proof}：{exc}") from None
        file_sha256 = None
        if args.file:
            digest = hashlib.sha256()
            try:
                with open(args.file, "rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
            except OSError as exc:
                raise Failed(f"无法读取文件 {args.file}：{exc}") from None
            file_sha256 = digest.digest()
        elif args.sha256:
            file_sha256 = _hex32(args.sha256.strip().lower(), "--sha256 ")
        public = read_public_key(args.public_key) if args.public_key else None
        lines = verify(data, file_sha256=file_sha256, public=public, origin=args.origin, pure=args.pure_python)
    except Failed as exc:
        print(f"核验失败：{exc}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    print("核验通过。" if public is not None else "核验通过（未核验签名：请用 --public-key 提供日志公钥）。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
