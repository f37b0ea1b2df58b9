"""The enforcement document library (执法文书库, 办法 第13条(四), 第55条): document types and versioned templates.

A ``DocumentType`` is one kind of document of LEGAL.md §7 (行政处罚决定书 …) with the contents the law requires it to
carry. A ``DocumentTemplate`` is one version of the text that produces it. The provincial justice department keeps the
base templates (第55条第1款); a personalisation (第55条第2款) is an *overlay*: a template that names the template it
builds on (``overlay_of``) and replaces only some of its ``{% block %}`` sections, scoped to a domain (执法领域) or to
one enforcement body. Which chain renders a given document is decided by ``selectors.template_chain``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from yuezhifa.core.models import BaseModel
from yuezhifa.core.querysets import RestrictedQuerySet


class Category(models.TextChoices):
    """The stages of a case a document belongs to (LEGAL.md §7)."""

    FILING = "filing", "立案"
    INVESTIGATION = "investigation", "调查"
    COMPULSION = "compulsion", "强制"
    DECISION = "decision", "决定"
    SERVICE = "service", "送达"
    EXECUTION = "execution", "执行"
    TRANSFER = "transfer", "移送"
    CLOSING = "closing", "结案"
    INSPECTION = "inspection", "行政检查"


class DocumentType(BaseModel):
    """One kind of enforcement document. ``required_fields`` lists what a document of this kind must contain, each
    entry ``{"key": "party.name", "label": "当事人的姓名或者名称", "basis": "《…》第五十九条第一款第（一）项",
    "when": "fine_total"}``: ``key`` is a dotted path into the rendering context, ``basis`` the article that requires
    it (empty for contents the document's format needs without a statute saying so), ``when`` (optional) a context
    path that must be non-empty for the requirement to apply (payment instructions only when there is a fine)."""

    code = models.SlugField("代码", max_length=64, unique=True)
    name = models.CharField("文书名称", max_length=60, unique=True)
    category = models.CharField("文书类别", max_length=20, choices=Category.choices, db_index=True)
    basis = models.TextField("法律依据", help_text="规定该文书或其内容的条款，如《中华人民共和国行政处罚法》第五十九条。")
    required_fields = models.JSONField("法定必备内容", default=list, blank=True)
    description = models.CharField("用途", max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "文书种类"
        verbose_name_plural = "文书种类"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ACTIVE = "active", "已启用"
    RETIRED = "retired", "已停用"


class PageSize(models.TextChoices):
    A4 = "A4", "A4（210×297 毫米）"
    A3 = "A3", "A3（297×420 毫米）"
    B5 = "B5", "B5（176×250 毫米）"


class Orientation(models.TextChoices):
    PORTRAIT = "portrait", "纵向"
    LANDSCAPE = "landscape", "横向"


def scope_key(domain_id: str | None, body_id) -> str:
    """A template's scope as one comparable string: ``province``, ``domain:market``, ``body:<uuid>`` or
    ``body:<uuid>/domain:market``. Version numbers run per document type and scope."""
    if body_id is not None:
        return f"body:{body_id}" + (f"/domain:{domain_id}" if domain_id else "")
    if domain_id:
        return f"domain:{domain_id}"
    return "province"


class DocumentTemplate(BaseModel):
    """One version of a document's template.

    ``source`` is Django template language rendered in a sandbox (``yuezhifa.documents.sandbox``): only the tags and
    filters listed there, autoescaping always on, no ``{% load %}``, no attribute starting with an underscore, and the
    output limited to plain document markup. A base template (no ``overlay_of``) is a whole document; an overlay
    consists only of ``{% block %}`` sections that replace the same-named blocks of the template it builds on.
    """

    doc_type = models.ForeignKey(DocumentType, verbose_name="文书种类", on_delete=models.PROTECT,
                                 related_name="templates")
    version = models.PositiveIntegerField("版本号")
    status = models.CharField("状态", max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT,
                              db_index=True)
    effective_from = models.DateField("生效日期")
    note = models.CharField("修订说明", max_length=300)
    source = models.TextField("模板正文", help_text="Django 模板语言；个性化模板只写需要替换的 {% block %} 区块。")
    css = models.TextField("样式表", blank=True)
    page_size = models.CharField("纸张", max_length=4, choices=PageSize.choices, blank=True,
                                 help_text="个性化模板留空表示沿用所基于的模板。")
    orientation = models.CharField("方向", max_length=10, choices=Orientation.choices, blank=True)
    margin_top = models.PositiveSmallIntegerField("上边距（毫米）", null=True, blank=True)
    margin_right = models.PositiveSmallIntegerField("右边距（毫米）", null=True, blank=True)
    margin_bottom = models.PositiveSmallIntegerField("下边距（毫米）", null=True, blank=True)
    margin_left = models.PositiveSmallIntegerField("左边距（毫米）", null=True, blank=True)
    overlay_of = models.ForeignKey("self", verbose_name="基于模板", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="overlays",
                                   help_text="个性化模板所基于的模板（省统一模板或另一个个性化模板）。")
    domain = models.ForeignKey("org.Domain", verbose_name="适用执法领域", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="document_templates")
    body = models.ForeignKey("org.EnforcementBody", verbose_name="适用执法主体", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="document_templates")
    applicant = models.ForeignKey("org.EnforcementBody", verbose_name="申请单位", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  help_text="行业个性化文书改造的申请单位：省级行业主管部门（办法 第55条第2款）。")
    scope = models.CharField("适用范围键", max_length=120, editable=False, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    activated_at = models.DateTimeField("启用时间", null=True, blank=True)
    activated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="启用人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)
    retired_reason = models.CharField("停用理由", max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["doc_type__sort_order", "doc_type__code", "scope", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "scope", "version"], name="documents_template_version_once"),
            # A base template has no scope; an overlay has one and names what it builds on.
            models.CheckConstraint(
                condition=(Q(overlay_of__isnull=True, domain__isnull=True, body__isnull=True)
                           | (Q(overlay_of__isnull=False) & (Q(domain__isnull=False) | Q(body__isnull=False)))),
                name="documents_template_overlay_has_scope"),
        ]
        indexes = [models.Index(fields=["doc_type", "status", "scope"], name="documents_template_lookup")]

    def __str__(self) -> str:
        return f"{self.doc_type.name}·{self.scope_label} v{self.version}"

    def save(self, *args, **kwargs):
        self.scope = scope_key(self.domain_id, self.body_id)
        super().save(*args, **kwargs)

    @property
    def is_overlay(self) -> bool:
        return self.overlay_of_id is not None

    @property
    def scope_label(self) -> str:
        """省统一 / 行业：市场监管 / 主体：广州市天河区市场监督管理局（市场监管）."""
        if self.body_id:
            label = f"主体：{self.body.name}"
            return f"{label}（{self.domain.name}）" if self.domain_id else label
        if self.domain_id:
            return f"行业：{self.domain.name}"
        return "省统一"
