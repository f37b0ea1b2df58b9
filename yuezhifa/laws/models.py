"""The laws library (办法 第13条(一), 第52条): statutes structured to article, paragraph and item, coded, tagged and
versioned.

A ``Law`` is one *version* of a statute (one published text). Successive versions of the same statute share a
``lineage`` and are chained through ``previous_version``, so a case decided in 2019 can cite the text in force then.
A ``Provision`` is one unit of that text: a structural heading (编, 分编, 章, 节) or a citable unit (条, 款, 项, 目).
Other apps point at provisions (an enforcement item's legal basis, a discretion benchmark); they must point at the
version they mean, and ask :func:`yuezhifa.laws.citations.resolve` for the version in force on a given date.
"""

from django.db import models

from yuezhifa.core.models import BaseModel
from yuezhifa.core.querysets import RestrictedQuerySet


class LawLevel(models.TextChoices):
    """效力位阶 (立法法): the rank of a normative text."""

    CONSTITUTION = "constitution", "宪法"
    LAW = "law", "法律"
    ADMINISTRATIVE_REGULATION = "administrative_regulation", "行政法规"
    SUPERVISORY_REGULATION = "supervisory_regulation", "监察法规"
    LOCAL_REGULATION = "local_regulation", "地方性法规"
    DEPARTMENTAL_RULE = "departmental_rule", "部门规章"
    LOCAL_GOVERNMENT_RULE = "local_government_rule", "地方政府规章"
    NORMATIVE_DOCUMENT = "normative_document", "规范性文件"
    JUDICIAL_INTERPRETATION = "judicial_interpretation", "司法解释"


class LawStatus(models.TextChoices):
    """时效性. Derived at import from the metadata and the version chain, never typed in."""

    IN_FORCE = "in_force", "现行有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"
    NOT_YET_EFFECTIVE = "not_yet_effective", "尚未生效"


class Law(BaseModel):
    """One published version of a statute."""

    name = models.CharField("名称", max_length=200, db_index=True,
                            help_text="全称，如“中华人民共和国行政处罚法”。")
    short_name = models.CharField("简称", max_length=200, db_index=True,
                                  help_text="去掉“中华人民共和国”等前缀后的名称，如“行政处罚法”。")
    level = models.CharField("效力位阶", max_length=32, choices=LawLevel.choices, db_index=True)
    category = models.CharField("分类", max_length=100, blank=True, db_index=True,
                                help_text="法律部门或制定机关，如“行政法”“部门规章/市场监督管理总局”。")
    issuing_body = models.CharField("制定机关", max_length=200, blank=True)
    publish_date = models.DateField("公布日期", null=True, blank=True)
    effective_date = models.DateField("施行日期", null=True, blank=True)
    expiry_date = models.DateField("失效日期", null=True, blank=True)
    is_repealed = models.BooleanField(
        "已废止", default=False,
        help_text="来源元数据标注失效，或管理员确认废止。时效性据此与版本链、施行日期推导，不直接填写。")
    status = models.CharField("时效性", max_length=20, choices=LawStatus.choices, default=LawStatus.IN_FORCE,
                              db_index=True, help_text="由导入或每日刷新推导：已有更新版本施行为“已修改”。")
    lineage = models.CharField("版本族", max_length=200, db_index=True,
                               help_text="同一法律各版本共用的稳定键（规范化后的全称）。")
    previous_version = models.ForeignKey("self", verbose_name="上一版本", null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="next_versions")
    source_path = models.CharField("来源文件", max_length=300, unique=True,
                                   help_text="语料库内的相对路径；由多个文件组成的法律（民法典）为其目录。")
    source_sha256 = models.CharField("来源摘要", max_length=64,
                                     help_text="来源文本与元数据的 SHA-256；相同则重复导入不作任何改动。")
    article_count = models.PositiveIntegerField("条文数", default=0)
    tags = models.JSONField("标签", default=list, blank=True)
    history = models.TextField("制定与修改沿革", blank=True,
                               help_text="标题之后、正文之前的制定、修改记录，每段一行。")
    preamble = models.TextField("未分条正文", blank=True,
                                help_text="第一个章节或条文之前的文字：序言，或不分条的决定、修正案的全文。")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "法律法规"
        verbose_name_plural = "法律法规"
        ordering = ["name", "-publish_date"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "publish_date"], name="laws_law_one_version_per_date"),
        ]

    def __str__(self) -> str:
        if self.publish_date:
            return f"{self.name}（{self.publish_date.isoformat()}）"
        return self.name

    @property
    def title(self) -> str:
        """The name as it is cited, between 书名号."""
        return f"《{self.name}》"

    def in_force_on(self, day) -> bool:
        """Whether this version was the applicable text on ``day`` (effective, not expired, not superseded)."""
        if self.effective_date and day < self.effective_date:
            return False
        return not (self.expiry_date and day >= self.expiry_date)


