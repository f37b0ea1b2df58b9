"""The fields each act takes, as DRF serializers: one declaration serves the API, its OpenAPI schema, the web forms
and the validation of both. Money is Decimal yuan with at most two decimals; no amount is negative."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from yuezhifa.core.identifiers import validate_credit_code, validate_resident_id
from yuezhifa.core.validation import validate_phone
from yuezhifa.discretion.vocabulary import PenaltyType

from ..models import EvidenceKind, PartyKind, PauseKind, SourceKind
from .sendback import Verdict


def Money(label: str, **kwargs):
    return serializers.DecimalField(label=label, max_digits=14, decimal_places=2, min_value=0, **kwargs)


def Text(label: str, *, required: bool = True, max_length: int = 4000, **kwargs):
    return serializers.CharField(label=label, required=required, allow_blank=not required, max_length=max_length,
                                 **kwargs)


def Paragraphs(label: str, *, required: bool = True):
    """Several paragraphs (facts, evidence list): a list of strings, or one text split at line breaks."""
    return serializers.ListField(child=serializers.CharField(max_length=4000), label=label, required=required,
                                 allow_empty=not required)


# --- the limitation period (处罚法 第三十六条) -------------------------------------------------------------------------

VIOLATION_KINDS = [("single", "无连续或者继续状态"), ("continuing", "继续状态"), ("repeated", "连续状态")]
LIMITATION_GROUNDS = [("life_health", "涉及公民生命健康安全"), ("financial", "涉及金融安全")]


def ViolationKind():
    return serializers.ChoiceField(VIOLATION_KINDS, label="违法行为的状态", required=False, default="single",
                                   help_text="违法行为有连续或者继续状态的，期限从行为终了之日起计算（处罚法 第三十六条第二款）。")


def ViolationEndedOn():
    return serializers.DateField(label="违法行为终了之日", required=False, allow_null=True,
                                 help_text="有连续或者继续状态的违法行为必填：不早于发生之日，不晚于今天。")


def LimitationGround():
    return serializers.ChoiceField([("", "不适用（二年）"), *LIMITATION_GROUNDS], label="适用五年期限的情形",
                                   required=False, allow_blank=True, default="",
                                   help_text="涉及公民生命健康安全、金融安全且有危害后果的，期限为五年（处罚法 第三十六条第一款）。")


def HarmfulConsequence():
    return serializers.BooleanField(label="有危害后果", required=False, default=False)


def LimitationReason():
    return Text("适用五年期限的理由（危害后果）", required=False, max_length=1000)


class PartySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(PartyKind.choices, label="当事人类别")
    name = serializers.CharField(label="名称或姓名", max_length=200)
    id_number = serializers.CharField(label="居民身份证号码", max_length=18, required=False, allow_blank=True)
    credit_code = serializers.CharField(label="统一社会信用代码", max_length=18, required=False, allow_blank=True)
    legal_representative = serializers.CharField(label="法定代表人或负责人", max_length=50, required=False,
                                                 allow_blank=True)
    birth_date = serializers.DateField(label="出生日期", required=False, allow_null=True)
    address = serializers.CharField(label="住所或地址", max_length=300, required=False, allow_blank=True)
    phone = serializers.CharField(label="联系电话", max_length=30, required=False, allow_blank=True)

    def validate_id_number(self, value):
        return _identifier(validate_resident_id, value)

    def validate_credit_code(self, value):
        return _identifier(validate_credit_code, value)

    def validate_phone(self, value):
        return _identifier(validate_phone, value)

    def validate(self, attrs):
        if attrs["kind"] == PartyKind.PERSON and attrs.get("credit_code"):
            raise serializers.ValidationError({"credit_code": "公民不填写统一社会信用代码。"})
        if attrs.get("birth_date") and attrs["birth_date"] > datetime.date.today():
            raise serializers.ValidationError({"birth_date": "出生日期不能晚于今天。"})
        return attrs


def _identifier(validator, value):
    if not value:
        return ""
    try:
        return validator(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from None


class PenaltiesSerializer(serializers.Serializer):
    """The penalties of a notice or a decision (处罚法 第九条): a fine as an amount, the others imposed or not."""

    fine = Money("罚款（元）", required=False, allow_null=True)
    warning = serializers.BooleanField(label="警告", required=False, default=False)
    criticism = serializers.BooleanField(label="通报批评", required=False, default=False)
    confiscate_income = Money("没收违法所得（元）", required=False, allow_null=True,
                              error_messages={"invalid": "请填写没收违法所得的数额（元）；不没收的不填"
                                                         "（处罚法 第五十九条第一款第（三）项）。"},
                              help_text="没收的违法所得数额；数额是否较大决定当事人是否享有听证权利（处罚法 第六十三条第一款第（二）项）。")
    confiscate_property = Money("没收非法财物（价值，元）", required=False, allow_null=True,
                                error_messages={"invalid": "请填写没收的非法财物的价值（元）；不没收的不填"
                                                           "（处罚法 第五十九条第一款第（三）项）。"},
                                help_text="没收的非法财物的价值；价值是否较大决定当事人是否享有听证权利（处罚法 第六十三条第一款第（二）项）。")
    suspend_licence = serializers.BooleanField(label="暂扣许可证件", required=False, default=False)
    downgrade_qualification = serializers.BooleanField(label="降低资质等级", required=False, default=False)
    revoke_licence = serializers.BooleanField(label="吊销许可证件", required=False, default=False)
    restrict_business = serializers.BooleanField(label="限制开展生产经营活动", required=False, default=False)
    suspend_business = serializers.BooleanField(label="责令停产停业", required=False, default=False)
    close = serializers.BooleanField(label="责令关闭", required=False, default=False)
    restrict_practice = serializers.BooleanField(label="限制从业", required=False, default=False)

    def validate(self, attrs):
        # a confiscation is recorded by its amount (处罚法 第六十三条第一款第（二）项); zero or blank: none imposed.
        # Acts recorded before amounts were asked for hold ``True`` instead: imposed, amount not recorded.
        for key in ("confiscate_income", "confiscate_property"):
            if not attrs.get(key):
                attrs[key] = None
        return attrs


assert set(PenaltiesSerializer._declared_fields) == set(PenaltyType.values)


class AmountsSerializer(serializers.Serializer):
    """Amounts a benchmark may multiply (违法所得, 货值金额 …)."""

    illegal_income = Money("违法所得（元）", required=False, allow_null=True)
    goods_value = Money("货值金额（元）", required=False, allow_null=True)


class PersonSerializer(serializers.Serializer):
    """A person an act hears (被询问人, 陈述申辩人, 现场负责人): what their record prints about them."""

    name = serializers.CharField(label="姓名", max_length=50)
    gender = serializers.ChoiceField([("男", "男"), ("女", "女")], label="性别", required=False, allow_blank=True)
    id_number = serializers.CharField(label="居民身份证号码", max_length=18, required=False, allow_blank=True)
    employer = serializers.CharField(label="工作单位", max_length=200, required=False, allow_blank=True)
    position = serializers.CharField(label="职务", max_length=60, required=False, allow_blank=True)
    relation = serializers.CharField(label="与当事人（案件）的关系", max_length=60, required=False, allow_blank=True,
                                     help_text="如：当事人本人、法定代表人、委托代理人、店员。")
    address = serializers.CharField(label="住址", max_length=300, required=False, allow_blank=True)
    phone = serializers.CharField(label="联系电话", max_length=30, required=False, allow_blank=True)

    def validate_id_number(self, value):
        return _identifier(validate_resident_id, value)

    def validate_phone(self, value):
        return _identifier(validate_phone, value)


class CircumstancesField(serializers.ListField):
    """裁量情节: the circumstances of the province's vocabulary (``discretion.Circumstance``), given by code
    (``mitigated_harm``) or by the Chinese name the 裁量情节 page shows (主动消除或者减轻违法行为危害后果); stored as
    codes. An unknown or retired one is refused naming the field and listing the names that may be chosen."""

    picks_circumstances = True  # the web form shows it as ticks by Chinese name (cases.forms)

    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.CharField(max_length=100))
        kwargs.setdefault("label", "裁量情节")
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [part for part in re.split(r"[\n,，、；;]+", data) if part.strip()]
        values = [str(v).strip() for v in super().to_internal_value(data) if str(v).strip()]
        from yuezhifa.discretion.models import Circumstance

        active = list(Circumstance.objects.filter(active=True).order_by("order", "code").values_list("code", "name"))
        by_code, by_name = dict(active), {name: code for code, name in active}
        unknown = [v for v in values if v not in by_code and v not in by_name]
        if unknown:
            raise serializers.ValidationError(
                f"“{'”“'.join(unknown)}”不存在或已停用。可选的情节：{'、'.join(name for _c, name in active)}。")
        return list(dict.fromkeys(v if v in by_code else by_name[v] for v in values))


def ConfiscatedProperty():
    return Text("没收的非法财物（名称、数量）", required=False, max_length=1000,
                help_text="没收非法财物的，写明财物的名称、规格和数量，如“超过保质期的饼干 12 袋”；印在决定书中"
                          "（处罚法 第五十九条第一款第（三）项）。")


def officers_field(**kwargs):
    return serializers.ListField(child=serializers.UUIDField(), label="执法人员", min_length=1, **kwargs)


# --- the acts' fields ----------------------------------------------------------------------------------------------


class RegisterSource(serializers.Serializer):
    source_kind = serializers.ChoiceField(SourceKind.choices, label="案件来源")
    cause = Text("案由（涉嫌违法行为）", max_length=300)
    summary = Text("案源内容")
    item = serializers.CharField(label="涉及的执法事项（编码）", required=False, allow_blank=True, max_length=40)
    party = PartySerializer(label="当事人", required=False, allow_null=True)
    reporter = Text("投诉举报人或移送、交办机关", required=False, max_length=200)
    record_reviewed = serializers.BooleanField(
        label="电子技术监控记录已经审核", required=False, default=False,
        help_text="来源为电子技术监控设备记录的，须经审核符合要求（处罚法 第四十一条第二款）。")


class VerifySource(serializers.Serializer):
    findings = Text("核查情况")
    conclusion = serializers.ChoiceField([("file", "建议立案"), ("not_file", "建议不予立案")], label="核查意见")
    officers = officers_field()


class File(serializers.Serializer):
    item = serializers.CharField(label="执法事项（编码）", max_length=40)
    cause = Text("案由", max_length=300, required=False)
    party = PartySerializer(label="当事人")
    violation_date = serializers.DateField(label="违法行为发生之日")
    violation_kind = ViolationKind()
    violation_ended_on = ViolationEndedOn()
    limitation_ground = LimitationGround()
    harmful_consequence = HarmfulConsequence()
    limitation_reason = LimitationReason()
    summary = Paragraphs("简要案情")
    handlers = officers_field(help_text="承办人，至少两名持有效执法证件的执法人员（处罚法 第四十二条）。")
    opinion = Text("审批意见", required=False, max_length=500)


class NotFile(serializers.Serializer):
    reason = Text("不予立案理由")
    opinion = Text("审批意见", required=False, max_length=500)


class Investigate(serializers.Serializer):
    kind = serializers.ChoiceField([("inquiry", "询问"), ("inspection", "现场检查（勘验）")], label="调查方式")
    subject = Text("被询问人或检查对象", max_length=200)
    record = Paragraphs("笔录内容")
    officers = officers_field()
    certificates_shown = serializers.BooleanField(
        label="已出示执法证件", help_text="执法人员在调查或者进行检查时，应当主动出示执法证件（处罚法 第五十五条）。")
    respondent = PersonSerializer(label="被询问人（现场负责人）情况", required=False, allow_null=True)
    ended_at = serializers.DateTimeField(label="结束时间", required=False, allow_null=True)


class CollectEvidence(serializers.Serializer):
    kind = serializers.ChoiceField(EvidenceKind.choices, label="证据种类")
    title = Text("证据名称", max_length=200)
    description = Text("证明内容", required=False)
    provider = Text("证据提供人", required=False, max_length=200,
                    help_text="向当事人或者有关人员提取的证据，填写提供人的姓名或者名称，并出具证据提取单"
                              "（处罚法 第四十六条、第五十五条第二款）；执法人员自行收集的不填。")
    officers = officers_field()


class OrderRectification(serializers.Serializer):
    """责令（限期）改正通知书 (处罚法 第二十八条第一款)."""

    facts = Paragraphs("违法行为")
    violated = Paragraphs("违反的法律、法规、规章")
    requirements = Paragraphs("改正的内容和要求")
    deadline = serializers.DateField(label="改正期限", required=False, allow_null=True,
                                     help_text="限期改正的，填写改正期限；不填的，责令立即改正。")


class ApprovePreservation(serializers.Serializer):
    items = Paragraphs("拟先行登记保存的物品")
    reason = Text("理由（证据可能灭失或者以后难以取得）")
    opinion = Text("批准意见", required=False, max_length=500)


class PreserveEvidence(serializers.Serializer):
    items = Paragraphs("先行登记保存的物品")
    reason = Text("理由（证据可能灭失或者以后难以取得）")
    approval_seq = serializers.IntegerField(
        label="负责人的批准（行为序号）", required=False, allow_null=True, min_value=1,
        help_text="行政机关负责人“批准先行登记保存”的行为序号；不填的，以最早一项尚未实施的批准为准（处罚法 第五十六条）。")
    officers = officers_field()
    storage_place = Text("保存地点", required=False, max_length=300,
                         help_text="不填的，以实施地点（未填写的，当事人住所）为保存地点。")


class HandlePreserved(serializers.Serializer):
    preservation_seq = serializers.IntegerField(
        label="处理的先行登记保存（行为序号）", required=False, allow_null=True, min_value=1,
        help_text="每次先行登记保存应当在七日内分别作出处理决定；只有一项未处理的，可以不填。")
    measure = serializers.ChoiceField(
        [("release", "解除先行登记保存"), ("seize", "依法采取查封、扣押"), ("confiscate", "依法予以没收"),
         ("return", "退还")], label="处理决定")
    reason = Text("理由")


class Recuse(serializers.Serializer):
    officer = serializers.UUIDField(label="回避的执法人员")
    replacement = serializers.UUIDField(label="替换的执法人员")
    requested_by = serializers.ChoiceField([("party", "当事人申请"), ("self", "执法人员自行回避")], label="提出方式")
    reason = Text("理由")


class FinishInvestigation(serializers.Serializer):
    facts = Paragraphs("违法事实")
    evidence = Paragraphs("证据")
    violated = Paragraphs("违反的规定")
    basis = Paragraphs("处罚依据")
    circumstances = CircumstancesField(default=list)
    amounts = AmountsSerializer(label="计算罚款的金额", required=False)
    proposal = serializers.ChoiceField(
        [("penalty", "给予行政处罚"), ("no_penalty_minor", "违法行为轻微，不予行政处罚"),
         ("no_penalty_unproven", "违法事实不能成立，不予行政处罚"), ("transfer", "涉嫌犯罪，移送司法机关")],
        label="处理建议")
    proposed = PenaltiesSerializer(label="建议的处罚", required=False)
    officers = officers_field()


class Review(serializers.Serializer):
    outcome = serializers.ChoiceField(
        [("penalty", "确有应受行政处罚的违法行为，拟作出行政处罚"),
         ("no_penalty_minor", "违法行为轻微，依法可以不予行政处罚"),
         ("no_penalty_unproven", "违法事实不能成立，不予行政处罚"),
         ("transfer", "违法行为涉嫌犯罪，移送司法机关")], label="审查决定（处罚法 第五十七条）")
    major_public_interest = serializers.BooleanField(label="涉及重大公共利益", required=False, default=False)
    complex_case = serializers.BooleanField(label="案件情况疑难复杂、涉及多个法律关系", required=False, default=False)
    other_review_ground = Text("法律、法规规定应当进行法制审核的其他情形", required=False, max_length=300)
    collective = serializers.BooleanField(label="情节复杂或者重大违法行为，须集体讨论", required=False, default=False)
    opinion = Text("审查意见")


class Notify(serializers.Serializer):
    proposed = PenaltiesSerializer(label="拟作出的行政处罚")
    confiscated_property = ConfiscatedProperty()
    facts = Paragraphs("违法事实")
    reasons = Text("理由（含裁量说明）")
    basis = Paragraphs("依据")
    served_on = serializers.DateField(label="告知书送达日期", required=False, allow_null=True,
                                      help_text="公告送达的不填：自公告发布之日起经过三十日视为送达，由平台计算。")
    service_method = serializers.ChoiceField([("direct", "直接送达"), ("post", "邮寄送达"), ("email", "电子送达"),
                                              ("announcement", "公告送达")], label="送达方式")
    hearing_other = serializers.ChoiceField(
        [("", "无"), ("heavier", "其他较重的行政处罚（处罚法 第六十三条第一款第（五）项）"),
         ("rule", "法律、法规、规章规定的其他情形（处罚法 第六十三条第一款第（六）项）")],
        label="其他应当告知听证权利的情形", required=False, default="",
        help_text="拟作出的处罚不属于第（一）项至第（四）项，但属于其他较重的行政处罚（如暂扣许可证件、限制开展生产经营活动，"
                  "见 docs/decisions/0027）或者法律、法规、规章规定应当听证的，选择并说明理由。")
    hearing_other_reason = Text("理由（其他应当告知听证权利的情形）", required=False, max_length=500)
    published_on = serializers.DateField(label="公告发布日期", required=False, allow_null=True)
    published_in = Text("公告发布的媒体或者场所", required=False, max_length=300)

    def validate(self, attrs):
        if attrs.get("hearing_other") and not (attrs.get("hearing_other_reason") or "").strip():
            raise serializers.ValidationError({"hearing_other_reason": "选择其他应当告知听证权利的情形的，请说明理由"
                                                                       "（处罚法 第六十三条第一款第（五）项、第（六）项）。"})
        return _announcement(attrs, "service_method")


class RecordStatement(serializers.Serializer):
    waived = serializers.BooleanField(label="当事人明确放弃陈述、申辩", required=False, default=False)
    content = Text("陈述、申辩内容", required=False)
    review = Text("复核意见", required=False)
    adopted = serializers.BooleanField(label="意见成立，予以采纳", required=False, default=False)
    waives_hearing = serializers.BooleanField(label="当事人明确放弃听证", required=False, default=False)
    speaker = PersonSerializer(label="陈述申辩人", required=False, allow_null=True,
                               help_text="不填的，笔录以当事人为陈述申辩人。")

    def validate(self, attrs):
        if not attrs.get("waived") and not attrs.get("content"):
            raise serializers.ValidationError({"content": "请填写陈述、申辩内容，或者选择当事人明确放弃陈述、申辩。"})
        if attrs.get("content") and not attrs.get("review"):
            raise serializers.ValidationError({"review": "对当事人提出的事实、理由和证据应当进行复核（处罚法 第四十五条）。"})
        return attrs


class RequestHearing(serializers.Serializer):
    requested_on = serializers.DateField(label="当事人提出听证要求的日期")
    content = Text("听证要求", required=False)


class NotifyHearing(serializers.Serializer):
    hearing_at = serializers.DateTimeField(label="听证时间")
    location = Text("听证地点", max_length=300)
    chair = serializers.UUIDField(label="听证主持人（执法人员编号）")
    public = serializers.BooleanField(label="公开举行", required=False, default=True)


class HoldHearing(serializers.Serializer):
    record = Paragraphs("听证笔录")
    report = Text("听证报告（主持人意见）")
    party_attended = serializers.BooleanField(label="当事人出席", required=False, default=True)
    party_views = Paragraphs("当事人的申辩和质证意见", required=False)
    clerk = Text("记录员", required=False, max_length=50, help_text="不填的，以录入人为记录员。")


class LegalReview(serializers.Serializer):
    passed = Verdict("通过", "不通过", label="审核结论",
                     help_text="不通过的，案件退回承办人，审核意见即退回理由（docs/decisions/0046）。")
    opinion = Text("审核意见")


class CollectiveDiscussion(serializers.Serializer):
    participants = Paragraphs("参加人员")
    record = Text("讨论记录")
    conclusion = Text("结论")
    presider = Text("主持人", required=False, max_length=50, help_text="不填的，以录入的负责人为主持人。")
    recorder = Text("记录人", required=False, max_length=50, help_text="不填的，以录入人为记录人。")


class Decide(serializers.Serializer):
    penalties = PenaltiesSerializer(label="行政处罚")
    facts = Paragraphs("违法事实", required=False)
    basis = Paragraphs("处罚依据", required=False)
    circumstances = CircumstancesField()
    amounts = AmountsSerializer(label="计算罚款的金额", required=False)
    confiscated_property = ConfiscatedProperty()
    deviation_reason = Text("超出裁量基准的理由", required=False)
    opinion = Text("负责人意见", required=False, max_length=500)
    perform_by = serializers.DateField(
        label="履行期限", required=False, allow_null=True,
        help_text="没收非法财物、责令停产停业等罚款以外须当事人履行的处罚的履行期限；不填的，自收到决定书之日起履行。")


class DecideNoPenalty(serializers.Serializer):
    reason = Text("不予行政处罚的理由")
    basis = Paragraphs("依据")


class ExtendDecision(serializers.Serializer):
    """The basis is the rule of the case's domain (处罚法 第六十条; docs/decisions/0026), recorded with the act."""

    days = serializers.IntegerField(label="延长的日数", min_value=1, max_value=365)
    approval = serializers.ChoiceField([("head", "行政机关负责人批准"), ("collective", "行政机关负责人集体讨论决定")],
                                       label="批准方式", required=False, default="head")
    reason = Text("理由")


