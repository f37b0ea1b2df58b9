"""E-mail service of case documents (处罚法 第六十一条第二款; 办法 第三十条; docs/decisions/0012).

The officer records ``send_by_email`` (refused without the party's consent in a 送达地址确认书); that act begets an
``EmailDelivery`` row in its own transaction and the sending is queued when it commits. ``deliver`` sends the sealed
PDF to the configured SMTP server and records what the server answered:

- 250 to DATA: the message is accepted. The moment of that reply is the service time: the delivery is marked
  accepted and, in the same transaction, the platform records ``record_email_service`` (performed at that moment,
  ``served_on`` its date), which starts the party's periods exactly as ``serve`` does.
- 4xx, a refused or broken connection, a server we cannot log in to: a temporary failure, retried after 1, 2, 4 …
  minutes (``YZF_SMTP_RETRY_MINUTES``) until ``YZF_SMTP_MAX_ATTEMPTS``, then failed.
- 5xx to the sender, the recipient or the message: a permanent failure. Nothing is served; the case page tells the
  officer to serve another way.

``record_bounce`` records a bounce reported later; after the service was recorded it records ``record_email_bounce``,
which voids that service. Every attempt is appended to the delivery's ``attempts_log``; a delivery once accepted is
never sent again, however often its task runs.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, make_msgid, parseaddr

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError

from .engine import local_date
from .models import Act, CaseDocument, EmailDelivery
from .models import EmailDeliveryStatus as Status
from .procedures.email_acts import RECORD_EMAIL_BOUNCE, RECORD_EMAIL_SERVICE

logger = logging.getLogger(__name__)

# A claim older than this whose outcome was never recorded (the worker died mid-exchange) is tried again, with the
# same Message-ID so that a receiving system can recognise a duplicate.
STALE_CLAIM = datetime.timedelta(minutes=15)
MAX_BACKOFF = datetime.timedelta(hours=12)


def clock() -> datetime.datetime:
    """The platform's clock (tests shift it to give the service a known date)."""
    return timezone.now()


# --- configuration -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    user: str
    password: str
    starttls: bool
    use_ssl: bool
    sender: str
    timeout: float
    max_attempts: int
    retry_minutes: float

    @classmethod
    def from_settings(cls) -> SmtpConfig:
        return cls(host=settings.YZF_SMTP_HOST, port=int(settings.YZF_SMTP_PORT), user=settings.YZF_SMTP_USER,
                   password=settings.YZF_SMTP_PASSWORD, starttls=bool(settings.YZF_SMTP_STARTTLS),
                   use_ssl=bool(settings.YZF_SMTP_SSL), sender=settings.YZF_SMTP_FROM,
                   timeout=float(settings.YZF_SMTP_TIMEOUT), max_attempts=max(int(settings.YZF_SMTP_MAX_ATTEMPTS), 1),
                   retry_minutes=float(settings.YZF_SMTP_RETRY_MINUTES))

    @property
    def sender_address(self) -> str:
        return parseaddr(self.sender)[1]

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def backoff(self, attempts: int) -> datetime.timedelta:
        """After the ``attempts``-th failed attempt: 1, 2, 4, 8 … times the base, at most 12 hours."""
        delay = datetime.timedelta(minutes=self.retry_minutes * 2 ** max(attempts - 1, 0))
        return min(delay, MAX_BACKOFF)


def _message_id_domain() -> str:
    address = parseaddr(settings.YZF_SMTP_FROM)[1]
    return address.rpartition("@")[2] or "yuezhifa.invalid"


# --- the rules the acts call (procedures.penalty) -------------------------------------------------------------------


def open_delivery_problem(case, document: str) -> str | None:
    """Refuse a second e-mail of a document already accepted (and not bounced) or still being sent: the latest
    document of the kind (a new advance notice, 重新告知, is a new document to serve)."""
    latest = (CaseDocument.objects.filter(case=case, doc_type=document).order_by("-act__seq", "-created_at")
              .values_list("pk", flat=True).first())
    busy = (EmailDelivery.objects.filter(case=case, document_id=latest)
            .exclude(status__in=(Status.FAILED, Status.BOUNCED)).first())
    if busy is None:
        return None
    if busy.status == Status.ACCEPTED:
        return f"该文书已于{timezone.localtime(busy.accepted_at):%Y-%m-%d %H:%M}以电子邮件送达{busy.address}。"
    return f"该文书正在以电子邮件发送到{busy.address}（{busy.get_status_display()}），请等待发送结果。"


def seal_problem(case) -> str | None:
    from yuezhifa.seals.services import active_seal

    if active_seal(case.body) is None:
        return f"{case.body.name}尚无有效的电子印章，文书不能加盖电子印章，不能以电子邮件送达。"
    return None


