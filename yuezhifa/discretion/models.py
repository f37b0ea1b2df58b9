"""The discretion benchmarks library (行政裁量权基准库, 办法 第13条(五); 处罚法 第34条).

A ``Benchmark`` is one version of the benchmark a body issues for one penalty item: the statutory penalty as the basis
article writes it (``FineBranch`` rows for the fine, ``StatutoryPenalty`` rows for the other types), the tiers the body
divides it into (``Tier`` with its ``TierFine`` ranges and ``TierPenalty`` choices), and the rules that map
circumstances to tiers (``CircumstanceRule``). The statutory effects of circumstances (处罚法 第30-33条) are not rows:
they apply to every benchmark (``yuezhifa.discretion.evaluation``).

Versions of the same item and issuing body never overlap in time; a benchmark stays the record for the dates it was in
force, so a decision on an act of 2023 is checked against the benchmark of 2023.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from yuezhifa.core.models import BaseModel
from yuezhifa.core.querysets import RestrictedQuerySet

from .ranges import Terms
from .vocabulary import (
    BaseKind,
    CircumstanceCategory,
    PartyKind,
    PenaltyStatus,
    PenaltyType,
    Requirement,
    TierKind,
    tier_rank,
)

NON_NEGATIVE = [MinValueValidator(0)]


def _yuan(label: str, help_text: str = "") -> models.DecimalField:
    return models.DecimalField(label, max_digits=16, decimal_places=2, null=True, blank=True,
                               validators=NON_NEGATIVE, help_text=help_text)


def _multiple(label: str, help_text: str = "") -> models.DecimalField:
    return models.DecimalField(label, max_digits=10, decimal_places=4, null=True, blank=True,
                               validators=NON_NEGATIVE, help_text=help_text)


class TermsMixin(models.Model):
    """A fine range: the minimum is the larger of its yuan and multiple terms, the maximum the smaller."""

    min_yuan = _yuan("最低（元）", "如“五万元以上”填 50000。")
    min_multiple = _multiple("最低（倍数）", "如“货值金额十倍以上”填 10。")
    max_yuan = _yuan("最高（元）", "如“十万元以下”填 100000。")
    max_multiple = _multiple("最高（倍数）", "如“货值金额二十倍以下”填 20。")

    class Meta:
        abstract = True

    @property
    def terms(self) -> Terms:
        return Terms(self.min_yuan, self.min_multiple, self.max_yuan, self.max_multiple)


class Circumstance(BaseModel):
    """One entry of the province's vocabulary of circumstances (裁量情节). The built-in entries carry the statutory
    effects of 处罚法 第30-33条, 第36条, 第49条; administrators may add local ones (e.g. a sector's 从重 factors)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    category = models.CharField("类别", max_length=20, choices=CircumstanceCategory.choices)
    basis = models.CharField("依据", max_length=300, blank=True)
    default_tier = models.CharField("默认档次", max_length=12, choices=TierKind.choices, blank=True,
                                    help_text="基准未另行规定时，该情节指向的档次；空表示本身不影响档次。")
    builtin = models.BooleanField("法定情节", default=False, editable=False,
                                  help_text="处罚法规定的情节：其法定效果对所有基准适用，不能修改。")
    natural_only = models.BooleanField("仅适用于自然人", default=False)
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    description = models.TextField("说明", blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "裁量情节"
        verbose_name_plural = "裁量情节"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class BenchmarkStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ACTIVE = "active", "生效"
    RETIRED = "retired", "已废止"


class Benchmark(BaseModel):
    """One version of a body's discretion benchmark for one penalty item."""

    item = models.ForeignKey("items.Item", verbose_name="执法事项", on_delete=models.PROTECT,
                             related_name="benchmarks")
    issuing_body = models.ForeignKey("org.EnforcementBody", verbose_name="制定机关", on_delete=models.PROTECT,
                                     related_name="discretion_benchmarks")
    version = models.PositiveIntegerField("版本", help_text="同一事项、同一制定机关的基准按起草顺序编号。")
    title = models.CharField("基准名称", max_length=200,
                             help_text="公布的裁量基准文件名称，如“广东省市场监督管理局行政处罚裁量权基准”。")
    document_number = models.CharField("文号", max_length=100, blank=True)
    status = models.CharField("状态", max_length=12, choices=BenchmarkStatus.choices, default=BenchmarkStatus.DRAFT,
                              db_index=True)
    effective_from = models.DateField("施行日期")
    effective_until = models.DateField("失效日期", null=True, blank=True,
                                       help_text="当日起不再适用；为空表示长期有效，直至新版本施行或废止。")
    basis_provisions = models.ManyToManyField("laws.Provision", verbose_name="处罚依据", blank=True,
                                              related_name="discretion_benchmarks",
                                              help_text="规定法定处罚种类和幅度的条款（罚则）。")
    parent = models.ForeignKey("self", verbose_name="细化的上级基准", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="refinements",
                               help_text="市、县基准细化上级基准时，各档次幅度不得超出上级基准相应档次。")
    supersedes = models.ForeignKey("self", verbose_name="上一版本", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="superseded_by")
    no_fault_excluded = models.BooleanField(
        "无过错亦应处罚", default=False,
        help_text="法律、行政法规另有规定，当事人没有主观过错也应当处罚的（处罚法 第33条第2款后段）。")
    no_fault_excluded_basis = models.CharField("无过错亦应处罚的依据", max_length=300, blank=True)
    note = models.TextField("说明", blank=True)
    activated_at = models.DateTimeField("发布时间", null=True, blank=True)
    retired_at = models.DateTimeField("废止时间", null=True, blank=True)
    retire_reason = models.CharField("废止理由", max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"
        ordering = ["item__code", "issuing_body__path", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "issuing_body", "version"],
                                    name="discretion_benchmark_version_unique"),
            models.CheckConstraint(condition=Q(effective_until__isnull=True)
                                   | Q(effective_until__gte=F("effective_from")),
                                   name="discretion_benchmark_effective_range"),
        ]
        indexes = [models.Index(fields=["item", "status", "effective_from"], name="discretion_bm_item_idx")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    @property
    def citation(self) -> str:
        number = f"，{self.document_number}" if self.document_number else ""
        return f"《{self.title}》（{self.issuing_body.name}{number}，第{self.version}版）"

    def in_force_on(self, day) -> bool:
        return (self.status != BenchmarkStatus.DRAFT and self.effective_from <= day
                and (self.effective_until is None or day < self.effective_until))


class FineBranch(TermsMixin, BaseModel):
    """One case of the statute's fine: “货值金额不足一万元的，并处五万元以上十万元以下罚款” is a branch on 货值金额 below
    10,000 with the range 50,000-100,000 yuan. Branches are tried in ``order``; the first that applies gives the fine."""

    benchmark = models.ForeignKey(Benchmark, verbose_name="裁量基准", on_delete=models.CASCADE,
                                  related_name="fine_branches")
    order = models.PositiveSmallIntegerField("顺序")
    description = models.CharField("法定情形", max_length=300, blank=True,
                                   help_text="罚则原文中该情形的表述，如“货值金额一万元以上的”。")
    party_kind = models.CharField("当事人类别", max_length=10, choices=PartyKind.choices, default=PartyKind.ANY)
    base = models.CharField("罚款基数", max_length=20, choices=BaseKind.choices, blank=True)
    base_label = models.CharField("基数名称", max_length=40, blank=True, help_text="基数为“其他”时填写，如“广告费用”。")
    base_from = _yuan("基数下限（含）", "如“一万元以上的”填 10000。")
    base_below = _yuan("基数上限（不含）", "如“不足一万元的”填 10000。")
    condition = models.ForeignKey(Circumstance, verbose_name="适用条件", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  help_text="只在具有该情节时适用，如“拒不改正的，处……罚款”。")
    requirement = models.CharField("罚款要求", max_length=10, choices=Requirement.choices,
                                   default=Requirement.REQUIRED)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "法定罚款情形"
        verbose_name_plural = "法定罚款情形"
        ordering = ["benchmark", "order"]
        constraints = [models.UniqueConstraint(fields=["benchmark", "order"], name="discretion_branch_order_unique")]

    def __str__(self) -> str:
        return self.description or f"情形{self.order + 1}"

    @property
    def base_name(self) -> str:
        if self.base == BaseKind.OTHER:
            return self.base_label or BaseKind.OTHER.label
        return BaseKind(self.base).label if self.base else ""


class StatutoryPenalty(BaseModel):
    """Whether the statute requires, allows or excludes one penalty type other than the fine."""

    benchmark = models.ForeignKey(Benchmark, verbose_name="裁量基准", on_delete=models.CASCADE,
                                  related_name="statutory_penalties")
    penalty_type = models.CharField("处罚种类", max_length=30, choices=PenaltyType.choices)
    status = models.CharField("法定要求", max_length=10, choices=PenaltyStatus.choices)
    note = models.CharField("说明", max_length=200, blank=True, help_text="如“情节严重的”。")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "法定处罚种类"
        verbose_name_plural = "法定处罚种类"
        ordering = ["benchmark", "penalty_type"]
        constraints = [models.UniqueConstraint(fields=["benchmark", "penalty_type"],
                                               name="discretion_statutory_penalty_unique")]

    def __str__(self) -> str:
        return f"{self.get_penalty_type_display()}：{self.get_status_display()}"


class Tier(BaseModel):
    """A discretion tier (裁量档次) of a benchmark with the fact patterns that place a case in it."""

    benchmark = models.ForeignKey(Benchmark, verbose_name="裁量基准", on_delete=models.CASCADE, related_name="tiers")
    kind = models.CharField("档次", max_length=12, choices=TierKind.choices)
    fact_patterns = models.TextField("适用情形", blank=True, help_text="该档次适用的违法情节，每行一条。")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "裁量档次"
        verbose_name_plural = "裁量档次"
        ordering = ["benchmark", "kind"]
        constraints = [models.UniqueConstraint(fields=["benchmark", "kind"], name="discretion_tier_kind_unique")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def rank(self) -> int:
        return tier_rank(self.kind)


class TierFine(TermsMixin, BaseModel):
    """A tier's fine range for one statutory branch."""

    tier = models.ForeignKey(Tier, verbose_name="裁量档次", on_delete=models.CASCADE, related_name="fines")
    branch = models.ForeignKey(FineBranch, verbose_name="法定罚款情形", on_delete=models.CASCADE,
                               related_name="tier_fines")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "档次罚款幅度"
        verbose_name_plural = "档次罚款幅度"
        constraints = [models.UniqueConstraint(fields=["tier", "branch"], name="discretion_tier_fine_unique")]

    def __str__(self) -> str:
        return f"{self.tier} · {self.branch}"


class TierPenalty(BaseModel):
    """A tier's choice for one penalty type other than the fine; absent, the statute's applies."""

    tier = models.ForeignKey(Tier, verbose_name="裁量档次", on_delete=models.CASCADE, related_name="penalties")
    penalty_type = models.CharField("处罚种类", max_length=30, choices=PenaltyType.choices)
    status = models.CharField("要求", max_length=10, choices=PenaltyStatus.choices)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "档次处罚种类"
        verbose_name_plural = "档次处罚种类"
        constraints = [models.UniqueConstraint(fields=["tier", "penalty_type"],
                                               name="discretion_tier_penalty_unique")]

    def __str__(self) -> str:
        return f"{self.get_penalty_type_display()}：{self.get_status_display()}"


class CircumstanceRule(BaseModel):
    """This benchmark's mapping of a circumstance to a tier (within what the law leaves open)."""

    benchmark = models.ForeignKey(Benchmark, verbose_name="裁量基准", on_delete=models.CASCADE, related_name="rules")
    circumstance = models.ForeignKey(Circumstance, verbose_name="情节", on_delete=models.PROTECT, related_name="+")
    tier = models.CharField("指向档次", max_length=12, choices=TierKind.choices)
    basis = models.CharField("依据", max_length=300, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "情节适用规则"
        verbose_name_plural = "情节适用规则"
        constraints = [models.UniqueConstraint(fields=["benchmark", "circumstance"],
                                               name="discretion_rule_once_per_circumstance")]

    def __str__(self) -> str:
        return f"{self.circumstance_id} → {self.get_tier_display()}"