class SuspendDecisionPeriod(serializers.Serializer):
    kind = serializers.ChoiceField(PauseKind.choices, label="不计入办案期限的期间",
                                   help_text="以本案执法领域的规定所列的期间为限（处罚法 第六十条）。")
    started_on = serializers.DateField(label="期间开始之日")
    reason = Text("情况说明", max_length=1000)


class ResumeDecisionPeriod(serializers.Serializer):
    ended_on = serializers.DateField(label="期间结束之日")
    note = Text("情况说明", required=False, max_length=1000)


class Serve(serializers.Serializer):
    document = serializers.ChoiceField([("penalty_decision", "行政处罚决定书"),
                                        ("no_penalty_decision", "不予行政处罚决定书")],
                                       label="送达的文书", required=False, default="penalty_decision")
    method = serializers.ChoiceField([("on_the_spot", "宣告后当场交付"), ("direct", "直接送达"),
                                      ("post", "邮寄送达"), ("announcement", "公告送达")], label="送达方式")
    served_on = serializers.DateField(label="当事人收到（送达）日期", required=False, allow_null=True,
                                      help_text="公告送达的不填：自公告发布之日起经过三十日视为送达，由平台计算。")
    published_on = serializers.DateField(label="公告发布日期", required=False, allow_null=True)
    published_in = Text("公告发布的媒体或者场所", required=False, max_length=300)
    recipient = Text("受送达人", max_length=200)
    officers = officers_field()

    def validate(self, attrs):
        return _announcement(attrs, "method")


