"""The province's enforcement data theme library (执法数据主题库, 办法 第十四条、第四十六至五十一条).

One standard model for the three kinds of enforcement data (行政处罚、行政强制、行政检查), whatever their source:

- ``Source``: where records come from — the platform itself (its cases, aggregated from every node) or another system
  that delivers records in the standard (非平台数据, 第四十七条第二款、第四十五条第（二）项);
- ``Delivery``: one delivery (a file or an API call, or one refresh from the platform): what came, what was loaded,
  the row errors of a refused one;
- ``Record``: one enforcement result in the standard shape. A record is identified within its source by
  ``(kind, record_key)``; a change (a re-delivery with other values, a correction after an objection) is a new version
  that supersedes the old one, which is kept: records are never overwritten (第四十九条).

The meaning of each field as a data element (its standard code and code list) is kept apart from the model, in the
data dictionary, so that the mapping to the standards can be replaced without a migration.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from yuezhifa.core.models import BaseModel


class Kind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    COMPULSION = "compulsion", "行政强制"
    INSPECTION = "inspection", "行政检查"


class SourceKind(models.TextChoices):
    PLATFORM = "platform", "本平台"
    EXTERNAL = "external", "非平台系统"


class PartyKind(models.TextChoices):
    LEGAL_PERSON = "legal_person", "法人及非法人组织"
    NATURAL_PERSON = "natural_person", "自然人"
    SOLE_TRADER = "sole_trader", "个体工商户"


class Source(BaseModel):
    """A source of records: the platform, or another system that delivers in the standard."""

    code = models.SlugField("来源代码", max_length=40, unique=True,
                            help_text="英文字母、数字、连字符；平台自身为 platform。")
    name = models.CharField("来源名称", max_length=100)
    kind = models.CharField("来源类别", max_length=20, choices=SourceKind.choices)
    unit = models.ForeignKey("org.EnforcementBody", verbose_name="数据来源单位", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+",
                             help_text="负责报送的单位（非平台系统的主管单位）；其统一社会信用代码即数据来源单位代码。")
    active = models.BooleanField("启用", default=True)
    deliverers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="报送账号", blank=True,
                                        related_name="theme_sources",
                                        help_text="可以为本来源报送数据的账号（只能报送、查看本来源的报送结果；docs/decisions/0060）。")

    class Meta:
        verbose_name = "数据来源"
        verbose_name_plural = "数据来源"
        ordering = ["code"]

    def __str__(self):
        return self.name


class Channel(models.TextChoices):
    PLATFORM = "platform", "平台汇聚"
    CSV = "csv", "CSV 文件"
    JSON = "json", "JSON 文件"
    EXCEL = "xlsx", "Excel 文件"
    API = "api", "接口"


class DeliveryStatus(models.TextChoices):
    LOADED = "loaded", "已入库"
    REJECTED = "rejected", "已退回"


class Delivery(BaseModel):
    """One delivery of records. A refused delivery loads nothing and keeps its row errors."""

    source = models.ForeignKey(Source, verbose_name="数据来源", on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField("报送方式", max_length=20, choices=Channel.choices)
    file_name = models.CharField("文件名", max_length=255, blank=True)
    sha256 = models.CharField("内容摘要", max_length=64, blank=True, db_index=True)
    received_at = models.DateTimeField("接收时间")
    delivered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    status = models.CharField("结果", max_length=20, choices=DeliveryStatus.choices)
    row_count = models.PositiveIntegerField("行数", default=0)
    created_count = models.PositiveIntegerField("新增", default=0)
    changed_count = models.PositiveIntegerField("更新（新版本）", default=0)
    unchanged_count = models.PositiveIntegerField("未变（重复报送）", default=0)
    errors = models.JSONField("错误", default=list, blank=True,
                              help_text="[{row, field, message}]；行号从 1 起算（不含表头）。")
    notices = models.JSONField("提示", default=list, blank=True,
                               help_text="[{row, field, message}]：已入库但需报送单位知悉的情况，如记录已因数据异议更正、"
                                         "重复报送的更正前内容未覆盖更正（docs/decisions/0063）。")

    class Meta:
        verbose_name = "数据报送"
        verbose_name_plural = "数据报送"
        ordering = ["-received_at"]


class Record(BaseModel):
    """One enforcement result in the standard shape (one version of it)."""

    kind = models.CharField("数据类别", max_length=20, choices=Kind.choices, db_index=True)
    source = models.ForeignKey(Source, verbose_name="数据来源", on_delete=models.PROTECT, related_name="records")
    record_key = models.CharField("来源记录标识", max_length=100,
                                  help_text="来源系统中该条记录的唯一标识（如决定书文号或案件标识）；同一来源、同一类别内唯一。")
    version = models.PositiveIntegerField("版本", default=1)
    current = models.BooleanField("现行版本", default=True, db_index=True)
    supersedes = models.OneToOneField("self", verbose_name="替代的版本", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded_by")
    delivery = models.ForeignKey(Delivery, verbose_name="所属报送", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="records")
    digest = models.CharField("内容摘要", max_length=64,
                              help_text="标准字段取值的 SHA-256；重复报送内容相同则不产生新版本。")
    received_at = models.DateTimeField("入库时间")
    # who and where
    body = models.ForeignKey("org.EnforcementBody", verbose_name="执法主体", on_delete=models.PROTECT,
                             related_name="+")
    body_name = models.CharField("执法主体名称", max_length=200)
    body_credit_code = models.CharField("执法主体统一社会信用代码", max_length=18)
    division_code = models.CharField("行政区划代码", max_length=6, db_index=True)
    # the case or inspection
    case_number = models.CharField("案件编号", max_length=80, blank=True)
    document_number = models.CharField("文书文号", max_length=80, blank=True)
    item_code = models.CharField("执法事项编码", max_length=60, blank=True)
    item_name = models.CharField("执法事项名称", max_length=300, blank=True)
    # the party (行政相对人)
    party_kind = models.CharField("行政相对人类别", max_length=20, choices=PartyKind.choices, blank=True)
    party_name = models.CharField("行政相对人名称", max_length=200, blank=True)
    party_credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    party_id_type = models.CharField("证件类型", max_length=20, blank=True)
    party_id_number = models.CharField("证件号码", max_length=30, blank=True,
                                       help_text="个人信息：仅在授权共享且授权字段包含时提供。")
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    # what was done
    facts = models.TextField("违法事实或检查情况", blank=True)
    basis = models.TextField("依据", blank=True)
    measures = models.CharField("处罚种类、强制措施或检查方式", max_length=300, blank=True)
    content = models.TextField("处罚内容、强制内容或检查结果", blank=True)
    fine_amount = models.DecimalField("罚款金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    confiscation_amount = models.DecimalField("没收金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    filed_on = models.DateField("立案日期", null=True, blank=True)
    decided_on = models.DateField("决定日期或检查日期")
    closed_on = models.DateField("结案日期", null=True, blank=True)
    disclosed_on = models.DateField("公示日期", null=True, blank=True)
    extra = models.JSONField("其他数据元", default=dict, blank=True)

    class Meta:
        verbose_name = "主题库记录"
        verbose_name_plural = "主题库记录"
        ordering = ["-decided_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "record_key", "version"],
                                    name="themes_record_version_unique"),
            models.UniqueConstraint(fields=["source", "kind", "record_key"], condition=Q(current=True),
                                    name="themes_record_one_current"),
        ]
        indexes = [
            models.Index(fields=["kind", "current", "decided_on"], name="themes_rec_kind_date"),
            models.Index(fields=["body", "kind", "current"], name="themes_rec_body"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.document_number or self.record_key}（第 {self.version} 版）"


# --- objections (数据异议) and quality snapshots ------------------------------------------------------------------------
# 办法 第四十九条: the body that collected a record answers for its quality and handles objections to it; the province's
# data administration monitors quantity, quality and updating. Both models are kept at the hub with the library.


class ObjectionChannel(models.TextChoices):
    PUBLIC = "public", "公示网站（社会公众、当事人）"
    INTERNAL = "internal", "平台内（监督人员、执法主体）"


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", "待核查"
    CORRECTED = "corrected", "已更正"
    REJECTED = "rejected", "不予更正"


class Objection(BaseModel):
    """An objection to one record (数据异议, 办法 第四十九条第一款): checked by the record's body within the deadline, then
    corrected (a new version of the record, linked here) or rejected with reasons."""

    reference = models.CharField("异议编号", max_length=20, unique=True)
    code_hash = models.CharField("查询码摘要", max_length=64, blank=True,
                                 help_text="公众提出时生成的查询码的 SHA-256；查询码本身只告诉提出人一次。")
    record = models.ForeignKey(Record, verbose_name="异议的记录（版本）", on_delete=models.PROTECT,
                               related_name="objections")
    body = models.ForeignKey("org.EnforcementBody", verbose_name="负责核查的执法主体", on_delete=models.PROTECT,
                             related_name="+")
    published_result = models.ForeignKey("disclosure.PublishedResult", verbose_name="公示结果", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    channel = models.CharField("提出渠道", max_length=10, choices=ObjectionChannel.choices)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人（平台用户）", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    raiser_name = models.CharField("提出人", max_length=100, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True, help_text="个人信息：只有负责核查的执法主体可见。")
    fields = models.JSONField("异议字段", default=list, blank=True)
    reason = models.TextField("异议理由")
    status = models.CharField("状态", max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING,
                              db_index=True)
    raised_at = models.DateTimeField("提出时间")
    due_on = models.DateField("核查期限届满日")
    due_provisional = models.BooleanField("期限为暂定", default=False)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    answer = models.TextField("处理意见", blank=True, help_text="更正的说明，或不予更正的理由（必填）。")
    correction = models.OneToOneField(Record, verbose_name="更正后的版本", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="correcting_objection")

    class Meta:
        verbose_name = "数据异议"
        verbose_name_plural = "数据异议"
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["body", "status", "due_on"], name="themes_objection_queue")]

    def __str__(self):
        return f"数据异议 {self.reference}"


class Granularity(models.TextChoices):
    DAY = "day", "日"
    MONTH = "month", "月"


class QualitySnapshot(BaseModel):
    """The four quality rates of one body and one source for one day or month (records decided in the period, current
    versions as at ``taken_at``), kept so the dashboard shows trends (办法 第四十九条第二款)."""

    granularity = models.CharField("周期", max_length=5, choices=Granularity.choices)
    period_start = models.DateField("周期开始日")
    body = models.ForeignKey("org.EnforcementBody", verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(Source, verbose_name="数据来源", on_delete=models.PROTECT, related_name="+")
    total = models.PositiveIntegerField("记录数", default=0)
    complete = models.PositiveIntegerField("完整", default=0)
    valid = models.PositiveIntegerField("有效", default=0)
    consistent = models.PositiveIntegerField("一致", default=0)
    timely_total = models.PositiveIntegerField("应按期公示数", default=0)
    timely = models.PositiveIntegerField("按期公示", default=0)
    provisional = models.BooleanField("按暂定日历计算", default=False)
    taken_at = models.DateTimeField("统计时间")

    class Meta:
        verbose_name = "数据质量快照"
        verbose_name_plural = "数据质量快照"
        ordering = ["-period_start"]
        constraints = [models.UniqueConstraint(fields=["granularity", "period_start", "body", "source"],
                                               name="themes_quality_snapshot_unique")]
