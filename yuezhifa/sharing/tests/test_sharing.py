"""Data sharing under authorisation (《广东省一体化行政执法平台管理办法》第五十条、第五十一条; docs/decisions/0061):
a grant reaches only its fields, divisions and period; personal data only when granted with a reason; the key is
refused at once after revocation or expiry; the rate is limited per grant; every use is in the report; the requester
never approves their own request; nobody sees another body's grants."""

import datetime
import secrets

import pytest
from django.urls import reverse
from django.utils import timezone

from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.sharing import services
from yuezhifa.sharing.models import Grant, GrantStatus, Usage
from yuezhifa.themes.models import Kind

DATA = "/api/v1/sharing/data/"


def _request(actor, **over):
    today = timezone.localdate()
    values = {"dataset_code": "penalty", "fields": ["document_number", "party_name", "decided_on", "division_code"],
              "divisions": "4401", "period_from": "2026-01-01", "period_to": "2026-12-31",
              "valid_until": today + datetime.timedelta(days=30), "purpose": "核查辖区内食品经营者的处罚记录",
              "rate_per_minute": 60}
    values.update(over)
    return services.request_grant(actor=actor, **values)


def _get(client, key, **params):
    return client.get(DATA, params, HTTP_AUTHORIZATION=f"Grant {key}")


@pytest.fixture
def granted(share_world, record):
    """Records in and out of a grant of 广州 penalties decided in 2026, and the grant's key."""
    rows = {
        "in": record(division_code="440106", decided_on=datetime.date(2026, 3, 2)),
        "in_city": record(division_code="440100", decided_on=datetime.date(2026, 5, 6)),
        "other_city": record(division_code="440305", body="b_market"),
        "before_period": record(decided_on=datetime.date(2025, 12, 31)),
        "other_kind": record(kind=Kind.COMPULSION),
        "old_version": record(current=False),
    }
    users = share_world["users"]
    grant = _request(users["consumer_a"])
    key = services.approve(actor=users["data_admin"], grant=grant)
    grant.refresh_from_db()
    return {"rows": rows, "grant": grant, "key": key}


def test_grant_limits_fields_and_rows_第五十一条(client, granted):
    """关联和最小够用 (第五十一条): rows of other divisions, outside the period, of another kind or superseded are not
    returned; fields not granted are absent."""
    response = _get(client, granted["key"])
    assert response.status_code == 200, response.content
    body = response.json()
    numbers = {r["document_number"] for r in body["results"]}
    rows = granted["rows"]
    assert numbers == {rows["in"].document_number, rows["in_city"].document_number}
    for result in body["results"]:
        assert set(result) == {"document_number", "party_name", "decided_on", "division_code"}
    assert "party_id_number" not in response.content.decode()
    # a narrower division within the grant is allowed; one outside it is refused, naming the field
    assert _get(client, granted["key"], division="440106").json()["count"] == 1
    outside = _get(client, granted["key"], division="4403")
    assert outside.status_code == 400 and outside.json()["errors"][0]["field"] == "division"


def test_personal_data_only_when_granted_with_a_reason(client, share_world, record):
    """个人信息 (证件号码) needs an explicit reason to request (个人信息保护法 第二十八条) and is returned only when the
    grant includes it; an approver who narrows the request must record why (第五十一条)."""
    users = share_world["users"]
    row = record()
    fields = ["document_number", "party_id_number"]
    with pytest.raises(DomainError) as refused:
        _request(users["consumer_a"], fields=fields)
    assert refused.value.field == "personal_justification"
    grant = _request(users["consumer_a"], fields=fields, personal_justification="送达文书须核对当事人身份")
    with pytest.raises(DomainError) as no_reason:
        services.approve(actor=users["data_admin"], grant=grant, fields=["document_number"])
    assert no_reason.value.field == "note"
    narrowed = services.approve(actor=users["data_admin"], grant=grant, fields=["document_number"],
                                note="核对身份可经送达系统办理，不需证件号码")
    assert _get(client, narrowed).json()["results"] == [{"document_number": row.document_number}]
    with_id = _request(users["consumer_a"], fields=fields, personal_justification="送达文书须核对当事人身份")
    key = services.approve(actor=users["data_admin"], grant=with_id)
    assert _get(client, key).json()["results"] == [
        {"document_number": row.document_number, "party_id_number": row.party_id_number}]


