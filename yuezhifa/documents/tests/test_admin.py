"""Django admin writes through the services: checked, audited, errors shown beside the field."""

import pytest
from django.test import Client

from yuezhifa.audit.models import AuditEntry
from yuezhifa.documents.models import DocumentTemplate, DocumentType, TemplateStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def base():
    return DocumentTemplate.objects.get(doc_type__code="penalty_decision", scope="province", version=1)


def form_data(base, **changes):
    data = {"doc_type": base.doc_type_id, "overlay_of": "", "domain": "", "body": "", "applicant": "",
            "effective_from": "2026-07-01", "note": "依法修订", "source": base.source, "css": base.css,
            "page_size": "A4", "orientation": "portrait", "margin_top": "37", "margin_right": "26",
            "margin_bottom": "35", "margin_left": "28", "_save": "保存"}
    data.update(changes)
    return data


def test_changelists_open(admin_client):
    assert admin_client.get("/admin/documents/documenttemplate/").status_code == 200
    assert admin_client.get("/admin/documents/documenttype/").status_code == 200
    assert admin_client.get("/admin/documents/documenttype/?category=decision").status_code == 200


def test_adding_a_version_goes_through_the_service(admin_client, base):
    audits = AuditEntry.objects.count()
    response = admin_client.post("/admin/documents/documenttemplate/add/", form_data(base))
    assert response.status_code == 302, response.content.decode()[:2000]
    created = DocumentTemplate.objects.get(doc_type=base.doc_type, scope="province", version=2)
    assert created.status == TemplateStatus.DRAFT
    assert list(AuditEntry.objects.order_by("seq").values_list("action", flat=True)[audits:]) == [
        "documents.template.create"]


def test_a_refused_template_shows_its_error_and_keeps_the_text(admin_client, base):
    source = "{% load static %}" + base.source
    response = admin_client.post("/admin/documents/documenttemplate/add/", form_data(base, source=source))
    assert response.status_code == 200
    page = response.content.decode()
    assert "加载标签库" in page
    assert not DocumentTemplate.objects.filter(version=2).exists()


def test_activate_and_retire_actions(admin_client, base):
    admin_client.post("/admin/documents/documenttemplate/add/", form_data(base))
    draft = DocumentTemplate.objects.get(doc_type=base.doc_type, version=2)
    admin_client.post("/admin/documents/documenttemplate/", {"action": "activate", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.ACTIVE
    response = admin_client.post("/admin/documents/documenttemplate/",
                                 {"action": "retire", "_selected_action": [draft.pk]})
    assert response.status_code == 200 and "停用理由" in response.content.decode()
    admin_client.post("/admin/documents/documenttemplate/",
                      {"action": "retire", "_selected_action": [draft.pk], "apply": "1", "reason": "发现错漏"})
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.RETIRED and draft.retired_reason == "发现错漏"


def test_an_active_version_is_read_only_in_admin(admin_client, base):
    page = admin_client.get(f"/admin/documents/documenttemplate/{base.pk}/change/").content.decode()
    assert 'name="source"' not in page


def test_document_type_edits_go_through_the_service(admin_client):
    doc_type = DocumentType.objects.get(code="reminder")
    data = {"name": doc_type.name, "category": doc_type.category, "basis": doc_type.basis,
            "description": "书面催告当事人履行义务。", "required_fields": "[]", "sort_order": doc_type.sort_order,
            "_save": "保存"}
    response = admin_client.post(f"/admin/documents/documenttype/{doc_type.pk}/change/", data)
    assert response.status_code == 302
    doc_type.refresh_from_db()
    assert doc_type.description == "书面催告当事人履行义务。"
    assert AuditEntry.objects.filter(action="documents.type.update", object_id=str(doc_type.pk)).exists()
