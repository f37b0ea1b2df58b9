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


def test_case_page_shows_no_internal_field_names(world, filed, run):
    """The described rows of the acts (an investigation's 裁量情节 and amounts among them) read in Chinese."""
    run.investigated("2026-11-05 10:00", circumstances=("first_violation", "mitigated_harm"))
    client = _client(world["users"]["chen"])
    for url in (reverse("cases:detail", args=[filed.pk]), reverse("cases:act", args=[filed.pk, "investigate"]),
                reverse("cases:todo")):
        assert raw_names(client.get(url).content.decode()) == set(), url


NAMESPACES = ("cases", "org", "account", "items", "inspection", "discretion", "documents", "laws", "supervision",
              "disclosure")
# pages that are downloads or actions, not pages to read
NOT_PAGES = {"items:export", "items:import_template", "org:officer_export", "org:officer_import_template",
             "org:certificate_export", "org:certificate_import_template", "org:training_export",
             "org:training_import_template", "inspection:subject_import_template", "disclosure:feed",
             "disclosure:export_csv", "disclosure:export_json"}


def main_urls() -> list[str]:
    """Every page of the signed-in areas whose URL takes no argument (the lists, indexes and forms)."""
    from django.urls import get_resolver

    found = []
    for namespace in NAMESPACES:
        _prefix, sub = get_resolver().namespace_dict[namespace]
        for pattern in sub.url_patterns:
            name = f"{namespace}:{pattern.name}"
            if pattern.name and not pattern.pattern.regex.groups and name not in NOT_PAGES:
                found.append(name)
    return sorted(found)


@pytest.mark.parametrize("username", ["chen", "head", "reviewer", "supervisor", "admin"])
def test_every_main_page_has_breadcrumbs_and_no_raw_field_names(world, filed, username):
    """Walks the main URL names as each role: every page it may open has a breadcrumb nav (aria-label="面包屑") whose
    first crumb is 首页, and its visible text has no snake_case field name (``registered_at``)."""
    from yuezhifa.org.tests.factories import UserFactory

    user = (UserFactory(username="root", is_superuser=True, is_staff=True) if username == "admin"
            else world["users"][username])
    client = _client(user)
    seen = 0
    for name in main_urls():
        response = client.get(reverse(name))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = response.content.decode()
        seen += 1
        trail = crumbs_of(page)
        assert trail[0] == "首页" and len(trail) >= 2, (name, trail)
        assert raw_names(page) == set(), (name, raw_names(page))
    assert seen >= 5, seen


def test_on_site_act_form_offers_the_place_last_recorded(world, filed, run):
    """Fewest taps on site: the 地点 of an on-site act starts with the place the case's last on-site act recorded
    (the 实施时间 already starts at now, the officers with the officer who records)."""
    run.act("investigate", "2026-11-04 10:00", kind="inspection", subject="禾盛便利店", record=["现场检查记录。"],
            officers=run.ids("chen", "lin"), certificates_shown=True, place="广州市天河区天河路385号禾盛便利店")
    html = _client(world["users"]["chen"]).get(reverse("cases:act", args=[filed.pk, "investigate"])).content.decode()
    field = re.search(r'<input[^>]*name="place"[^>]*>', html).group(0)
    assert 'value="广州市天河区天河路385号禾盛便利店"' in field
    assert 'capture="environment"' in html and "data-geo" in html
