"""Demo data of the supervision platform: the alerts and the dashboard's rollup as of today, derived from the demo
cases (the hourly tasks keep them current afterwards), and a case-file access request of the demo supervisor
waiting for the approval of the supervising body's head (办法 第三十七条), so that sup_head has a 查阅审批 in the
queue (issue 15 §7). Running it again changes nothing twice.

The demo cases are entered as they are done (``yuezhifa.cases.demo``), so the alerts are the few real problems the
story contains (an unpaid fine without a reminder, an overdue service …). A back entry late beyond 办法 第二十二条第二款
would be explained by the body's head, as a body would."""

from django.db import transaction
from django.utils import timezone

from yuezhifa.org.models import User

from .access import grant_request, supervisable_q, supervised_cases
from .alerts import alert_explain, evaluate_alerts
from .dashboard import refresh_stats
from .models import AccessGrant, Alert, AlertState

EXPLANATION = "演示数据：纸质办案，执法行为实施后补录。"
ACCESS_REASON = "2026年度行政执法案卷评查：抽查食品安全领域已办结案件。"


def load():
    evaluate_alerts(on=timezone.localdate())
    head = User.objects.filter(username="head").first()
    if head is not None:
        with transaction.atomic():
            for alert in Alert.objects.filter(rule="back_entry_late", state=AlertState.OPEN, body_id=head.body_id):
                alert_explain(actor=head, alert=alert, text=EXPLANATION)
    _access_request()
    _annual()
    refresh_stats()
    return []


# 年报 (办法 第四十四条; docs/decisions/0057): the previous year's figures that the platform does not count (许可、征收、
# 征用 are not handled on it), entered by 天河区市场监管局 in January, and its head's submission before the due date.
ANNUAL_FILINGS = {
    "licensing": {"applied": 1286, "granted": 1241, "refused": 17, "changed": 392, "withdrawn": 58},
    "levy": {"decisions": 0, "amount": "0.00"},
    "requisition": {"decisions": 0, "compensation": "0.00"},
}


def _annual() -> None:
    """Once: the 2025 filings of the demo body and the head's submission of 2025 (on time, before 31 January)."""
    from yuezhifa.cases.demo import at, recorded

    from .annual import filing_save, submission_create
    from .models_annual import AnnualSubmission

    users = {u.username: u for u in User.objects.filter(username__in=["officer", "head"])}
    if len(users) < 2 or AnnualSubmission.objects.filter(body_id=users["head"].body_id).exists():
        return
    year = 2025
    with transaction.atomic():
        with recorded(at("2026-01-14 10:30")):
            for table, figures in ANNUAL_FILINGS.items():
                filing_save(actor=users["officer"], body=users["officer"].body, year=year, table=table,
                            figures=figures)
        with recorded(at("2026-01-20 16:00")):
            submission_create(actor=users["head"], body=users["head"].body, year=year)


def _access_request() -> None:
    """The supervisor asks to read the oldest finished case of the jurisdiction, once."""
    supervisor = User.objects.filter(username="supervisor").first()
    if supervisor is None or AccessGrant.objects.filter(requester=supervisor).exists():
        return
    case = supervised_cases(supervisor).filter(supervisable_q()).order_by("registered_at").first()
    if case is not None:
        grant_request(actor=supervisor, case_id=case.pk, reason=ACCESS_REASON)
