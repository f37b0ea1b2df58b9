"""The case platform's data (DESIGN §5.2, §6).

A case is an append-only log of legal acts (``Act``). Everything else on ``Case`` — its state, its stage, its next
due date, the role it waits for — is a cache derived from that log by ``engine.derive`` and rewritten in the same
transaction as each act. ``CaseDeadline`` rows are the same derivation materialised, so that to-do lists and the
supervision platform can query deadlines without replaying logs.
"""

import datetime
import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from yuezhifa.core.models import BaseModel
from yuezhifa.core.querysets import RestrictedQuerySet


class PartyKind(models.TextChoices):
    PERSON = "person", "公民"
    ORGANISATION = "organisation", "法人或者其他组织"


class SourceKind(models.TextChoices):
    """How a case came to the body (案件来源)."""

    COMPLAINT = "complaint", "投诉、举报"
    INSPECTION = "inspection", "监督检查发现"
    TRANSFER = "transfer", "其他机关移送"
    ASSIGNED = "assigned", "上级交办"
    MONITORING = "monitoring", "电子技术监控设备记录"
    ON_SITE = "on_site", "执法人员现场发现"


def __getattr__(name):
    """``Stage``: the stages of every procedure as choices (``Stage.CLOSED``, ``Stage.values``), built on first use
    from the procedures' ``stages`` (docs/decisions/0029), for modules that still read them here; a case's stage is
    its procedure's data, ``procedures.stage_choices()``."""
    if name == "Stage":
        from .procedures import stage_choices

        stage = models.TextChoices("Stage", [(code.upper(), (code, label)) for code, label in stage_choices()])
        globals()["Stage"] = stage
        return stage
    raise AttributeError(name)


class Case(BaseModel):
    """One administrative penalty case of one enforcement body."""

    body = models.ForeignKey("org.EnforcementBody", verbose_name="办案主体", on_delete=models.PROTECT,
                             related_name="cases")
    procedure = models.CharField("程序", max_length=40, db_index=True)
    number = models.CharField("案号", max_length=80, null=True, blank=True, unique=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    sequence = models.PositiveIntegerField("年度序号", null=True, blank=True)
    source_kind = models.CharField("案件来源", max_length=20, choices=SourceKind.choices)
    cause = models.CharField("案由", max_length=300)
    item = models.ForeignKey("items.Item", verbose_name="执法事项", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="cases")
    handlers = models.ManyToManyField("org.Officer", verbose_name="承办人", blank=True, related_name="cases")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                   related_name="cases_created")
    # --- the cache derived from the log (engine.derive), rewritten with every act -------------------------------
    version = models.PositiveIntegerField("版本", default=0, help_text="已记录的执法行为数；并发写入以此检测冲突。")
    last_hash = models.CharField("最后一个行为的哈希", max_length=64, blank=True)
    stage = models.CharField("阶段", max_length=20, db_index=True)  # the procedure's stages: procedures.stage_label
    state_label = models.CharField("状态说明", max_length=120, blank=True)
    registered_at = models.DateTimeField("登记时间")
    filed_at = models.DateTimeField("立案时间", null=True, blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)
    next_due = models.DateField("最近到期日", null=True, blank=True, db_index=True)
    next_due_provisional = models.BooleanField(
        "最近到期日为暂定", default=False,
        help_text="最近到期日按尚未录入节假日安排的年度暂定计算，录入后重新计算（docs/decisions/0018）。")
    waiting_role = models.CharField("待办角色", max_length=20, blank=True, db_index=True,
                                    help_text="下一步可办的行为需要的角色（负责人、法制审核人员），用于审批队列。")
    waiting_acts = models.CharField("待办审批行为", max_length=200, blank=True, default="", db_default="",
                                    help_text="案件在审批队列中等待的执法行为代码（以逗号分隔），待办中心据此显示“立案审批”"
                                              "“公示审批”等，并判断能否批量审批（docs/decisions/0049）。")
    fine_amount = models.DecimalField("罚款金额", max_digits=14, decimal_places=2, null=True, blank=True)
    returned_reason = models.CharField(
        "退回理由", max_length=500, blank=True,
        help_text="案件被退回承办人（法制审核不通过或者负责人退回）且尚未重新提交的，退回的理由（docs/decisions/0046）。")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-registered_at"]
        # the lists read newest first: per body, and across a jurisdiction by stage (the supervision drill-down)
        indexes = [models.Index(fields=["body", "stage"]), models.Index(fields=["body", "-registered_at"]),
                   models.Index(fields=["stage", "-registered_at"], name="case_stage_registered"),
                   models.Index(fields=["-registered_at"], name="case_registered")]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "sequence"], condition=Q(sequence__isnull=False),
                                    name="case_number_unique_per_body_year"),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.cause}（未立案）"

    def get_stage_display(self) -> str:
        """The stage's label in the case's procedure (the stages are the procedure's data)."""
        from .procedures import PROCEDURES, stage_label

        procedure = PROCEDURES.get(self.procedure)
        return procedure.stage_label(self.stage) if procedure and procedure.stage(self.stage) else stage_label(self.stage)


