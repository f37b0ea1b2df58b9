"""Delivery of non-platform records (办法 第四十七条第二款、第四十八条): validation with row errors, nothing half-loaded,
idempotent re-delivery, versions never overwritten (第四十九条), automatic disclosure (第四十五条第（二）项)."""

import csv
import io
import json

import pytest
from openpyxl import Workbook

from yuezhifa.core.errors import NotAllowed
from yuezhifa.disclosure.models import PublishedResult, ResultStatus
from yuezhifa.themes import ingest
from yuezhifa.themes.models import Channel, DeliveryStatus, Kind, Record

from .conftest import PERSON_ID, penalty_row, person_row


def as_csv(rows, *, bom=False) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(dict.fromkeys(k for r in rows for k in r)))
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def three(body, **third):
    return [penalty_row(body, CF_WSH=f"穗天市监罚〔2026〕{n}号") for n in (1, 2)] + [
        penalty_row(body, CF_WSH="穗天市监罚〔2026〕3号", **third)]


def deliver_csv(deliverer, source, data, name="penalty.csv"):
    return ingest.deliver(actor=deliverer, source=source, kind=Kind.PENALTY, channel=Channel.CSV, data=data,
                          file_name=name)


def test_article_47_a_file_with_one_bad_row_loads_nothing_and_lists_the_error(world, source, deliverer):
    delivery = deliver_csv(deliverer, source, as_csv(three(world["body"], CF_JDRQ="2026/11/16")))
    assert delivery.status == DeliveryStatus.REJECTED
    assert delivery.row_count == 3
    assert delivery.errors == [{"row": 3, "field": "CF_JDRQ", "message": "第 3 行 CF_JDRQ：日期格式应为 YYYY-MM-DD。"}]
    assert Record.objects.count() == 0 and PublishedResult.objects.count() == 0


def test_article_47_the_corrected_file_loads_once_however_often_it_is_delivered(world, source, deliverer):
    data = as_csv(three(world["body"]), bom=True)
    first, second, third = (deliver_csv(deliverer, source, data) for _ in range(3))
    assert (first.status, first.created_count, first.unchanged_count) == (DeliveryStatus.LOADED, 3, 0)
    for again in (second, third):
        assert (again.status, again.created_count, again.changed_count, again.unchanged_count) == (
            DeliveryStatus.LOADED, 0, 0, 3)
    assert Record.objects.count() == 3
    assert PublishedResult.objects.filter(case=None, status=ResultStatus.PUBLISHED).count() == 3


def test_article_49_changed_content_is_version_2_and_version_1_is_kept(world, source, deliverer):
    body = world["body"]
    deliver_csv(deliverer, source, as_csv(three(body)))
    changed = deliver_csv(deliverer, source, as_csv(three(body, CF_NR_FK="2", CF_NR="警告；罚款人民币20,000.00元")))
    assert (changed.created_count, changed.changed_count, changed.unchanged_count) == (0, 1, 2)
    v1, v2 = Record.objects.filter(record_key="穗天市监罚〔2026〕3号").order_by("version")
    assert (v1.version, v1.current, str(v1.fine_amount)) == (1, False, "12345.67")  # 1.234567 万元
    assert (v2.version, v2.current, str(v2.fine_amount), v2.supersedes_id) == (2, True, "20000.00", v1.pk)
    result = PublishedResult.objects.get(document_number="穗天市监罚〔2026〕3号")
    assert str(result.fine_amount) == "20000.00"


def test_json_and_excel_with_chinese_headers_load_the_same_records(world, source, deliverer):
    body = world["body"]
    names = ingest.d.headers(Kind.PENALTY)
    chinese = [{names[k].name(Kind.PENALTY): v for k, v in r.items()} for r in three(body)]
    book = Workbook()
    sheet = book.active
    sheet.append(list(chinese[0]))
    for row in chinese:
        sheet.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    excel = ingest.deliver(actor=deliverer, source=source, kind=Kind.PENALTY, channel=Channel.EXCEL,
                           data=out.getvalue(), file_name="a.xlsx")
    as_json = ingest.deliver(actor=deliverer, source=source, kind=Kind.PENALTY, channel=Channel.JSON,
                             data=json.dumps(three(body), ensure_ascii=False).encode(), file_name="a.json")
    assert (excel.status, excel.created_count) == (DeliveryStatus.LOADED, 3), excel.errors
    assert (as_json.status, as_json.unchanged_count) == (DeliveryStatus.LOADED, 3), as_json.errors


