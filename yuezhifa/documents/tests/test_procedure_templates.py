"""The templates of the other acts of the penalty procedure, compulsion and closing (migration 0003): each renders its
sample to HTML and to PDF with its distinctive text, refuses a context without its statutory contents, and the
migration gives an existing database the templates it lacks without touching the ones it has.
"""

import datetime
import importlib
import re
import subprocess

import pytest
from django.apps import apps as django_apps

from yuezhifa.documents import rendering
from yuezhifa.documents.catalogue import DOCUMENT_TYPES, SEEDED_TEMPLATES
from yuezhifa.documents.errors import MissingContent
from yuezhifa.documents.models import DocumentTemplate, DocumentType, TemplateStatus
from yuezhifa.documents.samples import SAMPLES, VARIANTS, sample_context
from yuezhifa.documents.seed import SEED_NOTE

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 3, 20)
MIGRATION = importlib.import_module("yuezhifa.documents.migrations.0003_seed_procedure_templates")
NEW_TYPES = MIGRATION.CODES

# What a reader must find in each document: its title, its number (or the case's) and a sentence only it carries.
EXPECTED = {
    "case_source_register": ["案件来源登记表", "穗天市监案源〔2026〕11号", "监督检查", "2026年1月7日", "登记人"],
    "case_nonfiling_approval": ["不予立案审批表", "穗天市监不立〔2026〕2号", "不予立案理由", "不符合立案标准"],
    "inquiry_record": ["询问笔录", "梁文斌", "44010620260001", "有权申请回避", "答：看清楚了，不申请回避。"],
    "inspection_record": ["现场检查（勘验）笔录", "出示了执法证件", "现场检查（勘验）情况", "2026年1月7日10时05分"],
    "evidence_preservation_notice": ["先行登记保存证据通知书", "穗天市监先保〔2026〕3号", "不得销毁或者转移",
                                     "七个工作日内", "全麦吐司面包"],
    "evidence_preservation_handling_notice": ["先行登记保存证据处理通知书", "穗天市监先处〔2026〕3号",
                                              "穗天市监先保〔2026〕3号", "依法予以扣押"],
    "investigation_final_report": ["案件调查终结报告", "穗天市监案〔2026〕5号", "调查认定的事实", "处理意见",
                                   "罚款人民币伍万元整（¥50,000.00）", "第五十八条"],
    "statement_record": ["陈述申辩笔录", "穗天市监罚告〔2026〕9号", "不会因当事人陈述、申辩而给予更重的处罚",
                         "店员疏忽"],
    "hearing_notice": ["听证通知书", "穗天市监听通〔2026〕1号", "2026年3月16日9时30分", "听证公开举行",
                       "委托一至二人代理", "视为放弃听证权利"],
    "hearing_record": ["听证笔录", "赵敏", "刘佳", "郑思远", "调查人员（陈志强）"],
    "hearing_report": ["听证报告", "穗天市监听报〔2026〕1号", "当事人的申辩和质证意见", "第六十五条"],
    "legal_review_opinion": ["法制审核意见书", "穗天市监法审〔2026〕14号", "审核结论", "法律职业资格证书编号",
                             "第五十八条第一款第（一）项"],
    "collective_discussion_record": ["集体讨论记录", "周建华", "林国栋（出差）", "讨论决定", "第五十七条第二款"],
    "penalty_decision_approval": ["行政处罚决定审批表", "穗天市监罚批〔2026〕12号", "法制审核", "机关负责人",
                                  "伍万元整"],
    "no_penalty_decision": ["不予行政处罚决定书", "穗天市监不罚〔2026〕3号", "决定对当事人不予行政处罚",
                            "第三十三条第三款", "六十日内", "六个月内"],
    "payment_deferral_decision": ["分期缴纳罚款决定书", "穗天市监缓〔2026〕2号", "分三期", "2026年6月30日",
                                  "第六十六条第二款"],
    "reminder": ["催告书", "穗天市监催〔2026〕4号", "2026年10月9日", "叁万元整（¥30,000.00）", "陈述权和申辩权",
                 "申请人民法院强制执行"],
    "court_enforcement_application": ["强制执行申请书", "穗天市监执申〔2026〕2号", "广州市天河区人民法院",
                                      "申请强制执行标的", "负责人（签名）：周建华", "第五十五条"],
    "enforcement_decision": ["行政强制执行决定书", "穗天城管强执〔2026〕3号", "强制拆除", "2026年12月7日8时30分起",
                             "《中华人民共和国城乡规划法》第六十八条", "六十日内"],
    "criminal_transfer": ["涉嫌犯罪案件移送书", "穗天市监移〔2026〕2号", "广州市公安局天河区分局", "第一百四十三条",
                          "涉案物品清单", "回执"],
    "case_closing_approval": ["结案审批表", "穗天市监结〔2026〕5号", "执行完毕", "2026年12月8日"],
    "dossier_cover": ["行政处罚案卷", "穗天市监案〔2026〕5号", "30年", "本案共1卷", "2026年12月15日"],
    "dossier_index": ["卷内文件目录", "穗天市监案〔2026〕5号", "行政处罚决定书", "穗天市监罚〔2026〕12号", "95-96"],
}


