"""The page shell on the 办案 pages (decision 0050): the breadcrumb trail (首页 › 办案 › 案件 › 案号 › 行为), the phone
menu listing every area, and no internal field names in what the pages show."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from yuezhifa.core.tests.shell import crumbs_of, raw_names


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def filed(run):
    run.filed("2026-11-02 09:00", "2026-11-03 10:00")
    return run.refresh()


def test_case_pages_show_the_trail_down_to_the_act(world, filed):
    client = _client(world["users"]["chen"])
    number = filed.number
    trail = crumbs_of(client.get(reverse("cases:detail", args=[filed.pk])).content.decode())
    assert trail == ["首页", "办案", "案件", number]
    html = client.get(reverse("cases:act", args=[filed.pk, "investigate"])).content.decode()
    assert crumbs_of(html)[:4] == ["首页", "办案", "案件", number] and len(crumbs_of(html)) == 5
    html = client.get(reverse("cases:act_detail", args=[filed.pk, 3])).content.decode()
    assert crumbs_of(html) == ["首页", "办案", "案件", number, "立案"]


def test_case_list_trail_and_phone_menu_lists_every_area(world, filed):
    html = _client(world["users"]["chen"]).get(reverse("cases:todo")).content.decode()
    assert crumbs_of(html)[:2] == ["首页", "办案"]
    menu = html[html.index('id="phone-menu"'):html.index("</details>", html.index('id="phone-menu"'))]
    desktop = html[html.index('class="site-nav"'):html.index("</ul>", html.index('class="site-nav"'))]
    links = re.findall(r'href="([^"]+)"', desktop)
    assert links and all(f'href="{url}"' in menu for url in links)
    assert "修改密码" in menu and "退出" in menu


def test_case_page_shows_no_internal_field_names(world, filed):
    client = _client(world["users"]["chen"])
    for url in (reverse("cases:detail", args=[filed.pk]), reverse("cases:act", args=[filed.pk, "investigate"]),
                reverse("cases:todo")):
        assert raw_names(client.get(url).content.decode()) == set(), url
