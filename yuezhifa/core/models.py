"""Shared model base classes and the working-day calendar's data."""

import uuid

from django.db import models


class BaseModel(models.Model):
    """UUID identity plus creation and update times; every domain model inherits it (DESIGN §5.7)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


# --- The working-day calendar (DESIGN §5.3, LEGAL.md §1) ---------------------------------------------------------


class CalendarSource(models.TextChoices):
    PACKAGE = "chinesecalendar", "chinesecalendar 软件包"
    ADMIN = "admin", "管理员录入"
    FILE = "file", "文件导入"


class CalendarYear(BaseModel):
    """A year whose State Council holiday arrangement has been entered. A date in a year without this row cannot be
    counted: treating it as plain Monday-Friday would silently miss holidays and make-up working days."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("来源", max_length=20, choices=CalendarSource.choices)
    note = models.CharField("说明", max_length=300, blank=True,
                            help_text="如国务院办公厅关于该年部分节假日安排的通知名称及文号。")

    class Meta:
        verbose_name = "工作日历年度"
        verbose_name_plural = "工作日历年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年"


class CalendarDay(BaseModel):
    """An exception to the Monday-Friday rule: a holiday on a weekday, or a make-up working day on a weekend."""

    date = models.DateField("日期", unique=True)
    is_working = models.BooleanField("工作日", help_text="勾选表示该日上班（如周末调休上班），不勾选表示放假。")
    name = models.CharField("名称", max_length=60, help_text="如“国庆节”“国庆节调休上班”。")

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}（{'上班' if self.is_working else '放假'}）"


class DeadlineSetting(BaseModel):
    """The province's figure for a deadline the law leaves open (LEGAL.md: **configurable**). Absent a row, the
    default in ``yuezhifa.core.calendar.RULES`` applies."""

    code = models.CharField("期限规则", max_length=64, unique=True)
    amount = models.PositiveSmallIntegerField("期限数值")
    note = models.CharField("依据或说明", max_length=300, blank=True,
                            help_text="本省或行业规定该期限的文件名称及条款。")

    class Meta:
        verbose_name = "期限设置"
        verbose_name_plural = "期限设置"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} = {self.amount}"


from .lockout import LoginFailure, LoginFailureCount, LoginRecord  # noqa: E402,F401  (proxies of the axes records)
