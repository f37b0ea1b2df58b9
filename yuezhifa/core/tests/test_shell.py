"""The page shell (decision 0050): the phone menu lists every area with its badge, the trail's rules."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from yuezhifa.core.templatetags.yzf_shell import badge_total
from yuezhifa.org.tests.factories import UserFactory


@pytest.mark.django_db
def test_badges_show_in_the_top_bar_and_the_phone_menu_with_the_total_on_the_button():
    request = RequestFactory().get("/cases/")
    request.user = UserFactory(username="chen")
    sections = [{"label": "办案", "url": "/cases/", "active": True, "badge": 3},
                {"label": "监督", "url": "/supervision/", "active": False, "badge": 0},
                {"label": "管理", "url": "/org/", "active": False}]
    html = render_to_string("base.html", {"nav_sections": sections, "user": request.user}, request=request)
    bar = html[html.index('class="site-nav"'):html.index("</ul>", html.index('class="site-nav"'))]
    menu = html[html.index('class="phone-menu-sections"'):html.index("</ul>", html.index('class="phone-menu-sections"'))]
    for part in (bar, menu):
        assert part.count('class="nav-badge"') == 1 and '>3<span class="visually-hidden">项</span>' in part
        assert 'href="/supervision/"' in part and 'href="/org/"' in part
    button = html[html.index('class="phone-menu-button"'):html.index("</summary>", html.index('class="phone-menu-button"'))]
    assert '<span class="nav-badge">3' in button


def test_badge_total_counts_numbers_only():
    assert badge_total([{"badge": 2}, {"badge": None}, {}, {"badge": "5"}, {"badge": "新"}]) == 7
    assert badge_total(None) == 0


def test_the_menu_lists_the_daily_work_first_whatever_order_the_apps_load_in():
    from yuezhifa.core.context_processors import SECTIONS

    names = [url_name for _label, url_name, _visible in SECTIONS]
    assert names[:3] == ["cases:todo", "inspection:subject_list", "supervision:index"]
    assert names[-1] == "org:index"
