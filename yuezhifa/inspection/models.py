"""The base data of 行政检查 (LEGAL.md §4): who may inspect, what may be inspected and how often, whom, and the plans
and draws that say when. Published before any inspection (事前公示: 清单之外无检查, 国办发〔2024〕54号).

This app sits beside ``items`` below ``cases``: an inspection itself is a case of the inspection procedure
(``cases/procedures/``), which reads this register and writes each visit into ``Visit`` through this app's services.
``Visit`` names its case by id only, so nothing here imports the case platform (docs/decisions/0037).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from yuezhifa.core.identifiers import validate_credit_code
from yuezhifa.core.models import BaseModel
from yuezhifa.core.querysets import RestrictedQuerySet


class Qualification(BaseModel):
    """主体资格: a body confirmed to carry out 行政检查 and published (国办发〔2024〕54号 一、(一)). A body without a
    confirmed, unrevoked, published qualification cannot open an inspection."""

    body = models.OneToOneField("org.EnforcementBody", verbose_name="检查主体", on_delete=models.PROTECT,
                                related_name="inspection_qualification")
    basis = models.CharField("主体资格依据", max_length=300,
                             help_text="设定或授权其行政检查职权的法律、法规、规章或确认文件的名称及文号。")
    confirmed_on = models.DateField("确认日期")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_reason = models.CharField("撤销理由", max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "行政检查主体资格"
        verbose_name_plural = "行政检查主体资格"

    def __str__(self) -> str:
        return f"{self.body} 行政检查主体资格"

    @property
    def in_force(self) -> bool:
        return self.published_at is not None and self.revoked_at is None


class Method(models.TextChoices):
    ON_SITE = "on_site", "现场检查"
    REMOTE = "remote", "非现场检查"
    BOTH = "both", "现场或非现场检查"


class ItemProfile(BaseModel):
    """What an 行政检查 item of the enforcement items library (``items.Item`` of type inspection) adds: the object,
    method and standard, and the annual cap per enterprise (频次上限). An item not published cannot be used."""

    item = models.OneToOneField("items.Item", verbose_name="执法事项", on_delete=models.PROTECT,
                                related_name="inspection_profile", limit_choices_to={"type": "inspection"})
    subject_object = models.CharField("检查对象", max_length=300)
    method = models.CharField("检查方式", max_length=10, choices=Method.choices, default=Method.BOTH)
    standard = models.TextField("检查标准")
    annual_cap = models.PositiveSmallIntegerField(
        "频次上限（次/年/企业）", help_text="同一检查对象每年接受本事项检查的最多次数；上级部署的专项检查不计入。")
    published_at = models.DateTimeField("公示时间", null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "行政检查事项要素"
        verbose_name_plural = "行政检查事项要素"
        constraints = [models.CheckConstraint(condition=Q(annual_cap__gte=1), name="inspection_cap_positive")]

    def __str__(self) -> str:
        return str(self.item)


class ChecklistPoint(BaseModel):
    """One point of an item's checklist (检查事项清单), with the provision it checks."""

    profile = models.ForeignKey(ItemProfile, verbose_name="检查事项", on_delete=models.CASCADE,
                                related_name="points")
    seq = models.PositiveSmallIntegerField("序号")
    text = models.CharField("检查内容", max_length=500)
    provision = models.CharField("依据条款", max_length=300)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "检查要点"
        verbose_name_plural = "检查要点"
        ordering = ["profile", "seq"]
        constraints = [models.UniqueConstraint(fields=["profile", "seq"], name="inspection_point_seq_unique")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.text}"


class SubjectKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"
    ORGANISATION = "organisation", "其他组织"
    PERSON = "person", "自然人"


class RiskGrade(models.TextChoices):
    """分级分类 (国办发〔2024〕54号 二、(五)): A lowest risk (无事不扰) to D highest (重点监管)."""

    A = "A", "A 级（低风险）"
    B = "B", "B 级（一般风险）"
    C = "C", "C 级（较高风险）"
    D = "D", "D 级（高风险）"


