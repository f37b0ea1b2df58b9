"""办法 第三十七条: a supervisor reads a decided or archived case only with their head's approval, until the grant
expires; the body is told; every read is audited; attempts without a grant are refused and audited."""

import datetime
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yuezhifa.audit.models import AuditEntry
from yuezhifa.cases import selectors
from yuezhifa.cases.models import Case
from yuezhifa.cases.permissions import acting_roles, require_view
from yuezhifa.core.errors import DomainError, NotAllowed

from .. import access
from ..models import AccessGrant, GrantStatus, Notification
from .conftest import decided

pytestmark = pytest.mark.django_db


def test_refused_before_the_decision_and_logged(run, people, client):
    case = run.filed("2026-09-28 09:00", "2026-09-28 15:00") or run.refresh()
    with pytest.raises(DomainError, match="尚未作出决定"):
        access.grant_request(actor=people["gz_sup"], case_id=case.pk, reason="2026年度案卷评查")
    assert not AccessGrant.objects.exists()
    refused = AuditEntry.objects.get(action="supervision.access.refused")
    assert refused.object_id == str(case.pk) and refused.after["refused"] == "not_decided"
    # nor may the page be opened; the case is not in the supervisor's cases at all
    assert not selectors.cases(people["gz_sup"]).filter(pk=case.pk).exists()
    client.force_login(people["gz_sup"])
    response = client.get(reverse("supervision:access_request", args=[case.pk]))
    assert response.status_code == 200 and "尚未作出决定" in response.content.decode()
    response = client.post(reverse("supervision:access_request", args=[case.pk]), {"reason": "2026年度案卷评查"})
    assert response.status_code == 422 and "尚未作出决定" in response.content.decode()


def test_request_approve_read_expire(run, people, client, settings):
    settings.YZF_SUPERVISION_GRANT_DAYS = 7
    case = decided(run)
    sup, head = people["gz_sup"], people["gz_head"]
    assert not selectors.cases(sup).filter(pk=case.pk).exists()
    with pytest.raises(NotAllowed):
        require_view(sup, case)
    grant = access.grant_request(actor=sup, case_id=case.pk, reason="2026年度行政执法案卷评查")
    assert grant.status == GrantStatus.PENDING and not selectors.cases(sup).filter(pk=case.pk).exists()
    # the supervisor cannot approve their own request, nor can a head of another body
    with pytest.raises(NotAllowed):
        access.grant_decide(actor=sup, grant=grant, approve=True)
    with pytest.raises(NotAllowed):
        access.grant_decide(actor=run.world["users"]["head"], grant=grant, approve=True)
    grant = access.grant_decide(actor=head, grant=grant, approve=True, note="同意。")
    assert grant.expires_at - grant.decided_at == datetime.timedelta(days=7)
    # the enforcement body is told
    notice = Notification.objects.get(grant=grant)
    assert notice.body_id == case.body_id and "2026年度行政执法案卷评查" in notice.message
    assert Notification.objects.restrict(run.world["users"]["chen"], "view").filter(pk=notice.pk).exists()
    assert not Notification.objects.restrict(run.world["users"]["other"], "view").filter(pk=notice.pk).exists()
    # now the case is visible to the supervisor, read only: no acting role
    assert selectors.cases(sup).filter(pk=case.pk).exists()
    require_view(sup, case)
    assert acting_roles(sup, case) == set()
    from yuezhifa.cases import services

    with pytest.raises(NotAllowed):
        services.act_perform(actor=sup, case=case, code="serve", data={})
    # the read page, audited each time
    client.force_login(sup)
    url = reverse("supervision:access_read", args=[grant.pk])
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert case.number in response.content.decode()
    reads = AuditEntry.objects.filter(action="supervision.access.read", object_id=str(case.pk))
    assert reads.count() == 2 and reads.first().after["grant"] == str(grant.pk)
    # the case's own pages (its documents, evidence) open under the grant too, each read recorded with its path;
    # the body's own officers reading their case are not supervision reads
    case_url = reverse("cases:detail", args=[case.pk])
    document = case.documents.exclude(number="").first()
    document_url = reverse("cases:document", args=[case.pk, document.pk])
    assert client.get(case_url).status_code == 200
    assert client.get(document_url).status_code == 200
    assert set(reads.exclude(after__has_key="grant").values_list("after__what", flat=True)) == {case_url, document_url}
    officer_client = Client()
    officer_client.force_login(run.world["users"]["chen"])
    assert officer_client.get(case_url).status_code == 200
    assert reads.count() == 4
    assert AuditEntry.objects.filter(action="supervision.access.approve").count() == 1
    assert AuditEntry.objects.filter(action="supervision.access.request").count() == 1
    # expiry: the grant reads as expired, the case disappears, the page answers 404 and the attempt is audited
    AccessGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert not selectors.cases(sup).filter(pk=case.pk).exists()
    assert client.get(url).status_code == 404
    assert AuditEntry.objects.filter(action="supervision.access.refused", after__refused="expired").count() == 1
    assert client.get(case_url).status_code == 404 and client.get(document_url).status_code == 404


def test_head_approves_through_the_pages_and_the_body_sees_the_notice(run, people, client):
    case = decided(run)
    client.force_login(people["gz_sup"])
    response = client.post(reverse("supervision:access_request", args=[case.pk]), {"reason": "执法督察"})
    assert response.status_code == 302
    grant = AccessGrant.objects.get()
    client.force_login(people["gz_head"])
    assert "执法督察" in client.get(reverse("supervision:access")).content.decode()
    client.post(reverse("supervision:access_decide", args=[grant.pk]), {"decision": "approve"})
    assert AccessGrant.objects.get().status == GrantStatus.APPROVED
    client.force_login(run.world["users"]["head"])
    page = client.get(reverse("supervision:notices")).content.decode()
    assert "执法督察" in page and "李监督" in page


def test_forged_or_foreign_grant_ids_answer_404_without_leaking(run, people, client):
    case = decided(run)
    grant = access.grant_request(actor=people["gz_sup"], case_id=case.pk, reason="案卷评查")
    access.grant_decide(actor=people["gz_head"], grant=grant, approve=True)
    client.force_login(people["sz_sup"])  # another supervisor holding the id of someone else's grant
    for pk in (grant.pk, uuid.uuid4()):
        response = client.get(reverse("supervision:access_read", args=[pk]))
        assert response.status_code == 404
        assert case.number not in response.content.decode()
    assert client.get("/supervision/access/not-a-uuid/").status_code == 404
    assert AuditEntry.objects.filter(action="supervision.access.refused", after__refused="unknown").count() == 2
    # nor can 深圳's supervisor ask for a case of 广州
    with pytest.raises(NotAllowed):
        access.grant_request(actor=people["sz_sup"], case_id=case.pk, reason="案卷评查")
    assert client.get(reverse("supervision:access_request", args=[case.pk])).status_code == 404
    # nor approve a grant it does not govern
    assert client.post(reverse("supervision:access_decide", args=[grant.pk]), {"decision": "approve"}).status_code \
        == 404


def test_pending_or_rejected_grant_does_not_open_the_case(run, people):
    case = decided(run)
    grant = access.grant_request(actor=people["gz_sup"], case_id=case.pk, reason="案卷评查")
    with pytest.raises(NotAllowed):
        access.grant_for_read(actor=people["gz_sup"], grant_id=grant.pk)
    access.grant_decide(actor=people["gz_head"], grant=grant, approve=False, note="事由不充分。")
    assert not Case.objects.restrict(people["gz_sup"]).filter(pk=case.pk).exists()
    assert not Notification.objects.exists()
