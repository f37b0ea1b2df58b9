"""The acts that issue the documents added to the library by documents migration 0007: 送达地址确认 issues the
送达地址确认书 (处罚法 第六十一条第二款; 民事诉讼法 第九十条), sealed by the act; 证据登记 of evidence taken from a named
provider issues the 证据提取单 (处罚法 第四十六条、第五十五条第二款); 责令改正 issues the 责令（限期）改正通知书 (第二十八条第一款)."""

import re
import subprocess

import pytest

from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError
from yuezhifa.documents.tests.conftest import need_binary
from yuezhifa.seals import services as seal_services
from yuezhifa.seals.verification import verify_pdf

from .. import services
from ..models import CaseDocument

pytestmark = pytest.mark.django_db


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([need_binary("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return re.sub(r"\s+", "", out)


def test_confirming_the_service_address_issues_the_sealed_confirmation_article_61(run, world, settings, tmp_path):
    """处罚法 第六十一条第二款: the party's consent to e-mail service is signed in a 送达地址确认书; the act that records it
    issues that document, sealed with the body's seal, with the e-mail address it names."""
    settings.MEDIA_ROOT = tmp_path
    seal_services.seal_create_demo_ca(actor=SYSTEM)
    seal_services.seal_issue_for_body(actor=SYSTEM, body=world["body"])
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.act("confirm_service_address", "2026-09-28 16:00", consent=True, email="liangwenbin@hesheng-trade.cn",
            postal_address="广州市天河区棠下荷光路86号首层", phone="13926470318", signed_on="2026-09-28")
    document = CaseDocument.objects.get(case=run.case, doc_type="service_address_confirmation")
    assert document.title == "送达地址确认书" and document.act.code == "confirm_service_address"
    pdf = services.document_pdf(document)
    assert verify_pdf(pdf).ok
    text = _text(pdf, tmp_path)
    assert "送达地址确认书" in text and "liangwenbin@hesheng-trade.cn" in text and "☑同意" in text
    assert "广州市天河区棠下荷光路86号首层" in text and "2026年9月28日" in text and "第六十一条第二款" in text


def test_evidence_taken_from_a_provider_issues_an_extraction_form_article_46(run):
    """处罚法 第四十六条、第五十五条第二款: evidence taken from the party or another person is listed in a 证据提取单; evidence
    the officers gather themselves issues none."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    officers = run.ids("chen", "lin")
    run.act("collect_evidence", "2026-09-29 09:00", kind="physical", title="现场照片", officers=officers,
            place="广州市天河区棠下荷光路86号首层")
    assert not CaseDocument.objects.filter(case=run.case, doc_type="evidence_extraction_form").exists()
    run.act("collect_evidence", "2026-09-29 10:00", kind="documentary", title="进货单据", description="证明进货来源。",
            provider="广州禾盛商贸有限公司", officers=officers, place="广州市天河区棠下荷光路86号首层")
    document = CaseDocument.objects.get(case=run.case, doc_type="evidence_extraction_form")
    context = document.context
    assert context["party"]["name"] == "广州禾盛商贸有限公司" and context["place"] == "广州市天河区棠下荷光路86号首层"
    assert context["items"] == [{"name": "进货单据", "kind": "书证", "quantity": "", "note": "证明进货来源。"}]
    assert [o["name"] for o in context["officers"]] == ["陈志强", "林晓燕"]


def test_ordering_correction_issues_the_numbered_rectification_order_article_28(run):
    """处罚法 第二十八条第一款: the body orders the party to correct the violation at once or within a time limit; the
    order is a numbered 责令限期改正通知书, and a time limit that is not after the day of the order is refused."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    order = {"facts": ["销售货架上摆放有超过保质期的“鲜牛奶”12盒。"],
             "violated": ["《中华人民共和国食品安全法》第三十四条第（十）项"],
             "requirements": ["立即停止销售超过保质期的食品", "清理店内全部库存食品"]}
    with pytest.raises(DomainError) as err:
        run.act("order_rectification", "2026-09-29 09:00", deadline="2026-09-29", **order)
    assert err.value.field == "deadline" and "第二十八条第一款" in err.value.message
    run.act("order_rectification", "2026-09-29 09:00", deadline="2026-10-09", **order)
    document = CaseDocument.objects.get(case=run.case, doc_type="rectification_order")
    assert re.fullmatch(r".+责改〔2026〕1号", document.number), document.number
    context = document.context
    assert context["time_limited"] is True and context["deadline"] == {"$date": "2026-10-09"}
    assert context["requirements"] == order["requirements"] and context["violated"] == order["violated"]