def pending_record(case, kind: str) -> EmailDelivery | None:
    """The delivery whose acceptance (``service``) or bounce (``bounce``) is not yet in the case's log."""
    if kind == "service":
        qs = EmailDelivery.objects.filter(case=case, status=Status.ACCEPTED, service_act__isnull=True)
    else:
        qs = EmailDelivery.objects.filter(case=case, status=Status.BOUNCED, service_act__isnull=False,
                                          bounce_act__isnull=True)
    return qs.order_by("created_at").first()


def _delivery_of(log, data) -> EmailDelivery | None:
    return (EmailDelivery.objects.filter(pk=data.get("delivery"), case=log.case)
            .select_related("document", "act", "service_act").first())


def record_problem(log, data, kind: str) -> str | None:
    delivery = _delivery_of(log, data)
    if delivery is None:
        return "本案没有该电子送达记录。"
    if kind == "service":
        if delivery.service_act_id:
            return "该电子送达已经记录。"
        if delivery.status != Status.ACCEPTED or delivery.accepted_at is None:
            return f"该邮件未被邮件服务器接收（{delivery.get_status_display()}），不能记录送达。"
        if abs(log.as_of - delivery.accepted_at) > datetime.timedelta(minutes=1):
            return (f"实施时间应当为邮件服务器接收邮件的时间"
                    f"（{timezone.localtime(delivery.accepted_at):%Y-%m-%d %H:%M:%S}）。")
        return None
    if delivery.status != Status.BOUNCED or delivery.service_act_id is None:
        return "该邮件没有在记录送达后被退回。"
    if delivery.bounce_act_id:
        return "该退信已经记录。"
    return None


def act_facts(log, data, kind: str) -> dict:
    """What the e-mail acts keep in the log beside their fields (and so under the act's hash)."""
    from .procedures.penalty_facts import email_consent

    if kind == "send":
        consent = email_consent(log)
        document = (CaseDocument.objects.filter(case=log.case, doc_type=data["document"])
                    .order_by("-act__seq", "-created_at").first())
        if document is None:
            raise DomainError("找不到要送达的文书。", field="document")
        return {"address": consent.get("email"), "recipient": consent.get("recipient") or log.party.get("name", ""),
                "confirmation_seq": consent.seq, "document_id": str(document.pk), "document_title": document.title,
                "document_number": document.number,
                "message_id": make_msgid(idstring="yzf", domain=_message_id_domain())}
    delivery = _delivery_of(log, data)
    facts = {"delivery": str(delivery.pk), "document": delivery.document.doc_type,
             "document_title": delivery.document.title, "document_number": delivery.document.number,
             "address": delivery.address, "message_id": delivery.message_id, "send_seq": delivery.act.seq}
    if kind == "service":
        facts.update({"method": "email", "served_on": local_date(delivery.accepted_at).isoformat(),
                      "accepted_at": delivery.accepted_at.isoformat(), "smtp_response": delivery.smtp_response})
    else:
        facts.update({"service_seq": delivery.service_act.seq, "bounced_at": delivery.bounced_at.isoformat()})
    return facts


def delivery_for_act(act: Act) -> EmailDelivery:
    """Called in the ``send_by_email`` act's transaction (models' post_save): the delivery row, and its first send
    queued for when the transaction commits (so a refused act sends nothing)."""
    data = act.data
    delivery = EmailDelivery.objects.create(
        case_id=act.case_id, act=act, document_id=data["document_id"], address=data["address"],
        message_id=data["message_id"], status=Status.QUEUED, next_attempt_at=clock())
    transaction.on_commit(lambda: enqueue(delivery.pk))
    return delivery


def enqueue(delivery_id, eta: datetime.datetime | None = None) -> None:
    from .tasks import send_email_delivery

    if eta is None:
        send_email_delivery(str(delivery_id))
    else:
        send_email_delivery.schedule(args=(str(delivery_id),), eta=eta)


# --- the message ------------------------------------------------------------------------------------------------


