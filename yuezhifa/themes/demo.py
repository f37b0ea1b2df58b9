"""Demo data of the theme library (执法数据主题库, 办法 第十四条、第四十六条至第五十一条), told in the demo's story time:

- the platform's own records: the demo cases projected into the library (``platform.refresh_platform``), as the
  hourly task does;
- one non-platform source (第四十七条第二款、第四十五条第（二）项), 广州市市场监管业务系统, delivering for 广州市市场监督管理局:
  a CSV file refused with its row error (an invalid credit code: nothing loaded), then the corrected file, loaded;
  one of its decisions was disclosed late (beyond the 7 working days of 第四十五条), so the quality dashboard
  (第四十九条第二款) has something to show;
- two objections (数据异议, 第四十九条第一款): one raised by the public on a disclosed result, pending; one raised by the
  supervisor and corrected by the body's legal reviewer (a new version; the old one is kept);
- the monthly quality snapshots of the story's months, so that the trend has points.

The companies and people are invented; credit codes and ID numbers only carry valid check characters. Running it
again changes nothing twice."""

from __future__ import annotations

import csv
import datetime
import io

from django.db import transaction
from django.utils import timezone

from yuezhifa.cases.demo import at, recorded
from yuezhifa.documents.samples import credit_code
from yuezhifa.org.models import EnforcementBody, User

from . import ingest, objections, quality
from .models import Channel, Granularity, Kind, Record, Source, SourceKind
from .platform import refresh_platform

SOURCE_CODE = "gz-scjg-yewu"
SOURCE_NAME = "广州市市场监管业务系统"
UNIT = "广州市市场监督管理局"
FILE_NAME = "广州市市场监管局-行政处罚-2026年10-11月.csv"

# (document number, party kind, party, its legal representative or operator, credit code without its check
# character, act, facts, basis, kinds, content, fine in 万元, decided, disclosed, item code, item name)
PENALTIES = [
    ("穗市监罚〔2026〕301号", "法人及非法人组织", "广州粤味轩餐饮管理有限公司", "邓家明", "91440101MA59RT3K0", "使用超过保质期的食品原料",
     "当事人在其经营场所使用超过保质期的食品原料（淡奶油2盒）加工制作食品。",
     "《中华人民共和国食品安全法》第一百二十四条第一款第（四）项", "罚款", "罚款人民币50,000.00元", "5.000000",
     "2026-10-12", "2026-10-16", "440100-XZCF-0301", "对餐饮服务提供者使用超过保质期的食品原料的行政处罚"),
    ("穗市监罚〔2026〕317号", "法人及非法人组织", "广州恒通电器贸易有限公司", "罗志伟", "91440101MA5AQ82L1", "销售不合格产品",
     "当事人销售经抽检不合格的电热水壶共36台，货值金额4,320元。",
     "《中华人民共和国产品质量法》第四十九条", "警告、罚款、没收违法所得", "警告；罚款人民币8,640.00元；没收违法所得960.00元",
     "0.864000", "2026-10-26", "2026-11-13",  # disclosed late: 10-27 … 11-04 is the 7th working day
     "440100-XZCF-0317", "对销售不合格产品的行政处罚"),
    ("穗市监罚〔2026〕342号", "个体工商户", "广州市越秀区晨光文具店", "麦淑贞", "92440104MA5BJW6X3", "未明码标价",
     "当事人销售文具未按规定明码标价。", "《明码标价和禁止价格欺诈规定》第二十一条", "警告", "警告", "",
     "2026-11-09", "2026-11-12", "440100-XZCF-0342", "对经营者未按照规定明码标价的行政处罚"),
]