def _announcement(attrs: dict, method: str) -> dict:
    """Service by announcement (公告送达, 《民事诉讼法》第九十五条, applied by 处罚法 第六十一条): the publication is
    recorded and the service date follows from it, thirty days later (docs/decisions/0024); otherwise the day the
    party received the document is entered."""
    from .penalty_facts import announced_served_on

    if attrs.get(method) != "announcement":
        if not attrs.get("served_on"):
            raise serializers.ValidationError({"served_on": "请填写送达日期。"})
        return attrs
    if not attrs.get("published_on"):
        raise serializers.ValidationError({"published_on": "公告送达的，请填写公告发布日期（民事诉讼法 第九十五条）。"})
    if not attrs.get("published_in"):
        raise serializers.ValidationError({"published_in": "公告送达的，请填写公告发布的媒体或者场所。"})
    deemed = announced_served_on(attrs["published_on"])
    if attrs.get("served_on") and attrs["served_on"] != deemed:
        raise serializers.ValidationError({"served_on": f"公告送达自发布公告之日起经过三十日视为送达（{deemed.isoformat()}），"
                                                        "送达日期由平台计算，不能另行填写（民事诉讼法 第九十五条）。"})
    attrs["served_on"] = deemed
    return attrs


class Instalment(serializers.Serializer):
    due_on = serializers.DateField(label="缴纳日期")
    amount = Money("金额（元）")


