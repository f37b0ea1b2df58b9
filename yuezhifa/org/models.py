"""Divisions, enforcement bodies, officers, certificates, users and roles (办法 第13条(三), 第38条, 第66-67条)."""

import datetime
import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from yuezhifa.core.identifiers import validate_credit_code, validate_resident_id
from yuezhifa.core.models import BaseModel
from yuezhifa.core.querysets import RestrictedQuerySet


class Level(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡镇级"


class Division(models.Model):
    """An administrative division (统计用区划代码). Codes nest by prefix: 44 ⊃ 4401 ⊃ 440106 ⊃ 440106001."""

    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", verbose_name="上级区划", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    is_statistical = models.BooleanField(
        "统计用单位", default=False,
        help_text="代码末三位为 4xx 的乡级单位（林场、保税区、合作区等）只是统计单位，不是法定乡镇街道。")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def full_name(self) -> str:
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "".join(n for n in reversed(names) if n not in {"市辖区", "县"})


class Domain(models.Model):
    """An enforcement domain (执法领域), e.g. 市场监管, 生态环境."""

    code = models.CharField("代码", max_length=32, primary_key=True)
    name = models.CharField("名称", max_length=50, unique=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法领域"
        verbose_name_plural = "执法领域"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class BodyKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "行政执法部门"
    AUTHORISED = "authorised", "法律法规授权组织"
    ENTRUSTED = "entrusted", "受委托组织"


class BodyStatus(models.TextChoices):
    ACTIVE = "active", "有效"
    SUSPENDED = "suspended", "暂停"
    DISSOLVED = "dissolved", "撤销"


class EnforcementBody(BaseModel):
    """A 行政执法主体 (办法 第66条) or an organisation entrusted by one (第67条)."""

    name = models.CharField("名称", max_length=200, unique=True)
    short_name = models.CharField("简称", max_length=60, blank=True)
    kind = models.CharField("主体类别", max_length=20, choices=BodyKind.choices)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code])
    division = models.ForeignKey(Division, verbose_name="所在区划", on_delete=models.PROTECT, related_name="bodies")
    level = models.CharField("层级", max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", verbose_name="上级主体", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    entrusted_by = models.ForeignKey("self", verbose_name="委托机关", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="entrusted",
                                     help_text="受委托组织必填（办法 第67条）。")
    path = models.CharField("主体路径", max_length=1000, db_index=True, editable=False,
                            help_text="由上级主体链派生的物化路径，用于“本单位及下级”范围查询。")
    is_justice_department = models.BooleanField("司法行政部门", default=False,
                                                help_text="司法行政部门负责执法证件与执法监督（办法 第6条、第38条）。")
    domains = models.ManyToManyField(Domain, verbose_name="执法领域", blank=True, related_name="bodies")
    status = models.CharField("状态", max_length=12, choices=BodyStatus.choices, default=BodyStatus.ACTIVE)
    address = models.CharField("办公地址", max_length=200, blank=True)
    phone = models.CharField("办公电话", max_length=40, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法主体"
        verbose_name_plural = "执法主体"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name


class OfficerStatus(models.TextChoices):
    ACTIVE = "active", "在岗"
    LEFT = "left", "离岗"


#: 《中华人民共和国行政处罚法》(2021年1月22日修订) 施行之日: 第五十八条第二款 applies to reviewers from then on.
PENALTY_LAW_2021_IN_FORCE = datetime.date(2021, 7, 15)


class Officer(BaseModel):
    """A real-name person who works for a body (办法 第13条(三), 第20条). The full ID number is shown only to roles
    that need it, and every such view is audited (DESIGN §5.5)."""

    name = models.CharField("姓名", max_length=50, db_index=True)
    id_number = models.CharField("居民身份证号码", max_length=18, unique=True, validators=[validate_resident_id])
    body = models.ForeignKey(EnforcementBody, verbose_name="所在主体", on_delete=models.PROTECT, related_name="officers")
    position = models.CharField("职务", max_length=60, blank=True)
    phone = models.CharField("手机号码", max_length=20, blank=True)
    status = models.CharField("状态", max_length=10, choices=OfficerStatus.choices, default=OfficerStatus.ACTIVE)
    legal_qualification_no = models.CharField(
        "法律职业资格证书编号", max_length=40, blank=True,
        help_text="初次从事行政处罚决定法制审核的人员应当取得法律职业资格（处罚法 第58条第2款）。")
    legal_review_since = models.DateField(
        "从事法制审核工作起始日期", null=True, blank=True,
        help_text="2021年7月15日修订后的处罚法施行前已从事行政处罚决定法制审核工作的，填写起始日期；"
                  "该人员不属于“初次从事”，未取得法律职业资格也可以审核（docs/decisions/0027）。")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ["body__path", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def may_review_first_time(self) -> bool:
        """May perform legal review without a record of having done so before (处罚法 第五十八条第二款): holds the
        法律职业资格, or did this work before the 2021 law took effect (docs/decisions/0027)."""
        return bool(self.legal_qualification_no) or (self.legal_review_since is not None
                                                     and self.legal_review_since < PENALTY_LAW_2021_IN_FORCE)

    @property
    def id_number_masked(self) -> str:
        from yuezhifa.core.masking import mask_id_number

        return mask_id_number(self.id_number)


class CertificateStatus(models.TextChoices):
    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂扣"
    REVOKED = "revoked", "注销"


class Certificate(BaseModel):
    """An enforcement certificate (行政执法证, 办法 第38条): one person one certificate, number unique province-wide."""

    number = models.CharField("证件编号", max_length=40, unique=True)
    officer = models.ForeignKey(Officer, verbose_name="持证人", on_delete=models.PROTECT, related_name="certificates")
    domains = models.ManyToManyField(Domain, verbose_name="执法领域", related_name="certificates")
    issued_by = models.ForeignKey(EnforcementBody, verbose_name="发证机关", on_delete=models.PROTECT,
                                  related_name="issued_certificates")
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期至")
    status = models.CharField("状态", max_length=12, choices=CertificateStatus.choices,
                              default=CertificateStatus.VALID)
    status_reason = models.CharField("状态变更理由", max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法证件"
        verbose_name_plural = "执法证件"
        ordering = ["number"]
        constraints = [
            # 一人一证 (第38条): a person holds at most one certificate that is not revoked.
            models.UniqueConstraint(fields=["officer"], condition=~Q(status="revoked"),
                                    name="org_certificate_one_per_person"),
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")),
                                   name="org_certificate_valid_range"),
        ]

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, day) -> bool:
        return self.status == CertificateStatus.VALID and self.valid_from <= day <= self.valid_until


class Role(models.TextChoices):
    OFFICER = "officer", "执法人员"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核人员"
    HEAD = "head", "单位负责人"
    SUPERVISOR = "supervisor", "监督人员"
    ADMIN = "admin", "系统管理员"
    DATA_CONSUMER = "data_consumer", "数据共享申请人"
    DATA_ADMIN = "data_admin", "数据共享管理员"


class Scope(models.TextChoices):
    OWN = "own", "本人"
    BODY = "body", "本单位"
    SUBTREE = "subtree", "本单位及下级"
    JURISDICTION = "jurisdiction", "辖区"
    PROVINCE = "province", "全省"


class User(AbstractUser):
    """A login account: real-name (办法 第20条), working for one body. A person who handles cases is also linked to an
    ``Officer`` record; the roles and their data scopes are ``RoleAssignment`` rows."""

    real_name = models.CharField("姓名", max_length=50, blank=True)
    body = models.ForeignKey(EnforcementBody, verbose_name="所在主体", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="users")
    officer = models.OneToOneField(Officer, verbose_name="对应执法人员", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="user")
    created_by = models.ForeignKey("self", verbose_name="创建人", null=True, blank=True, editable=False,
                                   on_delete=models.PROTECT, related_name="+",
                                   help_text="创建该账号的管理员；空为系统（命令行、演示数据）创建。"
                                             "用于查阅授权的职责分离（办法 第三十七条）。")
    must_change_password = models.BooleanField(
        "须修改密码", default=False,
        help_text="由管理员创建或重设密码的账号，登录后须先修改密码才能使用（docs/decisions/0045）。")

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.real_name or self.username


class RoleAssignment(BaseModel):
    """A role a user holds in their body, with the data scope it grants (DESIGN §5.4)."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    scope = models.CharField("数据范围", max_length=20, choices=Scope.choices)
    granted_by = models.ForeignKey(User, verbose_name="授予人", null=True, blank=True, editable=False,
                                   on_delete=models.PROTECT, related_name="+",
                                   help_text="授予（或最近一次变更）该角色的管理员；空为系统授予。")
    granted_by_province = models.BooleanField(
        "由全省授予", default=False, editable=False,
        help_text="授予时授予人具有全省管理权限（全省系统管理员、超级管理员或系统）。查阅授权的审批人须由全省"
                  "或申请人账号创建人以外的人确认（docs/decisions/0019）。")

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="org_role_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}（{self.get_scope_display()}）"


# --- Certificate lifecycle (办法 第38条) --------------------------------------------------------------------------


class CertificatePeriod(BaseModel):
    """One validity period granted to a certificate: the first on issue, one more on every renewal (换证). The
    number stays the same (证号合一, 第38条); the periods keep the history, so an act entered after the fact is judged
    against the period that covered its day."""

    certificate = models.ForeignKey(Certificate, verbose_name="执法证件", on_delete=models.PROTECT,
                                    related_name="periods")
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期至")

    class Meta:
        verbose_name = "证件有效期"
        verbose_name_plural = "证件有效期"
        ordering = ["certificate", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")),
                                   name="org_certificate_period_range"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id}: {self.valid_from} 至 {self.valid_until}"


class CertificateEventKind(models.TextChoices):
    ISSUE = "issue", "发证"
    RENEW = "renew", "换证（延续有效期）"
    SUSPEND = "suspend", "暂扣"
    REINSTATE = "reinstate", "恢复"
    REVOKE = "revoke", "注销"


class CertificateEvent(BaseModel):
    """The certificate's own history, shown on its page: every issue, renewal and status change with its reason.
    Append-only; the audit log holds the same acts in its hash chain."""

    certificate = models.ForeignKey(Certificate, verbose_name="执法证件", on_delete=models.PROTECT,
                                    related_name="events")
    kind = models.CharField("事项", max_length=12, choices=CertificateEventKind.choices)
    occurred_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey("User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_repr = models.CharField("经办人", max_length=100)
    reason = models.CharField("理由", max_length=200, blank=True)
    status_after = models.CharField("变更后状态", max_length=12, choices=CertificateStatus.choices)
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期至")

    class Meta:
        verbose_name = "证件变更记录"
        verbose_name_plural = "证件变更记录"
        ordering = ["certificate", "occurred_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class CertificateWarning(BaseModel):
    """An expiry warning recorded by the daily task: at most one per certificate, validity period (its end date) and
    threshold (days before the end; 0 = the certificate has expired). A renewal gives a new end date and so new
    warnings."""

    certificate = models.ForeignKey(Certificate, verbose_name="执法证件", on_delete=models.PROTECT,
                                    related_name="warnings")
    threshold = models.PositiveSmallIntegerField("预警档（到期前天数）", help_text="0 表示已过有效期。")
    valid_until = models.DateField("所警示的有效期至")
    days_left = models.IntegerField("记录时剩余天数")
    warned_on = models.DateField("预警日期", db_index=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "证件到期预警"
        verbose_name_plural = "证件到期预警"
        ordering = ["-warned_on", "certificate"]
        constraints = [
            models.UniqueConstraint(fields=["certificate", "valid_until", "threshold"],
                                    name="org_certificate_warning_once"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} · {self.threshold}"

    @property
    def label(self) -> str:
        return "已过有效期" if self.threshold == 0 else f"{self.threshold} 天内到期"


# --- Training (办法 第39条) ----------------------------------------------------------------------------------------


class TrainingCategory(models.TextChoices):
    GENERAL_LAW = "general_law", "综合法律知识（公共法律知识）"
    SPECIALIST_LAW = "specialist_law", "专业法律知识"
    NEW_LAW = "new_law", "新颁布法律法规"
    DIGITAL = "digital", "网络信息化知识"
    SKILLS = "skills", "执法技能与实务"
    OTHER = "other", "其他"


class TrainingCourse(BaseModel):
    """A training course or session (办法 第39条). ``body`` is the body that registered it and maintains it; the
    organiser is free text because courses are often run by a school or a higher authority."""

    title = models.CharField("培训名称", max_length=200)
    organiser = models.CharField("主办单位", max_length=200)
    category = models.CharField("培训类别", max_length=20, choices=TrainingCategory.choices)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", db_index=True)
    has_exam = models.BooleanField("设有考试", default=False)
    pass_score = models.DecimalField("合格分数线", max_digits=5, decimal_places=1, null=True, blank=True,
                                     help_text="设有考试且按分数判定时填写，如 60。")
    body = models.ForeignKey(EnforcementBody, verbose_name="登记单位", on_delete=models.PROTECT,
                             related_name="training_courses")
    description = models.TextField("培训内容", blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "培训课程"
        verbose_name_plural = "培训课程"
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="org_training_dates"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="org_training_hours_positive"),
            models.UniqueConstraint(fields=["title", "organiser", "start_date", "end_date"],
                                    name="org_training_course_once"),
        ]

    def __str__(self) -> str:
        return self.title


class TrainingRecord(BaseModel):
    """One officer's attendance of one course, the hours credited, and the exam result where there was one."""

    officer = models.ForeignKey(Officer, verbose_name="执法人员", on_delete=models.PROTECT,
                                related_name="training_records")
    course = models.ForeignKey(TrainingCourse, verbose_name="培训课程", on_delete=models.PROTECT,
                               related_name="records")
    hours = models.DecimalField("认定学时", max_digits=5, decimal_places=1)
    exam_date = models.DateField("考试日期", null=True, blank=True)
    exam_score = models.DecimalField("考试成绩", max_digits=5, decimal_places=1, null=True, blank=True)
    exam_passed = models.BooleanField("考试合格", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        ordering = ["-course__end_date", "officer__name"]
        constraints = [
            models.UniqueConstraint(fields=["officer", "course"], name="org_training_record_once"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="org_training_record_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} · {self.course_id}"

    @property
    def exam_display(self) -> str:
        if self.exam_passed is None:
            return "—"
        score = f"{self.exam_score.normalize():f} 分，" if self.exam_score is not None else ""
        return f"{score}{'合格' if self.exam_passed else '不合格'}"


class ApiToken(models.Model):
    """An API token (DESIGN §9; docs/decisions/0021). Only the SHA-256 of its key is stored: the key itself is shown
    once, when issued, and cannot be read back from the database. It expires (``YZF_API_TOKEN_TTL_HOURS``) and dies
    with the password it was issued under: ``password_stamp`` is the user's session hash at issue, which changes
    with any change of password, whatever the path (the user's own, an administrator's reset, a service)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField("令牌摘要（SHA-256）", max_length=64, unique=True)
    password_stamp = models.CharField("签发时的密码标记", max_length=128)
    created_at = models.DateTimeField("签发时间")
    expires_at = models.DateTimeField("失效时间", db_index=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.user} 的 API 令牌（{self.created_at:%Y-%m-%d %H:%M} 签发）"


class UserSession(models.Model):
    """One signed-in browser session of a user, for the user's session list (docs/decisions/0045): written at sign-in,
    its last request time refreshed by ``core.session_idle`` (at most once a minute), dropped at sign-out. The
    session itself is Django's (``SESSION_ENGINE``); this row only lets the user see and end their own sessions."""

    session_key = models.CharField("会话标识", max_length=40, primary_key=True)
    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="web_sessions")
    user_agent = models.CharField("浏览器与设备", max_length=300, blank=True)
    ip_address = models.CharField("登录地址", max_length=45, blank=True)
    created_at = models.DateTimeField("登录时间")
    last_seen = models.DateTimeField("最后活动时间")

    class Meta:
        verbose_name = "登录会话"
        verbose_name_plural = "登录会话"
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.user} 的会话（{self.created_at:%Y-%m-%d %H:%M} 登录）"
