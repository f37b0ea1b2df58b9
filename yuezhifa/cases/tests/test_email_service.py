"""E-mail service of case documents (处罚法 第六十一条第二款; 办法 第三十条; docs/decisions/0012), against a real SMTP
server (aiosmtpd) listening on 127.0.0.1 at a free port, started and stopped by each test.

The platform's clock is shifted so that the message is accepted on 2026-10-20 (a Tuesday) at about 10:00, and the
periods can be checked against dates worked out by hand: payment 15 days → 2026-11-04; review 60 days → 2026-12-19, a
Saturday, moved to Monday 2026-12-21."""

import datetime
import email
import socket
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError
from yuezhifa.seals import services as seal_services

from .. import email_service
from ..models import Act, EmailDelivery, EmailDeliveryStatus
from .conftest import at
from .test_penalty_procedures import PENALTIES, notify

D = datetime.date
pytestmark = pytest.mark.django_db
ADDRESS = "liangwenbin@hesheng-trade.cn"
ACCEPTED_AT = at("2026-10-20 10:00")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Handler:
    """A recipient's mail server: answers RCPT and DATA from a script, keeps what it accepted and when (real time,
    taken just before answering 250)."""

    def __init__(self):
        self.rcpt_replies: list[str] = []
        self.data_replies: list[str] = []
        self.messages = []
        self.accepted_at: list[datetime.datetime] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_replies:
            return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        if self.data_replies:
            return self.data_replies.pop(0)
        self.messages.append(envelope)
        self.accepted_at.append(timezone.now())
        return f"250 2.0.0 Ok: queued as YZF{len(self.messages)}"