class ApproveDeferral(serializers.Serializer):
    kind = serializers.ChoiceField([("defer", "延期缴纳"), ("instalments", "分期缴纳")], label="方式")
    until = serializers.DateField(label="缴清期限")
    instalments = serializers.ListField(child=Instalment(), label="分期计划", required=False, max_length=60,
                                        help_text="分期缴纳的，列明每一期的缴纳日期和金额；最后一期的日期即缴清期限。")
    reason = Text("当事人确有经济困难的情况")
    applied_on = serializers.DateField(label="当事人申请日期", required=False, allow_null=True,
                                       help_text="决定书载明当事人提出申请的日期（处罚法 第六十六条第二款）。")


class RecordPayment(serializers.Serializer):
    amount = Money("缴款金额（元）")
    surcharge = Money("加处罚款（元）", required=False, default="0.00")
    paid_on = serializers.DateField(label="缴款日期")
    receipt = Text("缴款凭证号", max_length=100, required=False)


class CollectOnSpot(serializers.Serializer):
    amount = Money("当场收缴金额（元）")
    ground = serializers.ChoiceField(
        [("small", "依法给予一百元以下罚款"), ("hard_later", "不当场收缴事后难以执行"),
         ("remote", "边远、水上、交通不便地区，当事人到指定银行缴纳确有困难并提出")],
        label="当场收缴的情形")
    receipt = Text("财政部门统一制发的罚没款专用票据号", max_length=100)


