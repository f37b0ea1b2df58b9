"""Demo cases of the 广州市天河区市场监督管理局, one or more in every stage, so that each demo account's pages show real
work: the officer's to-do list, the head's approvals, the legal reviewer's queue. Every act goes through the case
engine (services.act_perform) exactly as a user's would, at fixed moments in October-November 2026 (entered
afterwards, so the acts are marked as back entries). The people and companies are invented."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from yuezhifa.documents.samples import credit_code, resident_id
from yuezhifa.items.models import Item
from yuezhifa.org.models import EnforcementBody, Officer, User

from . import services
from .models import Case

SH = ZoneInfo("Asia/Shanghai")
BODY = "广州市天河区市场监督管理局"
EXPIRED_FOOD_ITEM = "440000-XZCF-10011"  # 食品安全法 第一百二十四条第一款第（五）项: 超过保质期的食品
TABLEWARE_ITEM = "440000-XZCF-10017"  # 食品安全法 第一百二十六条第一款第（五）项: 餐具未洗净消毒 (警告)
FACTS = ["当事人在其经营场所销售超过保质期的预包装食品，货架上摆放的涉案食品均标有销售价格。"]
VIOLATED = ["《中华人民共和国食品安全法》第三十四条第（十）项"]
BASIS = ["《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"]
PENALTIES = {"fine": "60000", "confiscate_income": "3200", "confiscate_property": "486.60"}

COMPANIES = [
    ("广州禾盛商贸有限公司", "91440106MA5DQ7K2X", "梁文斌", "广州市天河区棠下荷光路86号首层"),
    ("广州市天河区鲜果汇便利店", "92440106MA9W3L8E1", "张晓东", "广州市天河区林和西路29号"),
    ("广州悦鲜餐饮管理有限公司", "91440106MA5CK2P41", "刘倩", "广州市天河区体育东路140号"),
    ("广州市佳和食品贸易有限公司", "91440106MA59X3R07", "陈伟", "广州市天河区黄埔大道西100号"),
    ("广州市天河区老街坊士多店", "92440106MA9Y1F6U4", "郭志明", "广州市天河区石牌东路51号"),
    ("广州优品生活超市有限公司", "91440106MA5F0N8J6", "黄丽", "广州市天河区天河北路233号"),
    ("广州市润泽食品有限公司", "91440106MA5AD7T53", "吴建", "广州市天河区中山大道西89号"),
    ("广州市天河区百味轩餐厅", "92440106MA9X0Q2M8", "何敏", "广州市天河区龙口东路12号"),
]


def at(text: str) -> datetime.datetime:
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SH)


def party(index: int) -> dict:
    name, code17, representative, address = COMPANIES[index % len(COMPANIES)]
    return {"kind": "organisation", "name": name, "credit_code": credit_code(code17[:17]),
            "legal_representative": representative, "address": address, "phone": f"1380000{index:04d}"}


def photo() -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (236, 240, 244))
    ImageDraw.Draw(image).rectangle((40, 60, 280, 200), outline=(180, 40, 40), width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("现场照片.jpg", buffer.getvalue(), content_type="image/jpeg")


class Story:
    """One demo case, told act by act."""

    def __init__(self, people: dict, index: int, cause: str = "经营超过保质期的食品"):
        self.people, self.index, self.cause = people, index, cause
        self.case: Case | None = None

    def ids(self, *names):
        return [str(self.people["officers"][n].pk) for n in names]

    def act(self, code: str, when: str, user: str = "officer", files=(), place: str = "", **data):
        services.act_perform(actor=self.people["users"][user], case=self.case, code=code, data=data,
                             performed_at=at(when), attachments=[services.Attachment(f) for f in files], place=place)
        return self

    def register(self, when: str, source="inspection", procedure="penalty.general"):
        self.case = services.case_open(
            actor=self.people["users"]["officer"], procedure=procedure, performed_at=at(when),
            data={"source_kind": source, "cause": self.cause, "party": party(self.index),
                  "summary": "日常监督检查发现当事人经营场所货架上摆放有超过保质期的预包装食品。"
                  if source == "inspection" else "消费者投诉在当事人处购买到超过保质期的食品。"})
        return self

    def verify(self, when):
        return self.act("verify_source", when, findings="经现场核实，投诉举报反映的情况基本属实，符合立案条件。",
                        conclusion="file", officers=self.ids("chen", "lin"))

    def file(self, when):
        return self.act("file", when, user="head", item=EXPIRED_FOOD_ITEM, party=party(self.index),
                        violation_date=at(when).date().isoformat(), summary=FACTS,
                        handlers=self.ids("chen", "lin"), opinion="同意立案，由陈志强、林晓燕承办。")

    def investigate(self, when, goods_value="860.00"):
        self.act("investigate", when, kind="inspection", subject=COMPANIES[self.index % len(COMPANIES)][0],
                 record=["执法人员出示执法证件，对当事人经营场所进行检查。", "货架上摆放有超过保质期的预包装食品，已拍照取证。"],
                 officers=self.ids("chen", "lin"), certificates_shown=True, files=[photo()],
                 place=COMPANIES[self.index % len(COMPANIES)][3])
        return self.act("finish_investigation", when, facts=FACTS, evidence=["现场检查笔录及现场照片", "进货及销售记录"],
                        violated=VIOLATED, basis=BASIS, amounts={"goods_value": goods_value}, proposal="penalty",
                        proposed=PENALTIES, officers=self.ids("chen", "lin"))

    def review(self, when, **flags):
        return self.act("review", when, user="head", outcome="penalty", opinion="同意调查终结意见，拟给予行政处罚。",
                        **flags)

    def notify(self, when, penalties=PENALTIES):
        return self.act("notify", when, proposed=penalties, facts=FACTS, basis=BASIS,
                        reasons="当事人违法经营的食品货值金额较小，依照裁量基准从轻处罚。",
                        served_on=at(when).date().isoformat(), service_method="direct")

    def decide(self, when, penalties=PENALTIES):
        return self.act("decide", when, user="head", penalties=penalties, opinion="同意。",
                        circumstances=["mitigated_harm"])

    def serve(self, when):
        return self.act("serve", when, method="direct", served_on=at(when).date().isoformat(),
                        recipient=COMPANIES[self.index % len(COMPANIES)][2], officers=self.ids("chen", "lin"),
                        place=COMPANIES[self.index % len(COMPANIES)][3])


def is_loaded() -> bool:
    return Case.objects.filter(body__name=BODY).exists()


def load():
    if is_loaded() or not EnforcementBody.objects.filter(name=BODY).exists():
        return []
    if not Item.objects.filter(code=EXPIRED_FOOD_ITEM).exists() or timezone.localdate() < datetime.date(2026, 11, 28):
        return []
    _load()
    return []


@transaction.atomic
def _load() -> None:
    people = {
        "users": {u.username: u for u in User.objects.filter(username__in=["officer", "officer2", "head", "reviewer"])},
        "officers": {key: Officer.objects.get(name=name, body__name=BODY)
                     for key, name in (("chen", "陈志强"), ("lin", "林晓燕"), ("huang", "黄立新"))},
    }
    # 案源登记: waiting for verification.
    Story(people, 0).register("2026-11-25 10:00", source="complaint")
    # 核查完毕，待负责人立案审批 (the head's queue).
    Story(people, 1, "经营超过保质期的乳制品").register("2026-11-20 09:30").verify("2026-11-20 15:00")
    # 立案调查中.
    open_case = Story(people, 2).register("2026-11-02 09:00").verify("2026-11-02 14:00").file("2026-11-03 10:00")
    open_case.act("investigate", "2026-11-05 10:00", kind="inquiry", subject="刘倩",
                  record=["问：你单位是否知道货架上的食品已超过保质期？", "答：不知道，是店员疏忽，没有及时下架。"],
                  officers=open_case.ids("chen", "lin"), certificates_shown=True, place="广州市天河区市场监督管理局询问室")
    # 已告知，陈述申辩期间.
    Story(people, 3).register("2026-11-02 09:00").verify("2026-11-02 14:00").file("2026-11-03 10:00") \
        .investigate("2026-11-10 10:00").review("2026-11-11 10:00").notify("2026-11-24 10:00")
    # 当事人放弃陈述申辩；重大公共利益，须法制审核 (the legal reviewer's queue).
    Story(people, 4).register("2026-10-12 09:00").verify("2026-10-12 14:00").file("2026-10-13 10:00") \
        .investigate("2026-10-16 10:00").review("2026-10-20 10:00", major_public_interest=True) \
        .notify("2026-10-21 10:00").act("record_statement", "2026-10-22 10:00", waived=True)
    # 已作出决定，待送达.
    Story(people, 5).register("2026-10-09 09:00").verify("2026-10-09 14:00").file("2026-10-10 10:00") \
        .investigate("2026-10-12 10:00").review("2026-10-13 10:00").notify("2026-10-14 10:00") \
        .decide("2026-11-24 10:00")
    # 已送达，逾期未缴纳罚款 (to remind).
    Story(people, 6).register("2026-10-08 09:00").verify("2026-10-08 14:00").file("2026-10-09 10:00") \
        .investigate("2026-10-12 10:00").review("2026-10-13 10:00").notify("2026-10-14 10:00") \
        .decide("2026-10-26 10:00").act("approve_disclosure", "2026-10-27 09:00", user="head", note="同意公示。") \
        .serve("2026-10-27 10:00")
    # 已缴纳罚款并结案.
    done = Story(people, 7).register("2026-09-14 09:00").verify("2026-09-14 14:00").file("2026-09-15 10:00") \
        .investigate("2026-09-16 10:00").review("2026-09-17 10:00").notify("2026-09-18 10:00") \
        .act("record_statement", "2026-09-21 10:00", waived=True).decide("2026-09-22 10:00") \
        .act("approve_disclosure", "2026-09-22 16:00", user="head", note="同意公示。").serve("2026-09-23 10:00")
    done.act("record_payment", "2026-09-29 10:00", amount="60000", paid_on="2026-09-29", receipt="4401062609290017") \
        .act("close", "2026-10-12 10:00", user="head", summary="罚没款已缴清，案件办结。")
    # 简易程序：当场警告并结案.
    simple = Story(people, 0, "餐具使用前未经洗净、消毒")
    simple.case = services.case_open(
        actor=people["users"]["officer"], procedure="penalty.simple", performed_at=at("2026-11-18 11:00"),
        data={"source_kind": "on_site", "cause": simple.cause, "summary": "巡查中发现当事人餐具使用前未经消毒。"})
    simple.act("decide_on_spot", "2026-11-18 11:20", item=TABLEWARE_ITEM,
               party={"kind": "person", "name": "何俊峰", "id_number": resident_id("44010619850611053"),
                      "address": "广州市天河区龙口东路12号"},
               facts="当事人经营的餐饮摊位使用前未对餐具进行洗净、消毒。", violated=["《中华人民共和国食品安全法》第五十六条第二款"],
               basis=["《中华人民共和国食品安全法》第一百二十六条第一款第（五）项"], penalties={"warning": True},
               officers=simple.ids("chen", "lin"), certificates_shown=True, place="广州市天河区龙口东路12号") \
        .act("report_record", "2026-11-18 16:00", note="已报本局备案。") \
        .act("approve_disclosure", "2026-11-18 17:00", user="head", note="同意公示。") \
        .act("close", "2026-11-19 09:00", summary="当场警告，已责令改正并备案。")
    # 涉嫌犯罪，待负责人审批移送 (the head's queue; 3-day limit).
    crime = Story(people, 1, "销售伪劣食品").register("2026-11-16 09:00").verify("2026-11-16 14:00") \
        .file("2026-11-17 10:00")
    crime.act("flag_crime", "2026-11-26 10:00", reason="涉案食品货值金额超过五万元，涉嫌生产、销售伪劣产品罪。")
