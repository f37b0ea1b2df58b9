"""The public verification page and API (no login), and the private key that no interface ever shows."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yuezhifa.audit.models import AuditEntry
from yuezhifa.org.tests.factories import UserFactory
from yuezhifa.seals import crypto, verification
from yuezhifa.seals.models import Seal, SealAuthority, SignedDocument

pytestmark = pytest.mark.django_db
API = "/api/v1/seals/verify/"


def upload(data: bytes, name: str = "决定书.pdf"):
    return {"file": SimpleUploadedFile(name, data, content_type="application/pdf")}


def test_page_is_public_and_works_without_javascript(client):
    response = client.get("/verify/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "电子文书验证" in html
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html and 'name="file"' in html


def test_page_verifies_an_upload_for_an_anonymous_visitor(client, sealed, bureau):
    response = client.post(reverse("seals:verify"), upload(sealed))
    assert response.status_code == 200
    html = response.content.decode()
    assert "验证通过" in html and bureau.name in html and "穗天市监罚〔2026〕12号" in html


def test_page_reports_tampering(client, sealed):
    from yuezhifa.seals.tests.test_signing import flip_inside_signed_range

    response = client.post("/verify/", upload(flip_inside_signed_range(sealed)))
    assert response.status_code == 200
    assert "文件已被修改" in response.content.decode()


@pytest.mark.parametrize(("data", "text"), [
    (None, "请选择要验证的 PDF 文件"),
    (b"just text", "不是 PDF 文件"),
])
def test_page_explains_bad_input_in_chinese(client, data, text):
    response = client.post("/verify/", upload(data) if data is not None else {})
    assert response.status_code in (400, 422)
    assert text in response.content.decode()


def test_page_unsigned_pdf(client, penalty_pdf):
    response = client.post("/verify/", upload(penalty_pdf, "未签章.pdf"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "没有电子签章" in html and "未签章.pdf" in html
    assert not SignedDocument.objects.exists()


def test_page_too_large(client, monkeypatch):
    monkeypatch.setattr(verification, "MAX_BYTES", 1024)
    response = client.post("/verify/", upload(b"%PDF-1.7\n" + b"0" * 4096))
    assert response.status_code == 413
    assert "超过" in response.content.decode()


def test_api_verifies_without_login(client, sealed, bureau):
    response = client.post(API, upload(sealed))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] is True and body["verdict"] == "valid"
    assert body["signatures"][0]["body_name"] == bureau.name
    assert body["signatures"][0]["signed_at"]


def test_api_unsigned_is_problem_json(client, penalty_pdf):
    response = client.post(API, upload(penalty_pdf))
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "unsigned" and "没有电子签章" in problem["detail"] and problem["field"] == "file"


def test_api_missing_file_and_wrong_content_type(client):
    assert client.post(API, {}).status_code == 400
    response = client.post(API, data=b"{}", content_type="application/json")
    assert response.status_code == 415
    assert response["Content-Type"].startswith("application/problem+json")


def test_api_schema_documents_the_operation(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    operation = schema["paths"]["/api/v1/seals/verify/"]["post"]
    assert operation["operationId"] == "seals_verify"
    assert {"200", "400", "413", "422"} <= set(operation["responses"])


def _secrets(seal: Seal) -> list[str]:
    """Strings that would betray key material: the encrypted PEM's body lines and the decrypted key's."""
    from cryptography.hazmat.primitives import serialization

    key = crypto.decrypt_private_key(seal.encrypted_private_key, seal.kek_id)
    plain = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()).decode()
    lines = [line for line in (seal.encrypted_private_key + plain).splitlines() if line and "-----" not in line]
    return [*lines[:3], *lines[-3:], "PRIVATE KEY", crypto.kek().decode()]


def test_private_key_never_leaves_through_any_interface(client, sealed, seal, demo_ca):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    pages = [
        client.post(API, upload(sealed)).content,
        client.post("/verify/", upload(sealed)).content,
        client.get("/admin/seals/seal/").content,
        client.get(f"/admin/seals/seal/{seal.pk}/change/").content,
        client.get("/admin/seals/sealauthority/").content,
        client.get(f"/admin/seals/sealauthority/{demo_ca.pk}/change/").content,
        client.get(f"/admin/seals/signeddocument/{SignedDocument.objects.get().pk}/change/").content,
    ]
    texts = [p.decode() for p in pages]
    texts += [str(seal), str(demo_ca), repr(seal), str(SignedDocument.objects.get())]
    texts += [json.dumps([e.before, e.after], ensure_ascii=False) for e in AuditEntry.objects.all()]
    assert f"/admin/seals/seal/{seal.pk}/change/" and seal.body.name in texts[3]  # the admin page did render
    for secret in _secrets(seal):
        for text in texts:
            assert secret not in text


def test_admin_cannot_add_or_edit_seals(client, seal):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get("/admin/seals/seal/add/").status_code == 403
    response = client.post(f"/admin/seals/seal/{seal.pk}/change/", {"status": "revoked"})
    assert response.status_code == 403
    seal.refresh_from_db()
    assert seal.status == "active" and SealAuthority.objects.count() == 1