class HandOverCash(serializers.Serializer):
    amount = Money("交至行政机关的金额（元）")
    received_by = Text("接收人", max_length=50)


class ReportRecord(serializers.Serializer):
    note = Text("备案说明", required=False, max_length=500)


class RecordRemedy(serializers.Serializer):
    kind = serializers.ChoiceField([("review", "行政复议"), ("litigation", "行政诉讼")], label="救济途径")
    filed_on = serializers.DateField(label="申请或者起诉日期")
    concluded_on = serializers.DateField(label="审结日期", required=False, allow_null=True)
    result = serializers.ChoiceField([("", "尚未审结"), ("upheld", "维持"), ("changed", "变更"),
                                      ("revoked", "撤销或者确认违法、无效")], label="结果", required=False,
                                     default="")


REMEDY_RESULTS = [("upheld", "维持"), ("dismissed", "驳回"), ("changed", "变更"), ("revoked", "撤销"),
                  ("confirmed_illegal", "确认违法"), ("confirmed_void", "确认无效"), ("ended", "终止或者撤回")]


class ConcludeRemedy(serializers.Serializer):
    remedy_seq = serializers.IntegerField(label="审结的行政复议、行政诉讼（行为序号）", min_value=1)
    concluded_on = serializers.DateField(label="审结日期", help_text="复议决定、裁判生效之日；次日起恢复计算加处罚款。")
    result = serializers.ChoiceField(REMEDY_RESULTS, label="结果")
    document_number = Text("行政复议决定书或者裁判文书文号", required=False, max_length=100)


