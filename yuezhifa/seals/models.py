"""Electronic seals (电子印章, 办法 第27条; DESIGN §7): the certificate authorities the platform trusts, each body's seal
(image, certificate, encrypted private key) and the record of every document sealed, so that a verifier can tell
which body issued a PDF, when, and whether it was later revoked or replaced.

The private keys (``encrypted_private_key``) are never shown: not by ``__str__``, the admin, the API nor any view.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from yuezhifa.core.models import BaseModel
from yuezhifa.core.querysets import RestrictedQuerySet


class AuthorityKind(models.TextChoices):
    DEMO = "demo", "演示根证书（平台自建）"
    IMPORTED = "imported", "导入的根证书"


class AuthorityStatus(models.TextChoices):
    ACTIVE = "active", "受信任"
    WITHDRAWN = "withdrawn", "已停止信任"


class SealAuthority(BaseModel):
    """A root certificate the platform trusts for seals. The demo creates one (with its key, to issue body
    certificates); production imports the province's real root(s), without their keys."""

    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类别", max_length=12, choices=AuthorityKind.choices)
    status = models.CharField("状态", max_length=12, choices=AuthorityStatus.choices, default=AuthorityStatus.ACTIVE)
    certificate_pem = models.TextField("根证书（PEM）")
    fingerprint = models.CharField("证书 SHA-256 指纹", max_length=64, unique=True)
    encrypted_private_key = models.TextField("私钥（加密）", blank=True, editable=False)
    kek_id = models.CharField("密钥加密密钥标识", max_length=32, blank=True, editable=False)
    valid_from = models.DateTimeField("有效期起")
    valid_until = models.DateTimeField("有效期至")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "印章根证书"
        verbose_name_plural = "印章根证书"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    @property
    def can_issue(self) -> bool:
        return bool(self.encrypted_private_key) and self.status == AuthorityStatus.ACTIVE


class SealStatus(models.TextChoices):
    ACTIVE = "active", "有效"
    REVOKED = "revoked", "已注销"
    REPLACED = "replaced", "已更换"


class Seal(BaseModel):
    """A body's electronic seal: the stamp image placed on the page and the certificate whose key signs (PAdES).
    At most one active seal per body."""

    body = models.ForeignKey("org.EnforcementBody", verbose_name="执法主体", on_delete=models.PROTECT,
                             related_name="seals")
    authority = models.ForeignKey(SealAuthority, verbose_name="根证书", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="seals")
    image_png = models.BinaryField("印章图像（PNG）")
    certificate_pem = models.TextField("签章证书（PEM）")
    chain_pem = models.TextField("证书链（PEM）", blank=True, help_text="中间证书与根证书，自下而上。")
    fingerprint = models.CharField("证书 SHA-256 指纹", max_length=64, unique=True)
    serial_number = models.CharField("证书序列号", max_length=80)
    subject = models.CharField("证书主题", max_length=500)
    encrypted_private_key = models.TextField("私钥（加密）", editable=False)
    kek_id = models.CharField("密钥加密密钥标识", max_length=32, editable=False)
    valid_from = models.DateTimeField("有效期起")
    valid_until = models.DateTimeField("有效期至")
    status = models.CharField("状态", max_length=12, choices=SealStatus.choices, default=SealStatus.ACTIVE,
                              db_index=True)
    status_reason = models.CharField("注销或更换理由", max_length=300, blank=True)
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    replaced_by = models.ForeignKey("self", verbose_name="更换为", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaces")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "电子印章"
        verbose_name_plural = "电子印章"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["body"], condition=Q(status="active"), name="seals_one_active_per_body"),
        ]

    def __str__(self) -> str:
        return f"{self.body}电子印章（{self.get_status_display()}，证书 {self.serial_number[:16]}）"


class SignedStatus(models.TextChoices):
    VALID = "valid", "有效"
    REVOKED = "revoked", "已撤销"
    REPLACED = "replaced", "已被替代"


class SignedDocument(BaseModel):
    """One sealing of one PDF. The case document is referenced by a plain identifier (no foreign key), so the seal
    app stands on its own and a verifier needs nothing else."""

    body = models.ForeignKey("org.EnforcementBody", verbose_name="签发主体", on_delete=models.PROTECT,
                             related_name="signed_documents")
    seal = models.ForeignKey(Seal, verbose_name="电子印章", on_delete=models.PROTECT, related_name="signed_documents")
    document_ref = models.CharField("文书标识", max_length=64, db_index=True,
                                    help_text="签章文书在业务系统中的标识（如案件文书的 UUID）。")
    document_number = models.CharField("文书文号", max_length=80, blank=True)
    title = models.CharField("文书名称", max_length=100, blank=True)
    sha256 = models.CharField("签章后文件 SHA-256", max_length=64, unique=True)
    signature_sha256 = models.CharField("签名值 SHA-256", max_length=64, unique=True,
                                        help_text="PDF 签名字典 /Contents 的 SHA-256：文件被追加修改后仍可找到本记录。")
    signed_at = models.DateTimeField("签章时间")
    reason = models.CharField("签章理由", max_length=200, blank=True)
    location = models.CharField("签章地点", max_length=200, blank=True)
    status = models.CharField("状态", max_length=12, choices=SignedStatus.choices, default=SignedStatus.VALID,
                              db_index=True)
    status_reason = models.CharField("撤销或替代理由", max_length=300, blank=True)
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    replaced_by_ref = models.CharField("替代文书标识", max_length=64, blank=True)
    replaced_by_number = models.CharField("替代文书文号", max_length=80, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "签章文书记录"
        verbose_name_plural = "签章文书记录"
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"{self.title or '文书'} {self.document_number}".strip() + f"（{self.body}，{timezone.localtime(self.signed_at):%Y-%m-%d}）"
