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
    refresh_stats()
    return []


def _access_request() -> None:
    """The supervisor asks to read the oldest finished case of the jurisdiction, once."""
    supervisor = User.objects.filter(username="supervisor").first()
    if supervisor is None or AccessGrant.objects.filter(requester=supervisor).exists():
        return
    case = supervised_cases(supervisor).filter(supervisable_q()).order_by("registered_at").first()
    if case is not None:
        grant_request(actor=supervisor, case_id=case.pk, reason=ACCESS_REASON)