class ChangeDecision(serializers.Serializer):
    ground = serializers.ChoiceField([("remedy", "行政复议、行政诉讼变更"), ("self_correction", "自行纠正")],
                                     label="变更的原因")
    remedy_seq = serializers.IntegerField(label="作出变更结果的行政复议、行政诉讼（行为序号）", min_value=1,
                                          required=False, allow_null=True)
    reason = Text("变更的理由")
    penalties = PenaltiesSerializer(label="变更后的行政处罚")
    confiscated_property = ConfiscatedProperty()
    facts = Paragraphs("违法事实", required=False)
    basis = Paragraphs("处罚依据", required=False)
    perform_by = serializers.DateField(label="履行期限", required=False, allow_null=True)
    opinion = Text("负责人意见", required=False, max_length=500)


class Remind(serializers.Serializer):
    served_on = serializers.DateField(label="催告书送达日期")
    amount_due = Money("催告履行的金额（元）")
    manner = Text("履行方式", max_length=300)
    deadline = serializers.DateField(label="履行期限", required=False, allow_null=True,
                                     help_text="不填的，以催告书送达后十个工作日届满之日为履行期限（强制法 第五十四条）。")
    statement_days = serializers.IntegerField(label="陈述、申辩期限（工作日）", required=False, default=3, min_value=1,
                                              max_value=30)


class ApplyCourt(serializers.Serializer):
    court = Text("受理的人民法院", max_length=200)
    materials = Paragraphs("提供的材料（强制法 第五十五条）")
    party_opinion = Text("当事人的意见", required=False, help_text="当事人在催告期间提出的陈述、申辩意见。")


class RecordReminderStatement(serializers.Serializer):
    stated_on = serializers.DateField(label="陈述、申辩日期")
    waived = serializers.BooleanField(label="当事人明确放弃陈述、申辩", required=False, default=False)
    statement = Text("当事人陈述、申辩的事实、理由和证据", required=False)
    review = Text("复核意见", required=False, help_text="事实、理由或者证据成立的，应当采纳（强制法 第三十六条）。")


class Enforce(serializers.Serializer):
    measure = Text("强制执行方式", max_length=300)
    power_law = Text("授予强制执行权的法律（全称或简称，取自法律法规库）", max_length=200,
                     help_text="行政强制执行由法律设定（强制法 第十三条）；按作出决定之日施行的版本核对。")
    power_article = serializers.IntegerField(label="授权条文：第几条", min_value=1, max_value=9999)
    power_paragraph = serializers.IntegerField(label="第几款", required=False, allow_null=True, min_value=1,
                                               max_value=99)
    power_item = serializers.IntegerField(label="第几项", required=False, allow_null=True, min_value=1, max_value=99)
    served_on = serializers.DateField(label="强制执行决定书送达日期",
                                      help_text="强制执行决定书应当直接送达当事人（强制法 第三十八条）。")
    time = Text("强制执行的时间", required=False, max_length=200,
                help_text="不得在夜间或者法定节假日实施（强制法 第四十三条）。")
    carried_out_at = serializers.DateTimeField(
        label="实施强制执行的时间", required=False, allow_null=True,
        help_text="不填的，以本行为的时间为实施时间；夜间（22时至次日6时）或者法定节假日不得实施，情况紧急的除外"
                  "（强制法 第四十三条第一款）。")
    emergency = serializers.BooleanField(label="情况紧急", required=False, default=False)
    emergency_reason = Text("情况紧急的事实和理由", required=False, max_length=1000)