def test_approver_can_only_narrow(share_world):
    """A wider scope is a new request (第五十一条): the approver may not add fields or divisions."""
    users = share_world["users"]
    grant = _request(users["consumer_a"])
    with pytest.raises(DomainError) as wider:
        services.approve(actor=users["data_admin"], grant=grant, divisions="44", note="扩大到全省")
    assert wider.value.field == "divisions"
    with pytest.raises(DomainError) as more:
        services.approve(actor=users["data_admin"], grant=grant, fields=["document_number", "facts"], note="加字段")
    assert more.value.field == "fields"


def test_revoked_expired_or_wrong_key_gets_401_at_once(client, granted, share_world):
    """Revocation takes effect at the next request (第五十一条 统一授权共享); expiry likewise; a wrong key never reaches
    any grant."""
    key, grant = granted["key"], granted["grant"]
    assert _get(client, key).status_code == 200
    wrong = f"yzfg_{grant.key_prefix}_{secrets.token_urlsafe(32)}"
    assert _get(client, wrong).status_code == 401
    assert _get(client, "yzfg_000000000000_x").status_code == 401
    missing = client.get(DATA)
    assert missing.status_code == 401 and missing["WWW-Authenticate"] == "Grant"
    services.revoke(actor=share_world["users"]["data_admin"], grant=grant, reason="用途已完成")
    revoked = _get(client, key)
    assert revoked.status_code == 401 and "已撤销" in revoked.json()["detail"]
    # a grant past its validity (the day after valid_until) is refused the same way
    other = _request(share_world["users"]["consumer_a"])
    other_key = services.approve(actor=share_world["users"]["data_admin"], grant=other)
    Grant.objects.filter(pk=other.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert _get(client, other_key).status_code == 401
    assert Usage.objects.filter(grant=grant, status=401).count() == 2  # the wrong secret and the revoked key


def test_rate_limit_per_grant_gives_429(client, share_world, record):
    record()
    users = share_world["users"]
    grant = _request(users["consumer_a"], rate_per_minute=2)
    key = services.approve(actor=users["data_admin"], grant=grant)
    assert [_get(client, key).status_code for _ in range(2)] == [200, 200]
    limited = _get(client, key)
    assert limited.status_code == 429 and int(limited["Retry-After"]) >= 1
    assert "每分钟最多 2 次" in limited.json()["detail"]


def test_every_use_is_in_the_report_with_its_rows(client, granted, share_world):
    """Every use is logged (第五十一条): when, from where, the query, the rows and the fields; the report page and its
    CSV list them for the requester, the approver and the province's supervisors."""
    key, grant = granted["key"], granted["grant"]
    assert _get(client, key, page_size=1).json()["count"] == 2
    assert len(_get(client, key, page_size=1, page=2).json()["results"]) == 1
    _get(client, key, division="440106")
    uses = list(Usage.objects.filter(grant=grant).order_by("id"))
    assert [(u.status, u.rows) for u in uses] == [(200, 1), (200, 1), (200, 1)]
    assert uses[2].query == {"division": "440106"} and uses[0].client_ip == "127.0.0.1"
    assert uses[0].fields == ["division_code", "document_number", "party_name", "decided_on"]
    for name in ("consumer_a", "data_admin", "supervisor_p"):
        client.force_login(share_world["users"][name])
        page = client.get(reverse("sharing:grant", args=[grant.pk]))
        assert page.status_code == 200
        assert "共 3 次访问，其中成功 3 次，返回 3 行" in page.content.decode()
        csv = client.get(reverse("sharing:usage_csv", args=[grant.pk])).content.decode("utf-8-sig").splitlines()
        assert len(csv) == 4 and "division=440106" in csv[1]


def test_requester_cannot_approve_their_own_request(client, share_world):
    """The requester never approves their own request, even holding the 数据共享管理员 role (403)."""
    users = share_world["users"]
    grant = _request(users["data_admin_2"])
    client.force_login(users["data_admin_2"])
    response = client.post(reverse("sharing:decide", args=[grant.pk]), {"decision": "approve",
                                                                         "fields": grant.requested_fields,
                                                                         "divisions": "4401"})
    assert response.status_code == 403
    with pytest.raises(NotAllowed):
        services.approve(actor=users["data_admin_2"], grant=grant)
    with pytest.raises(NotAllowed):  # nor can a requester of another body
        services.approve(actor=users["consumer_b"], grant=grant)
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PENDING and not grant.key_prefix
    services.approve(actor=users["data_admin"], grant=grant)  # another administrator may


def test_other_bodies_and_other_roles_do_not_see_a_grant(client, granted, share_world):
    users, grant = share_world["users"], granted["grant"]
    for name in ("consumer_b", "consumer_tax"):
        client.force_login(users[name])
        assert client.get(reverse("sharing:grant", args=[grant.pk])).status_code == 404
        assert client.get(reverse("sharing:usage_csv", args=[grant.pk])).status_code == 404
        assert client.post(reverse("sharing:revoke", args=[grant.pk]), {"reason": "x"}).status_code == 404
        assert str(grant.pk) not in client.get(reverse("sharing:index")).content.decode()
    client.force_login(users["officer_a"])  # an officer of the requesting body has no sharing role
    assert client.get(reverse("sharing:index")).status_code == 403
    assert client.get(reverse("sharing:grant", args=[grant.pk])).status_code == 403


def test_request_page_refuses_bad_input_naming_the_field(client, share_world):
    users = share_world["users"]
    client.force_login(users["consumer_a"])
    response = client.post(reverse("sharing:request"), {
        "dataset": "penalty", "fields": ["document_number"], "divisions": "9999", "period_from": "2026-01-01",
        "period_to": "2026-12-31", "valid_until": timezone.localdate().isoformat(), "purpose": "核查处罚记录",
        "rate_per_minute": "60"})
    assert response.status_code == 422
    assert "区划代码“9999”不存在" in response.content.decode()
    assert not Grant.objects.exists()


def test_sharing_roles_have_fixed_scopes(share_world):
    """数据共享申请人 only for its own body, 数据共享管理员 only province-wide (第五十一条: 统一授权 by the platform's
    建设管理部门); like every role, granted by the province's administrator (decision 0019)."""
    from yuezhifa.org.models import Role, Scope, User
    from yuezhifa.org.services.people import role_assign
    from yuezhifa.org.tests.factories import UserFactory

    province_admin = UserFactory(username="p_admin", body=share_world["bodies"]["p_justice"],
                                 roles=[(Role.ADMIN, Scope.PROVINCE)])
    target = User.objects.get(username="officer_a")
    with pytest.raises(DomainError) as wide:
        role_assign(actor=province_admin, user=target, role=Role.DATA_CONSUMER, scope=Scope.PROVINCE)
    assert wide.value.field == "scope"
    with pytest.raises(DomainError) as narrow:
        role_assign(actor=province_admin, user=target, role=Role.DATA_ADMIN, scope=Scope.BODY)
    assert narrow.value.field == "scope"
    assert role_assign(actor=province_admin, user=target, role=Role.DATA_ADMIN).scope == Scope.PROVINCE


def test_a_city_node_offers_no_sharing(client, granted, share_world, settings):
    """Sharing runs at the hub, where the theme library is (办法 第十四条、第五十一条; decision 0061): on a node the
    pages are refused and no request is taken."""
    settings.YZF_ROLE = "node"
    users = share_world["users"]
    for name in ("consumer_a", "data_admin"):
        client.force_login(users[name])
        assert client.get(reverse("sharing:index")).status_code == 403
        assert client.get(reverse("sharing:grant", args=[granted["grant"].pk])).status_code == 403
    with pytest.raises(DomainError):
        _request(users["consumer_a"])


def test_text_with_a_nul_byte_is_refused_naming_the_field_第五十一条(client, share_world):
    """办法 第五十一条 统一授权共享: a purpose, justification, dataset code, decision note or revocation reason holding
    a NUL byte (PostgreSQL text cannot hold U+0000: it was a 500 there) is refused naming the field; nothing written."""
    users = share_world["users"]
    client.force_login(users["consumer_a"])
    form = {"dataset": "penalty", "fields": ["document_number", "party_id_number"], "divisions": "4401",
            "period_from": "2026-01-01", "period_to": "2026-12-31", "valid_until": timezone.localdate().isoformat(),
            "purpose": "核查处罚记录", "personal_justification": "核对当事人身份", "rate_per_minute": "60"}
    for field in ("purpose", "personal_justification", "dataset"):
        response = client.post(reverse("sharing:request"), {**form, field: form[field][:2] + "\x00" + form[field][2:]})
        assert response.status_code == 422 and response.context["error_field"] == field, field
    assert not Grant.objects.exists()
    grant = _request(users["consumer_a"])
    with pytest.raises(DomainError) as bad:
        services.reject(actor=users["data_admin"], grant=grant, note="用途\x00不明确")
    assert bad.value.field == "note"
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PENDING
    services.approve(actor=users["data_admin"], grant=grant)
    with pytest.raises(DomainError) as bad:
        services.revoke(actor=users["data_admin"], grant=grant, reason="不再\x00需要")
    assert bad.value.field == "reason"
    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPROVED
    # a key id is twelve hexadecimal digits: anything else (a NUL byte, other letters) is refused before any lookup
    for key in ("yzfg_\x00aaaaaaaaaaa_x", "yzfg_GGGGGGGGGGGG_x"):
        assert services.split_key(key) is None
        assert _get(client, key).status_code == 401


def test_refused_attempts_with_a_known_key_id_are_rate_limited_and_not_logged_without_end_第五十一条(
        client, share_world, record):
    """办法 第五十一条 (每次使用留痕): a refused attempt naming a grant's key id is logged on that grant; someone
    holding a revoked key (or only its id, which the usage report shows) could otherwise write rows into the report
    without end and bury the real uses. Beyond the grant's own rate the refusals get 429 and are not logged; the
    grant's rate for its valid key is counted apart, so such attempts do not use it up."""
    record()
    users = share_world["users"]
    grant = _request(users["consumer_a"], rate_per_minute=2)
    key = services.approve(actor=users["data_admin"], grant=grant)
    wrong = f"yzfg_{Grant.objects.get(pk=grant.pk).key_prefix}_{secrets.token_urlsafe(32)}"
    statuses = [_get(client, wrong).status_code for _ in range(5)]
    assert statuses == [401, 401, 429, 429, 429]
    assert Usage.objects.filter(grant=grant).count() == 2
    assert _get(client, key).status_code == 200  # the valid key's own rate is untouched


def test_a_natural_persons_name_is_masked_unless_granted_with_a_reason(client, share_world, record):
    """A natural person's name is personal information (个人信息保护法 第四条): without ``natural_person_name``
    granted (which, like the ID numbers, needs a reason: 第二十八条), ``party_name`` and the facts show it masked, and
    the facts' ID and phone numbers are masked too; an organisation's name is shared as it is (第五十一条)."""
    users = share_world["users"]
    person = record(party_name="张三丰", facts="张三丰于店内销售过期食品，联系电话13812345678")
    company = record(party_kind="legal_person", party_name="广州某某食品有限公司", party_id_type="",
                     party_id_number="", facts="当事人销售过期食品")
    fields = ["document_number", "party_name", "facts"]
    key = services.approve(actor=users["data_admin"], grant=_request(users["consumer_a"], fields=fields))
    rows = {r["document_number"]: r for r in _get(client, key).json()["results"]}
    assert rows[person.document_number]["party_name"] == "张**"
    assert "张三丰" not in rows[person.document_number]["facts"] and "13812345678" not in rows[person.document_number]["facts"]
    assert rows[company.document_number]["party_name"] == "广州某某食品有限公司"
    with pytest.raises(DomainError) as refused:
        _request(users["consumer_a"], fields=[*fields, "natural_person_name"])
    assert refused.value.field == "personal_justification"
    named = _request(users["consumer_a"], fields=[*fields, "natural_person_name"],
                     personal_justification="向当事人送达协查文书须核对姓名")
    key = services.approve(actor=users["data_admin"], grant=named)
    row = next(r for r in _get(client, key).json()["results"] if r["document_number"] == person.document_number)
    assert row["party_name"] == row["natural_person_name"] == "张三丰" and "张三丰" in row["facts"]
