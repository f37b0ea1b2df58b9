"""The public evidence-log API (DESIGN §7, 证据存证) and the standalone verifier: a third party, without logging in,
gets a signed tree head, an inclusion proof for a document and a consistency proof between two heads, and checks
them with scripts/verify_merkle_proof.py, run as a separate process that cannot import the project. An unknown
document gets a clear Chinese 404 and leaves the log exactly as it was."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction

from yuezhifa.audit.merkle import LogEntry, merkle_append_many, signing, sth_issue, tree_size
from yuezhifa.audit.merkle import rfc9162 as m
from yuezhifa.audit.models import AuditEntry, MerkleLeaf, MerkleNode, SignedTreeHead

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "verify_merkle_proof.py"
BASE = "/api/v1/evidence-log"


@pytest.fixture(autouse=True)
def _signing_key(settings, tmp_path):
    settings.YZF_EVIDENCE_LOG_KEY = ""
    settings.YZF_EVIDENCE_LOG_ORIGIN = ""
    settings.VAR_DIR = tmp_path / "var"
    signing._key_for.cache_clear()
    yield
    signing._key_for.cache_clear()


def document(i: int) -> bytes:
    return f"%PDF-1.7 行政处罚决定书 粤市监罚〔2026〕{i}号".encode()


def enter(start: int, count: int) -> None:
    with transaction.atomic():
        merkle_append_many([LogEntry("cases.casedocument", f"doc-{i}", hashlib.sha256(document(i)).hexdigest())
                            for i in range(start, start + count)])


def snapshot() -> tuple:
    return (tree_size(), MerkleLeaf.objects.count(), MerkleNode.objects.count(), SignedTreeHead.objects.count(),
            AuditEntry.objects.count())


def verify_cli(tmp_path, answer: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the verifier as a third party would: isolated interpreter (-I: no project on the path), other cwd."""
    proof_arg = "-"
    if stdin is None:
        proof_file = tmp_path / "proof.json"
        proof_file.write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
        proof_arg = str(proof_file)
    return subprocess.run([sys.executable, "-I", str(SCRIPT), proof_arg, *args], input=stdin, capture_output=True,
                          text=True, cwd=tmp_path, timeout=120, check=False)


def test_no_login_needed_and_a_stale_token_does_not_matter(client):
    enter(0, 3)
    for headers in ({}, {"HTTP_AUTHORIZATION": "Token not-a-real-token"}):
        response = client.get(f"{BASE}/sth/", **headers)
        assert response.status_code == 200, response.content
    assert client.get(f"{BASE}/public-key/").status_code == 200


def test_inclusion_proof_for_a_document_verifies_against_the_signed_head(client):
    enter(0, 10)
    sth_issue()
    enter(10, 3)  # entered after the latest head: a new head is signed for the proof
    sha = hashlib.sha256(document(11)).hexdigest()
    response = client.get(f"{BASE}/proof/inclusion/", {"sha256": sha.upper()})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["leaf_index"], body["tree_size"], body["sha256"], body["object_type"]) == \
        (11, 13, sha, "cases.casedocument")
    assert "object_id" not in body  # internal identifiers stay internal
    sth = body["sth"]
    assert sth["tree_size"] == 13 and SignedTreeHead.objects.count() == 2
    leaf = m.leaf_hash(bytes.fromhex(sha))
    assert body["leaf_hash"] == leaf.hex()
    m.verify_inclusion(11, 13, leaf, [bytes.fromhex(h) for h in body["audit_path"]], bytes.fromhex(sth["root_hash"]))
    message = signing.sth_message(origin=sth["origin"], tree_size=13, root_hash=sth["root_hash"],
                                  timestamp=sth["timestamp"])
    assert signing.verify(message, sth["signature"])
    # by leaf number, against an older head
    older = client.get(f"{BASE}/proof/inclusion/", {"leaf": 4, "tree_size": 10}).json()
    assert older["tree_size"] == 10 and older["sth"]["tree_size"] == 10
    m.verify_inclusion(4, 10, bytes.fromhex(older["leaf_hash"]), [bytes.fromhex(h) for h in older["audit_path"]],
                       bytes.fromhex(older["sth"]["root_hash"]))


