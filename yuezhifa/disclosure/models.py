"""The disclosure platform's data (公示平台, 办法 第43-45条; LEGAL.md §5; docs/decisions/0014-公示平台.md).

``PublishedResult`` is a masked snapshot of one penalty decision, taken when the unit's head approves its
publication (办法 第45条). It never reads back into the case: what the public sees is exactly what was approved.
``DisclosureSettings`` holds the figures the law leaves to the province (display periods, what counts as a
low-level result, export limits): one row, edited by an administrator.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from yuezhifa.core.models import BaseModel


class ResultStatus(models.TextChoices):
    PUBLISHED = "published", "公示中"
    WITHDRAWN = "withdrawn", "已撤回"
    EXPIRED = "expired", "公示期满"
    WITHHELD = "withheld", "依法不予公开"


class ResultCategory(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    COMPULSION = "compulsion", "行政强制"
    INSPECTION = "inspection", "行政检查"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人及非法人组织"


class DisclosureSettings(models.Model):
    """The province's disclosure figures (LEGAL.md §5: **configurable**). One row (pk 1); absent, the defaults apply."""

    low_level_months = models.PositiveSmallIntegerField(
        "低级别结果公示期（月）", default=3,
        help_text="仅警告、通报批评，或罚款不超过下列数额且无其他处罚种类的结果，自处罚决定之日起公示的月数。")
    standard_months = models.PositiveSmallIntegerField(
        "其他结果公示期（月）", default=36, help_text="其他行政处罚结果自处罚决定之日起公示的月数（最长三年）。")
    small_fine_max = models.DecimalField(
        "低级别罚款上限（元）", max_digits=14, decimal_places=2, default=Decimal("3000"),
        help_text="默认 3000 元，即当场处罚对法人或者其他组织的罚款上限（处罚法 第五十一条）。")
    mask_person_names = models.BooleanField(
        "隐去自然人当事人姓名", default=False,
        help_text="勾选后，自然人当事人的姓名只显示姓氏（如“张**”）。法律允许公开被处罚的自然人姓名。")
    publish_legal_representative = models.BooleanField(
        "公开法定代表人姓名", default=True,
        help_text="“双公示”行政处罚信息的法定代表人字段；从不公开其证件号码。")
    export_max_rows = models.PositiveIntegerField("一次导出的最多条数", default=50_000)
    export_max_days = models.PositiveSmallIntegerField("一次导出的最长日期跨度（日）", default=366)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "公示参数"
        verbose_name_plural = "公示参数"

    def __str__(self) -> str:
        return "公示参数"

    @classmethod
    def current(cls) -> "DisclosureSettings":
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class PublishedResult(BaseModel):
    """One penalty decision as published: a masked snapshot in the national 双公示 shape (LEGAL.md §5).

    Status: published (on the public pages until ``display_until``), withdrawn (the decision was changed or revoked;
    only the document number, the body, the date and the reason stay public), expired (display period over; gone from
    every public page), withheld (a minor's case or one involving state or commercial secrets: nothing is public, the
    row records that the decision was taken and why, for supervision)."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="published_results",
                             help_text="空：非办案平台产生、经执法数据主题库归集的结果（办法 第45条第（二）项）。")
    body = models.ForeignKey("org.EnforcementBody", verbose_name="处罚机关", on_delete=models.PROTECT,
                             related_name="published_results")
    body_name = models.CharField("处罚机关名称", max_length=200)
    body_credit_code = models.CharField("处罚机关统一社会信用代码", max_length=18)
    category = models.CharField("结果类别", max_length=12, choices=ResultCategory.choices,
                                default=ResultCategory.PENALTY, db_index=True,
                                help_text="行政强制结果自作出决定之日起二十个工作日内公开（国办发〔2018〕118号）。")
    document_type = models.CharField("决定书种类", max_length=40)
    document_number = models.CharField("行政处罚决定书文号", max_length=80, db_index=True)
    party_name = models.CharField("行政相对人名称", max_length=200, blank=True)
    party_kind = models.CharField("行政相对人类别", max_length=20, choices=PartyKind.choices)
    party_credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    illegal_act_type = models.CharField("违法行为类型", max_length=300, blank=True)
    facts = models.TextField("违法事实", blank=True, help_text="已按公示规则隐去个人信息。")
    basis = models.TextField("处罚依据", blank=True)
    penalty_types = models.CharField("处罚类别", max_length=300, blank=True)
    penalty_content = models.TextField("处罚内容", blank=True)
    fine_amount = models.DecimalField("罚款金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    confiscation_amount = models.DecimalField("没收违法所得、没收非法财物的金额（元）", max_digits=14,
                                              decimal_places=2, null=True, blank=True)
    decision_date = models.DateField("处罚决定日期")
    items = models.JSONField("检查事项", default=list, blank=True,
                             help_text="行政检查结果：检查事项（执法事项编码和名称），供年度统计按事项计数。")
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    display_until = models.DateField("公示截止期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=ResultStatus.choices, default=ResultStatus.PUBLISHED)
    withheld_reason = models.CharField("不予公开的理由", max_length=300, blank=True)
    withdrawn_reason = models.CharField("撤回理由", max_length=500, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    changed_on = models.DateField("决定被变更或撤销之日", null=True, blank=True)
    expired_at = models.DateTimeField("期满下线时间", null=True, blank=True)
    publish_due = models.DateField("公示期限届满日", null=True, blank=True)
    published_in_time = models.BooleanField("按期公示", null=True)
    withdraw_due = models.DateField("撤回期限届满日", null=True, blank=True)
    withdrawn_in_time = models.BooleanField("按期撤回", null=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    source_name = models.CharField("数据来源单位", max_length=200, blank=True,
                                   help_text="双公示 CF_SJLY。空：作出决定的机关（办案平台产生的数据）；非办案平台数据为报送单位。")
    source_credit_code = models.CharField("数据来源单位统一社会信用代码", max_length=18, blank=True,
                                          help_text="双公示 CF_SJLYDM。空：作出决定的机关的代码。")
    remark = models.CharField("备注", max_length=512, blank=True, help_text="双公示 BZ。")

    class Meta:
        verbose_name = "行政处罚结果公示"
        verbose_name_plural = "行政处罚结果公示"
        ordering = ["-decision_date", "-published_at"]
        indexes = [
            models.Index(fields=["status", "-decision_date"], name="disclosure_status_date_idx"),
            models.Index(fields=["body", "status", "-decision_date"], name="disclosure_body_date_idx"),
            models.Index(fields=["status", "display_until"], name="disclosure_expiry_idx"),
            models.Index(fields=["status", "-published_at"], name="disclosure_feed_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="published"),
                                    name="disclosure_one_published_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.party_name}".strip()

    @property
    def fine_wan(self) -> Decimal | None:
        """罚款金额（万元）, the 双公示 unit."""
        return None if self.fine_amount is None else (self.fine_amount / Decimal(10000)).quantize(Decimal("0.000001"))

    @property
    def confiscation_wan(self) -> Decimal | None:
        if self.confiscation_amount is None:
            return None
        return (self.confiscation_amount / Decimal(10000)).quantize(Decimal("0.000001"))


class ReportedIdentity(BaseModel):
    """The 不予公示 items of one published penalty result, reported to the credit platform only (双公示 CF_FR_ZJLX,
    CF_FR_ZJHM, CF_XDR_ZJLX, CF_XDR_ZJHM; docs/decisions/0056).

    A table of its own, so that nothing on the public side (``selectors.PUBLIC_FIELDS``, the public pages, the public
    API, the open-data export) can read it by accident: only ``selectors.report_results`` joins it, for users allowed
    the report file (``permissions.report_scope_q``). Kept only for results published (never for withheld ones)."""

    result = models.OneToOneField(PublishedResult, verbose_name="公示结果", on_delete=models.CASCADE,
                                  related_name="reported_identity")
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True,
                                            help_text="如实记录，不受“公开法定代表人姓名”参数影响；报送 CF_FRDB。")
    representative_id_type = models.CharField("法定代表人证件类型", max_length=64, blank=True)
    representative_id_number = models.CharField("法定代表人证件号码", max_length=64, blank=True)
    party_id_type = models.CharField("自然人证件类型", max_length=64, blank=True)
    party_id_number = models.CharField("自然人证件号码", max_length=64, blank=True)

    class Meta:
        verbose_name = "双公示报送证件信息（不予公示）"
        verbose_name_plural = "双公示报送证件信息（不予公示）"

    def __str__(self) -> str:
        return f"{self.result_id}"
