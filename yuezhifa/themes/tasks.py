"""Background work of the theme library: the platform's cases are projected into it (办法 第四十七条第一款)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .models import Delivery
from .platform import PLATFORM_CODE, refresh_platform


@db_periodic_task(crontab(minute="*/15"))
def refresh_platform_records():
    """Every 15 minutes: the cases changed since the last refresh (idempotent; unchanged cases add nothing)."""
    last = (Delivery.objects.filter(source__code=PLATFORM_CODE).order_by("-received_at")
            .values_list("received_at", flat=True).first())
    delivery = refresh_platform(since=last)
    return delivery.created_count + delivery.changed_count if delivery else 0