def test_unknown_document_is_a_chinese_404_and_the_log_is_untouched(client):
    enter(0, 5)
    sth_issue()
    before = snapshot()
    unknown = hashlib.sha256(b"never entered").hexdigest()
    response = client.get(f"{BASE}/proof/inclusion/", {"sha256": unknown})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["title"] == "未找到" and unknown in problem["detail"] and "证据存证日志中没有" in problem["detail"]
    assert problem["field"] == "sha256"
    response = client.get(f"{BASE}/proof/inclusion/", {"leaf": 99})
    assert response.status_code == 404 and "序号为 99 的叶子" in response.json()["detail"] \
        and "当前共 5 个" in response.json()["detail"]
    assert snapshot() == before


@pytest.mark.parametrize(("path", "params", "status", "text"), [
    ("proof/inclusion/", {}, 400, "二者之一"),
    ("proof/inclusion/", {"sha256": "00" * 32, "leaf": 1}, 400, "二者之一"),
    ("proof/inclusion/", {"sha256": "xyz"}, 400, "64 位十六进制"),
    ("proof/inclusion/", {"leaf": "-1"}, 400, "不小于 0 的整数"),
    ("proof/inclusion/", {"leaf": 1, "tree_size": 3}, 404, "没有树大小为 3 的签名树头"),
    ("proof/inclusion/", {"leaf": 6, "tree_size": 5}, 422, "请改用更新的签名树头"),
    ("proof/consistency/", {}, 400, "缺少参数 first"),
    ("proof/consistency/", {"first": 0, "second": 5}, 400, "不小于 1 的整数"),
    ("proof/consistency/", {"first": 5, "second": 2}, 400, "不能大于"),
    ("proof/consistency/", {"first": 4, "second": 5}, 404, "没有树大小为 4 的签名树头"),
    ("sth/", {"tree_size": 4}, 404, "没有树大小为 4 的签名树头"),
    ("sth/", {"tree_size": "abc"}, 400, "整数"),
])
def test_bad_requests_are_refused_in_chinese_without_writing(client, path, params, status, text):
    enter(0, 5)
    sth_issue()
    enter(5, 3)
    before = snapshot()
    response = client.get(f"{BASE}/{path}", params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert text in response.json()["detail"]
    assert snapshot() == before


def test_consistency_proof_between_two_signed_heads(client):
    enter(0, 7)
    sth_issue()
    enter(7, 14)
    sth_issue()
    body = client.get(f"{BASE}/proof/consistency/", {"first": 7}).json()
    assert (body["first"], body["second"]) == (7, 21)
    m.verify_consistency(7, 21, [bytes.fromhex(h) for h in body["consistency_path"]],
                         bytes.fromhex(body["first_sth"]["root_hash"]), bytes.fromhex(body["second_sth"]["root_hash"]))
    same = client.get(f"{BASE}/proof/consistency/", {"first": 21, "second": 21}).json()
    assert same["consistency_path"] == []


def test_sth_latest_and_by_size_and_the_public_key(client):
    first = client.get(f"{BASE}/sth/").json()  # none yet: the empty tree's head is signed
    assert first["tree_size"] == 0 and first["root_hash"] == m.EMPTY_ROOT.hex()
    enter(0, 4)
    sth_issue()
    latest = client.get(f"{BASE}/sth/").json()
    assert latest["tree_size"] == 4 and client.get(f"{BASE}/sth/", {"tree_size": 0}).json() == first
    key = client.get(f"{BASE}/public-key/").json()
    raw = base64.b64decode(key["public_key"])
    assert key["algorithm"] == "Ed25519" and key["key_id"] == hashlib.sha256(raw).hexdigest() == latest["key_id"]
    assert key["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----") and key["sth_format"] == "yuezhifa-sth/v1"


def test_schema_documents_the_four_operations(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="admin", password="Pass-word-123")
    client.force_login(user)
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    for path in ("sth/", "proof/inclusion/", "proof/consistency/", "public-key/"):
        assert f"/api/v1/evidence-log/{path}" in paths


# --- the standalone verifier --------------------------------------------------------------------------------------------


def test_standalone_script_verifies_a_document_and_refuses_any_change(client, tmp_path):
    enter(0, 25)
    pdf = tmp_path / "决定书.pdf"
    pdf.write_bytes(document(17))
    key = tmp_path / "key.json"
    key.write_text(client.get(f"{BASE}/public-key/").content.decode(), encoding="utf-8")
    answer = client.get(f"{BASE}/proof/inclusion/", {"sha256": hashlib.sha256(document(17)).hexdigest()}).json()

    ok = verify_cli(tmp_path, answer, "--file", str(pdf), "--public-key", str(key))
    assert ok.returncode == 0, ok.stderr
    assert "第 17 号叶子" in ok.stdout and "签名树头签名有效" in ok.stdout and "核验通过。" in ok.stdout

    pure = verify_cli(tmp_path, answer, "--sha256", answer["sha256"], "--public-key", str(key), "--pure-python")
    assert pure.returncode == 0, pure.stderr
    piped = verify_cli(tmp_path, answer, "--sha256", answer["sha256"], stdin=json.dumps(answer))
    assert piped.returncode == 0 and "未核验签名" in piped.stdout

    other = tmp_path / "改过的.pdf"
    other.write_bytes(document(17) + b" ")
    refused = verify_cli(tmp_path, answer, "--file", str(other), "--public-key", str(key))
    assert refused.returncode == 1 and "核验失败" in refused.stderr and "不是同一个文件" in refused.stderr

    forged_path = json.loads(json.dumps(answer))
    forged_path["audit_path"][2] = "00" * 32
    refused = verify_cli(tmp_path, forged_path, "--file", str(pdf), "--public-key", str(key))
    assert refused.returncode == 1 and "根哈希" in refused.stderr

    for tamper in ("tree_size", "root_hash", "timestamp"):
        forged = json.loads(json.dumps(answer))
        if tamper == "root_hash":
            forged["sth"]["root_hash"] = "ab" * 32
        else:
            forged["sth"][tamper] += 1
            forged["tree_size"] = forged["sth"]["tree_size"]
        for flag in ((), ("--pure-python",)):
            refused = verify_cli(tmp_path, forged, "--file", str(pdf), "--public-key", str(key), *flag)
            assert refused.returncode == 1 and "签名无效" in refused.stderr, (tamper, refused.stderr)

    stranger = tmp_path / "stranger.pem"
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    stranger.write_bytes(Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    refused = verify_cli(tmp_path, answer, "--file", str(pdf), "--public-key", str(stranger))
    assert refused.returncode == 1 and "另一把密钥" in refused.stderr

    missing = verify_cli(tmp_path, answer, "--public-key", str(key))
    assert missing.returncode == 1 and "--file" in missing.stderr


def test_standalone_script_verifies_consistency_and_a_bare_head(client, tmp_path):
    enter(0, 6)
    sth_issue()
    enter(6, 11)
    sth_issue()
    key = tmp_path / "key.pem"
    key.write_text(client.get(f"{BASE}/public-key/").json()["public_key_pem"], encoding="utf-8")
    answer = client.get(f"{BASE}/proof/consistency/", {"first": 6, "second": 17}).json()
    ok = verify_cli(tmp_path, answer, "--public-key", str(key), "--origin", "yuezhifa/evidence-log")
    assert ok.returncode == 0, ok.stderr
    assert "树大小为 17 的日志是树大小为 6 的日志的延续" in ok.stdout

    forged = json.loads(json.dumps(answer))
    forged["consistency_path"][0] = "11" * 32
    refused = verify_cli(tmp_path, forged, "--public-key", str(key))
    assert refused.returncode == 1 and "核验失败" in refused.stderr

    wrong_origin = verify_cli(tmp_path, answer, "--public-key", str(key), "--origin", "another-log")
    assert wrong_origin.returncode == 1 and "another-log" in wrong_origin.stderr

    head = client.get(f"{BASE}/sth/").json()
    assert verify_cli(tmp_path, head, "--public-key", str(key)).returncode == 0
    assert verify_cli(tmp_path, {"hello": 1}, "--public-key", str(key)).returncode == 1
    garbage = subprocess.run([sys.executable, "-I", str(SCRIPT), "-"], input="not json", capture_output=True,
                             text=True, cwd=tmp_path, timeout=60, check=False)
    assert garbage.returncode == 1 and "无法读取证明" in garbage.stderr
