"""The supervision platform's data (办法 第三十三条, 第三十五条至第四十一条; LEGAL.md §8; docs/decisions/0015).

``Alert``: one problem of one case, found by ``alerts.evaluate_alerts`` from the case's log and its ``CaseDeadline``
rows (the engine's own derivation); opened, kept, explained by the body, resolved when its cause is.
``AccessGrant``: a supervisor's request to read a decided or archived case, approved by their head, expiring
(办法 第三十七条). ``Notification``: what the enforcement body is told (a grant approved over one of its cases).
"""

from django.conf import settings
from django.db import models

from yuezhifa.core.models import BaseModel
from yuezhifa.core.querysets import RestrictedQuerySet


class Problem(models.TextChoices):
    """The five problems of 办法 第三十三条 and the procedure defects of LEGAL.md §8."""

    NOT_FILED = "not_filed", "有案不立"
    NOT_TRANSFERRED = "not_transferred", "有案不移"
    PROLONGED = "prolonged", "久查不结"
    IMPROPER_PENALTY = "improper_penalty", "过罚不当"
    IDLE_EXECUTION = "idle_execution", "怠于执行"
    SEIZURE = "seizure", "查封扣押超期"
    PROCEDURE = "procedure", "程序瑕疵"
    COMPLAINT = "complaint", "企业投诉"


class AlertState(models.TextChoices):
    OPEN = "open", "待处理"
    EXPLAINED = "explained", "已说明"
    RESOLVED = "resolved", "已消除"


class Alert(BaseModel):
    """One problem of one case. ``key`` names the problem within the case (the rule, and the deadline or act it is
    about), so evaluating again finds the same row: it is opened once, kept while the cause lasts, resolved when it
    ends (and opened again should it return)."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="alerts")
    body = models.ForeignKey("org.EnforcementBody", verbose_name="办案主体", on_delete=models.PROTECT,
                             related_name="alerts")
    key = models.CharField("键", max_length=80)
    rule = models.CharField("预警规则", max_length=40, db_index=True)
    problem = models.CharField("问题类别", max_length=20, choices=Problem.choices, db_index=True)
    title = models.CharField("预警", max_length=100)
    message = models.TextField("情况")
    article = models.CharField("依据", max_length=300)
    deadline_rule = models.CharField("期限规则", max_length=60, blank=True)
    due_date = models.DateField("期限届满日或发生日", null=True, blank=True)
    state = models.CharField("状态", max_length=12, choices=AlertState.choices, default=AlertState.OPEN,
                             db_index=True)
    first_seen = models.DateField("发现日期")
    last_seen = models.DateField("最近确认日期")
    resolved_on = models.DateField("消除日期", null=True, blank=True)
    resolution = models.CharField("消除原因", max_length=300, blank=True)
    explanation = models.TextField("情况说明", blank=True)
    explained_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="说明人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    explained_at = models.DateTimeField("说明时间", null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "监督预警"
        verbose_name_plural = "监督预警"
        ordering = ["-first_seen", "case"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="supervision_alert_key_unique")]
        indexes = [models.Index(fields=["body", "problem", "state"])]

    def __str__(self) -> str:
        return f"{self.get_problem_display()}：{self.title}"


class GrantStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class AccessGrant(BaseModel):
    """办法 第三十七条: a supervisor reads a decided or archived case only with their head's approval, for a limited
    time. ``expires_at`` is set on approval; a grant past it reads as expired."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="access_grants")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT,
                                  related_name="access_requests")
    requester_body = models.ForeignKey("org.EnforcementBody", verbose_name="申请人所在机关", on_delete=models.PROTECT,
                                       related_name="+")
    reason = models.TextField("查阅事由")
    status = models.CharField("状态", max_length=12, choices=GrantStatus.choices, default=GrantStatus.PENDING,
                              db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="access_decisions")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)
    expires_at = models.DateTimeField("有效期至", null=True, blank=True, db_index=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "案卷查阅授权"
        verbose_name_plural = "案卷查阅授权"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requester", "status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.case} 查阅申请（{self.get_status_display()}）"

    def is_active(self, now) -> bool:
        return self.status == GrantStatus.APPROVED and self.expires_at is not None and self.expires_at > now

    def state_label(self, now) -> str:
        if self.status == GrantStatus.APPROVED and not self.is_active(now):
            return "已过期"
        return self.get_status_display()