ENFORCEMENT_SUSPENSION_GROUNDS = [
    ("hardship", "当事人履行行政决定确有困难或者暂无履行能力"),
    ("third_party", "第三人对执行标的主张权利，确有理由"),
    ("irreparable", "执行可能造成难以弥补的损失，且中止执行不损害公共利益"),
    ("other", "行政机关认为需要中止执行的其他情形"),
]
ENFORCEMENT_TERMINATION_GROUNDS = [
    ("death", "公民死亡，无遗产可供执行，又无义务承受人"),
    ("dissolved", "法人或者其他组织终止，无财产可供执行，又无义务承受人"),
    ("object_lost", "执行标的灭失"),
    ("revoked", "据以执行的行政决定被撤销"),
    ("other", "行政机关认为需要终结执行的其他情形"),
    ("suspension_lapsed", "中止执行满三年未恢复执行，没有明显社会危害，当事人确无能力履行，不再执行（第三十九条第二款）"),
]
ENFORCEMENT_RESUMPTION_GROUNDS = [
    ("ground_ended", "中止执行的情形消失"),
    ("agreement_breached", "当事人不履行执行协议"),
]


class SuspendEnforcement(serializers.Serializer):
    ground = serializers.ChoiceField(ENFORCEMENT_SUSPENSION_GROUNDS, label="中止执行的情形（强制法 第三十九条第一款）")
    reason = Text("事实和理由")


class ResumeEnforcement(serializers.Serializer):
    ground = serializers.ChoiceField(ENFORCEMENT_RESUMPTION_GROUNDS, label="恢复执行的情形",
                                     help_text="强制法 第三十九条第二款、第四十二条第二款。")
    reason = Text("事实和理由")


class TerminateEnforcement(serializers.Serializer):
    ground = serializers.ChoiceField(ENFORCEMENT_TERMINATION_GROUNDS, label="终结执行的情形（强制法 第四十条）")
    reason = Text("事实和理由")
    no_social_harm = serializers.BooleanField(label="没有明显社会危害", required=False, default=False,
                                              help_text="中止执行满三年不再执行的，须确认（强制法 第三十九条第二款）。")
    unable_to_perform = serializers.BooleanField(label="当事人确无能力履行", required=False, default=False,
                                                 help_text="中止执行满三年不再执行的，须确认（强制法 第三十九条第二款）。")


class EnforcementAgreement(serializers.Serializer):
    signed_on = serializers.DateField(label="执行协议签订日期")
    stages = Paragraphs("分阶段履行的安排", required=False)
    remedial_measures = Text("当事人采取的补救措施", required=False)
    surcharge_reduction = Money("减免的加处罚款或者滞纳金（元）", required=False, default="0.00")
    no_harm = serializers.BooleanField(label="不损害公共利益和他人合法权益", required=False, default=False,
                                       help_text="强制法 第四十二条第一款。")
    suspends = serializers.BooleanField(label="协议履行期间中止执行", required=False, default=True)


SUBSTITUTE_OBLIGATIONS = [
    ("remove_obstacle", "排除妨碍"),
    ("restore", "恢复原状"),
    ("other", "其他可以由他人代为履行的义务"),
]
SUBSTITUTE_CONSEQUENCES = [
    ("traffic", "已经或者将危害交通安全"),
    ("pollution", "已经或者将造成环境污染"),
    ("resources", "已经或者将破坏自然资源"),
]


class DecideSubstitute(serializers.Serializer):
    obligation = serializers.ChoiceField(SUBSTITUTE_OBLIGATIONS, label="代履行的义务（强制法 第五十条）")
    obligation_text = Text("行政决定要求当事人履行的义务", max_length=1000)
    consequence = serializers.ChoiceField(SUBSTITUTE_CONSEQUENCES, label="不履行的后果（强制法 第五十条）")
    reason = Text("代履行的理由和依据")
    method = Text("代履行的方式", max_length=500)
    object = Text("代履行的标的", max_length=500)
    planned_on = serializers.DateField(label="代履行的时间")
    cost_estimate = Money("代履行的费用预算（元）")
    performer = Text("代履行人", max_length=200, help_text="行政机关或者没有利害关系的第三人（强制法 第五十条）。")
    served_on = serializers.DateField(label="代履行决定书送达日期")
    reminded_on = serializers.DateField(label="代履行前催告当事人履行的日期",
                                        help_text="代履行三日（工作日）前催告当事人履行（强制法 第五十一条第一款第（二）项）。")


class RecordSubstitute(serializers.Serializer):
    immediate = serializers.BooleanField(label="立即实施代履行（强制法 第五十二条）", required=False, default=False)
    immediate_reason = Text("需要立即清除的遗洒物、障碍物或者污染物及其所在的道路、河道、航道或者公共场所",
                            required=False, max_length=1000)
    party_present = serializers.BooleanField(label="当事人在场", required=False, default=True)
    notified_on = serializers.DateField(label="事后通知当事人的日期", required=False, allow_null=True)
    performer = Text("代履行人", max_length=200)
    carried_out_at = serializers.DateTimeField(label="实施代履行的时间", required=False, allow_null=True)
    emergency = serializers.BooleanField(label="情况紧急", required=False, default=False)
    emergency_reason = Text("情况紧急的事实和理由", required=False, max_length=1000)
    cost = Money("代履行的费用（元）", help_text="按照成本合理确定，由当事人承担（强制法 第五十一条第二款）。")
    supervisor = Text("到场监督的工作人员", max_length=200)
    signed = serializers.BooleanField(label="监督人员、代履行人和当事人或者见证人已在执行文书上签名或者盖章",
                                      required=False, default=False)
    record = Text("代履行情况记录")


