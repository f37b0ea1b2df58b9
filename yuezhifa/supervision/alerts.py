"""Supervision alerts (办法 第三十三条; LEGAL.md §8; docs/decisions/0015).

``evaluate_alerts(on=day)`` looks at every case as it stood on ``day`` and opens, keeps or resolves one ``Alert`` per
problem found. It never computes a date of its own: deadlines are the ``CaseDeadline`` rows the case engine
materialises from each case's log (the same derivation the case pages show), and the other problems are read from
the log itself (``engine.CaseLog``, corrections applied):

* 有案不立, 久查不结, 有案不移 (the head's decision within 3 days, the transfer within 24 hours), service later than 7
  working days, preserved evidence not handled in 7 working days, cash not handed over, seizure past its period
  (强制法 第二十五条) or, seized in an emergency, not approved within 24 hours (第十九条),
  disclosure later than its limit, a disclosed decision changed or revoked and not withdrawn in 3 working days
  (处罚法 第四十八条第二款): an agency deadline still open after its last day (for the 24-hour transfer: after its
  hour). The alert appears the day after the last day, never on it, and is resolved when the case's log
  meets the deadline; a deadline met late is recorded as a resolved alert, so the lateness stays on the record.
* 怠于执行: a fine unpaid after its payment period with no reminder (催告) or enforcement recorded; and the window to
  apply to a court (强制法 第五十三条) ending within ``court_window_warning_days()`` days.
* 过罚不当: a decision outside the discretion benchmark without a recorded reason (a decision outside it with a reason
  is recorded as explained, the reason being the explanation).
* Procedure defects the engine refuses on entry but corrected or imported records can still show: fewer than two
  certified officers on an act that needs them; any act the procedure's own rules (prerequisites, guards, checks)
  would refuse on the log before it (``cases.interface.recheck``: a decision without advance notice, a 第五十八条
  case decided without a passed legal review …), each with the rule's article; an act back-entered later than 3
  working days (办法 第二十二条). Cases are read through ``cases.interface`` and the procedures' attributes: no act
  is named here (docs/decisions/0031).

Running it twice on the same day changes nothing; the periodic task runs it hourly (``tasks``), ``yzf
evaluate-alerts`` on demand.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.cases.interface import case_log, evaluate_decision, local_date, recheck
from yuezhifa.cases.models import Act, Case, CaseDeadline
from yuezhifa.core.errors import DomainError, NotAllowed

from .models import Alert, AlertState, Problem

CF = "《中华人民共和国行政处罚法》"
QZ = "《中华人民共和国行政强制法》"
BF = "《广东省一体化行政执法平台管理办法》"
YS = "《行政执法机关移送涉嫌犯罪案件的规定》"
CHUNK = 500


@dataclass(frozen=True)
class AlertRule:
    code: str
    problem: str
    title: str
    article: str
    resolved: str = "原因已消除。"


RULES: dict[str, AlertRule] = {r.code: r for r in (
    AlertRule("filing_overdue", Problem.NOT_FILED, "案件来源逾期未作出立案决定",
              f"{BF}第三十三条；{CF}第五十四条第二款、第七十六条", "已作出立案或者不予立案决定。"),
    AlertRule("decision_overdue", Problem.PROLONGED, "立案后逾期未作出决定",
              f"{BF}第三十三条；{CF}第六十条", "已作出决定或者依法延长期限。"),
    AlertRule("transfer_decision_overdue", Problem.NOT_TRANSFERRED, "涉嫌犯罪案件逾期未作出移送审批决定",
              f"{BF}第三十三条；{CF}第二十七条、第八十二条；{YS}第五条第二款", "负责人已作出是否移送的决定。"),
    AlertRule("transfer_overdue", Problem.NOT_TRANSFERRED, "批准移送后超过24小时未移送",
              f"{BF}第三十三条；{CF}第八十二条；{YS}第五条第二款", "已移送司法机关。"),
    AlertRule("outside_benchmark", Problem.IMPROPER_PENALTY, "处罚决定超出裁量基准且未记录理由",
              f"{BF}第三十三条、第十三条第（五）项；{CF}第五条、第三十四条", "决定已在裁量基准内，或者已记录超出的理由。"),
    AlertRule("execution_no_reminder", Problem.IDLE_EXECUTION, "罚款逾期未缴纳，未催告或者强制执行",
              f"{BF}第三十三条；{CF}第七十二条；{QZ}第三十五条、第五十四条", "已催告、强制执行或者罚款已缴清。"),
    AlertRule("court_window", Problem.IDLE_EXECUTION, "申请人民法院强制执行的期限即将或者已经届满",
              f"{BF}第三十三条；{QZ}第五十三条", "已申请人民法院强制执行、强制执行、罚款已缴清或者已结案。"),
    AlertRule("seizure_overdue", Problem.SEIZURE, "查封、扣押超过法定期限",
              f"{QZ}第二十五条、第二十八条、第六十二条", "已作出处理决定或者解除查封、扣押。"),
    AlertRule("emergency_approval_overdue", Problem.PROCEDURE, "紧急情况下当场实施查封、扣押后超过24小时未补办批准手续",
              f"{QZ}第十九条", "已补办批准手续或者已解除查封、扣押。"),
    AlertRule("inspection_approval_overdue", Problem.PROCEDURE, "紧急行政检查超过设定时限未补办审批手续",
              "《广东省行政检查办法》；国办发〔2024〕54号", "已补办审批手续。"),
    AlertRule("recheck_overdue", Problem.PROCEDURE, "责令改正后逾期未复查", "《广东省行政检查办法》", "已复查。"),
    AlertRule("inspection_complaint", Problem.COMPLAINT, "被检查企业投诉行政检查",
              "国办发〔2024〕54号《国务院办公厅关于严格规范涉企行政检查的意见》；深府规〔2025〕6号（行政执法监督码）",
              "监督机构已处理投诉。"),
    AlertRule("inspection_over_cap", Problem.PROCEDURE, "涉企检查超过频次上限",
              "国办发〔2024〕54号（频次上限）；《广东省行政检查办法》", "该次检查已不再超过频次上限。"),
    AlertRule("inspection_multi_body", Problem.PROCEDURE, "多个机关短期内检查同一对象未综合查一次",
              "国办发〔2024〕54号（综合查一次）", "已合并为综合查一次。"),
    AlertRule("inspection_no_check_in", Problem.PROCEDURE, "行政检查未亮码签到",
              "深府规〔2025〕6号（亮码入企、扫码签到）；国办发〔2024〕54号", "已签到或者补录签到。"),
    AlertRule("freeze_notice_overdue", Problem.PROCEDURE, "冻结存款、汇款后超过3个工作日未交付冻结决定书",
              f"{QZ}第三十一条", "冻结决定书已交付当事人。"),
    AlertRule("service_overdue", Problem.PROCEDURE, "决定书超过7个工作日未送达", f"{CF}第六十一条", "决定书已送达。"),
    AlertRule("preservation_overdue", Problem.PROCEDURE, "先行登记保存的证据逾期未作出处理决定",
              f"{CF}第五十六条", "已作出处理决定。"),
    AlertRule("cash_handover_overdue", Problem.PROCEDURE, "当场收缴的罚款逾期未交至行政机关", f"{CF}第七十一条",
              "罚款已交至行政机关。"),
    AlertRule("disclosure_overdue", Problem.PROCEDURE, "执法决定逾期未公示",
              f"{BF}第四十四条、第四十五条", "已公示。"),
    AlertRule("withdrawal_overdue", Problem.PROCEDURE, "已变更或者撤销的处罚决定逾期未撤回公示",
              f"{CF}第四十八条第二款", "已撤回公示信息。"),
    AlertRule("too_few_officers", Problem.PROCEDURE, "执法人员少于两人或者未记录执法证件",
              f"{CF}第四十二条第一款、第五十五条"),
    AlertRule("procedure_defect", Problem.PROCEDURE, "执法行为不符合法定程序条件", f"{BF}第三十三条"),
    # raised before the general re-check replaced them; kept so that their records still read and filter
    AlertRule("no_advance_notice", Problem.PROCEDURE, "未经事先告知即作出处罚决定", f"{CF}第四十四条、第六十二条"),
    AlertRule("no_legal_review", Problem.PROCEDURE, "应当法制审核的案件未经审核即作出决定", f"{CF}第五十八条"),
    AlertRule("back_entry_late", Problem.PROCEDURE, "纸质办案超过3个工作日补录", f"{BF}第二十二条第二款"),
)}


@dataclass(frozen=True)
class DeadlineWatch:
    alert: str
    record_late: bool = True  # a deadline met late stays on the record as a resolved alert


DEADLINES: dict[str, DeadlineWatch] = {
    "penalty.file": DeadlineWatch("filing_overdue"),
    "penalty.decide": DeadlineWatch("decision_overdue"),
    "penalty.transfer_decision": DeadlineWatch("transfer_decision_overdue"),
    "penalty.transfer": DeadlineWatch("transfer_overdue"),
    "penalty.serve": DeadlineWatch("service_overdue"),
    "penalty.preservation": DeadlineWatch("preservation_overdue"),
    "penalty.cash_handover": DeadlineWatch("cash_handover_overdue"),
    "compulsion.seizure": DeadlineWatch("seizure_overdue"),
    "compulsion.seizure_extension": DeadlineWatch("seizure_overdue"),
    "compulsion.emergency_approval": DeadlineWatch("emergency_approval_overdue"),
    "compulsion.freeze_notice": DeadlineWatch("freeze_notice_overdue"),
    "inspection.emergency_approval": DeadlineWatch("inspection_approval_overdue"),
    "inspection.recheck": DeadlineWatch("recheck_overdue"),
    "disclosure.publish": DeadlineWatch("disclosure_overdue"),
    "disclosure.publish_other": DeadlineWatch("disclosure_overdue"),
    "disclosure.withdraw": DeadlineWatch("withdrawal_overdue"),
    # the party's period: its end lets the agency act; late payment is the party's, not the agency's
    "penalty.pay": DeadlineWatch("execution_no_reminder", record_late=False),
    "compulsion.court_application": DeadlineWatch("court_window", record_late=False),
}
# 怠于执行 ends with a step of compulsion: an act that meets one of these deadlines (the performance a reminder
# calls for, the court window)
EXECUTION_DEADLINES = frozenset({"compulsion.perform", "compulsion.court_application"})


def _execution_codes() -> list[str]:
    from yuezhifa.cases.procedures import PROCEDURES

    return sorted({a.code for p in PROCEDURES.values() for a in p.acts
                   if EXECUTION_DEADLINES & set(a.stops)})


def court_window_warning_days() -> int:
    """How long before the court window ends 怠于执行 is raised (setting ``YZF_SUPERVISION_COURT_WARNING_DAYS``)."""
    return int(getattr(settings, "YZF_SUPERVISION_COURT_WARNING_DAYS", 30))


@dataclass
class Finding:
    case_id: object
    body_id: object
    key: str
    rule: str
    message: str
    due_date: datetime.date | None
    first_seen: datetime.date
    deadline_rule: str = ""
    active: bool = True  # False: recorded as resolved (a deadline met late)
    resolution: str = ""
    explanation: str = ""  # set: recorded as explained (a reason already on the case's record)
    article: str = ""  # set: the article of this finding (a re-checked rule's own), instead of the rule's


@dataclass
class Outcome:
    opened: int = 0
    kept: int = 0
    resolved: int = 0
    reopened: int = 0
    recorded: int = 0
    by_rule: dict = field(default_factory=lambda: defaultdict(int))

    def __str__(self) -> str:
        return (f"新增 {self.opened}，保持 {self.kept}，重新打开 {self.reopened}，消除 {self.resolved}，"
                f"记录逾期完成 {self.recorded}。")


def _d(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _label(row: dict) -> str:
    return row.get("case__number") or f"“{row.get('case__cause') or ''}”（未立案）"


# --- findings from the deadlines ------------------------------------------------------------------------------------


def _deadline_findings(on: datetime.date, moment: datetime.datetime, cases=None) -> list[Finding]:
    warn = court_window_warning_days()
    qs = CaseDeadline.objects.filter(rule__in=list(DEADLINES), start__lte=on)
    if cases is not None:
        qs = qs.filter(case_id__in=cases)
    qs = qs.filter(Q(due_date__lt=on) | Q(due_at__isnull=False, due_date__lte=on)
                   | Q(rule="compulsion.court_application", due_date__lte=on + datetime.timedelta(days=warn)))
    qs = qs.filter(Q(open=True) | Q(met_at__date__gt=F("due_date")) | Q(due_at__isnull=False, met_at__gt=F("due_at"))
                   | Q(met_at__date__gt=on))
    rows = list(qs.values("case_id", "case__body_id", "case__number", "case__cause", "key", "rule", "name",
                          "start", "due_date", "due_at", "met_at", "basis", "paused_since", "open"))
    pay_cases = {r["case_id"] for r in rows if r["rule"] == "penalty.pay"}
    reminded = set()
    execution = _execution_codes()
    for chunk in _chunks(sorted(pay_cases, key=str)):
        reminded |= set(Act.objects.filter(case_id__in=chunk, code__in=execution, performed_at__lte=moment)
                        .values_list("case_id", flat=True))
    found = []
    for row in rows:
        watch = DEADLINES[row["rule"]]
        if row["open"] and row["paused_since"] is not None and row["paused_since"] <= on:
            continue  # a period that does not count is running (处罚法 第六十条; docs/decisions/0026)
        due, due_at, met_at = row["due_date"], row["due_at"], row["met_at"]
        if due_at is not None:
            met = met_at is not None and met_at <= moment
            overdue = moment > due_at
            late = met and met_at > due_at
            appears = local_date(due_at)
        else:
            met = met_at is not None and local_date(met_at) <= on
            overdue = on > due
            late = met and local_date(met_at) > due
            appears = due + datetime.timedelta(days=1)
        label = _label(row)
        base = {"case_id": row["case_id"], "body_id": row["case__body_id"], "key": f"{watch.alert}:{row['key']}",
                "rule": watch.alert, "due_date": due, "deadline_rule": row["rule"]}
        limit = (f"{timezone.localtime(due_at):%Y年%m月%d日%H时%M分}" if due_at is not None else _d(due))
        if row["rule"] == "compulsion.court_application":
            if met:
                continue
            state = "已于" + _d(due) + "届满" if on > due else "将于" + _d(due) + "届满"
            found.append(Finding(**base, first_seen=on, message=(
                f"案件{label}罚款未缴清，申请人民法院强制执行的期限{state}（{row['basis']}），"
                f"尚未申请人民法院强制执行或者依法强制执行。")))
            continue
        if row["rule"] == "penalty.pay":
            if met or not overdue or row["case_id"] in reminded:
                continue
            found.append(Finding(**base, first_seen=appears, message=(
                f"案件{label}的罚款缴纳期限于{limit}届满，至{_d(on)}罚款未缴清，未催告、未申请人民法院强制执行，"
                f"也未依法强制执行。")))
            continue
        if met:
            if late and watch.record_late:
                done = timezone.localtime(met_at)
                found.append(Finding(**base, first_seen=appears, active=False, message=(
                    f"案件{label}的{row['name']}于{limit}届满（{row['basis']}），"
                    f"{done:%Y年%m月%d日}方完成，逾期完成。"),
                    resolution=f"已于{done:%Y年%m月%d日}完成（逾期）。"))
            continue
        if overdue:
            found.append(Finding(**base, first_seen=appears, message=(
                f"案件{label}的{row['name']}于{limit}届满（{row['basis']}），至{_d(on)}尚未完成。")))
    return found


# --- findings from the log -----------------------------------------------------------------------------------------


def _log_findings(on: datetime.date, moment: datetime.datetime, cases=None) -> tuple[list[Finding], set]:
    """(findings, the cases whose logs were read)."""
    from yuezhifa.cases.procedures import get_procedure

    # Only the cases where the log could be at fault are read (not every case every hour): the engine refuses a
    # defective act on entry, so a defect comes from a record that did not pass through it (an import or a paper
    # record: no ``actor_name`` kept with it) or from a correction made after the fact; besides, a decision outside
    # the benchmark, acts back-entered late, and acts that need two certified officers recorded with fewer.
    acts = Act.objects.filter(performed_at__lte=moment)
    suspect = acts.filter(Q(corrects__isnull=False) | ~Q(data__has_key="actor_name")
                          | Q(data__discretion__outside_benchmark=True))
    late_entries = Act.objects.filter(back_entered=True, entry_due__isnull=False, recorded_at__lte=moment,
                                      recorded_at__date__gt=F("entry_due"))
    few = acts.filter(code__in=_two_officer_codes()).filter(
        Q(officers__1__isnull=True) | Q(officers__0__certificate="") | Q(officers__1__certificate=""))
    if cases is not None:
        suspect, late_entries, few = (qs.filter(case_id__in=cases) for qs in (suspect, late_entries, few))
    candidates = set(suspect.values_list("case_id", flat=True)) | set(late_entries.values_list("case_id", flat=True))
    candidates |= set(few.values_list("case_id", flat=True))
    found: list[Finding] = []
    for chunk in _chunks(sorted(candidates, key=str)):
        cases_by_id = {c.pk: c for c in Case.objects.filter(pk__in=chunk).select_related("body", "item", "item__domain")}
        acts = defaultdict(list)
        for act in Act.objects.filter(case_id__in=chunk, performed_at__lte=moment).order_by("case_id", "seq"):
            acts[act.case_id].append(act)
        for case_id, rows in acts.items():
            case = cases_by_id[case_id]
            try:
                get_procedure(case.procedure)
            except DomainError:
                continue
            found += _case_log_findings(case, rows, on, moment)
    return found, candidates


def _two_officer_codes() -> list[str]:
    from yuezhifa.cases.procedures import PROCEDURES

    return sorted({a.code for p in PROCEDURES.values() for a in p.acts if a.officers >= 2})


def _case_log_findings(case: Case, rows: list[Act], on, moment) -> list[Finding]:
    label = case.number or f"“{case.cause}”（未立案）"
    log = case_log(case, acts=rows, as_of=moment)
    procedure, views = log.procedure, log.acts
    out = []

    def finding(rule, key, message, due, **extra):
        out.append(Finding(case_id=case.pk, body_id=case.body_id, key=key, rule=rule, message=message, due_date=due,
                           first_seen=extra.pop("first_seen", on), **extra))

    def seen(index: int) -> datetime.date:
        """The day a defect of act ``index`` could first be seen: the act's day, its entry, or the latest
        correction of it."""
        days = [views[index].date, local_date(rows[index].recorded_at)]
        days += [local_date(r.recorded_at) for v, r in zip(views, rows, strict=True)
                 if v.corrects_seq == views[index].seq]
        return max(days)

    # fewer than two certified officers on an act that needs them (处罚法 第四十二条)
    for act, row in zip(views, rows, strict=True):
        spec = procedure.act(act.code)
        if spec is None or spec.officers < 2:
            continue
        ids = {str(o.get("id")) for o in act.officers}
        uncertified = [o.get("name") or "" for o in act.officers if not o.get("certificate")]
        if len(ids) < spec.officers or uncertified:
            who = "、".join(o.get("name") or "" for o in act.officers) or "无"
            finding("too_few_officers", f"too_few_officers:{act.seq}",
                    f"案件{label}第{act.seq}项行为“{act.name}”（{act.date.isoformat()}）的执法人员为{who}，"
                    f"{'少于两人' if len(ids) < spec.officers else '未记录执法证件'}。", act.date,
                    first_seen=max(act.date, local_date(row.recorded_at)))
    # any act the procedure's own rules refuse on the log before it (cases.interface.recheck)
    index_of = {v.seq: i for i, v in enumerate(views)}
    for refused in recheck(case, log=log):
        reasons = refused["reasons"]
        text = "；".join(f"{r['message']}（{r['basis']}）" if r["basis"] else r["message"] for r in reasons)
        articles = "；".join(dict.fromkeys(r["basis"] for r in reasons if r["basis"]))
        finding("procedure_defect", f"procedure_defect:{refused['seq']}",
                f"案件{label}第{refused['seq']}项行为“{refused['name']}”（{_d(refused['date'])}）按记录不符合办理条件："
                f"{text}", refused["date"], first_seen=seen(index_of[refused["seq"]]),
                article=articles or RULES["procedure_defect"].article)
    # decisions outside the discretion benchmark (the snapshot the decision keeps)
    for index, act in enumerate(views):
        if not isinstance(act.get("discretion"), dict):
            continue
        outside, reason, detail = _benchmark(case, views, index)
        if outside:
            text = (f"案件{label}于{_d(act.date)}作出的行政处罚决定超出裁量基准"
                    f"{('：' + detail) if detail else ''}。")
            if reason:
                finding("outside_benchmark", f"outside_benchmark:{act.seq}", text + f"决定中记录的理由：{reason}",
                        act.date, first_seen=seen(index), explanation=f"（决定中记录的理由）{reason}")
            else:
                finding("outside_benchmark", f"outside_benchmark:{act.seq}", text + "决定中未记录理由。", act.date,
                        first_seen=seen(index))
    # back entries later than 3 working days (办法 第二十二条第二款): one alert per case
    late = [(a, r) for a, r in zip(views, rows, strict=True)
            if r.back_entered and r.entry_due and local_date(r.recorded_at) > r.entry_due
            and r.recorded_at <= moment]
    if late:
        parts = "；".join(f"第{a.seq}项“{a.name}”实施于{a.date.isoformat()}，补录期限{r.entry_due.isoformat()}，"
                         f"录入于{local_date(r.recorded_at).isoformat()}" for a, r in late[:10])
        more = f"等{len(late)}项" if len(late) > 10 else ""
        finding("back_entry_late", "back_entry_late", f"案件{label}有执法行为超过3个工作日才补录：{parts}{more}。",
                min(r.entry_due for _a, r in late), first_seen=min(local_date(r.recorded_at) for _a, r in late))
    return out


def _benchmark(case: Case, views, index: int) -> tuple[bool, str, str]:
    """(outside the benchmark, the recorded reason, what departs). The snapshot kept with the decision, unless the
    decision was corrected since: then the corrected decision is checked again against the benchmark."""
    act = views[index]
    snapshot = act.get("discretion") or {}
    reason = (act.get("deviation_reason") or snapshot.get("reason") or "").strip()
    if not act.corrected or "penalties" not in _corrected_fields(views, act.seq):
        details = "；".join(d.get("message", "") for d in snapshot.get("deviations") or [] if isinstance(d, dict))
        return bool(snapshot.get("outside_benchmark")), reason, details
    log = case_log(case, acts=[], as_of=act.performed_at)
    log.acts = views[:index]
    try:
        _evaluation, deviations = evaluate_decision(log, act.data)
    except DomainError:
        return False, reason, ""
    return bool(deviations), reason, "；".join(d.message for d in deviations)


def _corrected_fields(views, seq: int) -> set[str]:
    fields: set[str] = set()
    for view in views:
        if view.corrects_seq == seq:
            fields |= set(view.get("changes") or {})
    return fields


def _complaint_findings(on: datetime.date, moment: datetime.datetime, cases=None) -> list[Finding]:
    """A subject's complaint about an inspection (企业投诉, LEGAL.md §4; docs/decisions/0041) stays an alert until a
    supervisor marks it handled. Only the supervisors see it (``permissions.SUPERVISOR_ONLY_RULES``); the message
    names the subject and the case, never the complaint's text or contact."""
    from .models import FeedbackKind, InspectionFeedback

    qs = InspectionFeedback.objects.filter(kind=FeedbackKind.COMPLAINT, created_at__lte=moment).filter(
        Q(handled_at__isnull=True) | Q(handled_at__gt=moment))
    if cases is not None:
        qs = qs.filter(case_id__in=cases)
    found = []
    for row in qs.values("pk", "case_id", "body_id", "case__number", "case__cause", "subject__name", "created_at"):
        day = local_date(row["created_at"])
        found.append(Finding(
            case_id=row["case_id"], body_id=row["body_id"], key=f"inspection_complaint:{row['pk']}",
            rule="inspection_complaint", due_date=day, first_seen=day,
            message=(f"检查对象“{row['subject__name']}”于{_d(day)}对行政检查（案件{_label(row)}）提出投诉，"
                     f"至{_d(on)}监督机构尚未处理。")))
    return found


