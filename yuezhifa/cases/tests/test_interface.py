"""The public interface of the case log for other apps (cases.interface; docs/decisions/0031)."""

import datetime

from django.utils import timezone

from yuezhifa.cases.interface import case_log, local_date, recheck
from yuezhifa.cases.models import Act

from .conftest import at

PENALTIES = {"fine": "75000", "confiscate_income": "3200", "confiscate_property": "486.60"}


def _raw_act(case, code, when, **fields):
    """An act as an import or a paper record could leave it: written without the engine, which would refuse it."""
    seq = Act.objects.filter(case=case).count() + 1
    moment = at(when)
    act = Act(case=case, seq=seq, code=code, name=fields.pop("name", code), performed_at=moment,
              recorded_at=moment, hash="0" * 64, **fields)
    act.save(force_insert=True)
    return act


def test_case_log_as_of_act_n_and_as_of_a_moment(run):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")  # register_source, verify_source (09:00), file (15:00)
    whole = case_log(run.case)
    assert [a.seq for a in whole.acts] == [1, 2, 3] and whole.stage == "investigation"
    second = case_log(run.case, upto_seq=2)
    assert [a.seq for a in second.acts] == [1, 2] and second.stage == "verified"
    assert second.as_of == at("2026-09-28 09:00")
    before_filing = case_log(run.case, as_of=at("2026-09-28 12:00"))
    assert [a.seq for a in before_filing.acts] == [1, 2]
    assert local_date(at("2026-09-28 23:30")) == datetime.date(2026, 9, 28)
    assert local_date(timezone.now()) == timezone.localdate()


def test_recheck_reports_a_decision_without_advance_notice_by_article_62(run):
    """处罚法 第六十二条、第四十四条: a decision that reached the log without an advance notice is reported with the
    guard's own reason; the acts the engine recorded are not."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    assert recheck(run.case) == []
    decision = _raw_act(run.case, "decide", "2026-10-10 09:00", name="作出行政处罚决定",
                        data={"penalties": PENALTIES})
    [refused] = recheck(run.case)
    assert refused["seq"] == decision.seq and refused["date"] == datetime.date(2026, 10, 10)
    assert any("告知当事人" in r["message"] and "第六十二条" in r["basis"] for r in refused["reasons"])