class Subject(BaseModel):
    """One entity of the register of inspection subjects (检查对象名录库). Natural persons appear only where an item
    requires it, and their identity numbers are masked as everywhere (DESIGN §5.5)."""

    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    id_number = models.CharField("身份证件号码", max_length=18, blank=True, help_text="仅自然人检查对象填写。")
    name = models.CharField("名称", max_length=200, db_index=True)
    kind = models.CharField("类别", max_length=20, choices=SubjectKind.choices, default=SubjectKind.ENTERPRISE)
    industry = models.CharField("行业", max_length=100, blank=True, help_text="国民经济行业分类，如“F5221 零售”。")
    division = models.ForeignKey("org.Division", verbose_name="所在区划", on_delete=models.PROTECT,
                                 related_name="inspection_subjects")
    address = models.CharField("地址", max_length=300, blank=True)
    legal_representative = models.CharField("法定代表人或负责人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True,
                             help_text="手机号码或带区号的固定电话；列表和页面中遮蔽显示（DESIGN §5.5）。")
    domain = models.ForeignKey("org.Domain", verbose_name="监管领域", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="inspection_subjects")
    risk_grade = models.CharField("风险等级", max_length=1, choices=RiskGrade.choices, default=RiskGrade.B,
                                  db_index=True)
    graded_by = models.ForeignKey("org.EnforcementBody", verbose_name="评定机关", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    graded_on = models.DateField("评定日期", null=True, blank=True)
    active = models.BooleanField("在册", default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "检查对象"
        verbose_name_plural = "检查对象名录"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["credit_code"], condition=~Q(credit_code=""),
                                    name="inspection_subject_credit_code_unique"),
            models.CheckConstraint(condition=~Q(credit_code="") | (Q(kind="person") & ~Q(id_number="")),
                                   name="inspection_subject_identified"),
        ]
        indexes = [models.Index(fields=["division", "risk_grade"], name="inspection_subject_draw"),
                   # 双随机: the candidates ordered by grade and credit code, read from the index alone
                   models.Index(fields=["risk_grade", "credit_code"], include=["division", "active", "kind"],
                                name="inspection_subject_draw_order")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.credit_code:
            validate_credit_code(self.credit_code)


class PlanKind(models.TextChoices):
    ROUTINE = "routine", "日常检查计划"
    SPECIAL = "special", "专项检查计划"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "已批准"
    PUBLISHED = "published", "已公示"
    WITHDRAWN = "withdrawn", "已撤回"


class Plan(BaseModel):
    """An annual inspection plan of a body (年度行政检查计划), routine or special, approved by the head and published
    before it runs. A special plan carries its approving document; one deployed from above (上级部署) is not counted
    against the subject's caps (LEGAL.md §4)."""

    body = models.ForeignKey("org.EnforcementBody", verbose_name="制定机关", on_delete=models.PROTECT,
                             related_name="inspection_plans")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("类别", max_length=10, choices=PlanKind.choices, default=PlanKind.ROUTINE)
    title = models.CharField("名称", max_length=200)
    items = models.ManyToManyField(ItemProfile, verbose_name="检查事项", related_name="plans")
    period_start = models.DateField("实施期间起")
    period_end = models.DateField("实施期间止")
    basis_document = models.CharField("批准文件", max_length=300, blank=True,
                                      help_text="专项检查的批准或部署文件名称及文号。")
    from_above = models.BooleanField("上级部署", default=False,
                                     help_text="上级机关部署的专项检查，不计入检查对象的频次上限。")
    deployed_by = models.ForeignKey("org.EnforcementBody", verbose_name="部署机关", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT,
                              db_index=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    late = models.BooleanField("逾期批准", default=False,
                               help_text="年度日常检查计划在规定日期（默认3月31日，可设置）之后批准的，记为逾期。")
    due_date = models.DateField("规定批准日期", null=True, blank=True,
                                help_text="批准时适用的年度计划规定日期，随计划记录。")
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回理由", max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "行政检查计划"
        verbose_name_plural = "行政检查计划"
        ordering = ["-year", "body", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="inspection_plan_period"),
            models.CheckConstraint(condition=Q(kind="special") | Q(from_above=False),
                                   name="inspection_plan_above_is_special"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class Draw(BaseModel):
    """A 双随机 draw for a plan: subjects from the register by grade, officers from those certified for the domain.
    The seed and the ordered candidate lists it drew from are recorded, so anyone can reproduce the result."""

    plan = models.ForeignKey(Plan, verbose_name="检查计划", on_delete=models.PROTECT, related_name="draws")
    seed = models.CharField("随机种子", max_length=64)
    shares = models.JSONField("各风险等级抽取比例", default=dict)
    subject_count = models.PositiveIntegerField("抽取检查对象数")
    officer_count = models.PositiveSmallIntegerField("抽取执法人员数")
    candidates_digest = models.CharField("候选名单摘要", max_length=64,
                                         help_text="按统一社会信用代码排序的候选检查对象名单的 SHA-256。")
    drawn_at = models.DateTimeField("抽取时间")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="抽取人", on_delete=models.PROTECT,
                                 related_name="+")
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    on = models.DateField("抽取日期", null=True, blank=True, help_text="执法证件按此日期判断是否有效。")
    counts = models.JSONField("各风险等级抽取户数", default=dict, blank=True,
                              help_text="填写的，按户数抽取，不按比例。")
    filters = models.JSONField("候选范围", default=dict, blank=True,
                               help_text="区划代码前缀、监管领域、行业等候选检查对象的筛选条件。")
    recusals = models.JSONField("回避的执法人员", default=list, blank=True,
                                help_text="[{\"officer\": 执法人员ID, \"reason\": 回避理由}]")
    team_size = models.PositiveSmallIntegerField("每组执法人员数", default=2)
    candidate_count = models.PositiveIntegerField("候选检查对象数", default=0)
    officers_digest = models.CharField("候选执法人员名单摘要", max_length=64, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "双随机抽取"
        verbose_name_plural = "双随机抽取"
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return f"{self.plan} 抽取 {self.drawn_at:%Y-%m-%d}"


class DrawnSubject(BaseModel):
    draw = models.ForeignKey(Draw, verbose_name="抽取", on_delete=models.CASCADE, related_name="subjects")
    subject = models.ForeignKey(Subject, verbose_name="检查对象", on_delete=models.PROTECT, related_name="draws")
    position = models.PositiveIntegerField("顺序")

    class Meta:
        verbose_name = "抽中的检查对象"
        verbose_name_plural = "抽中的检查对象"
        ordering = ["draw", "position"]
        constraints = [models.UniqueConstraint(fields=["draw", "subject"], name="inspection_drawn_subject_once")]


class DrawnOfficer(BaseModel):
    draw = models.ForeignKey(Draw, verbose_name="抽取", on_delete=models.CASCADE, related_name="officers")
    officer = models.ForeignKey("org.Officer", verbose_name="执法人员", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField("顺序")

    class Meta:
        verbose_name = "抽中的执法人员"
        verbose_name_plural = "抽中的执法人员"
        ordering = ["draw", "position"]
        constraints = [models.UniqueConstraint(fields=["draw", "officer"], name="inspection_drawn_officer_once")]


class JointVisitStatus(models.TextChoices):
    PROPOSED = "proposed", "待商定"
    AGREED = "agreed", "已商定"
    DECLINED = "declined", "不合并"


class JointVisit(BaseModel):
    """综合查一次: plans of different bodies that reach the same subject in the same period, agreed into one visit
    led by one body. It counts as one visit against the subject's caps."""

    subject = models.ForeignKey(Subject, verbose_name="检查对象", on_delete=models.PROTECT,
                                related_name="joint_visits")
    plans = models.ManyToManyField(Plan, verbose_name="合并的检查计划", related_name="joint_visits")
    lead_body = models.ForeignKey("org.EnforcementBody", verbose_name="牵头机关", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField("期间起")
    period_end = models.DateField("期间止")
    status = models.CharField("状态", max_length=10, choices=JointVisitStatus.choices,
                              default=JointVisitStatus.PROPOSED, db_index=True)
    agreed_at = models.DateTimeField("商定时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="商定人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decline_reason = models.CharField("不合并理由", max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "综合查一次"
        verbose_name_plural = "综合查一次"
        ordering = ["period_start"]

    def __str__(self) -> str:
        return f"{self.subject} {self.period_start}～{self.period_end} 综合查一次"


class Visit(BaseModel):
    """One inspection of a subject, as counted against its caps (检查台账): written by the inspection procedure when
    the inspection is approved (or carried out first in an emergency). ``case_id`` names the case without a foreign
    key, so that this base app stays below the case platform. Visits of one joint visit count once; a special
    inspection deployed from above is not counted."""

    subject = models.ForeignKey(Subject, verbose_name="检查对象", on_delete=models.PROTECT, related_name="visits")
    body = models.ForeignKey("org.EnforcementBody", verbose_name="检查机关", on_delete=models.PROTECT,
                             related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    on = models.DateField("检查日期")
    items = models.ManyToManyField(ItemProfile, verbose_name="检查事项", related_name="visits")
    case_id = models.UUIDField("案件", unique=True)
    case_number = models.CharField("案号", max_length=64, blank=True)
    joint_visit = models.ForeignKey(JointVisit, verbose_name="综合查一次", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="visits")
    counted = models.BooleanField("计入频次", default=True, help_text="上级部署的专项检查不计入频次上限。")
    on_site = models.BooleanField("现场检查", default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "检查台账"
        verbose_name_plural = "检查台账"
        ordering = ["-on"]
        indexes = [models.Index(fields=["subject", "year"], name="inspection_visit_cap")]

    def __str__(self) -> str:
        return f"{self.subject} {self.on}"