def _chunks(items, size: int = CHUNK):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


# --- applying findings ---------------------------------------------------------------------------------------------


def evaluate_alerts(*, on: datetime.date, cases=None, now: datetime.datetime | None = None) -> Outcome:
    """Open, keep and resolve alerts as of ``on`` (idempotent). ``cases`` limits the run to those case ids."""
    if not isinstance(on, datetime.date) or isinstance(on, datetime.datetime):
        raise DomainError("请提供评估日期。", field="on")
    now = now or timezone.now()
    moment = min(_end_of(on), now)
    findings = _deadline_findings(on, moment, cases)
    log_findings, _read = _log_findings(on, moment, cases)
    findings += log_findings
    findings += _complaint_findings(on, moment, cases)
    from .inspection_alerts import inspection_findings

    findings += inspection_findings(on, moment, cases)
    by_key = {(f.case_id, f.key): f for f in findings}
    outcome = Outcome()
    with transaction.atomic():
        existing = Alert.objects.filter(state__in=(AlertState.OPEN, AlertState.EXPLAINED))
        if cases is not None:
            existing = existing.filter(case_id__in=cases)
        alerts = {(a.case_id, a.key): a for a in existing}
        case_ids = sorted({f.case_id for f in findings}, key=str)
        for chunk in _chunks(case_ids):
            for alert in Alert.objects.filter(case_id__in=chunk):
                alerts.setdefault((alert.case_id, alert.key), alert)
        creates = []
        for key, found in by_key.items():
            alert = alerts.get(key)
            rule = RULES[found.rule]
            if alert is None:
                state = (AlertState.RESOLVED if not found.active else
                         AlertState.EXPLAINED if found.explanation else AlertState.OPEN)
                creates.append(Alert(
                    case_id=found.case_id, body_id=found.body_id, key=found.key, rule=found.rule,
                    problem=rule.problem, title=rule.title, message=found.message,
                    article=(found.article or rule.article)[:300],
                    deadline_rule=found.deadline_rule, due_date=found.due_date, state=state,
                    first_seen=min(found.first_seen, on), last_seen=on,
                    resolved_on=on if state == AlertState.RESOLVED else None,
                    resolution=found.resolution[:300], explanation=found.explanation))
                if state == AlertState.RESOLVED:
                    outcome.recorded += 1
                else:
                    outcome.opened += 1
                outcome.by_rule[found.rule] += 1
                continue
            if alert.first_seen > on:
                continue  # an evaluation of an earlier day leaves a later alert alone
            changes = {"last_seen": on, "message": found.message, "due_date": found.due_date}
            if not found.active:
                if alert.state != AlertState.RESOLVED:
                    changes.update(state=AlertState.RESOLVED, resolved_on=on, resolution=found.resolution[:300])
                    outcome.resolved += 1
            elif alert.state == AlertState.RESOLVED:
                changes.update(state=AlertState.EXPLAINED if alert.explanation else AlertState.OPEN,
                               resolved_on=None, resolution="")
                outcome.reopened += 1
            else:
                if found.explanation and not alert.explanation:
                    changes.update(state=AlertState.EXPLAINED, explanation=found.explanation)
                outcome.kept += 1
            if any(getattr(alert, k) != v for k, v in changes.items()):
                Alert.objects.filter(pk=alert.pk).update(updated_at=now, **changes)
        Alert.objects.bulk_create(creates, batch_size=1000)
        for key, alert in alerts.items():
            if key in by_key or alert.state == AlertState.RESOLVED or alert.first_seen > on:
                continue
            Alert.objects.filter(pk=alert.pk).update(state=AlertState.RESOLVED, resolved_on=on, last_seen=on,
                                                     resolution=RULES[alert.rule].resolved if alert.rule in RULES
                                                     else "原因已消除。", updated_at=now)
            outcome.resolved += 1
    return outcome


@transaction.atomic
def alert_explain(*, actor, alert: Alert, text: str) -> Alert:
    """The enforcement body states the circumstances of an alert (情况说明). Supervisors read it; the alert stays
    on record and is still resolved when its cause is."""
    from .permissions import can_explain

    text = (text or "").strip()
    if not can_explain(actor, alert):
        raise NotAllowed("只有办案主体的人员可以对本单位的预警作出说明。")
    if len(text) < 4:
        raise DomainError("请填写情况说明。", field="explanation")
    if len(text) > 2000:
        raise DomainError("情况说明不能超过2000字。", field="explanation")
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    before = {"state": alert.state, "explanation": alert.explanation}
    alert.explanation, alert.explained_by, alert.explained_at = text, actor, timezone.now()
    if alert.state == AlertState.OPEN:
        alert.state = AlertState.EXPLAINED
    alert.save()
    audit_record(actor=actor, action="supervision.alert.explain", obj=alert, before=before,
                 after={"state": alert.state, "explanation": text})
    return alert
