"""The 行政检查 documents (司法部《行政检查文书基本格式文本（试行）》, 2025; 《广东省行政检查办法》; migration 0008,
docs/decisions/0043): each template renders its sample with its contents, refuses a context without one naming the
text that asks for it, and renders to PDF; its seed note names its basis."""

import datetime
import importlib

import pytest

from yuezhifa.documents import rendering
from yuezhifa.documents.errors import MissingContent
from yuezhifa.documents.models import Category, DocumentTemplate, DocumentType
from yuezhifa.documents.samples import sample_context

from .test_procedure_templates import _drop, _required, html_text, pdf_text, squeeze

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 11, 24)
MIGRATION = importlib.import_module("yuezhifa.documents.migrations.0008_seed_inspection_templates")
CODES = MIGRATION.CODES

EXPECTED = {
    "inspection_approval": ["行政检查审批表", "日常检查", "对食品经营者的监督检查", "《中华人民共和国食品安全法》第一百一十条",
                            "本年度1次，频次上限2次", "同意检查。", "44010620260001"],
    "inspection_notice": ["行政检查通知书", "穗天市监检通〔2026〕8号", "广州禾盛商贸有限公司：", "2026年11月24日",
                          "进货查验记录", "检查码", "有权申请回避"],
    "inspection_site_record": ["现场检查笔录", "经营者持有有效的食品经营许可证", "合格", "不合格",
                               "货架上有超过保质期的饼干3袋", "共2个检查要点，其中不合格1个", "亮码签到"],
    "inspection_inquiry_record": ["询问笔录", "梁文斌", "被检查对象的法定代表人", "对食品经营者的监督检查",
                                  "有权申请回避", "有制度，但最近一个月没有执行。"],
    "inspection_result_notice": ["行政检查结果告知书", "穗天市监检结〔2026〕8号", "发现问题，责令改正",
                                 "不经营超过保质期的食品（《中华人民共和国食品安全法》第三十四条第（十）项）",
                                 "另行书面责令改正"],
    "inspection_recheck_record": ["整改复查记录", "穗天市监责改〔2026〕9号", "2026年11月27日", "复查结论：已改正"],
}


def test_the_inspection_types_are_seeded_under_their_category_with_the_basis_in_the_note():
    assert set(EXPECTED) == set(CODES)
    assert set(DocumentType.objects.filter(category=Category.INSPECTION).values_list("code", flat=True)) == set(CODES)
    notes = dict(DocumentTemplate.objects.filter(doc_type__code__in=CODES).values_list("doc_type__code", "note"))
    assert all("《广东省行政检查办法》" in n and "行政检查文书基本格式文本" in n for n in notes.values())


@pytest.mark.parametrize("code", CODES)
def test_each_inspection_template_renders_its_sample(code):
    text = html_text(rendering.render_html(code, sample_context(code), on=ON))
    for expected in EXPECTED[code]:
        assert squeeze(expected) in text, (code, expected)


def test_a_failed_recheck_renders_not_corrected():
    text = html_text(rendering.render_html("inspection_recheck_record",
                                           sample_context("inspection_recheck_record", "failed"), on=ON))
    assert "复查结论：未改正" in text and "逾期未改正的，本机关将依法处理" in text


@pytest.mark.parametrize("code", CODES)
def test_a_missing_content_is_refused_naming_it(code):
    checked = 0
    for doc_type, entry in _required(code):
        context = sample_context(code)
        _drop(context, entry["key"])
        with pytest.raises(MissingContent) as err:
            rendering.render_html(code, context, on=ON)
        assert err.value.field == f"context.{entry['key']}" and entry["label"] in err.value.message
        checked += 1
    assert checked >= 5


def test_the_inspection_templates_render_to_pdf(pdf_tools, tmp_path):
    for code in CODES:
        text = pdf_text(pdf_tools, rendering.render_pdf(code, sample_context(code), on=ON), tmp_path)
        assert squeeze(EXPECTED[code][0]) in text, code
