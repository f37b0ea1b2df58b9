"""The Django admin in Chinese (decision 0050): the index, every changelist and the login-lockout (django-axes)
records show no English model names, column labels or headings."""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from yuezhifa.org.tests.factories import UserFactory

from .shell import visible_text

# Latin words a Chinese user reads as they are (units, formats, identifiers of standards)
ALLOWED = {"IP", "API", "PDF", "HTTP", "URL", "ID", "SHA", "Excel", "CSV", "JSON", "OpenID", "Connect", "OIDC",
           "Django", "Token", "SMTP", "UTC", "HTML", "QR", "UUID", "DRF", "GB", "T", "ISO",
           "chinesecalendar"}  # the name of the package a calendar year was taken from (data, not a label)
WORD = re.compile(r"[A-Za-z]{2,}")
# a 代码 column shows identifiers (document type codes): codes the user quotes, not labels
CODE_CELLS = re.compile(r'<(t[hd]) class="field-code">.*?</\1>', re.S)


def english(page: str) -> set[str]:
    return {w for w in WORD.findall(visible_text(CODE_CELLS.sub(" ", page))) if w not in ALLOWED}


@pytest.fixture
def client(db):
    client = Client()
    client.force_login(UserFactory(username="管理员", is_superuser=True, is_staff=True))
    return client


def test_admin_index_is_chinese_with_the_platforms_title(client):
    page = client.get(reverse("admin:index")).content.decode()
    assert "粤执法 管理后台" in page
    assert english(page) == set()
    for name in ("access attempt", "access log", "access failure", "Axes"):
        assert name.lower() not in page.lower(), name
    assert "登录失败计数" in page and "登录记录" in page and "登录失败记录" in page


def test_every_changelist_is_chinese(client):
    found = {}
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
        words = english(response.content.decode())
        if words:
            found[url] = words
    assert found == {}


def test_lockout_records_show_chinese_columns(client):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    AccessAttempt.objects.create(username="chen", ip_address="10.0.0.8", user_agent="Mozilla/5.0", http_accept="*/*",
                                 path_info="/login/", get_data="", post_data="", failures_since_start=3)
    AccessFailureLog.objects.create(username="chen", ip_address="10.0.0.8", user_agent="Mozilla/5.0",
                                    http_accept="*/*", path_info="/login/", locked_out=True)
    AccessLog.objects.create(username="chen", ip_address="10.0.0.8", user_agent="Mozilla/5.0", http_accept="*/*",
                             path_info="/login/")
    for model, columns in (("loginfailurecount", ("连续失败次数", "用户名", "IP 地址")),
                           ("loginfailure", ("是否锁定", "用户名")), ("loginrecord", ("退出时间", "访问路径"))):
        page = client.get(reverse(f"admin:core_{model}_changelist")).content.decode()
        assert all(c in page for c in columns), model
        assert english(page) - {"Mozilla", "login", "chen"} == set(), (model, english(page))
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert not admin.site.is_registered(model)
