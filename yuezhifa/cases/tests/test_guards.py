"""Guards and bad input: every refusal names the field or the article, and leaves nothing behind."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed

from .. import services
from ..models import Act, CaseDocument, Evidence, NumberSequence
from .conftest import at, store_party
from .test_penalty_procedures import PENALTIES, notify

pytestmark = pytest.mark.django_db


class Snapshot:
    """Counts of everything an act writes, to show a refused act wrote none of it."""

    def __init__(self):
        self.counts = self.take()

    @staticmethod
    def take():
        return (Act.objects.count(), CaseDocument.objects.count(), Evidence.objects.count(),
                list(NumberSequence.objects.order_by("kind").values_list("kind", "last")), AuditEntry.objects.count())

    def unchanged(self) -> bool:
        return self.take() == self.counts


def png(name="photo.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def decided_notice(run):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")


def test_decision_without_advance_notice_is_refused_citing_article_62(run):
    decided_notice(run)
    before = Snapshot()
    with pytest.raises(DomainError) as refused:
        run.act("decide", "2026-10-16 09:00", user="head", penalties=PENALTIES)
    assert "第六十二条" in refused.value.message and refused.value.field == "act"
    assert any("第六十二条" in r["basis"] for r in refused.value.extra["reasons"])
    assert before.unchanged()


def test_penalty_raised_after_the_statement_is_refused_citing_article_45(run):
    decided_notice(run)
    notify(run, "2026-09-29 16:00", "2026-09-29")
    run.act("record_statement", "2026-09-30 09:00", content="货品是供应商的责任。", review="复核后不予采纳。")
    before = Snapshot()
    with pytest.raises(DomainError) as refused:
        run.act("decide", "2026-10-08 09:00", user="head", penalties={**PENALTIES, "fine": "78000"})
    assert "第四十五条" in refused.value.message and "陈述、申辩后" in refused.value.message
    assert refused.value.field == "penalties"
    with pytest.raises(DomainError, match="第四十五条"):
        run.act("decide", "2026-10-08 09:00", user="head", penalties={**PENALTIES, "revoke_licence": True})
    assert before.unchanged()
    run.act("decide", "2026-10-08 09:00", user="head", penalties={**PENALTIES, "fine": "72000"})


def test_one_officer_alone_or_an_expired_certificate_is_refused_citing_article_42(run):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    before = Snapshot()
    inspection = {"kind": "inspection", "subject": "禾盛便利店", "record": ["检查。"], "certificates_shown": True}
    with pytest.raises(DomainError) as alone:
        run.act("investigate", "2026-09-29 09:00", officers=run.ids("chen"), **inspection)
    assert "不得少于两人" in alone.value.message and "第四十二条" in alone.value.message
    assert alone.value.field == "officers"
    with pytest.raises(DomainError) as expired:
        run.act("investigate", "2026-09-29 09:00", officers=run.ids("chen", "old"), **inspection)
    assert "黄过期" in expired.value.message and "第四十二条" in expired.value.message
    with pytest.raises(DomainError, match="第五十五条"):
        run.act("investigate", "2026-09-29 09:00", officers=run.ids("chen", "lin"),
                **{**inspection, "certificates_shown": False})
    assert before.unchanged()


def test_suspended_certificate_stops_its_holder_at_once(run, world):
    from yuezhifa.core.actors import SYSTEM
    from yuezhifa.org.services.people import certificate_set_status

    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    cert = world["officers"]["lin"].certificates.get()
    certificate_set_status(actor=SYSTEM, certificate=cert, status="suspended", reason="涉嫌违纪，暂扣。")
    with pytest.raises(DomainError, match=r"林晓燕.*第四十二条"):
        run.act("investigate", "2026-09-29 09:00", officers=run.ids("chen", "lin"), kind="inspection",
                subject="禾盛便利店", record=["检查。"], certificates_shown=True)


def test_the_recorder_must_be_one_of_the_officers(run):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    with pytest.raises(DomainError, match="录入人须为"):
        run.act("investigate", "2026-09-29 09:00", user="chen", officers=run.ids("lin", "zhou"), kind="inspection",
                subject="禾盛便利店", record=["检查。"], certificates_shown=True)


def test_times_in_the_future_or_before_the_act_they_depend_on_are_refused(run):
    run.open("2026-09-28 09:00")
    before = Snapshot()
    future = timezone.now() + datetime.timedelta(hours=1)
    with pytest.raises(DomainError) as ahead:
        services.act_perform(actor=run.world["users"]["chen"], case=run.case, code="verify_source",
                             data={"findings": "核实。", "conclusion": "file", "officers": run.ids("chen", "lin")},
                             performed_at=future)
    assert ahead.value.field == "performed_at" and "晚于当前时间" in ahead.value.message
    with pytest.raises(DomainError) as earlier:
        run.act("verify_source", "2026-09-27 09:00", findings="核实。", conclusion="file",
                officers=run.ids("chen", "lin"))
    assert earlier.value.field == "performed_at" and "案源登记" in earlier.value.message
    with pytest.raises(DomainError) as garbled:
        services.act_perform(actor=run.world["users"]["chen"], case=run.case, code="verify_source",
                             data={"findings": "核实。", "conclusion": "file", "officers": run.ids("chen", "lin")},
                             performed_at="yesterday")
    assert garbled.value.field == "performed_at"
    assert before.unchanged()


def test_amounts_negative_or_with_three_decimals_name_their_field(run):
    decided_notice(run)
    before = Snapshot()
    with pytest.raises(DomainError) as negative:
        notify(run, "2026-09-29 16:00", "2026-09-29", penalties={"fine": "-1"})
    assert negative.value.field == "proposed.fine"
    with pytest.raises(DomainError) as decimals:
        notify(run, "2026-09-29 16:00", "2026-09-29", penalties={"fine": "75000.001"})
    assert decimals.value.field == "proposed.fine" and "拟作出的行政处罚" in decimals.value.message
    assert before.unchanged()


def test_acts_not_allowed_now_are_refused_with_the_reason_and_article(run):
    run.open("2026-09-28 09:00")
    with pytest.raises(DomainError) as early:
        run.act("serve", "2026-09-28 10:00", method="direct", served_on="2026-09-28", recipient="x",
                officers=run.ids("chen", "lin"))
    assert "尚未作出决定" in early.value.message and "第六十一条" in early.value.message
    with pytest.raises(DomainError, match="不是行政处罚普通程序的执法行为"):
        run.act("decide_on_spot", "2026-09-28 10:00")
    with pytest.raises(NotAllowed, match="行政机关负责人"):
        run.act("file", "2026-09-28 10:00", user="chen", item=run.world["item"].code, party=store_party(),
                violation_date="2026-09-28", summary=["x"], handlers=run.ids("chen", "lin"))


def test_another_bodys_officer_can_neither_see_nor_act(run, world):
    run.open("2026-09-28 09:00")
    from ..selectors import cases

    assert not cases(world["users"]["other"]).filter(pk=run.case.pk).exists()
    assert not cases(world["users"]["supervisor"]).filter(pk=run.case.pk).exists()  # 办法 第三十七条: grants only
    assert cases(world["users"]["head"]).filter(pk=run.case.pk).exists()
    with pytest.raises(NotAllowed):
        run.act("verify_source", "2026-09-28 10:00", user="other", findings="x", conclusion="file",
                officers=run.ids("chen", "lin"))


def test_stale_version_is_a_conflict_and_writes_nothing(run):
    run.open("2026-09-28 09:00")
    version = run.refresh().version
    run.act("verify_source", "2026-09-28 10:00", version=version, findings="核实。", conclusion="file",
            officers=run.ids("chen", "lin"))
    before = Snapshot()
    with pytest.raises(Conflict) as stale:
        run.act("verify_source", "2026-09-28 11:00", version=version, findings="又核实。", conclusion="not_file",
                officers=run.ids("chen", "lin"))
    assert stale.value.field == "version" and stale.value.status_code == 409
    assert before.unchanged()


def test_evidence_is_hashed_on_arrival_and_unknown_or_oversized_files_are_refused(run, settings, tmp_path):
    import hashlib

    from ..models import CaseSetting

    settings.MEDIA_ROOT = tmp_path
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    photo = png()
    content = photo.read()
    photo.seek(0)
    evidence = {"kind": "physical", "title": "过期牛奶照片", "officers": run.ids("chen", "lin")}
    run.act("collect_evidence", "2026-09-29 09:00", attachments=[services.Attachment(photo)], **evidence)
    stored = Evidence.objects.get()
    assert stored.sha256 == hashlib.sha256(content).hexdigest() and stored.content_type == "image/png"
    assert stored.kind == "physical" and stored.collected_by[0]["name"] == "陈志强"
    assert stored.file.read() == content
    before = Snapshot()
    text = SimpleUploadedFile("notes.png", b"just some text pretending to be a picture", content_type="image/png")
    with pytest.raises(DomainError) as unknown:
        run.act("collect_evidence", "2026-09-29 10:00", attachments=[services.Attachment(text)], **evidence)
    assert unknown.value.field == "files[1]" and "notes.png" in unknown.value.message
    CaseSetting.objects.create(code="evidence.max_mb", value="0.00001")
    with pytest.raises(DomainError, match="超过上限"):
        run.act("collect_evidence", "2026-09-29 10:00", attachments=[services.Attachment(png())], **evidence)
    assert before.unchanged()


def test_preservation_handling_deadline_is_seven_working_days(run):
    """先行登记保存 (第五十六条): handled within 7 working days; 9-29 → 9-30, 10-8, 10-9, 10-10, 10-12, 10-13, 10-14."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.act("approve_preservation", "2026-09-29 08:30", user="head", items=["鲜牛奶12盒"], reason="可能灭失。")
    run.act("preserve_evidence", "2026-09-29 09:00", items=["鲜牛奶12盒"], reason="可能灭失。",
            officers=run.ids("chen", "lin"))
    assert run.deadlines()["penalty.preservation"].due_date == datetime.date(2026, 10, 14)
    with pytest.raises(DomainError, match="先行登记保存的证据尚未作出处理决定"):
        run.investigated("2026-10-09 09:00")
    run.act("handle_preserved", "2026-10-09 10:00", user="head", measure="release", reason="已完成检验。")
    assert not run.deadlines()["penalty.preservation"].open


def test_paper_acts_entered_afterwards_keep_their_real_time_and_their_entry_deadline(run):
    """办法 第二十二条: an act done on paper is entered with the time it happened, within 3 working days."""
    run.open("2026-09-28 09:00")
    act = run.act("verify_source", "2026-09-30 10:00", findings="纸质核查记录补录。", conclusion="file",
                  officers=run.ids("chen", "lin"))
    assert act.back_entered and act.performed_at == at("2026-09-30 10:00")
    # 3 working days after 9-30: 10-8, 10-9 and the make-up Saturday 10-10.
    assert act.entry_due == datetime.date(2026, 10, 10)
    prompt = services.case_open(actor=run.world["users"]["chen"], procedure="penalty.general",
                                data={"source_kind": "complaint", "cause": "无证经营", "summary": "群众举报。"})
    entry = prompt.acts.get()
    assert not entry.back_entered and entry.entry_due is None