@pytest.fixture
def smtp_server(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.YZF_SMTP_HOST = "127.0.0.1"
        settings.YZF_SMTP_PORT = controller.port
        settings.YZF_SMTP_FROM = "广州市天河区市场监督管理局 <songda@thsjj.gz.gov.cn>"
        settings.YZF_SMTP_STARTTLS = False
        settings.YZF_SMTP_SSL = False
        settings.YZF_SMTP_USER = ""
        settings.YZF_SMTP_RETRY_MINUTES = 1
        settings.YZF_SMTP_MAX_ATTEMPTS = 5
        settings.YZF_SMTP_TIMEOUT = 10
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def shifted_clock(monkeypatch):
    """The platform's clock runs from 2026-10-20 10:00; returns the shift (real − platform)."""
    shift = timezone.now() - ACCEPTED_AT
    monkeypatch.setattr(email_service, "clock", lambda: timezone.now() - shift)
    return shift


@pytest.fixture
def sealed(world):
    seal_services.seal_create_demo_ca(actor=SYSTEM)
    seal_services.seal_issue_for_body(actor=SYSTEM, body=world["body"])


@pytest.fixture
def immediate_huey():
    before = HUEY.immediate
    HUEY.immediate = True
    try:
        yield HUEY
    finally:
        HUEY.immediate = before


def decided(run):
    """A general-procedure case decided on 2026-10-16 (75,000 yuan), not yet served."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-09-29 16:00", "2026-09-29")
    run.act("record_statement", "2026-09-30 09:00", waived=True)
    run.act("decide", "2026-10-16 09:00", user="head", penalties=PENALTIES)


def confirm(run, when="2026-10-16 10:00", **data):
    fields = {"consent": True, "email": ADDRESS, "postal_address": "广州市天河区棠下荷光路86号首层",
              "signed_on": at(when).date().isoformat(), "recipient": "广州禾盛商贸有限公司", **data}
    return run.act("confirm_service_address", when, **fields)


def send(run, when="2026-10-20 09:50", document="penalty_decision", **kwargs):
    return run.act("send_by_email", when, document=document, **kwargs)


def failed_at(delivery) -> datetime.datetime:
    return datetime.datetime.fromisoformat(delivery.attempts_log[-1]["at"])


def due(run) -> dict:
    return {d.key: d.due_date for d in run.deadlines().values() if d.open}


def test_service_date_is_when_the_server_accepted_the_message_and_the_periods_run_from_it(
        run, world, sealed, smtp_server, shifted_clock, immediate_huey, django_capture_on_commit_callbacks):
    """处罚法 第六十一条第二款: the sealed decision is e-mailed to the confirmed address; the 250 to DATA is the service,
    recorded by the platform at that moment; payment (第六十七条第三款) and remedies run from that date."""
    decided(run)
    confirm(run)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send(run)  # the act commits; its callback runs the task (huey in immediate mode), which sends
    assert len(callbacks) == 1
    delivery = EmailDelivery.objects.get(case=run.case)
    assert delivery.status == EmailDeliveryStatus.ACCEPTED and delivery.attempts == 1
    # accepted_at is the moment of the server's 250, as seen from this side of the exchange
    real_accepted = delivery.accepted_at + shifted_clock
    assert smtp_server.accepted_at[0] <= real_accepted <= smtp_server.accepted_at[0] + datetime.timedelta(seconds=5)
    assert "queued as YZF1" in delivery.smtp_response and delivery.smtp_response.startswith("250")

    received = smtp_server.messages[0]
    assert received.rcpt_tos == [ADDRESS] and received.mail_from == "songda@thsjj.gz.gov.cn"
    message = email.message_from_bytes(received.original_content, policy=default_policy)
    assert message["Message-ID"] == delivery.message_id
    assert message["Subject"] == "广州市天河区市场监督管理局送达行政处罚决定书（穗天市监罚〔2026〕1号）"
    text = message.get_body(("plain",)).get_content()
    assert "穗天市监立〔2026〕1号" in text and "第六十一条第二款" in text and "广州禾盛商贸有限公司" in text
    assert "已加盖广州市天河区市场监督管理局电子印章" in text
    (attachment,) = list(message.iter_attachments())
    pdf = attachment.get_content()
    assert attachment.get_filename() == "行政处罚决定书（穗天市监罚〔2026〕1号）.pdf"
    assert pdf[:4] == b"%PDF" and b"/ByteRange" in pdf  # sealed (办法 第二十七条)

    service = Act.objects.get(case=run.case, code="record_email_service")
    assert service.actor is None and service.data["actor_name"] == "系统"
    assert service.performed_at == delivery.accepted_at and delivery.service_act == service
    assert service.data["served_on"] == "2026-10-20" and service.data["method"] == "email"
    assert service.data["address"] == ADDRESS and service.data["message_id"] == delivery.message_id
    dates = due(run)
    assert dates["penalty.pay"] == D(2026, 11, 4)
    assert dates["remedy.review"] == D(2026, 12, 21)
    assert "penalty.serve" not in dates  # the decision is served
    assert run.refresh().stage == "execution"

    # a task run again (a duplicate, a sweep) never sends twice
    assert email_service.deliver(delivery.pk).status == EmailDeliveryStatus.ACCEPTED
    assert len(smtp_server.messages) == 1 and EmailDelivery.objects.get(pk=delivery.pk).attempts == 1
    with pytest.raises(DomainError, match="该决定书已经送达"):
        send(run, "2026-10-20 10:30")


def test_temporary_failures_are_retried_with_backoff_then_the_message_is_accepted(
        run, world, sealed, smtp_server, shifted_clock, django_capture_on_commit_callbacks):
    decided(run)
    confirm(run)
    with django_capture_on_commit_callbacks() as queued:
        send(run)
    assert len(queued) == 1  # the first send, queued for when the act commits
    delivery = EmailDelivery.objects.get(case=run.case)
    assert delivery.status == EmailDeliveryStatus.QUEUED

    smtp_server.data_replies = ["451 4.3.0 Mailbox temporarily unavailable", "421 4.7.0 Try again later"]
    with django_capture_on_commit_callbacks() as retries:
        first = email_service.deliver(delivery.pk)
    assert first.status == EmailDeliveryStatus.TEMP_FAILED and len(retries) == 1
    assert "暂时拒绝" in first.last_error and "451" in first.last_error
    assert first.next_attempt_at - failed_at(first) == datetime.timedelta(minutes=1)
    assert not Act.objects.filter(case=run.case, code="record_email_service").exists()
    assert delivery.pk not in email_service.due_deliveries(email_service.clock())
    assert delivery.pk in email_service.due_deliveries(email_service.clock() + datetime.timedelta(minutes=1))

    second = email_service.deliver(delivery.pk)
    assert second.status == EmailDeliveryStatus.TEMP_FAILED
    assert second.next_attempt_at - failed_at(second) == datetime.timedelta(minutes=2)

    third = email_service.deliver(delivery.pk)
    assert third.status == EmailDeliveryStatus.ACCEPTED and third.attempts == 3 and third.last_error == ""
    assert [e["outcome"] for e in third.attempts_log] == ["temporary", "temporary", "accepted"]
    assert len(smtp_server.messages) == 1
    assert Act.objects.get(case=run.case, code="record_email_service").performed_at == third.accepted_at
    assert due(run)["penalty.pay"] == D(2026, 11, 4)


def test_a_permanent_refusal_is_recorded_shown_to_the_officer_and_serves_nothing(
        run, world, sealed, smtp_server, shifted_clock, client):
    decided(run)
    confirm(run)
    send(run)
    smtp_server.rcpt_replies = ["550 5.1.1 <liangwenbin@hesheng-trade.cn>: Recipient address rejected: User unknown"]
    delivery = email_service.deliver(EmailDelivery.objects.get(case=run.case).pk)
    assert delivery.status == EmailDeliveryStatus.FAILED and delivery.failed_at is not None
    assert "550" in delivery.last_error and "请以其他方式送达" in delivery.last_error
    assert delivery.next_attempt_at is None and not smtp_server.messages
    assert not Act.objects.filter(case=run.case, code="record_email_service").exists()
    dates = due(run)
    assert "penalty.pay" not in dates and dates["penalty.serve"] == D(2026, 10, 27)  # still to be served
    assert email_service.deliver(delivery.pk).attempts == 1  # a failed delivery is not tried again

    client.force_login(world["users"]["chen"])
    page = client.get(reverse("cases:detail", args=[run.case.pk])).content.decode()
    assert "电子送达" in page and ADDRESS in page and "发送失败" in page and "User unknown" in page
    send(run, "2026-10-20 11:00")  # the officer may send again (to a new address after a new confirmation …)


def test_without_the_partys_consent_email_service_is_refused_and_nothing_is_written(run, world, sealed):
    """处罚法 第六十一条第二款: only where the party agreed and signed a confirmation (办法 第三十条)."""
    decided(run)
    with pytest.raises(DomainError, match="第六十一条第二款"):
        send(run)
    confirm(run, consent=False, email="")
    version = run.refresh().version
    with pytest.raises(DomainError) as refused:
        send(run)
    assert "未在送达地址确认书中同意采用电子邮件送达" in refused.value.message
    assert "第六十一条第二款" in refused.value.message and "第三十条" in refused.value.message
    assert run.refresh().version == version and not EmailDelivery.objects.exists()
    # a later confirmation replaces the earlier one
    confirm(run, "2026-10-17 09:00")
    send(run, "2026-10-17 10:00")
    assert EmailDelivery.objects.get().address == ADDRESS


def test_a_malformed_address_is_refused_naming_the_field(run, world):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    version = run.refresh().version
    with pytest.raises(DomainError) as bad:
        confirm(run, "2026-09-29 09:00", email="liangwenbin@@hesheng")
    assert bad.value.field == "email" and "电子邮件地址格式不正确" in bad.value.message
    with pytest.raises(DomainError) as missing:
        confirm(run, "2026-09-29 09:00", email="")
    assert missing.value.field == "email" and "应当填写接收文书的电子邮件地址" in missing.value.message
    assert run.refresh().version == version
    assert not Act.objects.filter(case=run.case, code="confirm_service_address").exists()


def test_an_unreachable_server_is_a_temporary_failure_retried_and_nothing_is_lost(
        run, world, sealed, settings, tmp_path, shifted_clock, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    settings.YZF_SMTP_HOST, settings.YZF_SMTP_PORT = "127.0.0.1", free_port()  # nothing listens there
    settings.YZF_SMTP_FROM, settings.YZF_SMTP_MAX_ATTEMPTS = "songda@thsjj.gz.gov.cn", 2
    decided(run)
    confirm(run)
    send(run)
    delivery = EmailDelivery.objects.get(case=run.case)
    with django_capture_on_commit_callbacks() as retries:
        first = email_service.deliver(delivery.pk)
    assert first.status == EmailDeliveryStatus.TEMP_FAILED and len(retries) == 1
    assert first.last_error == (f"无法连接邮件服务器 127.0.0.1:{settings.YZF_SMTP_PORT}："
                                "连接被拒绝（服务器未运行或者端口不对），稍后自动重试。")
    assert first.next_attempt_at is not None
    last = email_service.deliver(delivery.pk)
    assert last.status == EmailDeliveryStatus.FAILED and "已尝试 2 次仍未成功" in last.last_error
    assert [e["outcome"] for e in last.attempts_log] == ["temporary", "temporary"]
    assert all("连接被拒绝" in e["message"] for e in last.attempts_log)
    assert Act.objects.filter(case=run.case, code="send_by_email").count() == 1
    assert not Act.objects.filter(case=run.case, code="record_email_service").exists()


def test_a_bounce_after_the_service_voids_it(run, world, sealed, smtp_server, shifted_clock, client):
    """0012 §4: a bounce proves the message did not reach the party's mailbox: the service is void, its periods are
    withdrawn and the decision is to be served again (第六十一条第一款)."""
    decided(run)
    confirm(run)
    send(run)
    delivery = email_service.deliver(EmailDelivery.objects.get(case=run.case).pk)
    assert due(run)["penalty.pay"] == D(2026, 11, 4)
    bounced = email_service.record_bounce(delivery.message_id.strip("<>"), "550 5.2.2 mailbox full",
                                          at=at("2026-10-20 10:05"))
    assert bounced.status == EmailDeliveryStatus.BOUNCED and bounced.bounce_act is not None
    assert bounced.accepted_at == delivery.accepted_at  # the acceptance stays on record
    act = bounced.bounce_act
    assert act.code == "record_email_bounce" and act.data["service_seq"] == bounced.service_act.seq
    dates = due(run)
    assert "penalty.pay" not in dates and "remedy.review" not in dates
    assert dates["penalty.serve"] == D(2026, 10, 27)
    assert run.refresh().stage == "decided"
    assert email_service.record_bounce(delivery.message_id, "again").bounce_act == act  # recorded once
    client.force_login(world["users"]["chen"])
    page = client.get(reverse("cases:detail", args=[run.case.pk])).content.decode()
    assert "被退回" in page and "mailbox full" in page


def test_an_advance_notice_served_by_email_starts_the_statement_period_from_acceptance(
        run, world, sealed, smtp_server, monkeypatch):
    """处罚法 第四十五条: 5 working days from service; by e-mail, from the day the server accepted it."""
    shift = timezone.now() - at("2026-10-12 10:00")
    monkeypatch.setattr(email_service, "clock", lambda: timezone.now() - shift)
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    confirm(run, "2026-10-09 09:00")
    run.act("notify", "2026-10-09 11:00", proposed=PENALTIES, facts=["销售超过保质期的食品。"], reasons="一般情形。",
            basis=["《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"], served_on="2026-10-09",
            service_method="email")
    assert due(run)["penalty.statement"] == D(2026, 10, 15)
    send(run, "2026-10-12 09:30", document="penalty_advance_notice")
    delivery = email_service.deliver(EmailDelivery.objects.get(case=run.case).pk)
    assert delivery.status == EmailDeliveryStatus.ACCEPTED
    # 10-13, 10-14, 10-15, 10-16, 10-19
    assert [d for k, d in due(run).items() if k.startswith("penalty.statement")] == [D(2026, 10, 19)]
    assert "penalty.pay" not in due(run) and run.refresh().stage == "notice"


def test_a_new_advance_notice_by_email_runs_its_periods_from_its_own_acceptance(
        run, world, sealed, smtp_server, monkeypatch):
    """处罚法 第四十四条、第四十五条 (重新告知): the new notice is a new document to e-mail, though the first was served;
    its statement period runs from the day the server accepted it, and the first notice's period ends."""

    def clock_at(text):
        shift = timezone.now() - at(text)
        monkeypatch.setattr(email_service, "clock", lambda: timezone.now() - shift)

    clock_at("2026-10-12 10:00")
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    confirm(run, "2026-10-09 09:00")

    def notify_by_email(when, penalties):
        run.act("notify", when, proposed=penalties, facts=["销售超过保质期的食品。"], reasons="一般情形。",
                basis=["《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"],
                served_on=at(when).date().isoformat(), service_method="email")

    notify_by_email("2026-10-09 11:00", PENALTIES)
    send(run, "2026-10-12 09:30", document="penalty_advance_notice")
    email_service.deliver(EmailDelivery.objects.get(case=run.case).pk)
    assert [d for k, d in due(run).items() if k.startswith("penalty.statement")] == [D(2026, 10, 19)]
    notify_by_email("2026-10-20 09:00", {**PENALTIES, "fine": "80000"})
    clock_at("2026-10-21 10:00")
    send(run, "2026-10-21 09:30", document="penalty_advance_notice")
    second = EmailDelivery.objects.filter(case=run.case).order_by("created_at").last()
    assert second.document.act.seq == Act.objects.filter(case=run.case, code="notify").order_by("seq").last().seq
    assert email_service.deliver(second.pk).status == EmailDeliveryStatus.ACCEPTED
    # Accepted on Wednesday 10-21; 5 working days: 10-22, 10-23, 10-26, 10-27, 10-28.
    assert [d for k, d in due(run).items() if k.startswith("penalty.statement")] == [D(2026, 10, 28)]