class FlagCrime(serializers.Serializer):
    reason = Text("涉嫌犯罪的事实和理由")


class DecideTransfer(serializers.Serializer):
    approved = serializers.BooleanField(label="批准移送")
    opinion = Text("意见")


class Transfer(serializers.Serializer):
    receiver = Text("接收的公安机关或者司法机关", max_length=200)
    materials = Paragraphs("移送的材料")
    offence = Text("涉嫌的罪名", required=False, max_length=200, help_text="如：生产、销售伪劣产品罪（《中华人民共和国刑法》第一百四十条）。")


class Close(serializers.Serializer):
    summary = Text("结案报告")
    retention = serializers.ChoiceField([("permanent", "永久"), ("30y", "30年"), ("10y", "10年")],
                                        label="保管期限", required=False, default="30y")


class ApproveDisclosure(serializers.Serializer):
    secret = serializers.ChoiceField([("", "不涉密"), ("state", "涉及国家秘密"), ("commercial", "涉及商业秘密")],
                                     label="是否涉密", required=False, default="",
                                     help_text="涉及国家秘密、商业秘密的，依法不予公开，只记录不公开的理由（处罚法 第五十条）。")
    note = Text("审批意见", required=False, max_length=500)


class WithdrawDisclosure(serializers.Serializer):
    reason = Text("撤回理由（向社会公开）", max_length=500,
                  help_text="如：本决定已被行政复议机关撤销（复议决定书文号）。请勿填写自然人的证件号码、电话、住址。")
    changed_on = serializers.DateField(label="决定被变更、撤销、确认违法或者无效之日",
                                       help_text="撤回期限自该日起计算三个工作日（处罚法 第四十八条第二款）。")


class Correct(serializers.Serializer):
    target_seq = serializers.IntegerField(label="更正的行为序号", min_value=1)
    changes = serializers.DictField(label="更正后的内容")
    reason = Text("更正理由")


class DecideOnSpot(serializers.Serializer):
    item = serializers.CharField(label="执法事项（编码）", max_length=40)
    party = PartySerializer(label="当事人")
    facts = Text("违法事实")
    violated = Paragraphs("违反的规定")
    basis = Paragraphs("处罚依据")
    penalties = PenaltiesSerializer(label="行政处罚")
    officers = officers_field()
    certificates_shown = serializers.BooleanField(label="已出示执法证件（处罚法 第五十二条）")
    violation_date = serializers.DateField(label="违法行为发生之日", required=False, allow_null=True,
                                           help_text="不填的，以当场发现之日为违法行为发生之日。")
    violation_kind = ViolationKind()
    violation_ended_on = ViolationEndedOn()
    limitation_ground = LimitationGround()
    harmful_consequence = HarmfulConsequence()
    limitation_reason = LimitationReason()
    refused_to_sign = serializers.BooleanField(label="当事人拒绝签收", required=False, default=False)


# --- e-mail service (处罚法 第六十一条第二款; 办法 第三十条; docs/decisions/0012) ----------------------------------------

EMAIL_DOCUMENTS = [("penalty_decision", "行政处罚决定书"), ("no_penalty_decision", "不予行政处罚决定书"),
                   ("penalty_advance_notice", "行政处罚事先告知书")]


class ConfirmServiceAddress(serializers.Serializer):
    """送达地址确认书: where and how the party agrees to be served."""

    recipient = Text("受送达人", required=False, max_length=200, help_text="不填的，以当事人为受送达人。")
    consent = serializers.BooleanField(
        label="同意采用电子邮件送达", required=False, default=False,
        help_text="当事人同意并签订确认书的，行政机关可以采用电子邮件方式送达行政处罚决定书等文书（处罚法 第六十一条第二款）。")
    email = serializers.EmailField(label="接收文书的电子邮件地址", required=False, allow_blank=True, max_length=254,
                                   error_messages={"invalid": "电子邮件地址格式不正确（应如 name@example.com）。"})
    postal_address = Text("邮寄送达地址", max_length=300)
    phone = Text("联系电话", required=False, max_length=30)
    signed_on = serializers.DateField(label="当事人签署确认书的日期")

    def validate_email(self, value):
        if value and not value.isascii():
            raise serializers.ValidationError("电子邮件地址只能由英文字母、数字和符号组成（中文域名请填写其 punycode 形式）。")
        return value

    def validate_phone(self, value):
        return _identifier(validate_phone, value)

    def validate(self, attrs):
        if attrs.get("consent") and not attrs.get("email"):
            raise serializers.ValidationError({"email": "当事人同意电子送达的，应当填写接收文书的电子邮件地址。"})
        return attrs


class SendByEmail(serializers.Serializer):
    document = serializers.ChoiceField(EMAIL_DOCUMENTS, label="送达的文书")


class RecordEmailService(serializers.Serializer):
    delivery = serializers.UUIDField(
        label="电子送达记录编号",
        help_text="邮件服务器已接收的电子送达。平台在接收时自动记录；自动记录未成功的，由执法人员补记，送达日期仍以接收时间为准。")


class RecordEmailBounce(serializers.Serializer):
    delivery = serializers.UUIDField(label="电子送达记录编号")
    reason = Text("退信原因", max_length=2000)
