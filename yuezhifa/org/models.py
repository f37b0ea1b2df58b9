"""Divisions, enforcement bodies, officers, certificates, users and roles (办法 第13条(三), 第38条, 第66-67条)."""

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

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ["body__path", "name"]

    def __str__(self) -> str:
        return self.name

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

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="org_role_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}（{self.get_scope_display()}）"
