"""The shared world of the organisation tests: two cities of Guangdong, their bodies, one officer and one certificate
per body, and one user per role and scope."""

import pytest

from yuezhifa.org.models import BodyKind, Role, Scope

from .factories import BodyFactory, CertificateFactory, DomainFactory, OfficerFactory, UserFactory, division


@pytest.fixture
def world(db):
    gd = division("44", "广东省")
    gz = division("4401", "广州市", gd)
    sz = division("4403", "深圳市", gd)
    th = division("440106", "天河区", gz)
    sh = division("440106001", "沙河街道", th)
    market = DomainFactory(code="market", name="市场监管")
    b = {}
    b["p_justice"] = BodyFactory(name="广东省司法厅", division=gd, is_justice_department=True)
    b["p_market"] = BodyFactory(name="广东省市场监督管理局", division=gd, domains=[market])
    b["a_justice"] = BodyFactory(name="广州市司法局", division=gz, parent=b["p_justice"], is_justice_department=True)
    b["a_market"] = BodyFactory(name="广州市市场监督管理局", division=gz, parent=b["p_market"], domains=[market])
    b["a_county"] = BodyFactory(name="广州市天河区市场监督管理局", division=th, parent=b["a_market"], domains=[market])
    b["a_county_gov"] = BodyFactory(name="广州市天河区人民政府", division=th, kind=BodyKind.GOVERNMENT)
    b["a_town"] = BodyFactory(name="广州市天河区沙河街道办事处", division=sh, parent=b["a_county_gov"],
                              kind=BodyKind.GOVERNMENT)
    b["b_market"] = BodyFactory(name="深圳市市场监督管理局", division=sz, parent=b["p_market"], domains=[market])
    officers, certs = {}, {}
    for key, body in b.items():
        officers[key] = OfficerFactory(body=body, name=f"{body.name}执法员")
        certs[key] = CertificateFactory(officer=officers[key], issued_by=b["p_justice"], domains=[market])

    def user(name, body_key, role, scope, **extra):
        return UserFactory(username=name, real_name=f"{name}姓名", body=b[body_key], roles=[(role, scope)], **extra)

    users = {
        # officer_a is the account of the 广州市市场监督管理局 officer.
        "officer_a": user("officer_a", "a_market", Role.OFFICER, Scope.OWN, officer=officers["a_market"]),
        "reviewer_a": user("reviewer_a", "a_market", Role.LEGAL_REVIEWER, Scope.BODY),
        "head_a": user("head_a", "a_market", Role.HEAD, Scope.SUBTREE),
        "admin_a": user("admin_a", "a_market", Role.ADMIN, Scope.SUBTREE),
        "supervisor_a": user("supervisor_a", "a_justice", Role.SUPERVISOR, Scope.JURISDICTION),
        "supervisor_p": user("supervisor_p", "p_justice", Role.SUPERVISOR, Scope.PROVINCE),
        "officer_b": user("officer_b", "b_market", Role.OFFICER, Scope.OWN),
        "no_role": UserFactory(username="no_role", real_name="no_role姓名", body=b["a_market"]),
    }
    return {"bodies": b, "officers": officers, "certs": certs, "users": users, "domains": {"market": market},
            "divisions": {"gd": gd, "gz": gz, "sz": sz, "th": th, "sh": sh}}


@pytest.fixture
def justice_admin_a(world):
    """The administrator of 广州市司法局 with the 辖区 scope: the one who issues and manages the certificates of the
    bodies of 广州 (办法 第38条)."""
    return UserFactory(username="justice_admin_a", real_name="司法局管理员", body=world["bodies"]["a_justice"],
                       roles=[(Role.ADMIN, Scope.JURISDICTION)])


@pytest.fixture
def province_admin_p(world):
    """The province's administrator (省司法厅, 全省): the one who grants roles and sets a body's division, level and
    司法行政 flag (docs/decisions/0019)."""
    return UserFactory(username="province_admin_p", real_name="省管理员", body=world["bodies"]["p_justice"],
                       roles=[(Role.ADMIN, Scope.PROVINCE)])