class ProvisionKind(models.TextChoices):
    """The units of a statute's text, outermost first."""

    PART = "part", "编"
    SUBPART = "subpart", "分编"
    CHAPTER = "chapter", "章"
    SECTION = "section", "节"
    ARTICLE = "article", "条"
    PARAGRAPH = "paragraph", "款"
    ITEM = "item", "项"
    SUBITEM = "subitem", "目"


STRUCTURAL_KINDS = frozenset({ProvisionKind.PART, ProvisionKind.SUBPART, ProvisionKind.CHAPTER,
                              ProvisionKind.SECTION})
CITABLE_KINDS = frozenset({ProvisionKind.ARTICLE, ProvisionKind.PARAGRAPH, ProvisionKind.ITEM,
                           ProvisionKind.SUBITEM})


class Provision(BaseModel):
    """One unit of a law's text.

    ``code`` is stable across re-imports of the same text and readable by machines: ``P2`` (第二编), ``P2.S1``
    (its 第一分编), ``C3`` (第三章), ``C3.S1`` (its 第一节), ``A51`` (第五十一条), ``A51.P1`` (its 第一款),
    ``A51.P1.I2`` (第一款第（二）项), ``A51.P1.I2.S1`` (目 1.). Articles are numbered through the whole law, so an
    article's code does not depend on the chapter it sits in; an article numbered 第X条之一 is ``AX-1``.
    """

    # No separate index on law: the unique (law, code) index serves every lookup by law.
    law = models.ForeignKey(Law, verbose_name="法律法规", on_delete=models.CASCADE, related_name="provisions",
                            db_index=False)
    parent = models.ForeignKey("self", verbose_name="上级单元", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    kind = models.CharField("单元类别", max_length=12, choices=ProvisionKind.choices)
    ordinal = models.PositiveIntegerField("序号", help_text="在上级单元中的序号，从 1 开始。")
    article_number = models.PositiveIntegerField(
        "条号", null=True, blank=True,
        help_text="条及其款、项、目的条号；编、章、节为空。")
    article_suffix = models.PositiveSmallIntegerField("之几", default=0,
                                                      help_text="“第X条之一”为 1，普通条文为 0。")
    code = models.CharField("编码", max_length=40)
    label = models.CharField("标号", max_length=60, help_text="如“第五十一条”“第一款”“（二）”“第三章”。")
    heading = models.CharField("标题", max_length=200, blank=True, help_text="编、章、节的标题，如“总则”。")
    text = models.TextField("条文", blank=True, help_text="条为全文（含各款），款、项、目为本身文字。")
    citation = models.CharField("引用名称", max_length=300,
                                help_text="如《中华人民共和国行政处罚法》第五十一条第一款第（二）项。")
    sort_key = models.PositiveIntegerField("文中次序")
    tags = models.JSONField("标签", default=list, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "条款"
        verbose_name_plural = "条款"
        ordering = ["law", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["law", "code"], name="laws_provision_code_per_law")]
        indexes = [
            models.Index(fields=["law", "article_number"], name="laws_prov_law_article_idx"),
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def is_structural(self) -> bool:
        return self.kind in STRUCTURAL_KINDS