def squeeze(text: str) -> str:
    """Text without any white space: titles are letter-spaced and lines wrap anywhere in Chinese."""
    return re.sub(r"\s+", "", text)


def html_text(page: str) -> str:
    return squeeze(re.sub(r"<[^>]+>", "", page))


def pdf_text(tools, pdf: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([tools["pdftotext"], "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return squeeze(out)


def test_the_migration_covers_the_new_types_and_every_seeded_type_has_a_sample():
    assert set(NEW_TYPES) <= set(SEEDED_TEMPLATES)
    assert set(SEEDED_TEMPLATES) <= set(SAMPLES)
    assert set(EXPECTED) == set(NEW_TYPES)
    codes = {code for code, *_ in DOCUMENT_TYPES}
    assert set(NEW_TYPES) <= codes


@pytest.mark.parametrize("code", NEW_TYPES)
def test_every_new_type_declares_its_required_contents(code):
    doc_type = DocumentType.objects.get(code=code)
    assert doc_type.required_fields, code
    for entry in doc_type.required_fields:
        assert re.search(r"[\u4e00-\u9fff]", entry["label"]), entry  # named in Chinese


@pytest.mark.parametrize("code", NEW_TYPES)
def test_each_new_template_renders_its_sample_to_html(code):
    page = rendering.render_html(code, sample_context(code), on=ON)
    assert f"doc-{code}" in page
    text = html_text(page)
    for expected in EXPECTED[code]:
        assert squeeze(expected) in text, (code, expected)


@pytest.mark.parametrize("code", NEW_TYPES)
def test_each_new_template_renders_its_sample_to_pdf(code, pdf_tools, tmp_path):
    pdf = rendering.render_pdf(code, sample_context(code), on=ON)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf_tools, pdf, tmp_path)
    for expected in EXPECTED[code]:
        assert squeeze(expected) in text, (code, expected)


def _drop(context: dict, path: str) -> None:
    *parents, last = path.split(".")
    target = context
    for part in parents:
        target = target[part]
    del target[last]


def _required(code: str):
    doc_type = DocumentType.objects.get(code=code)
    context = sample_context(code)
    for entry in doc_type.required_fields:
        when = entry.get("when")
        if when and rendering.lookup(context, when) in (None, "", rendering._MISSING):
            continue  # only required when another content is present
        yield doc_type, entry


@pytest.mark.parametrize("code", NEW_TYPES)
def test_a_missing_required_content_is_refused_naming_it_in_chinese(code):
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
    assert checked >= 2


@pytest.mark.parametrize(("code", "key", "label", "article"), [
    ("hearing_notice", "hearing_at", "举行听证的时间", "第六十四条第（二）项"),
    ("reminder", "deadline", "履行义务的期限", "第三十五条第（一）项"),
    ("enforcement_decision", "method", "强制执行的方式", "第三十七条第二款第（三）项"),
    ("court_enforcement_application", "object", "申请强制执行标的情况", "第五十五条第一款第（四）项"),
    ("criminal_transfer", "approval", "正职负责人或者主持工作的负责人", "第五条"),
    ("no_penalty_decision", "education", "对当事人的教育", "第三十三条第三款"),
    ("dossier_index", "entries", "卷内文件", ""),
])
def test_statutory_contents_name_their_article(code, key, label, article):
    context = sample_context(code)
    context[key] = [] if isinstance(context[key], list | tuple) else ""
    with pytest.raises(MissingContent) as err:
        rendering.render_html(code, context, on=ON)
    assert err.value.field == f"context.{key}"
    assert label in err.value.message and article in err.value.message


def test_education_is_required_only_when_a_violation_was_found():
    """处罚法 第三十三条第三款: the party not punished for a violation is educated; where the facts are not established
    (第五十七条第一款第（三）项) there is no violation and nothing to educate about."""
    context = sample_context("no_penalty_decision")
    context.update(violated=[], education="", ground="违法事实不能成立。",
                   basis=["《中华人民共和国行政处罚法》第五十七条第一款第（三）项"])
    text = html_text(rendering.render_html("no_penalty_decision", context, on=ON))
    assert "违法事实不能成立" in text and "构成" not in text


def test_the_variants_render_their_branch():
    closed = html_text(rendering.render_html("hearing_notice", sample_context("hearing_notice", "closed"), on=ON))
    assert "涉及商业秘密，听证不公开举行" in closed and "听证公开举行" not in closed
    deferral = html_text(rendering.render_html(
        "payment_deferral_decision", sample_context("payment_deferral_decision", "deferral"), on=ON))
    assert "延期缴纳罚款决定书" in deferral and "缴纳期限延至2026年6月30日" in deferral and "分三期" not in deferral
    refused = html_text(rendering.render_html("hearing_record", sample_context("hearing_record", "refused"), on=ON))
    assert "拒绝签字或者盖章" in refused and "主持人注明：赵敏" in refused
    demolition = html_text(rendering.render_html("reminder", sample_context("reminder", "demolition"), on=ON))
    assert "自行拆除上述违法搭建的铁皮仓库。" in demolition and "合计" not in demolition
    assert "作出强制执行决定" in demolition and "广州市天河区城市管理和综合执法局" in demolition
    assert set(VARIANTS) >= {"hearing_notice.closed", "payment_deferral_decision.deferral", "hearing_record.refused",
                             "reminder.demolition"}


def test_the_monetary_reminder_needs_the_amount_and_how_to_pay():
    """强制法 第三十五条第（三）项: a reminder of a money duty states the amount and the manner of payment."""
    context = sample_context("reminder")
    del context["payment"]
    with pytest.raises(MissingContent) as err:
        rendering.render_html("reminder", context, on=ON)
    assert err.value.field == "context.payment.instructions" and "第三十五条第（三）项" in err.value.message


def test_the_dossier_index_lists_every_entry_in_order():
    context = sample_context("dossier_index")
    text = html_text(rendering.render_html("dossier_index", context, on=ON))
    positions = [text.index(squeeze(e["title"])) for e in context["entries"]]
    assert positions == sorted(positions)
    page = rendering.render_html("dossier_index", context, on=ON)
    assert page.count("<tr>") == len(context["entries"]) + 1  # the header row


def test_the_migration_seeds_missing_templates_and_keeps_existing_ones():
    """A database migrated before 0003 has the types but no templates for them: 0003 adds version 1 of each, and
    leaves a type that already has a template (an administrator's) alone."""
    DocumentTemplate.objects.filter(doc_type__code__in=NEW_TYPES).delete()
    kept = DocumentTemplate.objects.create(
        doc_type=DocumentType.objects.get(code="reminder"), version=1, status=TemplateStatus.DRAFT,
        effective_from=datetime.date(2026, 1, 1), note="管理员起草", scope="province", source="<p>{{ party.name }}</p>")
    MIGRATION.seed(django_apps, None)
    seeded = DocumentTemplate.objects.filter(doc_type__code__in=NEW_TYPES, note=SEED_NOTE,
                                             status=TemplateStatus.ACTIVE, scope="province", version=1)
    assert set(seeded.values_list("doc_type__code", flat=True)) == set(NEW_TYPES) - {"reminder"}
    kept.refresh_from_db()
    assert kept.note == "管理员起草" and DocumentTemplate.objects.filter(doc_type__code="reminder").count() == 1
    MIGRATION.seed(django_apps, None)  # idempotent
    assert DocumentTemplate.objects.filter(doc_type__code__in=NEW_TYPES).count() == len(NEW_TYPES)
    MIGRATION.unseed(django_apps, None)
    assert not DocumentTemplate.objects.filter(doc_type__code__in=NEW_TYPES, note=SEED_NOTE).exists()
    assert DocumentTemplate.objects.filter(pk=kept.pk).exists()