def build_message(delivery: EmailDelivery, pdf: bytes, config: SmtpConfig) -> EmailMessage:
    """The e-mail: the issuing body as sender, a Chinese subject and text naming the body, the case and the
    document, and the sealed PDF attached."""
    case, document = delivery.case, delivery.document
    body = case.body
    number = f"（{document.number}）" if document.number else ""
    recipient = delivery.act.data.get("recipient") or "当事人"
    message = EmailMessage(policy=SMTP_POLICY)
    local, _, domain = config.sender_address.rpartition("@")
    message["From"] = Address(display_name=body.name, username=local, domain=domain)
    message["To"] = delivery.address
    message["Subject"] = f"{body.name}送达{document.title}{number}"
    message["Date"] = format_datetime(timezone.localtime(clock()))
    message["Message-ID"] = delivery.message_id
    message["Auto-Submitted"] = "auto-generated"
    contact = "；".join(part for part in (f"电话 {body.phone}" if body.phone else "",
                                         f"地址 {body.address}" if body.address else "") if part)
    message.set_content("\n".join([
        f"{recipient}：",
        "",
        f"{body.name}依照《中华人民共和国行政处罚法》第六十一条第二款的规定及您签署的送达地址确认书，"
        f"以电子邮件方式向您送达{document.title}{number}（案号：{case.number or '—'}），文书见附件（PDF 文件"
        + (f"，已加盖{body.name}电子印章，可以用通用的 PDF 阅读软件验证）。" if b"/ByteRange" in pdf else "）。"),
        "",
        "本邮件到达您的电子邮箱之日为送达之日，文书所载的期限自该日起计算。",
        "",
        f"如有疑问，请与{body.name}联系" + (f"（{contact}）" if contact else "") + "。",
        "本邮件由广东省一体化行政执法平台自动发送。",
    ]))
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"{document.title}{number}.pdf")
    return message


# --- the SMTP exchange ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    kind: str  # accepted / temporary / permanent
    message: str  # in Chinese, for the officer
    code: int | None = None
    reply: str = ""
    at: datetime.datetime | None = None


def _reply(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value or "")


def _refused(stage: str, code: int, reply) -> Outcome:
    text = f"{code} {_reply(reply)}".strip()
    if 400 <= code < 500:
        return Outcome("temporary", f"邮件服务器暂时拒绝{stage}（{text}），稍后自动重试。", code, _reply(reply))
    return Outcome("permanent", f"邮件服务器拒绝{stage}（{text}），邮件未能送达，请以其他方式送达。", code, _reply(reply))


def _network(config: SmtpConfig, exc: BaseException) -> Outcome:
    where = config.where
    if isinstance(exc, ConnectionRefusedError):
        text = f"无法连接邮件服务器 {where}：连接被拒绝（服务器未运行或者端口不对）"
    elif isinstance(exc, socket.gaierror):
        text = f"无法解析邮件服务器地址 {config.host}"
    elif isinstance(exc, TimeoutError):
        text = f"连接邮件服务器 {where} 超时"
    elif isinstance(exc, smtplib.SMTPServerDisconnected):
        text = f"邮件服务器 {where} 中途断开了连接"
    elif isinstance(exc, ssl.SSLError):
        text = f"与邮件服务器 {where} 建立加密连接失败（{exc}）"
    elif isinstance(exc, smtplib.SMTPNotSupportedError):
        text = f"邮件服务器 {where} 不支持所需的功能（{exc}），请系统管理员检查 YZF_SMTP_STARTTLS 等设置"
    elif isinstance(exc, smtplib.SMTPAuthenticationError):
        text = (f"邮件服务器 {where} 拒绝登录（{exc.smtp_code} {_reply(exc.smtp_error)}），"
                "请系统管理员检查 YZF_SMTP_USER、YZF_SMTP_PASSWORD")
    elif isinstance(exc, smtplib.SMTPResponseException):
        text = f"邮件服务器 {where} 拒绝了会话（{exc.smtp_code} {_reply(exc.smtp_error)}）"
    else:
        text = f"与邮件服务器 {where} 通信失败（{getattr(exc, 'strerror', None) or exc}）"
    return Outcome("temporary", text + "，稍后自动重试。", getattr(exc, "smtp_code", None),
                   _reply(getattr(exc, "smtp_error", "")))


def exchange(config: SmtpConfig, address: str, message: EmailMessage) -> Outcome:
    """One SMTP session. The moment the server answers 250 to the message's DATA is taken, from this side, as the
    moment the message was accepted. Only the recipient or the message being refused with 5xx is permanent: a
    server we cannot reach, or log in to, is a matter for retrying (and for the administrator)."""
    if not config.host:
        return Outcome("temporary", "未配置发送邮件的服务器（环境变量 YZF_SMTP_HOST），请联系系统管理员；稍后自动重试。")
    if not config.sender_address or "@" not in config.sender_address:
        return Outcome("temporary", "未配置发件地址（环境变量 YZF_SMTP_FROM），请联系系统管理员；稍后自动重试。")
    payload = message.as_bytes()
    smtp = None
    try:
        if config.use_ssl:
            smtp = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout,
                                    context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        smtp.ehlo_or_helo_if_needed()
        if config.starttls:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if config.user:
            smtp.login(config.user, config.password)
        code, reply = smtp.mail(config.sender_address)
        if code != 250:
            return _refused("发件人", code, reply)
        code, reply = smtp.rcpt(address)
        if code not in (250, 251):
            return _refused(f"收件人 {address}", code, reply)
        code, reply = smtp.data(payload)
        at = clock()
        if code != 250:
            return _refused("邮件", code, reply)
        return Outcome("accepted", f"邮件服务器已接收（{code} {_reply(reply)}）。", code, _reply(reply), at)
    except smtplib.SMTPDataError as exc:  # DATA itself refused (no 354)
        return _refused("邮件", exc.smtp_code, exc.smtp_error)
    except (OSError, smtplib.SMTPException) as exc:
        return _network(config, exc)
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()


