"""Demo data of the supervision platform: the alerts and the dashboard's rollup as of today, derived from the demo
cases (the hourly tasks keep them current afterwards). Running it again changes nothing twice.

The demo cases were entered when the demo was loaded, after the dates their acts bear, so the platform rightly flags
them as late back entries (办法 第二十二条); the demo body's head explains those alerts, as a body would, which also
shows the 已说明 state. The other alerts stay open."""

from django.db import transaction
from django.utils import timezone

from yuezhifa.org.models import User

from .alerts import alert_explain, evaluate_alerts
from .dashboard import refresh_stats
from .models import Alert, AlertState

EXPLANATION = "演示数据：各项执法行为于载入演示数据时一并录入，录入时间晚于实施时间。"


def load():
    evaluate_alerts(on=timezone.localdate())
    head = User.objects.filter(username="head").first()
    if head is not None:
        with transaction.atomic():
            for alert in Alert.objects.filter(rule="back_entry_late", state=AlertState.OPEN, body_id=head.body_id):
                alert_explain(actor=head, alert=alert, text=EXPLANATION)
    refresh_stats()
    return []