def _rows(body: EnforcementBody, *, bad: bool = False) -> list[dict]:
    rows = []
    for (number, party_kind, party, representative, seed, act, facts, basis, kinds, content, fine, decided, disclosed,
         item_code, item_name) in PENALTIES:
        code = credit_code(seed)
        if bad and number.endswith("317号"):
            code = code[:-1] + ("0" if code[-1] != "0" else "1")  # a wrong check character
        rows.append({"CF_WSH": number, "CF_CFJG": body.name, "CF_CFJGDM": body.credit_code,
                     "CF_XZQH": body.division_id[:6].ljust(6, "0"), "CF_XDR_LB": party_kind, "CF_XDR_MC": party,
                     "CF_XDR_SHXYM": code, "CF_FRDB": representative,
                     "CF_WFXW": act, "CF_SY": facts, "CF_YJ": basis, "CF_CFLB": kinds, "CF_NR": content,
                     "CF_NR_FK": fine, "CF_JDRQ": decided, "CF_GSRQ": disclosed, "CF_SXBM": item_code,
                     "CF_SXMC": item_name})
    return rows


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def is_loaded() -> bool:
    return Source.objects.filter(code=SOURCE_CODE).exists()


def load():
    users = {u.username: u for u in User.objects.filter(username__in=["gz_admin", "supervisor", "reviewer"])}
    body = EnforcementBody.objects.filter(name=UNIT).first()
    if is_loaded() or body is None or len(users) < 3:
        return []
    with recorded(at("2026-11-27 18:00")):
        refresh_platform()  # the platform's own records (the hourly task keeps them current afterwards)
    _load(body, users)
    return []


@transaction.atomic
def _load(body: EnforcementBody, users: dict) -> None:
    source = Source.objects.create(code=SOURCE_CODE, name=SOURCE_NAME, kind=SourceKind.EXTERNAL, unit=body)
    source.deliverers.add(users["gz_admin"])
    with recorded(at("2026-11-16 09:30")):  # the first file: one row with a wrong check character, refused
        ingest.deliver(actor=users["gz_admin"], source=source, kind=Kind.PENALTY, channel=Channel.CSV,
                       data=_csv(_rows(body, bad=True)), file_name=FILE_NAME)
    with recorded(at("2026-11-16 15:10")):  # the corrected file, loaded
        ingest.deliver(actor=users["gz_admin"], source=source, kind=Kind.PENALTY, channel=Channel.CSV,
                       data=_csv(_rows(body)), file_name=FILE_NAME)
    _objections(users)
    today = timezone.localdate()
    for month in (datetime.date(2026, 9, 1), datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)):
        if month <= today:
            quality.take_snapshots(Granularity.MONTH, month)


def _objections(users: dict) -> None:
    """A public objection pending at 天河区市场监管局, and the supervisor's objection corrected by its legal reviewer."""
    from yuezhifa.disclosure.models import PublishedResult

    platform = Record.objects.filter(current=True, source__kind=SourceKind.PLATFORM, kind=Kind.PENALTY,
                                     body__name="广州市天河区市场监督管理局").order_by("decided_on", "document_number")
    results = [(r, objections.record_for_result(r))
               for r in PublishedResult.objects.filter(status="published").order_by("published_at")]
    results = [(r, rec) for r, rec in results if rec is not None]
    if results:
        result, record = results[0]
        with recorded(at("2026-11-29 20:15")):  # after the records came in (27 November)
            objections.raise_objection(actor=None, record=record, public=True, published_result=result,
                                       raiser_name="梁先生", contact="020-8888 0000（演示）",
                                       reason="公示的当事人名称与营业执照登记的名称不一致，请核对。",
                                       fields=["party_name"])
    taken = {rec.pk for _r, rec in results[:1]}
    record = next((r for r in platform if r.pk not in taken and r.item_name), None)
    if record is None:
        return
    with recorded(at("2026-11-28 10:20")):
        objection, _ = objections.raise_objection(
            actor=users["supervisor"], record=record, fields=["item_name"],
            reason="案卷评查发现：执法事项名称与决定书所列事项名称的写法不一致，请核对。")
    with recorded(at("2026-11-30 16:40")):
        objections.correct(actor=users["reviewer"], objection=objection,
                           changes={"item_name": record.item_name.rstrip("。") + "（按决定书核对）"},
                           answer="经核对行政处罚决定书，执法事项名称按决定书写法更正。")

