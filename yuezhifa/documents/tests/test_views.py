"""/documents/: the library's pages, the preview, the navigation entry, the seeded set and the command line."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client

from yuezhifa.core.context_processors import SECTIONS
from yuezhifa.documents import samples
from yuezhifa.documents.catalogue import DOCUMENT_TYPES, SEEDED_TEMPLATES
from yuezhifa.documents.models import Category, DocumentTemplate, DocumentType, TemplateStatus
from yuezhifa.documents.seed import seed_library
from yuezhifa.documents.views import can_see_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(officer_user):
    client = Client()
    client.force_login(officer_user)
    return client


def test_pages_need_a_login():
    response = Client().get("/documents/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_index_lists_every_type_by_stage(browser, django_assert_max_num_queries):
    DocumentTemplate.objects.filter(doc_type__code="jurisdiction_designation_notice").delete()  # one type without
    with django_assert_max_num_queries(12):
        response = browser.get("/documents/")
    page = response.content.decode()
    assert response.status_code == 200
    for label in Category.labels:
        assert f"<h2>{label}</h2>" in page
    assert "行政处罚决定书" in page and "该文书尚无生效模板" in page
    assert "/documents/types/penalty_decision/preview/" in page


def test_the_type_page_shows_required_contents_and_versions(browser):
    response = browser.get("/documents/types/penalty_decision/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "party.name" in page and "第五十九条第一款第（一）项" in page
    assert "省统一" in page and "v1" in page and "已启用" in page
    assert browser.get("/documents/types/no_such_type/").status_code == 404


def test_the_preview_page_frames_the_html_and_links_the_pdf(browser, monkeypatch):
    page = browser.get("/documents/types/penalty_decision/preview/").content.decode()
    assert '<iframe src="/documents/types/penalty_decision/preview.html"' in page
    assert 'href="/documents/types/penalty_decision/preview.pdf"' in page
    response = browser.get("/documents/types/penalty_decision/preview.html")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "广州禾盛商贸有限公司" in response.content.decode()
    monkeypatch.delitem(samples.SAMPLES, "jurisdiction_designation_notice")  # a type without a sample
    assert browser.get("/documents/types/jurisdiction_designation_notice/preview/").status_code == 404


def test_the_preview_offers_the_variants(browser):
    page = browser.get("/documents/types/penalty_advance_notice/preview/?variant=hearing").content.decode()
    assert "告知听证权利" in page and "preview.html?variant=hearing" in page
    html = browser.get("/documents/types/penalty_advance_notice/preview.html?variant=hearing").content.decode()
    assert "要求举行听证" in html
    assert browser.get("/documents/types/penalty_advance_notice/preview/?variant=nope").status_code == 404


def test_the_pdf_download(browser, pdf_tools):
    response = browser.get("/documents/types/service_receipt/preview.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")


def test_the_navigation_section_is_for_users_with_a_role(officer_user):
    assert any(url == "documents:index" for _label, url, _visible in SECTIONS)
    assert can_see_documents(officer_user)
    from yuezhifa.org.tests.factories import UserFactory

    assert not can_see_documents(UserFactory(username="no_role"))


def test_the_seed_holds_every_document_of_legal_7_and_its_templates():
    """LEGAL.md §7: the working set; the province ships a template for each document in SEEDED_TEMPLATES."""
    codes = set(DocumentType.objects.values_list("code", flat=True))
    assert codes >= {code for code, *_ in DOCUMENT_TYPES}
    names = set(DocumentType.objects.values_list("name", flat=True))
    for name in ["案件来源登记表", "立案审批表", "不予立案审批表", "指定管辖通知书", "询问通知书", "询问笔录", "现场检查（勘验）笔录",
                 "证据提取单", "抽样取证凭证", "先行登记保存证据通知书", "检测鉴定期间告知书", "协助调查函",
                 "责令（限期）改正通知书", "查封（扣押）决定书", "查封（扣押）清单", "延长查封（扣押）期限决定书",
                 "解除查封（扣押）决定书", "案件调查终结报告", "行政处罚事先告知书", "陈述申辩笔录", "听证通知书", "听证笔录",
                 "听证报告", "法制审核意见书", "集体讨论记录", "行政处罚决定审批表", "行政处罚决定书", "当场行政处罚决定书",
                 "不予行政处罚决定书", "送达地址确认书", "送达回证", "延期（分期）缴纳罚款决定书", "催告书",
                 "行政强制执行决定书", "强制执行申请书", "案件移送函", "涉嫌犯罪案件移送书", "结案审批表", "案卷封面",
                 "卷内文件目录"]:
        assert name in names, name
    active = DocumentTemplate.objects.filter(status=TemplateStatus.ACTIVE, scope="province")
    assert set(active.values_list("doc_type__code", flat=True)) == set(SEEDED_TEMPLATES)
    assert all(t.basis for t in DocumentType.objects.all())


def test_the_seed_is_idempotent():
    assert seed_library(DocumentType, DocumentTemplate) == (0, 0)


def test_render_document_command(tmp_path, pdf_tools):
    out = tmp_path / "decision.pdf"
    call_command("render_document", "penalty_decision", "--sample", "--out", str(out), "--on", "2026-03-20")
    assert out.read_bytes().startswith(b"%PDF-")
    html = tmp_path / "notice.html"
    call_command("render_document", "penalty_advance_notice", "--sample", "--variant", "hearing", "--out", str(html))
    assert "要求举行听证" in html.read_text(encoding="utf-8")


def test_render_document_command_errors_in_chinese(tmp_path, monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.delitem(samples.SAMPLES, "jurisdiction_designation_notice")

    with pytest.raises(CommandError, match="暂无示例数据"):
        call_command("render_document", "jurisdiction_designation_notice", "--sample", "--out",
                     str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="没有代码为"):
        call_command("render_document", "nope", "--sample", "--out", str(tmp_path / "x.pdf"))
    context = tmp_path / "ctx.json"
    context.write_text('{"party": {"name": "某公司"}}', encoding="utf-8")
    with pytest.raises(CommandError, match="缺少“文书文号”"):
        call_command("render_document", "penalty_decision", "--context", str(context), "--out", str(tmp_path / "x.html"),
                     "--on", datetime.date(2026, 3, 20).isoformat())