class Notification(BaseModel):
    """A message to an enforcement body from the supervision platform, shown on the body's pages."""

    body = models.ForeignKey("org.EnforcementBody", verbose_name="接收机关", on_delete=models.PROTECT,
                             related_name="supervision_notifications")
    kind = models.CharField("类别", max_length=30)
    title = models.CharField("标题", max_length=200)
    message = models.TextField("内容")
    case = models.ForeignKey("cases.Case", verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    grant = models.ForeignKey(AccessGrant, verbose_name="查阅授权", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="notifications")
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="阅读人", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "监督通知"
        verbose_name_plural = "监督通知"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["body", "read_at"])]

    def __str__(self) -> str:
        return self.title


class CaseStat(models.Model):
    """The dashboard's rollup of case metadata: per body, month of registration (Shanghai time), procedure and
    stage, the number of cases and the stage durations summed (in days). Rebuilt from ``Case`` by
    ``dashboard.refresh_stats`` (hourly, ``tasks``), so the dashboard reads thousands of rows, not millions."""

    body = models.ForeignKey("org.EnforcementBody", verbose_name="办案主体", on_delete=models.CASCADE,
                             related_name="+", db_constraint=False)
    month = models.CharField("登记月份", max_length=7)
    procedure = models.CharField("程序", max_length=40)
    stage = models.CharField("阶段", max_length=20)
    n = models.PositiveIntegerField("案件数")
    n_decided = models.PositiveIntegerField("已决定数")
    n_file = models.PositiveIntegerField("已立案数")
    d_file = models.FloatField("登记至立案用时合计（日）", null=True)
    n_decide = models.PositiveIntegerField("立案且已决定数")
    d_decide = models.FloatField("立案至决定用时合计（日）", null=True)
    n_close = models.PositiveIntegerField("决定且已结案数")
    d_close = models.FloatField("决定至结案用时合计（日）", null=True)
    refreshed_at = models.DateTimeField("统计时间")

    class Meta:
        verbose_name = "案件统计（汇总）"
        verbose_name_plural = "案件统计（汇总）"
        indexes = [models.Index(fields=["month", "body"])]

    def __str__(self) -> str:
        return f"{self.month} {self.procedure} {self.stage}: {self.n}"


class FeedbackKind(models.TextChoices):
    EVALUATION = "evaluation", "评价"
    COMPLAINT = "complaint", "投诉"


class InspectionFeedback(BaseModel):
    """An inspected subject's evaluation of a visit (满意度 1-5) or complaint about it, left on its own page without an
    account (LEGAL.md §4; 国办发〔2024〕54号; 深府规〔2025〕6号; docs/decisions/0041). It goes to the supervisors whose
    jurisdiction covers the inspecting body, never to that body (``permissions``). One evaluation per visit; complaints
    any time, each raising an alert until a supervisor marks it handled."""

    kind = models.CharField("类别", max_length=12, choices=FeedbackKind.choices, db_index=True)
    subject = models.ForeignKey("inspection.Subject", verbose_name="检查对象", on_delete=models.PROTECT,
                                related_name="+")
    case = models.ForeignKey("cases.Case", verbose_name="检查案件", on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey("org.EnforcementBody", verbose_name="检查机关", on_delete=models.PROTECT,
                             related_name="+")
    score = models.PositiveSmallIntegerField("满意度（1-5）", null=True, blank=True)
    text = models.TextField("内容", blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    handled_note = models.TextField("处理情况", blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "企业评价和投诉"
        verbose_name_plural = "企业评价和投诉"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(kind="evaluation"),
                                    name="supervision_feedback_one_evaluation"),
            models.CheckConstraint(condition=models.Q(kind="complaint") | models.Q(score__gte=1, score__lte=5),
                                   name="supervision_feedback_score"),
        ]
        indexes = [models.Index(fields=["body", "kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.subject_id}"

    @property
    def handled(self) -> bool:
        return self.handled_at is not None


from .models_annual import AnnualDueDate, AnnualFiling, AnnualSubmission, FiledTable  # noqa: E402, F401  (年报)
