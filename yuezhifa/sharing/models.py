"""Sharing of the theme library's data under authorisation (办法 第五十条、第五十一条; docs/decisions/0061).

- ``Dataset``: what may be shared at all: the kinds of record and the fields on offer (the catalogue in
  ``catalogue.py`` marks personal data);
- ``Grant``: one request and, once approved, its grant (一次授权、多次使用): the fields, divisions, period of the data,
  validity, purpose and rate. The approver may only narrow it; a wider scope is a new request. The key is shown once
  at approval; only its prefix and SHA-256 are kept;
- ``Usage``: every use of a grant's key (who, when, from where, what was asked, how many rows, which fields).

Kept at the hub, not replicated (topology LOCAL).
"""

from django.conf import settings
from django.db import models

from yuezhifa.core.models import BaseModel


class Dataset(BaseModel):
    code = models.SlugField("数据集代码", max_length=40, unique=True)
    name = models.CharField("数据集名称", max_length=100)
    description = models.TextField("说明", blank=True)
    kinds = models.JSONField("数据类别", default=list, help_text="主题库记录的类别（penalty、compulsion、inspection）。")
    fields = models.JSONField("可共享字段", default=list, help_text="可共享的字段名（见 sharing/catalogue.py）。")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "共享数据集"
        verbose_name_plural = "共享数据集"
        ordering = ["code"]

    def __str__(self):
        return self.name


class GrantStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已授权"
    REJECTED = "rejected", "未批准"
    REVOKED = "revoked", "已撤销"


class Grant(BaseModel):
    dataset = models.ForeignKey(Dataset, verbose_name="数据集", on_delete=models.PROTECT, related_name="grants")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT,
                                  related_name="+")
    requester_body = models.ForeignKey("org.EnforcementBody", verbose_name="申请单位", on_delete=models.PROTECT,
                                       related_name="+")
    purpose = models.TextField("用途")
    personal_justification = models.TextField("使用个人信息的理由", blank=True)
    requested_fields = models.JSONField("申请字段", default=list)
    requested_divisions = models.JSONField("申请区划", default=list, help_text="区划代码；含其下级区划。")
    period_from = models.DateField("数据起始日期", help_text="决定日期或检查日期不早于此日。")
    period_to = models.DateField("数据截止日期", help_text="决定日期或检查日期不晚于此日。")
    valid_until = models.DateField("授权有效期至", help_text="含当日。")
    rate_per_minute = models.PositiveIntegerField("访问频率（次/分钟）")
    status = models.CharField("状态", max_length=20, choices=GrantStatus.choices, default=GrantStatus.PENDING,
                              db_index=True)
    granted_fields = models.JSONField("授权字段", default=list)
    granted_divisions = models.JSONField("授权区划", default=list)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True,
                                     help_text="缩小申请范围或不批准时必填（关联和最小够用，办法第五十一条）。")
    key_prefix = models.CharField("密钥标识", max_length=16, null=True, blank=True, unique=True)
    key_digest = models.CharField("密钥摘要（SHA-256）", max_length=64, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="撤销人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoke_reason = models.TextField("撤销理由", blank=True)

    class Meta:
        verbose_name = "共享授权"
        verbose_name_plural = "共享授权"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.dataset} · {self.requester_body}（{self.created_at:%Y-%m-%d}）"


class Usage(models.Model):
    id = models.BigAutoField(primary_key=True)
    grant = models.ForeignKey(Grant, verbose_name="授权", on_delete=models.PROTECT, related_name="uses")
    key_prefix = models.CharField("密钥标识", max_length=16)
    at = models.DateTimeField("时间", db_index=True)
    client_ip = models.CharField("客户端地址", max_length=45, blank=True)
    query = models.JSONField("查询条件", default=dict)
    status = models.PositiveSmallIntegerField("响应状态")
    rows = models.PositiveIntegerField("返回行数", default=0)
    fields = models.JSONField("返回字段", default=list)

    class Meta:
        verbose_name = "共享使用记录"
        verbose_name_plural = "共享使用记录"
        ordering = ["-at", "-id"]

    STATUS_LABELS = {200: "成功", 400: "查询参数有误", 401: "密钥无效、已撤销或已过期", 429: "超过访问频率"}

    def __str__(self):
        return f"{self.grant_id} · {self.at:%Y-%m-%d %H:%M:%S} · {self.status} · {self.rows} 行"

    @property
    def status_label(self) -> str:
        return self.STATUS_LABELS.get(self.status, str(self.status))
