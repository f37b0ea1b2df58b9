"""The annual statistics' records (年报, 办法 第四十四条; docs/decisions/0057), imported by ``models``.

``AnnualDueDate``: the day the year's 年报 is due, set by a supervisor of the province (default 31 January of the
following year when no row exists). ``AnnualFiling``: the figures a body enters for the tables the platform does not
handle (行政许可, 行政征收, 行政征用), each save a new version. ``AnnualSubmission``: a body's 年报 as its head
submitted it, a frozen snapshot; a new submission is a new version, never an overwrite.
"""

from django.conf import settings
from django.db import models

from yuezhifa.core.models import BaseModel
from yuezhifa.core.querysets import RestrictedQuerySet


class FiledTable(models.TextChoices):
    LICENSING = "licensing", "行政许可"
    LEVY = "levy", "行政征收"
    REQUISITION = "requisition", "行政征用"


class AnnualDueDate(BaseModel):
    year = models.PositiveSmallIntegerField("统计年度", unique=True)
    due_on = models.DateField("报送截止日")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="设定人", on_delete=models.PROTECT,
                               related_name="+")
    note = models.CharField("说明", max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "年报报送截止日"
        verbose_name_plural = "年报报送截止日"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度：{self.due_on}"


class AnnualFiling(BaseModel):
    body = models.ForeignKey("org.EnforcementBody", verbose_name="执法主体", on_delete=models.PROTECT,
                             related_name="+")
    year = models.PositiveSmallIntegerField("统计年度")
    table = models.CharField("统计表", max_length=20, choices=FiledTable.choices)
    version = models.PositiveIntegerField("版本")
    figures = models.JSONField("填报数据", default=dict)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT,
                                   related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "年报填报数据"
        verbose_name_plural = "年报填报数据"
        ordering = ["body", "year", "table", "-version"]
        constraints = [models.UniqueConstraint(fields=["body", "year", "table", "version"],
                                               name="supervision_annual_filing_version")]

    def __str__(self) -> str:
        return f"{self.body_id} {self.year} {self.table} v{self.version}"


class AnnualSubmission(BaseModel):
    body = models.ForeignKey("org.EnforcementBody", verbose_name="执法主体", on_delete=models.PROTECT,
                             related_name="+")
    year = models.PositiveSmallIntegerField("统计年度")
    version = models.PositiveIntegerField("版本")
    tables = models.JSONField("报送的统计表", default=dict)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField("报送时间")
    due_on = models.DateField("报送截止日")
    late = models.BooleanField("逾期", default=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "年报报送"
        verbose_name_plural = "年报报送"
        ordering = ["body", "year", "-version"]
        constraints = [models.UniqueConstraint(fields=["body", "year", "version"],
                                               name="supervision_annual_submission_version")]

    def __str__(self) -> str:
        return f"{self.body_id} {self.year} v{self.version}"
