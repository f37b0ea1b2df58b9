"""The 法律法规 pages: browse by level and category, search with highlighted snippets, read a law with its table of
contents and versions, read a provision with what cites it."""

import pytest
from django.urls import reverse

from yuezhifa.core.actors import SYSTEM
from yuezhifa.laws.demo import DEMO_DIR
from yuezhifa.laws.models import Law, Provision
from yuezhifa.laws.services import laws_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client, people):
    laws_import(actor=SYSTEM, directory=DEMO_DIR)
    client.force_login(people["officer"])
    return client


def test_pages_need_login(client):
    response = client.get(reverse("laws:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_browse_by_level_and_category(browser):
    page = browser.get(reverse("laws:index")).content.decode()
    assert "中华人民共和国行政处罚法" in page and "法律" in page
    page = browser.get(reverse("laws:index"), {"level": "law", "category": "社会法"}).content.decode()
    assert "中华人民共和国安全生产法" in page
    assert "中华人民共和国行政处罚法" not in page.split("<tbody>")[1]


def test_search_shows_articles_with_highlighted_snippets(browser):
    page = browser.get(reverse("laws:index"), {"q": "罚款"}).content.decode()
    assert "条文检索：“罚款”" in page
    assert "<mark>罚款</mark>" in page
    assert "《中华人民共和国行政处罚法》第九条" in page


def test_law_page_has_contents_anchors_and_versions(browser):
    law = Law.objects.get(short_name="行政处罚法")
    page = browser.get(reverse("laws:law_detail", args=[law.pk])).content.decode()
    assert 'id="A51"' in page and 'href="#C5"' in page
    assert "现行有效" in page and "2021-07-15" in page
    assert "当场作出行政处罚决定" in page


def test_provision_page_shows_text_and_citing_section(browser):
    provision = Provision.objects.get(law__short_name="行政处罚法", code="A63.P1.I2")
    page = browser.get(reverse("laws:provision_detail", args=[provision.pk])).content.decode()
    assert "《中华人民共和国行政处罚法》第六十三条第一款第（二）项" in page
    assert "没收较大数额违法所得" in page
    assert "引用本条款的事项" in page


def test_unknown_ids_are_404(browser):
    import uuid

    assert browser.get(reverse("laws:law_detail", args=[uuid.uuid4()])).status_code == 404
    assert browser.get(reverse("laws:provision_detail", args=[uuid.uuid4()])).status_code == 404


def test_navigation_section_for_readers(browser):
    page = browser.get(reverse("laws:index")).content.decode()
    nav = page.split('class="site-nav"')[1].split("</ul>")[0]
    assert f'href="{reverse("laws:index")}"' in nav and "法律法规" in nav