class CaseLinkKind(models.TextChoices):
    """How two cases are related (docs/decisions/0035). ``case`` is the one the link starts from."""

    OPENED_FROM = "opened_from", "由另一案件引出"  # ``case`` was opened from ``other`` (a finding leads to a case)
    SERVES = "serves", "为另一案件采取的措施"  # ``case`` (a compulsion measure) serves ``other`` (the case it leads to)


# what each side reads: (on ``case``'s page, on ``other``'s page)
LINK_LABELS = {
    CaseLinkKind.OPENED_FROM: ("本案由该案件引出", "由本案引出的案件"),
    CaseLinkKind.SERVES: ("本案为该案件采取的措施", "为本案采取的措施"),
}


class CaseLink(BaseModel):
    """A link between two cases (关联案件, docs/decisions/0035): one case opened from another, or a compulsion
    measure, a case of its own procedure, serving the case it leads to. Made only by ``services.case_open``
    (``opened_from``) and ``services.case_link``, audited; never changed or deleted."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="links_out")
    other = models.ForeignKey(Case, verbose_name="关联案件", on_delete=models.PROTECT, related_name="links_in")
    kind = models.CharField("关联类别", max_length=20, choices=CaseLinkKind.choices)
    act = models.ForeignKey("Act", verbose_name="建立关联的执法行为", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+", help_text="由另一案件引出时：本案的开启行为（案源登记）。")
    reason = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="建立人", on_delete=models.PROTECT,
                                   related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "关联案件"
        verbose_name_plural = "关联案件"
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["case", "other"], name="case_link_unique_pair"),
                       models.CheckConstraint(condition=~Q(case=models.F("other")), name="case_link_not_self")]

    def __str__(self) -> str:
        return f"{self.case} → {self.other}（{self.get_kind_display()}）"


class Party(BaseModel):
    """当事人. The full ID number is stored; every page and list shows it masked (DESIGN §5.5)."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField("类别", max_length=20, choices=PartyKind.choices)
    name = models.CharField("名称或姓名", max_length=200)
    id_number = models.CharField("居民身份证号码", max_length=18, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative = models.CharField("法定代表人或负责人", max_length=50, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    address = models.CharField("住所或地址", max_length=300, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class ActQuerySet(RestrictedQuerySet):
    def update(self, **kwargs):
        raise TypeError("执法行为只能追加，不能修改。")

    def delete(self):
        raise TypeError("执法行为只能追加，不能删除。")


class Act(BaseModel):
    """One legal act of a case: who did what, when and where, chained to the act before it by hash.

    ``performed_at`` is when the act really happened; ``recorded_at`` when it was entered (they differ for paper
    cases entered afterwards, 办法 第22条). Never updated, never deleted: a correction is a new act whose
    ``corrects`` names the act it corrects and whose ``data`` holds the corrected fields and the reason.
    """

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="acts")
    seq = models.PositiveIntegerField("序号")
    code = models.CharField("行为代码", max_length=40)
    name = models.CharField("行为", max_length=60)
    performed_at = models.DateTimeField("实施时间")
    recorded_at = models.DateTimeField("录入时间")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="case_acts", help_text="空：平台自动记录。")
    officers = models.JSONField("执法人员", default=list, blank=True,
                                help_text="[{id, name, certificate}]：实施该行为的执法人员及其证件。")
    data = models.JSONField("内容", default=dict, blank=True)
    place = models.CharField("地点", max_length=300, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    corrects = models.ForeignKey("self", verbose_name="更正的行为", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections")
    back_entered = models.BooleanField("事后补录", default=False)
    entry_due = models.DateField("补录期限", null=True, blank=True)
    prev_hash = models.CharField("前一行为哈希", max_length=64, blank=True)
    hash = models.CharField("哈希", max_length=64)

    objects = ActQuerySet.as_manager()

    class Meta:
        verbose_name = "执法行为"
        verbose_name_plural = "执法行为"
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="act_seq_unique_per_case")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.name}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("执法行为只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("执法行为只能追加，不能删除。")

    def payload(self) -> dict:
        """What the hash covers, normalised so the value read back from either database hashes the same."""
        def moment(value):
            return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")

        def degrees(value):
            return None if value is None else f"{Decimal(str(value)):.6f}"

        return {
            "case": str(self.case_id), "seq": self.seq, "code": self.code,
            "performed_at": moment(self.performed_at), "recorded_at": moment(self.recorded_at),
            "actor": self.actor_id, "officers": self.officers, "data": self.data, "place": self.place,
            "latitude": degrees(self.latitude), "longitude": degrees(self.longitude),
            "corrects": None if self.corrects_id is None else str(self.corrects_id),
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        text = json.dumps(self.payload(), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EvidenceKind(models.TextChoices):
    """The eight kinds of evidence (处罚法 第四十六条第一款)."""

    DOCUMENTARY = "documentary", "书证"
    PHYSICAL = "physical", "物证"
    AUDIOVISUAL = "audiovisual", "视听资料"
    ELECTRONIC = "electronic", "电子数据"
    TESTIMONY = "testimony", "证人证言"
    STATEMENT = "statement", "当事人的陈述"
    EXPERT = "expert", "鉴定意见"
    RECORD = "record", "勘验笔录、现场笔录"


class Evidence(BaseModel):
    """A file collected as evidence: hashed on arrival and stored under its hash, never overwritten."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="evidence")
    act = models.ForeignKey(Act, verbose_name="登记行为", on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField("证据种类", max_length=20, choices=EvidenceKind.choices)
    title = models.CharField("名称", max_length=200)
    file = models.FileField("文件", upload_to="evidence/", max_length=300)
    original_name = models.CharField("原文件名", max_length=255, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=100)
    collected_at = models.DateTimeField("收集时间")
    collected_by = models.JSONField("收集人", default=list)
    place = models.CharField("收集地点", max_length=300, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = "证据"
        ordering = ["collected_at", "created_at"]

    def __str__(self) -> str:
        return self.title


class CaseDocument(BaseModel):
    """A document an act produced: its type, its number (文书文号) and the data it was rendered from, frozen at the
    act. The PDF is rendered from that snapshot on demand and kept with its hash."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="documents")
    act = models.ForeignKey(Act, verbose_name="产生行为", on_delete=models.PROTECT, related_name="documents")
    doc_type = models.CharField("文书种类", max_length=60)
    title = models.CharField("文书名称", max_length=100)
    number = models.CharField("文书文号", max_length=80, blank=True)
    context = models.JSONField("文书数据", default=dict)
    pdf = models.FileField("PDF", upload_to="documents/", max_length=300, blank=True)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "案件文书"
        verbose_name_plural = "案件文书"
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["number"], condition=~Q(number=""),
                                               name="case_document_number_unique")]

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()


class CaseDeadline(BaseModel):
    """A deadline of a case as the engine derives it from the log (a cache, rewritten with every act)."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="deadlines")
    key = models.CharField("键", max_length=60)
    rule = models.CharField("期限规则", max_length=60)
    name = models.CharField("期限", max_length=100)
    binds = models.CharField("约束对象", max_length=10)
    start = models.DateField("起算日")
    due_date = models.DateField("届满日", db_index=True)
    due_at = models.DateTimeField("届满时刻", null=True, blank=True)
    basis = models.CharField("依据", max_length=300)
    explanation = models.TextField("计算说明", blank=True)
    met_at = models.DateTimeField("完成时间", null=True, blank=True)
    open = models.BooleanField("未完成", default=True, db_index=True)
    provisional = models.BooleanField(
        "暂定", default=False, help_text="计算经过了节假日安排尚未录入的年度：暂按周末和法定节假日计算，录入后重新计算。")
    provisional_reason = models.CharField("暂定原因", max_length=300, blank=True)
    paused_since = models.DateField(
        "暂停计算自", null=True, blank=True,
        help_text="不计入该期限的期间（如听证、检测、鉴定）开始之日；恢复计算后届满日顺延，暂停期间不算逾期。")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "案件期限"
        verbose_name_plural = "案件期限"
        ordering = ["due_date"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="case_deadline_key_unique")]

    def __str__(self) -> str:
        return f"{self.name} {self.due_date}"


class DeadlineRevision(BaseModel):
    """A deadline of a case recomputed because the calendar of a year it was counted through provisionally was
    entered: old date → new date, with the rule and the reason. Deadlines are derived, so this is not an act of the
    case (its log of legal acts stays untouched, DESIGN §5.2); it is the case-visible, append-only record of what the
    recomputation changed, each written in the calendar's transaction together with its audit entry."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="deadline_revisions")
    key = models.CharField("键", max_length=60)
    rule = models.CharField("期限规则", max_length=60)
    name = models.CharField("期限", max_length=100)
    basis = models.CharField("依据", max_length=300)
    old_due = models.DateField("原届满日")
    new_due = models.DateField("新届满日")
    old_provisional = models.BooleanField("原为暂定", default=True)
    new_provisional = models.BooleanField("仍为暂定", default=False)
    reason = models.CharField("原因", max_length=300)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "期限重新计算记录"
        verbose_name_plural = "期限重新计算记录"
        ordering = ["created_at", "key"]

    def __str__(self) -> str:
        return f"{self.name} {self.old_due} → {self.new_due}"


class NumberSequence(models.Model):
    """The last number given out per body, kind (案号 or a kind of document) and year. Rows are locked by the
    allocating transaction, so numbers have no gaps and no duplicates (DESIGN §5.7)."""

    body = models.ForeignKey("org.EnforcementBody", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "编号序列"
        verbose_name_plural = "编号序列"
        constraints = [models.UniqueConstraint(fields=["body", "kind", "year"], name="number_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class IdempotencyKey(models.Model):
    """An ``Idempotency-Key`` a user sent with a case POST (DESIGN §9), unique per user. The row is inserted first in
    the act's own transaction, so of several requests carrying one key exactly one records its act; the others wait
    for it on the unique index and then replay its result, or are refused when their request differs
    (``fingerprint``). A request that fails leaves no row, so it can be retried with the same key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField("请求摘要", max_length=64, help_text="SHA-256 of the request as the service saw it")
    case = models.ForeignKey(Case, null=True, on_delete=models.CASCADE, related_name="+")
    act = models.ForeignKey(Act, null=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "幂等键"
        verbose_name_plural = "幂等键"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self) -> str:
        return self.key


class CaseSetting(BaseModel):
    """A figure the law leaves to the province or the sector (LEGAL.md "Not confirmed"): an administrator sets it;
    ``config.DEFAULTS`` holds the shipped default, its unit and the article that leaves it open."""

    code = models.CharField("代码", max_length=60, unique=True)
    value = models.DecimalField("数值", max_digits=14, decimal_places=2)
    note = models.CharField("依据或说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "办案参数"
        verbose_name_plural = "办案参数"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} = {self.value}"


class EmailDeliveryStatus(models.TextChoices):
    QUEUED = "queued", "待发送"
    SENDING = "sending", "发送中"
    ACCEPTED = "accepted", "邮件服务器已接收"
    TEMP_FAILED = "temp_failed", "暂时失败，等待重试"
    FAILED = "failed", "发送失败"
    BOUNCED = "bounced", "被退回"


class EmailDelivery(BaseModel):
    """One e-mail service of a case document (处罚法 第六十一条第二款; 办法 第三十条; docs/decisions/0012): created
    with the ``send_by_email`` act, sent by ``email_service.deliver``. Unlike an act it changes as the sending goes on
    (queued → sending → accepted, or temporary failures retried, then failed; accepted → bounced); every attempt is
    appended to ``attempts_log`` and never removed. The legal record is in the case's log: the ``send_by_email`` act,
    and, once the recipient's server accepted the message, ``record_email_service`` (the service date) and, on a
    bounce, ``record_email_bounce``."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="email_deliveries")
    act = models.ForeignKey(Act, verbose_name="电子送达行为", on_delete=models.PROTECT, related_name="email_deliveries")
    document = models.ForeignKey(CaseDocument, verbose_name="送达的文书", on_delete=models.PROTECT,
                                 related_name="email_deliveries")
    address = models.EmailField("收件地址", max_length=254)
    message_id = models.CharField("Message-ID", max_length=255, unique=True)
    status = models.CharField("状态", max_length=20, choices=EmailDeliveryStatus.choices,
                              default=EmailDeliveryStatus.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间", null=True, blank=True, db_index=True)
    last_attempt_at = models.DateTimeField("最近尝试时间", null=True, blank=True)
    last_error = models.TextField("最近的错误", blank=True)
    smtp_response = models.TextField("邮件服务器答复", blank=True)
    accepted_at = models.DateTimeField("邮件服务器接收时间", null=True, blank=True)
    failed_at = models.DateTimeField("确定失败时间", null=True, blank=True)
    bounced_at = models.DateTimeField("退信时间", null=True, blank=True)
    bounce_reason = models.TextField("退信原因", blank=True)
    attempts_log = models.JSONField("发送记录", default=list, blank=True,
                                    help_text="[{at, outcome, code, reply}]：每次尝试一条，只追加。")
    service_act = models.ForeignKey(Act, verbose_name="送达记录行为", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    bounce_act = models.ForeignKey(Act, verbose_name="退信记录行为", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "电子送达"
        verbose_name_plural = "电子送达"
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.address} {self.get_status_display()}"

    @property
    def needs_attention(self) -> bool:
        """The officer must serve another way (or have the record completed)."""
        return self.status in (EmailDeliveryStatus.FAILED, EmailDeliveryStatus.BOUNCED) or (
            self.status == EmailDeliveryStatus.ACCEPTED and self.service_act_id is None)


def _email_delivery_for_act(sender, instance, created, raw=False, **kwargs):
    """A ``send_by_email`` act begets its delivery row in the act's own transaction, whichever door the act came in
    by (page, API, service), and the sending is queued when that transaction commits."""
    from .procedures.email_acts import SEND_BY_EMAIL

    if created and not raw and instance.code == SEND_BY_EMAIL:
        from .email_service import delivery_for_act

        delivery_for_act(instance)


models.signals.post_save.connect(_email_delivery_for_act, sender=Act, dispatch_uid="cases.email_delivery_for_act")


class PauseKind(models.TextChoices):
    """Periods a rule may leave out of the decision period (处罚法 第六十条 “法律、法规、规章另有规定的，从其规定”)."""

    SUSPENSION = "suspension", "案件中止"
    HEARING = "hearing", "听证"
    ANNOUNCEMENT = "announcement", "公告"
    TESTING = "testing", "检测"
    INSPECTION = "inspection", "检验"
    QUARANTINE = "quarantine", "检疫"
    APPRAISAL = "appraisal", "鉴定"
    IDENTIFICATION = "identification", "权利人辨认或者鉴别"
    REFUND = "refund", "责令退还多收价款"


class ExtensionApprover(models.TextChoices):
    HEAD = "head", "行政机关负责人批准"
    COLLECTIVE = "collective", "行政机关负责人集体讨论决定"


class DecisionPeriodRule(BaseModel):
    """The rule of a domain that departs from the 90 days of 处罚法 第六十条 (“法律、法规、规章另有规定的，从其
    规定”): how long the decision period may be extended in all, who approves, and which periods do not count. One per
    domain; a domain without one cannot extend. Kept by the province's administrator only (docs/decisions/0026)."""

    domain = models.OneToOneField("org.Domain", verbose_name="执法领域", on_delete=models.PROTECT,
                                  related_name="decision_period_rule")
    basis = models.CharField("依据（法律、法规、规章的条款）", max_length=300)
    max_extension_days = models.PositiveSmallIntegerField("延长期限上限（日，累计）")
    approver = models.CharField("批准延长", max_length=20, choices=ExtensionApprover.choices,
                                default=ExtensionApprover.HEAD)
    paused_kinds = models.JSONField("不计入办案期限的期间", default=list, blank=True,
                                    help_text="可选：" + "、".join(f"{v}={label}" for v, label in PauseKind.choices))
    confirmed = models.BooleanField("依据已经确认", default=False,
                                    help_text="未经确认的规则按“未经确认，可设置”显示。")
    active = models.BooleanField("有效", default=True)
    note = models.CharField("说明", max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "办案期限延长规则"
        verbose_name_plural = "办案期限延长规则"
        ordering = ["domain"]

    def __str__(self) -> str:
        return f"{self.domain_id}：{self.basis}"

    @property
    def basis_label(self) -> str:
        return self.basis if self.confirmed else f"{self.basis}（未经确认，可设置）"

    @property
    def paused_labels(self) -> list[str]:
        return [PauseKind(k).label for k in self.paused_kinds or [] if k in PauseKind.values]