def test_article_48_every_row_is_checked_against_the_dictionary(world, source, deliverer):
    body = world["body"]
    from yuezhifa.org.models import EnforcementBody

    outside = EnforcementBody.objects.get(name="广东省司法厅")
    rows = [
        person_row(body, CF_XDR_ZJHM=PERSON_ID[:-1] + ("1" if PERSON_ID[-1] == "0" else "0")),  # wrong check character
        penalty_row(body, CF_WSH="2号", CF_CFJGDM=outside.credit_code, CF_CFJG=outside.name),
        penalty_row(body, CF_WSH="3号", CF_NR_FK="1.2345678", XYZ="?"),
        penalty_row(body, CF_WSH="4号", CF_XDR_LB="企业", CF_SY=""),
        penalty_row(body, CF_WSH="4号"),
    ]
    delivery = deliver_csv(deliverer, source, as_csv(rows))
    messages = [e["message"] for e in delivery.errors]
    assert delivery.status == DeliveryStatus.REJECTED
    assert "第 1 行 CF_XDR_ZJHM：证件号码校验码错误" in messages[0]
    assert messages[1] == f"第 2 行 CF_CFJGDM：执法主体“{outside.name}”不属于数据来源“{source.name}”的报送范围。"
    assert "第 3 行 XYZ：不是行政处罚数据的数据元（见数据字典）。" in messages
    assert "第 3 行 CF_NR_FK：金额应为不小于 0 的数，单位万元，最多 6 位小数。" in messages
    assert "第 4 行 CF_SY：违法事实不能为空。" in messages
    assert any(m.startswith("第 4 行 CF_XDR_LB：取值“企业”不在代码集内") for m in messages)
    assert Record.objects.count() == 0


def test_duplicate_record_in_one_delivery_is_refused(world, source, deliverer):
    body = world["body"]
    delivery = deliver_csv(deliverer, source, as_csv([penalty_row(body), penalty_row(body)]))
    assert delivery.errors[0]["message"].startswith("第 2 行 CF_JLBS：记录标识“穗天市监罚〔2026〕88号”与第 1 行重复")


def test_only_the_sources_delivering_account_may_deliver(world, source):
    with pytest.raises(NotAllowed, match="登记的报送账号"):
        deliver_csv(world["users"]["head"], source, as_csv(three(world["body"])))
    assert Record.objects.count() == 0


def test_article_45_a_delivered_penalty_is_disclosed_masked_and_withdrawn_when_revoked(world, source, deliverer,
                                                                                        client):
    body = world["body"]
    row = person_row(body)
    deliver_csv(deliverer, source, as_csv([row]))
    result = PublishedResult.objects.get(case=None)
    assert (result.status, result.party_name, result.party_credit_code) == (ResultStatus.PUBLISHED, "何俊峰", "")
    page = client.get(f"/gongshi/results/{result.pk}/").content.decode()
    assert "穗天市监罚〔2026〕89号" in page and "何俊峰" in page
    assert "13926470318" not in page and row["CF_XDR_ZJHM"] not in page
    listing = client.get("/gongshi/results/", {"q": "何俊峰"}).content.decode()
    assert "穗天市监罚〔2026〕89号" in listing
    # the decision is revoked: a new version says so and the result is withdrawn (处罚法 第四十八条第二款)
    deliver_csv(deliverer, source, as_csv([{**row, "CF_ZT": "撤销"}]))
    result.refresh_from_db()
    assert result.status == ResultStatus.WITHDRAWN and "撤销" in result.withdrawn_reason
    assert Record.objects.filter(current=True).get().extra["state"] == "revoked"
