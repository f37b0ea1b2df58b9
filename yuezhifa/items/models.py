"""The enforcement items library (执法事项库, 办法 第13条(二), 第53-54条).

An ``Item`` is one entry of the provincial list of enforcement powers (行政权力事项): what may be done (a penalty, a
compulsory measure, an inspection …), in which domain, at which levels, and on which provisions of law. Items are
data-sourced from the provincial item management system (省事项管理系统); an item not registered there may not be used
for cases (第13条(二)). Its legal basis is a list of ``ItemBasis`` links to ``laws.Provision``.

A body may, when the basis changed and enforcement is urgent, adjust an item's basis for its own use with its head's
approval, reporting to the provincial or city sector department (第54条): a ``BasisAdjustment``. Once approved, that
body's cases use the adjusted basis (:func:`yuezhifa.items.rules.effective_bases`).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from yuezhifa.core.models import BaseModel
from yuezhifa.core.pinyin import initials
from yuezhifa.core.querysets import RestrictedQuerySet
from yuezhifa.org.models import Level


class ItemType(models.TextChoices):
    """事项类型 (办法 第14条's list of enforcement kinds)."""

    PENALTY = "penalty", "行政处罚"
    COMPULSION = "compulsion", "行政强制"
    INSPECTION = "inspection", "行政检查"
    LEVY = "levy", "行政征收"
    REQUISITION = "requisition", "行政征用"
    LICENSING = "licensing", "行政许可"
    OTHER = "other", "其他"


#: The type segment of an item code, per type (拼音首字母, as in the provincial list).
TYPE_CODES: dict[str, str] = {
    ItemType.PENALTY: "XZCF",
    ItemType.COMPULSION: "XZQZ",
    ItemType.INSPECTION: "XZJC",
    ItemType.LEVY: "XZZS",
    ItemType.REQUISITION: "XZZY",
    ItemType.LICENSING: "XZXK",
    ItemType.OTHER: "QTXZ",
}

#: ``44DDDD-TTTT-NNNNN``: the six-digit division code of the listing authority (Guangdong, so it starts with 44),
#: the type segment, and a five-digit serial number. E.g. ``440000-XZCF-00123``.
ITEM_CODE_RE = re.compile(r"^44\d{4}-(XZCF|XZQZ|XZJC|XZZS|XZZY|XZXK|QTXZ)-\d{5}$")
ITEM_CODE_FORMAT = "44DDDD-类型码-NNNNN（如 440000-XZCF-00123；类型码：" + "、".join(
    f"{code}={ItemType(t).label}" for t, code in TYPE_CODES.items()) + "）"


def validate_item_code(value: str) -> None:
    if not ITEM_CODE_RE.match(value or ""):
        raise ValidationError(f"事项编码“{value}”格式不正确，应为 {ITEM_CODE_FORMAT}。", code="item_code")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ACTIVE = "active", "有效"
    SUSPENDED = "suspended", "暂停"
    REPEALED = "repealed", "已废止"


#: The implementing levels in their canonical order (``Item.levels`` is always stored in this order).
LEVEL_ORDER = [Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP]


def validate_levels(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError("实施层级至少选择一个。", code="levels")
    unknown = [v for v in value if v not in LEVEL_ORDER]
    if unknown:
        raise ValidationError(f"实施层级“{'、'.join(map(str, unknown))}”不存在，可选：省级、市级、县级、乡镇级。",
                              code="levels")
    if len(set(value)) != len(value):
        raise ValidationError("实施层级重复。", code="levels")


class Item(BaseModel):
    """One enforcement item (执法事项) of the provincial list."""

    code = models.CharField("事项编码", max_length=40, unique=True, validators=[validate_item_code],
                            help_text=f"全省唯一，格式 {ITEM_CODE_FORMAT}。")
    name = models.CharField("事项名称", max_length=300, db_index=True,
                            help_text="如“对生产经营用非食品原料生产食品的行政处罚”。")
    name_initials = models.CharField("名称拼音首字母", max_length=300, blank=True, editable=False,
                                     help_text="保存时由名称生成，供按拼音首字母检索（如 jycgbzqsp）。")
    type = models.CharField("事项类型", max_length=20, choices=ItemType.choices, db_index=True)
    domain = models.ForeignKey("org.Domain", verbose_name="执法领域", on_delete=models.PROTECT, related_name="items")
    levels = models.JSONField("实施层级", default=list, validators=[validate_levels],
                              help_text="省级、市级、县级、乡镇级的子集，按此顺序保存。")
    department = models.CharField("实施主体", max_length=300, blank=True,
                                  help_text="负责实施的部门，如“县级以上市场监督管理部门”。")
    status = models.CharField("状态", max_length=12, choices=ItemStatus.choices, default=ItemStatus.DRAFT,
                              db_index=True)
    status_reason = models.CharField("状态变更理由", max_length=300, blank=True)
    version = models.PositiveIntegerField("版本", default=1, help_text="每次修改事项要素或依据时递增。")
    effective_from = models.DateField("生效日期", null=True, blank=True)
    effective_until = models.DateField("失效日期", null=True, blank=True,
                                       help_text="当日起不再可用；为空表示长期有效。")
    registered = models.BooleanField("已纳入省事项管理系统", default=False,
                                     help_text="未纳入省事项管理系统的事项不得用于办案（办法 第13条(二)）。")
    registered_code = models.CharField("省事项管理系统编码", max_length=64, blank=True,
                                       help_text="省事项管理系统中该行政权力事项的编码。")
    note = models.TextField("备注", blank=True)
    limitation_months = models.PositiveSmallIntegerField(
        "违法行为的追责期限（月）", null=True, blank=True,
        help_text="法律对该事项另有规定的（处罚法 第三十六条第一款“法律另有规定的除外”），填写该期限，按月计算，"
                  "如六个月填 6、五年填 60；不填的，适用二年（五年）的规定。")
    limitation_basis = models.CharField("追责期限的法律规定", max_length=300, blank=True,
                                        help_text="规定该期限的法律条款，如《中华人民共和国治安管理处罚法》第九十一条。")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法事项"
        verbose_name_plural = "执法事项"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["registered_code"], condition=~Q(registered_code=""),
                                    name="items_item_registered_code_unique"),
            models.CheckConstraint(condition=Q(registered=False) | ~Q(registered_code=""),
                                   name="items_item_registered_has_code"),
            models.CheckConstraint(
                condition=Q(effective_from__isnull=True) | Q(effective_until__isnull=True)
                | Q(effective_until__gt=models.F("effective_from")),
                name="items_item_effective_range"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        # the initials follow the name on every save, also a save limited to some fields that include the name
        self.name_initials = initials(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_initials"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.code and self.type and ITEM_CODE_RE.match(self.code):
            expected = TYPE_CODES.get(self.type)
            if self.code.split("-")[1] != expected:
                errors["code"] = (f"事项编码的类型码“{self.code.split('-')[1]}”与事项类型“{self.get_type_display()}”"
                                  f"不一致，应为 {expected}。")
        if self.registered and not self.registered_code:
            errors["registered_code"] = "已纳入省事项管理系统的事项必须填写省事项管理系统编码。"
        if self.effective_from and self.effective_until and self.effective_until <= self.effective_from:
            errors["effective_until"] = "失效日期必须晚于生效日期。"
        if self.limitation_months is not None and not (self.limitation_basis or "").strip():
            errors["limitation_basis"] = "填写了另有规定的追责期限的，须写明规定该期限的法律条款（处罚法 第三十六条第一款）。"
        elif self.limitation_months is None and (self.limitation_basis or "").strip():
            errors["limitation_months"] = "写明了追责期限的法律规定的，须填写该期限（月）。"
        elif self.limitation_months == 0:
            errors["limitation_months"] = "追责期限应当大于零。"
        if errors:
            raise ValidationError(errors)

    @property
    def level_labels(self) -> list[str]:
        return [Level(v).label for v in self.levels if v in Level.values]


class BasisRole(models.TextChoices):
    """What a provision does for the item."""

    ESTABLISHING = "establishing", "设定依据"
    PENALTY = "penalty", "处罚依据"
    VIOLATED = "violated", "违法依据"
    COMPULSION = "compulsion", "强制依据"
    INSPECTION = "inspection", "检查依据"
    OTHER = "other", "其他依据"


class ItemBasis(BaseModel):
    """One provision of an item's legal basis, with the role it plays."""

    item = models.ForeignKey(Item, verbose_name="执法事项", on_delete=models.CASCADE, related_name="bases")
    provision = models.ForeignKey("laws.Provision", verbose_name="条款", on_delete=models.PROTECT,
                                  related_name="item_bases")
    role = models.CharField("依据类别", max_length=20, choices=BasisRole.choices)
    note = models.CharField("说明", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "事项依据"
        verbose_name_plural = "事项依据"
        ordering = ["item", "order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "provision", "role"], name="items_basis_once_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}：{self.provision_id}"


class AdjustmentStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已驳回"
    ENDED = "ended", "已终止"


class BasisAdjustment(BaseModel):
    """A body's adjustment of an item's basis for its own cases (办法 第54条第2款): the basis changed and the item is
    needed urgently, so the body's head approves an adjusted basis, and the body reports it to the provincial or city
    sector department. ``proposed_bases`` is a list of ``{"provision": "<uuid>", "role": "<BasisRole>", "note": ""}``.
    """

    body = models.ForeignKey("org.EnforcementBody", verbose_name="执法主体", on_delete=models.PROTECT,
                             related_name="basis_adjustments")
    item = models.ForeignKey(Item, verbose_name="执法事项", on_delete=models.PROTECT, related_name="basis_adjustments")
    proposed_bases = models.JSONField("调整后的依据", default=list)
    reason = models.TextField("调整理由", help_text="依据发生了什么变化，为何急需用于执法。")
    status = models.CharField("状态", max_length=12, choices=AdjustmentStatus.choices,
                              default=AdjustmentStatus.SUBMITTED, db_index=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人（单位主要负责人）", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="驳回人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    rejected_at = models.DateTimeField("驳回时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=500, blank=True)
    reported_to = models.CharField("报备部门", max_length=200, blank=True,
                                   help_text="省或者市级行业主管部门，如“广东省市场监督管理局”。")
    reported_at = models.DateTimeField("报备时间", null=True, blank=True)
    ended_at = models.DateTimeField("终止时间", null=True, blank=True,
                                    help_text="省事项管理系统已调整事项依据等情形下终止本单位调整。")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "事项依据调整"
        verbose_name_plural = "事项依据调整"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["item", "body", "status"], name="items_adj_item_body_status_idx")]

    def __str__(self) -> str:
        return f"{self.body_id} · {self.item_id} · {self.get_status_display()}"

    @property
    def is_reported(self) -> bool:
        return self.reported_at is not None
