"""The templates of the eight document types of LEGAL.md §7 that had none (migration 0007): every type in the library now
has an active template; each new template renders its sample with its statutory contents (HTML, and one PDF of them
all), refuses a context without them naming the article, and its seed note names the article it rests on.
"""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps

from yuezhifa.documents import rendering
from yuezhifa.documents.catalogue import DOCUMENT_TYPES, SEEDED_TEMPLATES
from yuezhifa.documents.errors import MissingContent
from yuezhifa.documents.models import DocumentTemplate, DocumentType, TemplateStatus
from yuezhifa.documents.samples import SAMPLES, sample_context
from yuezhifa.documents.seed import SEED_NOTE

from .test_procedure_templates import _drop, _required, html_text, pdf_text, squeeze

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 3, 20)
MIGRATION = importlib.import_module("yuezhifa.documents.migrations.0007_seed_remaining_templates")
NEW_TYPES = MIGRATION.CODES

# The title, the number and the statutory sentences a reader must find in each (with the article they rest on).
EXPECTED = {
    "jurisdiction_designation_notice": ["指定管辖通知书", "穗市监指管〔2026〕1号", "广州市越秀区市场监督管理局：",
                                        "协商未能达成一致", "第二十五条第二款",
                                        "由广州市天河区市场监督管理局管辖"],
    "inquiry_notice": ["询问通知书", "穗天市监询通〔2026〕3号", "梁文斌：", "2026年1月12日9时30分",
                       "应当如实回答询问，并协助调查，不得拒绝或者阻挠", "第五十五条第二款", "有权拒绝接受调查"],
    "evidence_extraction_form": ["证据提取单", "穗天市监证提〔2026〕5号", "广州禾盛商贸有限公司", "电子数据",
                                 "第四十六条", "与原件、原物核对无误", "44010620260002"],
    "sampling_certificate": ["抽样取证凭证", "穗天市监抽〔2026〕2号", "第五十六条", "鲜牛奶", "2盒", "12盒",
                             "被抽样人（签名或者盖章）"],
    "assistance_request_letter": ["协助调查函", "穗天市监协〔2026〕1号", "佛山市南海区市场监督管理局：",
                                  "第二十六条", "协助事项属于贵单位职权范围内的，请依法予以协助", "2026年2月6日"],
    "rectification_order": ["责令限期改正通知书", "穗天市监责改〔2026〕5号", "第二十八条第一款",
                            "于2026年1月14日前改正", "《中华人民共和国食品安全法》第三十四条第（十）项", "六十日内"],
    "service_address_confirmation": ["送达地址确认书", "广州市天河区棠下荷光路86号首层", "☑同意",
                                     "hesheng.legal@example.com", "第六十一条第二款", "第九十条第二款",
                                     "2026年1月12日"],
    "case_transfer_letter": ["案件移送函", "穗天市监移函〔2026〕1号", "广州市白云区市场监督管理局：",
                             "第二十二条", "不属于本机关管辖", "投诉举报材料2页", "回执"],
}


def test_every_document_type_in_the_library_has_an_active_template():
    """LEGAL.md §7: the platform covers the whole working set; a type without a template cannot be issued or previewed."""
    without = DocumentType.objects.exclude(templates__status=TemplateStatus.ACTIVE).values_list("code", flat=True)
    assert list(without) == []
    assert {code for code, *_ in DOCUMENT_TYPES} == set(SEEDED_TEMPLATES) <= set(SAMPLES)
    assert set(EXPECTED) == set(NEW_TYPES)


@pytest.mark.parametrize("code", NEW_TYPES)
def test_each_new_template_renders_its_sample_with_its_statutory_contents(code):
    page = rendering.render_html(code, sample_context(code), on=ON)
    assert f"doc-{code}" in page
    text = html_text(page)
    for expected in EXPECTED[code]:
        assert squeeze(expected) in text, (code, expected)


