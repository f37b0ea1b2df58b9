"""Writes to organisation data: validation with messages naming the field, permission, audit (DESIGN §5.1)."""

import datetime

import pytest

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.org import services
from yuezhifa.org.models import BodyKind, CertificateStatus, Domain, Level, Role, Scope

from .factories import (
    BodyFactory,
    CertificateFactory,
    OfficerFactory,
    UserFactory,
    division,
    make_credit_code,
    make_id_number,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gz():
    return division("4401", "广州市", division("44", "广东省"))


@pytest.fixture
def province_admin():
    return UserFactory(is_superuser=True, username="root")


@pytest.fixture
def market():
    return Domain.objects.get(code="market")


@pytest.fixture
def justice(gz):
    return BodyFactory(name="广州市司法局", division=gz, is_justice_department=True)


@pytest.fixture
def bureau(gz, market):
    return BodyFactory(name="广州市市场监督管理局", division=gz, domains=[market])


@pytest.fixture
def justice_admin(justice):
    """Certificates are issued and managed by the justice department's administrators (办法 第38条)."""
    return UserFactory(username="admin_justice_gz", body=justice, roles=[(Role.ADMIN, Scope.JURISDICTION)])


@pytest.fixture
def admin_of_bureau(bureau):
    return UserFactory(username="admin_gz", body=bureau, roles=[(Role.ADMIN, Scope.SUBTREE)])


def test_body_create_validates_credit_code_and_names_the_field(province_admin, gz):
    with pytest.raises(DomainError) as err:
        services.body_create(actor=province_admin, name="某局", kind=BodyKind.DEPARTMENT,
                             credit_code="9144030071526726XA", division=gz, level=Level.CITY)
    assert err.value.field == "credit_code"
    assert "校验码" in err.value.message
    assert not AuditEntry.objects.filter(action="org.body.create").exists()


def test_body_create_accepts_letter_authority_code_and_audits(province_admin, gz):
    from stdnum.cn import uscc

    code = "N244010012345678" + "0"
    code = code[:17] + uscc.calc_check_digit(code)
    body = services.body_create(actor=province_admin, name="广州市某农村集体经济组织", kind=BodyKind.AUTHORISED,
                                credit_code=code, division=gz, level=Level.CITY)
    assert body.path == body.pk.hex + "/"
    entry = AuditEntry.objects.get(action="org.body.create")
    assert entry.object_id == str(body.pk) and entry.actor == province_admin


def test_entrusted_organisation_needs_its_entrusting_body(province_admin, gz, bureau):
    """办法 第67条: 受委托组织 acts in the name of the body that entrusted it."""
    with pytest.raises(DomainError) as err:
        services.body_create(actor=province_admin, name="某受委托组织", kind=BodyKind.ENTRUSTED,
                             credit_code=make_credit_code(), division=gz, level=Level.CITY)
    assert err.value.field == "entrusted_by"
    body = services.body_create(actor=province_admin, name="某受委托组织", kind=BodyKind.ENTRUSTED,
                                credit_code=make_credit_code(), division=gz, level=Level.CITY, entrusted_by=bureau)
    assert body.entrusted_by == bureau


def test_body_level_must_match_division(province_admin, gz):
    with pytest.raises(DomainError) as err:
        services.body_create(actor=province_admin, name="错误层级", kind=BodyKind.DEPARTMENT,
                             credit_code=make_credit_code(), division=gz, level=Level.COUNTY)
    assert err.value.field == "level"


def test_subordinate_body_paths_follow_a_move(province_admin, gz, bureau):
    th = division("440106", "天河区", gz)
    child = services.body_create(actor=province_admin, name="天河区分局", kind=BodyKind.DEPARTMENT,
                                 credit_code=make_credit_code(), division=th, level=Level.COUNTY, parent=bureau)
    other = BodyFactory(name="另一上级", division=gz)
    services.body_update(actor=province_admin, body=bureau, parent=other)
    child.refresh_from_db()
    assert child.path.startswith(other.path) and child.path.endswith(child.pk.hex + "/")


def test_city_admin_cannot_create_body_under_another_city(admin_of_bureau):
    sz = division("4403", "深圳市", division("44", "广东省"))
    shenzhen = BodyFactory(name="深圳市市场监督管理局", division=sz)
    with pytest.raises(NotAllowed):
        services.body_create(actor=admin_of_bureau, name="越权", kind=BodyKind.DEPARTMENT,
                             credit_code=make_credit_code(), division=division("440305", "南山区", sz),
                             level=Level.COUNTY, parent=shenzhen)


def test_officer_id_number_validated_and_never_in_audit_in_full(admin_of_bureau, bureau):
    number = make_id_number()
    wrong_check = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(DomainError) as err:
        services.officer_create(actor=admin_of_bureau, name="张三", id_number=wrong_check, body=bureau)
    assert err.value.field == "id_number" and "校验码" in err.value.message
    officer = services.officer_create(actor=admin_of_bureau, name="张三", id_number=number, body=bureau)
    entry = AuditEntry.objects.get(action="org.officer.create")
    assert number not in str(entry.after) and entry.after["id_number"] == officer.id_number_masked


def test_reveal_full_id_number_is_audited_and_refused_to_officers(admin_of_bureau, bureau, market, justice):
    officer = OfficerFactory(body=bureau)
    assert services.officer_reveal_id_number(actor=admin_of_bureau, officer=officer, reason="核对身份") == officer.id_number
    entry = AuditEntry.objects.get(action="org.officer.view_id_number")
    assert entry.object_id == str(officer.pk) and entry.after == {"reason": "核对身份"}

    colleague = OfficerFactory(body=bureau)
    CertificateFactory(officer=colleague, issued_by=justice, domains=[market])
    plain = UserFactory(username="plain", body=bureau, officer=colleague, roles=[(Role.OFFICER, Scope.OWN)])
    with pytest.raises(NotAllowed):
        services.officer_reveal_id_number(actor=plain, officer=officer)
    assert AuditEntry.objects.filter(action="org.officer.view_id_number").count() == 1


def test_certificate_number_unique_province_wide(justice_admin, bureau, justice, market):
    """办法 第38条: 证号合一 — a number is never issued twice."""
    CertificateFactory(number="44010000001", officer=OfficerFactory(body=bureau), issued_by=justice)
    with pytest.raises(DomainError) as err:
        services.certificate_issue(actor=justice_admin, officer=OfficerFactory(body=bureau), number="44010000001",
                                   domains=[market], valid_from=datetime.date(2025, 1, 1),
                                   valid_until=datetime.date(2030, 1, 1), issued_by=justice)
    assert err.value.field == "number" and "已被使用" in err.value.message


def test_one_person_one_certificate(justice_admin, bureau, justice, market):
    """办法 第38条: 一人一证. A new certificate only after the old one is revoked."""
    officer = OfficerFactory(body=bureau)
    first = services.certificate_issue(actor=justice_admin, officer=officer, number="A1", domains=[market],
                                       valid_from=datetime.date(2025, 1, 1), valid_until=datetime.date(2030, 1, 1),
                                       issued_by=justice)
    kwargs = {"officer": officer, "domains": [market], "valid_from": datetime.date(2025, 1, 1),
                  "valid_until": datetime.date(2030, 1, 1), "issued_by": justice}
    with pytest.raises(DomainError) as err:
        services.certificate_issue(actor=justice_admin, number="A2", **kwargs)
    assert err.value.field == "officer" and "一人一证" in err.value.message
    services.certificate_set_status(actor=justice_admin, certificate=first, status=CertificateStatus.REVOKED,
                                    reason="调离执法岗位")
    assert services.certificate_issue(actor=justice_admin, number="A2", **kwargs).status == CertificateStatus.VALID


def test_certificate_domains_must_be_the_bodys(justice_admin, bureau, justice):
    with pytest.raises(DomainError) as err:
        services.certificate_issue(actor=justice_admin, officer=OfficerFactory(body=bureau), number="B1",
                                   domains=[Domain.objects.get(code="ecology")], valid_from=datetime.date(2025, 1, 1),
                                   valid_until=datetime.date(2030, 1, 1), issued_by=justice)
    assert err.value.field == "domains"


def test_only_justice_departments_issue_certificates(justice_admin, bureau, market):
    with pytest.raises(DomainError) as err:
        services.certificate_issue(actor=justice_admin, officer=OfficerFactory(body=bureau), number="C1",
                                   domains=[market], valid_from=datetime.date(2025, 1, 1),
                                   valid_until=datetime.date(2030, 1, 1), issued_by=bureau)
    assert err.value.field == "issued_by"


def test_enforcement_role_needs_a_valid_certificate(admin_of_bureau, province_admin, bureau, justice, market):
    """办法 第38条, 处罚法 第42条: only holders of a valid certificate act as 执法人员."""
    officer = OfficerFactory(body=bureau)
    user = services.user_create(actor=admin_of_bureau, username="zhang", password="Zhang-pass-2026", real_name="张三",
                                body=bureau, officer=officer)
    with pytest.raises(DomainError) as err:
        services.role_assign(actor=province_admin, user=user, role=Role.OFFICER)
    assert err.value.field == "role" and "有效的行政执法证件" in err.value.message

    cert = CertificateFactory(officer=officer, issued_by=justice, domains=[market],
                              valid_until=datetime.date(2020, 1, 1), valid_from=datetime.date(2015, 1, 1))
    with pytest.raises(DomainError):
        services.role_assign(actor=province_admin, user=user, role=Role.OFFICER)  # expired
    cert.valid_until = datetime.date(2099, 1, 1)
    cert.save()
    assignment = services.role_assign(actor=province_admin, user=user, role=Role.OFFICER)
    assert assignment.scope == Scope.OWN


def test_legal_reviewer_needs_legal_qualification(admin_of_bureau, province_admin, bureau):
    """处罚法 第58条第2款: 初次从事法制审核的人员 must hold the legal professional qualification."""
    officer = OfficerFactory(body=bureau)
    user = services.user_create(actor=admin_of_bureau, username="li", password="Li-pass-2026x", real_name="李四",
                                body=bureau, officer=officer)
    with pytest.raises(DomainError):
        services.role_assign(actor=province_admin, user=user, role=Role.LEGAL_REVIEWER)
    services.officer_update(actor=admin_of_bureau, officer=officer, legal_qualification_no="A20194401000123")
    user.officer.refresh_from_db()
    assert services.role_assign(actor=province_admin, user=user, role=Role.LEGAL_REVIEWER).scope == Scope.BODY


def test_city_admin_cannot_grant_province_scope(admin_of_bureau, bureau):
    user = services.user_create(actor=admin_of_bureau, username="sup", password="Sup-pass-2026x", real_name="王五",
                                body=bureau)
    with pytest.raises(NotAllowed):
        services.role_assign(actor=admin_of_bureau, user=user, role=Role.SUPERVISOR, scope=Scope.PROVINCE)
    with pytest.raises(DomainError) as err:
        services.role_assign(actor=admin_of_bureau, user=user, role=Role.OFFICER, scope=Scope.PROVINCE)
    assert err.value.field == "scope"


def test_failed_service_leaves_nothing_half_written(admin_of_bureau, bureau):
    """A service is one transaction: a refused role leaves no user behind."""
    from yuezhifa.org.models import User

    with pytest.raises(DomainError):
        services.user_create(actor=admin_of_bureau, username="half", password="Half-pass-2026", real_name="半",
                             body=bureau, roles=[(Role.OFFICER, None)])
    assert not User.objects.filter(username="half").exists()
    assert not AuditEntry.objects.filter(action="org.user.create").exists()