# --- delivering --------------------------------------------------------------------------------------------------


def _log_entry(at: datetime.datetime, outcome: str, message: str, code=None, reply: str = "") -> dict:
    return {"at": at.isoformat(), "outcome": outcome, "code": code, "reply": reply[:1000], "message": message}


def _claim(delivery_id) -> EmailDelivery | None:
    """Take the delivery for one attempt (locked, then committed as ``sending`` before anything is sent): only a
    queued or temporarily failed delivery, or one whose earlier claim went stale, is taken."""
    now = clock()
    with transaction.atomic():
        delivery = EmailDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            return None
        stale = delivery.status == Status.SENDING and (delivery.last_attempt_at is None
                                                       or now - delivery.last_attempt_at > STALE_CLAIM)
        if delivery.status not in (Status.QUEUED, Status.TEMP_FAILED) and not stale:
            return None
        if stale:
            delivery.attempts_log = [*delivery.attempts_log,
                                     _log_entry(now, "unknown", "上次发送的结果不明（发送进程中断），以相同 Message-ID 重新发送。")]
        delivery.status = Status.SENDING
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.save(update_fields=["status", "attempts", "last_attempt_at", "attempts_log", "updated_at"])
    return delivery


def deliver(delivery_id) -> EmailDelivery | None:
    """One attempt at sending the delivery; returns it as it stands afterwards. Safe to call any number of times:
    an accepted, failed or bounced delivery (or one another worker is sending) is left alone."""
    from .services import document_pdf

    delivery = _claim(delivery_id)
    if delivery is None:
        return EmailDelivery.objects.filter(pk=delivery_id).first()
    config = SmtpConfig.from_settings()
    delivery = (EmailDelivery.objects.select_related("case__body", "document", "act").get(pk=delivery.pk))
    try:
        pdf = document_pdf(delivery.document)
        message = build_message(delivery, pdf, config)
    except Exception as exc:  # rendering or sealing failed: nothing was sent, try again later
        logger.exception("e-mail service %s: the document could not be prepared", delivery.pk)
        detail = exc.message if isinstance(exc, DomainError) else str(exc) or exc.__class__.__name__
        outcome = Outcome("temporary", f"文书 PDF 生成或签章失败（{detail}），稍后自动重试。")
    else:
        outcome = exchange(config, delivery.address, message)
    logger.info("e-mail service %s to %s: %s %s %s", delivery.pk, delivery.address, outcome.kind, outcome.code,
                outcome.reply)
    return _settle(delivery.pk, outcome, config)


def _settle(delivery_id, outcome: Outcome, config: SmtpConfig) -> EmailDelivery:
    now = outcome.at or clock()
    retry_at = None
    with transaction.atomic():
        delivery = EmailDelivery.objects.select_for_update().get(pk=delivery_id)
        entry = _log_entry(now, outcome.kind, outcome.message, outcome.code, outcome.reply)
        delivery.attempts_log = [*delivery.attempts_log, entry]
        delivery.smtp_response = f"{outcome.code or ''} {outcome.reply}".strip()
        if outcome.kind == "accepted":
            delivery.status, delivery.accepted_at = Status.ACCEPTED, outcome.at
            delivery.last_error, delivery.next_attempt_at = "", None
        elif outcome.kind == "temporary" and delivery.attempts < config.max_attempts:
            delivery.status, delivery.last_error = Status.TEMP_FAILED, outcome.message
            delivery.next_attempt_at = retry_at = now + config.backoff(delivery.attempts)
        else:
            delivery.status, delivery.failed_at, delivery.next_attempt_at = Status.FAILED, now, None
            delivery.last_error = (outcome.message if outcome.kind == "permanent" else
                                   f"已尝试 {delivery.attempts} 次仍未成功，不再重试，请以其他方式送达。最后一次：{outcome.message}")
        delivery.save()
        audit_record(actor=SYSTEM, action=f"case.email.{delivery.status}", obj=delivery,
                     after={"attempt": delivery.attempts, "code": outcome.code, "message": outcome.message[:300]})
        if outcome.kind == "accepted":
            _record_service(delivery)
    if retry_at is not None:
        transaction.on_commit(lambda: enqueue(delivery_id, eta=retry_at))
    return delivery


