"""The HTML pages: login, home per role, and 管理 (bodies, officers, certificates).

Every page reads through a selector: a user sees exactly the rows of their scope, and a row outside it answers 404
(DESIGN §5.4). Full ID numbers appear only through the audited reveal (DESIGN §5.5).
"""

import datetime
import re
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yuezhifa.audit.models import AuditEntry
from yuezhifa.org.models import CertificateStatus, OfficerStatus, Role, Scope

from .factories import CertificateFactory, OfficerFactory, UserFactory
from .test_scope_matrix import EXPECTED

LIST_URLS = ["org:body_list", "org:officer_list", "org:certificate_list"]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows(response) -> int:
    """Data rows of the list table (the empty-state row excluded)."""
    html = response.content.decode()
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return body.count("<tr>")


# --- login, logout, home ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_is_in_chinese():
    response = Client().get("/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hans"' in html
    assert re.search(r'<label for="id_username">用户名</label>', html)
    assert re.search(r'<label for="id_password">密码</label>', html)
    assert ">登录</button>" in html
    assert 'autocomplete="current-password"' in html


def test_wrong_password_is_refused_in_chinese_without_saying_which_part(world):
    response = Client().post("/login/", {"username": "admin_a", "password": "wrong-password"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_login_with_real_account_goes_home(world):
    client = Client()
    response = client.post("/login/", {"username": "admin_a", "password": "Pass-word-123"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "您好，admin_a姓名" in client.get("/").content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login():
    for url in ["/", reverse("org:index"), reverse("org:officer_list")]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")


def test_logout_is_a_post_form(world):
    client = client_for(world["users"]["admin_a"])
    html = client.get("/").content.decode()
    assert re.search(r'<form method="post" action="/logout/"', html)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


BLOCKS = {"mine": 'data-block="mine"', "overview": 'data-block="overview"', "admin": 'data-block="admin"'}
HOME_BLOCKS = {
    "officer_a": {"mine"},
    "reviewer_a": {"mine"},
    "head_a": {"overview"},
    "supervisor_a": {"overview"},
    "supervisor_p": {"overview"},
    "admin_a": {"admin"},
    "no_role": set(),
}


@pytest.mark.parametrize(("username", "blocks"), sorted(HOME_BLOCKS.items()))
def test_each_role_home_shows_only_its_content(world, username, blocks):
    user = world["users"][username]
    html = client_for(user).get("/").content.decode()
    assert f"您好，{user.real_name}" in html
    assert user.body.name in html
    for name, marker in BLOCKS.items():
        assert (marker in html) == (name in blocks), (username, name)
    for assignment in user.role_assignments.all():
        assert assignment.get_role_display() in html
        assert f"数据范围：{assignment.get_scope_display()}" in html
    if not blocks:
        assert "尚未分配角色" in html


def test_officer_home_shows_their_own_certificate(world):
    html = client_for(world["users"]["officer_a"]).get("/").content.decode()
    cert = world["certs"]["a_market"]
    assert cert.number in html
    assert "2024-01-01 至 2029-12-31" in html
    assert "市场监管" in html
    # Nobody else's certificate.
    assert world["certs"]["a_county"].number not in html


def test_officer_without_linked_record_is_told_so(world):
    html = client_for(world["users"]["reviewer_a"]).get("/").content.decode()
    assert "尚未关联执法人员信息" in html


def test_admin_home_counts_scope_and_lists_certificates_expiring_within_90_days(world):
    today = timezone.localdate()
    soon = CertificateFactory(officer=OfficerFactory(body=world["bodies"]["a_county"]), number="SOON-001",
                              valid_from=today - datetime.timedelta(days=300),
                              valid_until=today + datetime.timedelta(days=30))
    later = CertificateFactory(officer=OfficerFactory(body=world["bodies"]["a_county"]), number="LATER-001",
                               valid_from=today, valid_until=today + datetime.timedelta(days=200))
    elsewhere = CertificateFactory(officer=OfficerFactory(body=world["bodies"]["b_market"]), number="SZ-SOON-1",
                                   valid_from=today - datetime.timedelta(days=300),
                                   valid_until=today + datetime.timedelta(days=10))
    response = client_for(world["users"]["admin_a"]).get("/")
    admin = response.context["admin"]
    assert admin["officers"] == 4  # a_market, a_county and the two new ones of a_county
    assert admin["certificates"] == 4
    assert admin["expiring_count"] == 1
    html = response.content.decode()
    assert soon.number in html
    assert later.number not in html
    assert elsewhere.number not in html


def test_head_and_supervisor_see_the_bodies_of_their_scope(world):
    assert client_for(world["users"]["head_a"]).get("/").context["overview"]["bodies"] == 2
    assert client_for(world["users"]["supervisor_a"]).get("/").context["overview"]["bodies"] == 5
    assert client_for(world["users"]["supervisor_p"]).get("/").context["overview"]["bodies"] == 8


# --- every page renders for every role; navigation ----------------------------------------------------------


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_pages_render_for_each_role_and_nav_shows_management(world, username):
    client = client_for(world["users"][username])
    # The details of 广州市市场监督管理局 and its officer and certificate: 404 for whoever's scope lacks them.
    detail = 200 if "a_market" in EXPECTED[username] else 404
    pages = [("/", 200), (reverse("org:index"), 200), *((reverse(name), 200) for name in LIST_URLS),
             (reverse("org:body_detail", args=[world["bodies"]["a_market"].pk]), detail),
             (reverse("org:officer_detail", args=[world["officers"]["a_market"].pk]), detail),
             (reverse("org:certificate_detail", args=[world["certs"]["a_market"].pk]), detail)]
    for url, expected in pages:
        response = client.get(url)
        assert response.status_code == expected, (username, url)
        html = response.content.decode()
        nav = html[html.index('<nav aria-label="主导航"'):html.index("</nav>")]
        assert ('href="/org/"' in nav and ">管理<" in nav) == (username != "no_role"), username
        assert "退出" in html


@pytest.mark.django_db
def test_superuser_without_roles_sees_management():
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    html = client_for(admin).get("/").content.decode()
    assert 'data-block="admin"' in html
    assert ">管理<" in html


# --- scope: lists and details -------------------------------------------------------------------------------


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_lists_show_exactly_the_rows_of_the_scope(world, username):
    client = client_for(world["users"][username])
    for url, kind, text in [("org:body_list", "bodies", lambda o: f">{o.name}</a>"),
                            ("org:officer_list", "officers", lambda o: f">{o.name}</a>"),
                            ("org:certificate_list", "certs", lambda o: f">{o.number}</a>")]:
        html = client.get(reverse(url)).content.decode()
        for key, obj in world[kind].items():
            assert (text(obj) in html) == (key in EXPECTED[username]), (username, url, key)


def test_guangzhou_user_cannot_open_shenzhen_officer_nor_find_it(world):
    shenzhen = world["officers"]["b_market"]
    for username in ("officer_a", "reviewer_a", "head_a", "admin_a", "supervisor_a"):
        client = client_for(world["users"][username])
        response = client.get(reverse("org:officer_detail", args=[shenzhen.pk]))
        assert response.status_code == 404
        assert "未找到" in response.content.decode()
        assert client.get(reverse("org:body_detail", args=[shenzhen.body.pk])).status_code == 404
        assert client.get(reverse("org:certificate_detail", args=[world["certs"]["b_market"].pk])).status_code == 404
        for url in LIST_URLS:
            html = client.get(reverse(url), {"q": "深圳"}).content.decode()
            assert "深圳" not in html.split("<tbody>")[1], (username, url)


def test_unknown_id_is_a_chinese_404(world):
    response = client_for(world["users"]["supervisor_p"]).get(reverse("org:officer_detail", args=[uuid.uuid4()]))
    assert response.status_code == 404
    assert "未找到该页面或记录" in response.content.decode()


# --- filters, search, sorting, pagination -------------------------------------------------------------------


def _names(response) -> set[str]:
    return {str(obj) for obj in response.context["object_list"]}


def test_body_list_filters(world):
    client = client_for(world["users"]["supervisor_p"])
    url = reverse("org:body_list")
    assert _names(client.get(url, {"level": "city"})) == {"广州市司法局", "广州市市场监督管理局", "深圳市市场监督管理局"}
    assert _names(client.get(url, {"kind": "government"})) == {"广州市天河区人民政府", "广州市天河区沙河街道办事处"}
    assert _names(client.get(url, {"division": "440106"})) == {
        "广州市天河区市场监督管理局", "广州市天河区人民政府", "广州市天河区沙河街道办事处"}
    assert _names(client.get(url, {"domain": "market"})) == {
        "广东省市场监督管理局", "广州市市场监督管理局", "广州市天河区市场监督管理局", "深圳市市场监督管理局"}
    sz = world["bodies"]["b_market"]
    assert _names(client.get(url, {"q": sz.credit_code})) == {sz.name}
    assert _names(client.get(url, {"q": "司法"})) == {"广东省司法厅", "广州市司法局"}
    assert _names(client.get(url, {"status": "dissolved"})) == set()


def test_invalid_filter_value_shows_error_and_no_rows(world):
    response = client_for(world["users"]["supervisor_p"]).get(reverse("org:body_list"), {"level": "galaxy"})
    assert response.status_code == 200
    assert response.context["object_list"].count() == 0
    assert "筛选条件有误" in response.content.decode()


def test_officer_list_filters(world):
    body = world["bodies"]["a_market"]
    OfficerFactory(body=body, name="无证人员")
    OfficerFactory(body=body, name="法制审核员", legal_qualification_no="A20201234567")
    OfficerFactory(body=body, name="离岗人员", status=OfficerStatus.LEFT)
    client = client_for(world["users"]["admin_a"])
    url = reverse("org:officer_list")
    everyone = {"广州市市场监督管理局执法员", "广州市天河区市场监督管理局执法员", "无证人员", "法制审核员", "离岗人员"}
    assert _names(client.get(url)) == everyone
    assert _names(client.get(url, {"has_certificate": "no"})) == {"无证人员", "法制审核员", "离岗人员"}
    assert _names(client.get(url, {"has_certificate": "yes"})) == {"广州市市场监督管理局执法员",
                                                                  "广州市天河区市场监督管理局执法员"}
    assert _names(client.get(url, {"legal_reviewer": "yes"})) == {"法制审核员"}
    assert _names(client.get(url, {"status": "left"})) == {"离岗人员"}
    assert _names(client.get(url, {"body": world["bodies"]["a_county"].credit_code})) == {
        "广州市天河区市场监督管理局执法员"}
    assert _names(client.get(url, {"body": "天河"})) == {"广州市天河区市场监督管理局执法员"}
    assert _names(client.get(url, {"q": world["certs"]["a_market"].number})) == {"广州市市场监督管理局执法员"}
    # A filter never widens the scope: a Shenzhen body gives nothing.
    assert _names(client.get(url, {"body": world["bodies"]["b_market"].credit_code})) == set()


def test_officer_list_shows_masked_id_and_certificate(world):
    officer = world["officers"]["a_market"]
    html = client_for(world["users"]["admin_a"]).get(reverse("org:officer_list")).content.decode()
    assert officer.id_number_masked in html
    assert officer.id_number not in html
    assert world["certs"]["a_market"].number in html


def test_certificate_list_filters(world):
    today = timezone.localdate()
    body = world["bodies"]["a_market"]
    CertificateFactory(officer=OfficerFactory(body=body), number="EXP-30", valid_from=today - datetime.timedelta(days=9),
                       valid_until=today + datetime.timedelta(days=30))
    CertificateFactory(officer=OfficerFactory(body=body), number="EXP-OLD", valid_from=datetime.date(2019, 1, 1),
                       valid_until=today - datetime.timedelta(days=1))
    CertificateFactory(officer=OfficerFactory(body=body), number="SUSP-1", status=CertificateStatus.SUSPENDED)
    client = client_for(world["users"]["admin_a"])
    url = reverse("org:certificate_list")
    numbers = lambda response: {c.number for c in response.context["object_list"]}  # noqa: E731
    assert numbers(client.get(url, {"expiring": "90"})) == {"EXP-30"}
    assert numbers(client.get(url, {"expiring": "expired"})) == {"EXP-OLD"}
    assert numbers(client.get(url, {"status": "suspended"})) == {"SUSP-1"}
    assert numbers(client.get(url, {"body": world["bodies"]["a_county"].credit_code})) == {
        world["certs"]["a_county"].number}
    assert len(numbers(client.get(url, {"domain": "market"}))) == 5
    assert numbers(client.get(url, {"q": "exp-"})) == {"EXP-30", "EXP-OLD"}
    html = client.get(url, {"expiring": "expired"}).content.decode()
    assert "已过期" in html


def test_sorting_only_by_declared_columns(world):
    client = client_for(world["users"]["supervisor_p"])
    url = reverse("org:body_list")
    names = [b.name for b in client.get(url, {"sort": "-name"}).context["object_list"]]
    assert names == sorted(names, reverse=True)
    assert client.get(url, {"sort": "credit_code"}).status_code == 200  # undeclared: ignored, not an error
    assert 'aria-sort="descending"' in client.get(url, {"sort": "-name"}).content.decode()


def test_list_paginates_by_50_and_keeps_filters(world):
    body = world["bodies"]["a_market"]
    for i in range(60):
        OfficerFactory(body=body, name=f"批量人员{i:02d}")
    client = client_for(world["users"]["admin_a"])
    url = reverse("org:officer_list")
    first = client.get(url, {"q": "批量"})
    assert rows(first) == 50
    assert "第 1 / 2 页" in first.content.decode()
    assert "?q=%E6%89%B9%E9%87%8F&amp;page=2" in first.content.decode()
    assert rows(client.get(url, {"q": "批量", "page": 2})) == 10
    assert rows(client.get(url, {"q": "批量", "page": 99})) == 10  # out of range: the last page


@pytest.fixture
def crowded(world):
    """35 officers with certificates in 广州市市场监督管理局: enough rows to reveal an N+1."""
    body, issuer, market = world["bodies"]["a_market"], world["bodies"]["p_justice"], world["domains"]["market"]
    for i in range(35):
        CertificateFactory(officer=OfficerFactory(body=body, name=f"人员{i:02d}"), issued_by=issuer, domains=[market])
    return world


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_query_count_is_bounded(crowded, url, django_assert_max_num_queries):
    """No N+1: a list page costs a fixed handful of queries (session, user, roles, count, rows, prefetches) however
    many rows it shows."""
    client = client_for(crowded["users"]["supervisor_p"])
    client.get(reverse(url))  # warm up anything cached per process
    with django_assert_max_num_queries(10):
        response = client.get(reverse(url))
    assert response.status_code == 200
    assert rows(response) >= 8 if url == "org:body_list" else rows(response) >= 36


# --- the full ID number ------------------------------------------------------------------------------------


def test_detail_shows_masked_id_only(world):
    officer = world["officers"]["a_market"]
    html = client_for(world["users"]["admin_a"]).get(reverse("org:officer_detail", args=[officer.pk])).content.decode()
    assert officer.id_number_masked in html
    assert officer.id_number not in html
    assert "查看完整号码" in html


def test_reveal_full_id_number_is_audited(world):
    officer = world["officers"]["a_market"]
    admin = world["users"]["admin_a"]
    url = reverse("org:officer_reveal_id_number", args=[officer.pk])
    response = client_for(admin).post(url, {"reason": "核对证件"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert officer.id_number in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action="org.officer.view_id_number")
    assert entry.object_id == str(officer.pk)
    assert entry.actor_id == admin.pk
    assert entry.after == {"reason": "核对证件"}


def test_reveal_without_javascript_returns_the_detail_page(world):
    officer = world["officers"]["a_county"]
    response = client_for(world["users"]["admin_a"]).post(
        reverse("org:officer_reveal_id_number", args=[officer.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert officer.id_number in html and officer.body.name in html
    assert AuditEntry.objects.filter(action="org.officer.view_id_number").count() == 1


@pytest.mark.parametrize("htmx", [True, False])
def test_reveal_is_refused_to_an_officer_in_chinese(world, htmx):
    officer = world["officers"]["a_market"]
    client = client_for(world["users"]["officer_a"])
    detail = client.get(reverse("org:officer_detail", args=[officer.pk])).content.decode()
    assert "查看完整号码" not in detail  # the button is not offered …
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(reverse("org:officer_reveal_id_number", args=[officer.pk]), **headers)
    assert response.status_code == 403  # … and the endpoint refuses anyway
    html = response.content.decode()
    assert "无权查看该人员的完整身份证号码" in html
    assert officer.id_number not in html
    assert not AuditEntry.objects.filter(action="org.officer.view_id_number").exists()


def test_reveal_out_of_scope_is_404_and_get_is_not_allowed(world):
    client = client_for(world["users"]["admin_a"])
    shenzhen = world["officers"]["b_market"]
    assert client.post(reverse("org:officer_reveal_id_number", args=[shenzhen.pk])).status_code == 404
    mine = world["officers"]["a_market"]
    assert client.get(reverse("org:officer_reveal_id_number", args=[mine.pk])).status_code == 405
    assert not AuditEntry.objects.filter(action="org.officer.view_id_number").exists()


# --- import and export are for administrators --------------------------------------------------------------


@pytest.mark.parametrize("name", ["org:officer_import", "org:officer_export", "org:certificate_export",
                                  "org:officer_import_template", "org:training_import", "org:training_export",
                                  "org:training_import_template"])
def test_import_and_export_need_the_change_right(world, name):
    assert client_for(world["users"]["admin_a"]).get(reverse(name)).status_code == 200
    for username in ("head_a", "supervisor_p", "officer_a", "no_role"):
        response = client_for(world["users"][username]).get(reverse(name))
        assert response.status_code == 403, username
        assert "无权访问" in response.content.decode()


def test_import_buttons_only_for_administrators(world):
    assert "从 Excel 导入" in client_for(world["users"]["admin_a"]).get(reverse("org:officer_list")).content.decode()
    assert "从 Excel 导入" not in client_for(world["users"]["head_a"]).get(reverse("org:officer_list")).content.decode()


# --- assets ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_link_the_committed_assets():
    html = Client().get("/login/").content.decode()
    for path in re.findall(r'(?:href|src)="/static/([^"]+)"', html):
        assert finders.find(path), path
    assert "pico" in html and "htmx" in html


def test_scope_of_roles_is_listed_in_the_user_menu(world):
    user = UserFactory(username="multi", body=world["bodies"]["a_market"],
                       roles=[(Role.HEAD, Scope.BODY), (Role.ADMIN, Scope.SUBTREE)])
    html = client_for(user).get(reverse("org:index")).content.decode()
    assert "单位负责人（本单位）" in html and "系统管理员（本单位及下级）" in html


# --- error pages and the base classes -------------------------------------------------------------------------


@pytest.mark.django_db
def test_error_pages_are_in_chinese():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")  # as Django renders it: no request, no database
    assert "系统出错" in html and 'lang="zh-Hans"' in html
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "请求已失效" in response.content.decode()


def test_a_view_cannot_be_configured_with_an_unrestricted_queryset():
    from django.core.exceptions import ImproperlyConfigured

    from yuezhifa.core.views_base import RestrictedListView
    from yuezhifa.org.models import Officer

    with pytest.raises(ImproperlyConfigured, match="selector"):
        type("Leaky", (RestrictedListView,), {"queryset": Officer.objects.all()})
    with pytest.raises(ImproperlyConfigured, match="selector"):
        type("Leaky", (RestrictedListView,), {"model": Officer})


def test_reveal_button_only_where_the_right_covers_the_row(world):
    """An administrator of one body who also supervises the province sees other bodies' officers, but may reveal ID
    numbers only within the administrator's scope."""
    user = UserFactory(username="mixed", body=world["bodies"]["a_market"],
                       roles=[(Role.ADMIN, Scope.BODY), (Role.SUPERVISOR, Scope.PROVINCE)])
    client = client_for(user)
    own = client.get(reverse("org:officer_detail", args=[world["officers"]["a_market"].pk])).content.decode()
    other = client.get(reverse("org:officer_detail", args=[world["officers"]["b_market"].pk])).content.decode()
    assert "查看完整号码" in own
    assert "查看完整号码" not in other
    response = client.post(reverse("org:officer_reveal_id_number", args=[world["officers"]["b_market"].pk]),
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 403
