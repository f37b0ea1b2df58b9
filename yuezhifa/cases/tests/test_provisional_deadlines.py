"""A year whose holiday arrangement is not entered never stops case work (LEGAL.md §1): its deadlines are counted
provisionally with weekends plus the fixed statutory holidays of 《全国年节及纪念日放假办法》, shown as 暂定 with the
reason on the page, in the API and in documents, and recomputed when the year is entered — each change recorded on
its case and audited, the act log untouched."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.calendar import deadline_for
from yuezhifa.core.models import CalendarYear
from yuezhifa.core.services import calendar_import_file
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import UserFactory

from ..models import Act, CaseDeadline, DeadlineRevision
from ..procedures.surcharge import surcharge
from .conftest import at

D = datetime.date

# TEST DATA, NOT THE OFFICIAL 2027 ARRANGEMENT (the State Council has not published it as this is written): a
# realistic shape with a make-up working day on a weekend and bridging days after the Spring Festival, only to show
# that entering a year recomputes what was counted provisionally.
TEST_2027_CSV = """year,2027
note,测试用 2027 年安排（非国务院办公厅公布的安排）
date,is_working,name
2027-01-01,0,元旦
2027-01-09,1,测试用调休上班
2027-02-05,0,春节
2027-02-08,0,春节
2027-02-09,0,春节（测试用调休）
2027-02-10,0,春节（测试用调休）
2027-02-20,1,春节调休上班
2027-04-05,0,清明节
2027-06-09,0,端午节
2027-09-15,0,中秋节
2027-10-01,0,国庆节
"""


@pytest.fixture
def province_admin(world):
    return UserFactory(username="sysadmin", roles=[(Role.ADMIN, Scope.PROVINCE)])


def test_opening_a_case_on_2026_12_21_works_with_a_provisional_filing_limit_of_2027_01_12(run, world, client):
    """处罚法 第五十四条: the 15-working-day filing limit from 2026-12-21 reaches into 2027, which is not entered;
    the case opens, and the page and the API show 2027-01-12 as 暂定 with the reason."""
    assert not CalendarYear.objects.filter(year=2027).exists()
    with time_machine.travel(at("2026-12-21 10:00"), tick=False):
        run.open("2026-12-21 09:30")
        file_limit = CaseDeadline.objects.get(case=run.case, rule="penalty.file")
        assert file_limit.due_date == D(2027, 1, 12) and file_limit.provisional
        assert file_limit.provisional_reason.startswith("2027年的节假日安排尚未录入工作日历")
        assert run.refresh().next_due == D(2027, 1, 12) and run.case.next_due_provisional

        client.force_login(world["users"]["chen"])
        page = client.get(f"/cases/{run.case.pk}/").content.decode()
        assert "2027-01-12" in page and "暂定" in page and file_limit.provisional_reason in page
        # the to-do list and the API's case list say 暂定 beside the date too
        todo = client.get("/cases/").content.decode()
        assert re.search(r"2027-01-12(（立案期限）)?\s*<span class=\"badge badge-warn\"[^>]*>暂定</span>", todo)
        (listed,) = client.get("/api/v1/cases/").json()["results"]
        assert (listed["next_due"], listed["next_due_provisional"]) == ("2027-01-12", True)
        api = client.get(f"/api/v1/cases/{run.case.pk}/").json()
        (deadline,) = [d for d in api["deadlines"] if d["rule"] == "penalty.file"]
        assert deadline["due_date"] == "2027-01-12" and deadline["provisional"] is True
        assert deadline["provisional_reason"] == file_limit.provisional_reason
        assert api["deadline_revisions"] == []


def test_entering_2027_recomputes_the_filing_limit_and_records_the_change_on_the_case(run, world, client,
                                                                                       province_admin):
    with time_machine.travel(at("2026-12-21 10:00"), tick=False):
        run.open("2026-12-21 09:30")
        acts_before = list(Act.objects.filter(case=run.case).values_list("seq", "hash"))
    with time_machine.travel(at("2026-12-28 15:00"), tick=False):
        calendar_import_file(actor=province_admin, content=TEST_2027_CSV.encode(), filename="2027.csv")

        # the make-up Saturday 2027-01-09 counts: Dec 22-25, 28-31, Jan 4-8, 9, 11 → the 15th is 2027-01-11
        file_limit = CaseDeadline.objects.get(case=run.case, rule="penalty.file")
        assert (file_limit.due_date, file_limit.provisional, file_limit.provisional_reason) == (D(2027, 1, 11), False, "")
        assert run.refresh().next_due == D(2027, 1, 11) and not run.case.next_due_provisional
        (revision,) = DeadlineRevision.objects.filter(case=run.case)
        assert (revision.rule, revision.old_due, revision.new_due, revision.new_provisional) == (
            "penalty.file", D(2027, 1, 12), D(2027, 1, 11), False)
        assert "2027年的节假日安排已录入工作日历" in revision.reason and "第五十四条" in revision.basis
        entry = AuditEntry.objects.get(action="case.deadlines.recompute", object_id=str(run.case.pk))
        assert entry.after["deadlines"]["penalty.file"] == {"due": "2027-01-11", "provisional": False}
        assert entry.actor_id == province_admin.pk
        # the case's log of legal acts is untouched (DESIGN §5.2)
        assert list(Act.objects.filter(case=run.case).values_list("seq", "hash")) == acts_before

        client.force_login(world["users"]["chen"])
        page = client.get(f"/cases/{run.case.pk}/").content.decode()
        assert "期限重新计算记录" in page and "2027-01-12（暂定） → 2027-01-11" in page
        api = client.get(f"/api/v1/cases/{run.case.pk}/").json()
        assert [(r["rule"], r["old_due"], r["new_due"]) for r in api["deadline_revisions"]] == [
            ("penalty.file", "2027-01-12", "2027-01-11")]

        # importing the same file again changes nothing and records nothing more
        calendar_import_file(actor=province_admin, content=TEST_2027_CSV.encode(), filename="2027.csv")
        assert DeadlineRevision.objects.filter(case=run.case).count() == 1


def test_import_calendar_command_recomputes_too(run, world, province_admin, tmp_path):
    with time_machine.travel(at("2026-12-21 10:00"), tick=False):
        run.open("2026-12-21 09:30")
    path = tmp_path / "2027.csv"
    path.write_text(TEST_2027_CSV, encoding="utf-8")
    with time_machine.travel(at("2026-12-28 15:00"), tick=False):
        call_command("import_calendar", str(path), user="sysadmin")
    assert CaseDeadline.objects.get(case=run.case, rule="penalty.file").due_date == D(2027, 1, 11)
    assert DeadlineRevision.objects.get(case=run.case).old_due == D(2027, 1, 12)


def test_a_failed_recomputation_leaves_the_year_not_entered(run, world, province_admin, monkeypatch):
    """The year and the recomputed deadlines commit together or not at all."""
    from .. import services

    with time_machine.travel(at("2026-12-21 10:00"), tick=False):
        run.open("2026-12-21 09:30")

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "deadlines_recompute", broken)
    with pytest.raises(RuntimeError):
        calendar_import_file(actor=province_admin, content=TEST_2027_CSV.encode(), filename="2027.csv")
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert CaseDeadline.objects.get(case=run.case, rule="penalty.file").provisional


def test_a_provisional_payment_period_never_starts_the_surcharge_before_the_fixed_holiday_calendar_allows(db):
    """处罚法 第七十二条: 15 days from 2026-12-17 end on 2027-01-01 (元旦); the provisional last day is 2027-01-04,
    so no surcharge accrues on 2027-01-01 to 01-04 and the first day is 2027-01-05."""
    pay = deadline_for("penalty.pay", D(2026, 12, 17))
    assert pay.provisional and pay.due == D(2027, 1, 4)
    fine = Decimal("1000")
    assert surcharge(fine, pay.due, D(2027, 1, 4)) == (Decimal("0.00"), 0)
    assert surcharge(fine, pay.due, D(2027, 1, 5))[1] == 1


def test_a_provisional_hearing_request_limit_refuses_no_request_before_its_fixed_holiday_date(run):
    """处罚法 第六十四条第（一）项 (a hearing asked for within five working days of the notice) through a year not
    entered: notified 2026-12-29, the provisional last day counts Dec 30, 31, (元旦 2027-01-01 a fixed holiday, Jan 2-3
    a weekend) Jan 4, 5, 6 → 2027-01-06, not the 01-05 a plain Monday-to-Friday count gives; the overdue guard refuses
    the request from 01-07 on, never on 01-06."""
    from yuezhifa.core.errors import DomainError

    from .test_penalty_procedures import PENALTIES, notify

    heavy = {**PENALTIES, "fine": "150000"}  # an organisation fined over 100,000 yuan may ask for a hearing (第六十三条)
    with time_machine.travel(at("2026-12-29 16:00"), tick=False):
        run.filed("2026-12-28 09:00", "2026-12-28 15:00")
        run.investigated("2026-12-29 09:00", goods_value="10000")
        run.act("review", "2026-12-29 10:00", user="head", outcome="penalty", opinion="同意。")
        notify(run, "2026-12-29 11:00", "2026-12-29", penalties=heavy)
    request = CaseDeadline.objects.get(case=run.case, rule="penalty.hearing_request")
    assert request.due_date == D(2027, 1, 6) and request.provisional
    with time_machine.travel(at("2027-01-07 10:00"), tick=False), pytest.raises(DomainError, match="第六十四条第（一）项"):
        run.act("request_hearing", "2027-01-07 09:00", requested_on="2027-01-07")
    with time_machine.travel(at("2027-01-06 17:00"), tick=False):
        run.act("request_hearing", "2027-01-06 16:00", requested_on="2027-01-06")
    assert Act.objects.filter(case=run.case, code="request_hearing").count() == 1


def test_documents_print_a_provisional_payment_date_as_such():
    """The 催告书 and the enforcement decision state when the fine was due (强制法 第三十五条); a date counted through a
    year not entered is printed with 暂定 and the reason, an entered one without."""
    from types import SimpleNamespace

    from ..documents import _due
    from ..engine import DeadlineState

    def log(provisional):
        state = DeadlineState(key="penalty.pay", rule="penalty.pay", name="缴纳罚款期限", binds="party",
                              start=D(2026, 12, 17), due=D(2027, 1, 4), basis="处罚法第六十七条", explanation="",
                              started_by=5, provisional=provisional,
                              provisional_reason="2027年的节假日安排尚未录入工作日历" if provisional else "")
        return SimpleNamespace(last=lambda code: None, deadline=lambda rule: state, fine=Decimal("1000"))

    assert _due(log(True), "你单位") == ("依照该决定，你单位应当于2027年1月4日前缴纳罚款人民币1,000.00元。"
                                       "（上述日期为暂定：2027年的节假日安排尚未录入工作日历）")
    assert _due(log(False), "你单位") == "依照该决定，你单位应当于2027年1月4日前缴纳罚款人民币1,000.00元。"