def _record_service(delivery: EmailDelivery) -> None:
    """The service act, performed by the platform at the moment of acceptance (inside the caller's transaction).
    When the case refuses it (closed meanwhile …), the acceptance stays recorded on the delivery and the reason is
    shown, so the officer can record it (``record_email_service``) or serve another way."""
    from .services import act_perform

    try:
        act = act_perform(actor=SYSTEM, case=delivery.case, code=RECORD_EMAIL_SERVICE,
                          data={"delivery": str(delivery.pk)}, performed_at=delivery.accepted_at)
    except Exception as exc:  # the act's own savepoint is rolled back; the acceptance must not be
        logger.warning("e-mail service %s accepted but not recorded: %s", delivery.pk, exc, exc_info=True)
        detail = exc.message if isinstance(exc, DomainError) else "系统错误，请联系系统管理员"
        delivery.last_error = f"邮件已被接收，但送达记录未能写入案件：{detail}"
        delivery.save(update_fields=["last_error", "updated_at"])
        return
    delivery.service_act = act
    delivery.save(update_fields=["service_act", "updated_at"])


def record_service(delivery_id) -> EmailDelivery:
    """Record the service of an accepted delivery whose automatic recording did not happen (idempotent)."""
    with transaction.atomic():
        delivery = EmailDelivery.objects.select_for_update().select_related("case").get(pk=delivery_id)
        if delivery.status == Status.ACCEPTED and delivery.service_act_id is None:
            _record_service(delivery)
    return delivery


def _normalise_message_id(message_id: str) -> str:
    value = (message_id or "").strip()
    return value if value.startswith("<") else f"<{value}>"


def record_bounce(message_id: str, reason: str, *, at: datetime.datetime | None = None) -> EmailDelivery:
    """A bounce (non-delivery report) of the message ``message_id``: the delivery is marked bounced and, when its
    service was already recorded, ``record_email_bounce`` voids that service in the case's log (0012 §4). The bounce
    is kept on the delivery even when the case refuses the act. Recording the same bounce twice changes nothing."""
    at = at or clock()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写退信原因。", field="reason")
    with transaction.atomic():
        delivery = (EmailDelivery.objects.select_for_update()
                    .filter(message_id=_normalise_message_id(message_id)).first())
        if delivery is None:
            raise DomainError(f"没有 Message-ID 为 {message_id} 的电子送达。", field="message_id")
        if delivery.status == Status.BOUNCED:
            return delivery
        if delivery.status != Status.ACCEPTED:
            raise DomainError(f"该邮件未被邮件服务器接收（{delivery.get_status_display()}），不是退信。",
                              field="message_id")
        delivery.status, delivery.bounced_at, delivery.bounce_reason = Status.BOUNCED, at, reason[:2000]
        delivery.attempts_log = [*delivery.attempts_log, _log_entry(at, "bounced", reason[:1000])]
        delivery.save()
        audit_record(actor=SYSTEM, action="case.email.bounced", obj=delivery, after={"reason": reason[:300]})
        if delivery.service_act_id:
            from .services import act_perform

            try:
                act = act_perform(actor=SYSTEM, case=delivery.case, code=RECORD_EMAIL_BOUNCE,
                                  data={"delivery": str(delivery.pk), "reason": reason[:2000]}, performed_at=at)
            except DomainError as exc:
                delivery.last_error = f"退信未能记入案件：{exc.message}"
                delivery.save(update_fields=["last_error", "updated_at"])
            else:
                delivery.bounce_act = act
                delivery.save(update_fields=["bounce_act", "updated_at"])
    return delivery


def due_deliveries(now: datetime.datetime | None = None) -> list:
    """Deliveries a sweep should try now: queued or temporarily failed ones whose time has come, and claims gone
    stale (the periodic task catches any whose queued task was lost)."""
    from django.db.models import Q

    now = now or clock()
    ready = Q(status__in=(Status.QUEUED, Status.TEMP_FAILED), next_attempt_at__lte=now)
    stale = Q(status=Status.SENDING, last_attempt_at__lt=now - STALE_CLAIM)
    return list(EmailDelivery.objects.filter(ready | stale).order_by("next_attempt_at").values_list("pk", flat=True))