def test_the_new_templates_render_to_pdf(pdf_tools, tmp_path):
    for code in NEW_TYPES:
        pdf = rendering.render_pdf(code, sample_context(code), on=ON)
        assert pdf.startswith(b"%PDF-")
        text = pdf_text(pdf_tools, pdf, tmp_path)
        assert squeeze(EXPECTED[code][0]) in text and squeeze(EXPECTED[code][2]) in text, code


@pytest.mark.parametrize("code", NEW_TYPES)
def test_a_missing_statutory_content_is_refused_naming_its_article(code):
    checked = 0
    for doc_type, entry in _required(code):
        context = sample_context(code)
        _drop(context, entry["key"])
        with pytest.raises(MissingContent) as err:
            rendering.render_html(code, context, on=ON)
        assert err.value.field == f"context.{entry['key']}", entry
        assert entry["label"] in err.value.message and doc_type.name in err.value.message
        if entry["basis"]:
            assert entry["basis"] in err.value.message
        checked += 1
    assert checked >= 4


def test_the_address_confirmation_needs_the_email_only_with_consent():
    """处罚法 第六十一条第二款, 民事诉讼法 第九十条第一款: e-mail service needs the recipient's consent and the address; a party
    who does not consent confirms only the postal address."""
    context = sample_context("service_address_confirmation")
    context["email"] = ""
    with pytest.raises(MissingContent) as err:
        rendering.render_html("service_address_confirmation", context, on=ON)
    assert err.value.field == "context.email" and "第六十一条第二款" in err.value.message
    text = html_text(rendering.render_html(
        "service_address_confirmation", sample_context("service_address_confirmation", "no_email"), on=ON))
    assert "☐同意☑不同意" in text and "hesheng" not in text


def test_an_order_to_correct_at_once_or_within_a_time_limit():
    """处罚法 第二十八条第一款: 责令改正 or 限期改正; a time limit needs its deadline."""
    page = rendering.render_html("rectification_order", sample_context("rectification_order", "immediate"), on=ON)
    immediate = html_text(page)
    assert '<h1 class="doc-title">责令改正通知书</h1>' in page and "立即改正上述违法行为" in immediate
    assert "责令限期改正" not in immediate and "期限届满" not in immediate
    context = sample_context("rectification_order")
    context["deadline"] = None
    with pytest.raises(MissingContent) as err:
        rendering.render_html("rectification_order", context, on=ON)
    assert err.value.field == "context.deadline" and "第二十八条第一款" in err.value.message


def test_the_seed_note_names_the_article_and_the_migration_keeps_existing_templates():
    notes = dict(DocumentTemplate.objects.filter(doc_type__code__in=NEW_TYPES).values_list("doc_type__code", "note"))
    assert notes["inquiry_notice"] == f"{SEED_NOTE}：依据《中华人民共和国行政处罚法》第五十五条"
    assert "第五十六条" in notes["sampling_certificate"] and "第二十八条第一款" in notes["rectification_order"]
    assert "第九十条" in notes["service_address_confirmation"] and "第二十六条" in notes["assistance_request_letter"]
    assert "第二十二条至第二十五条、第二十七条" in notes["case_transfer_letter"]
    DocumentTemplate.objects.filter(doc_type__code__in=NEW_TYPES).delete()
    kept = DocumentTemplate.objects.create(
        doc_type=DocumentType.objects.get(code="inquiry_notice"), version=1, status=TemplateStatus.DRAFT,
        effective_from=datetime.date(2026, 1, 1), note="管理员起草", scope="province", source="<p>{{ party.name }}</p>")
    MIGRATION.seed(django_apps, None)
    MIGRATION.seed(django_apps, None)  # idempotent
    assert DocumentTemplate.objects.filter(doc_type__code__in=NEW_TYPES).count() == len(NEW_TYPES)
    MIGRATION.unseed(django_apps, None)
    assert list(DocumentTemplate.objects.filter(doc_type__code__in=NEW_TYPES)) == [kept]
