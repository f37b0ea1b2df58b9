"""The hub's warning when a node's cases stop arriving (议题 16 §1; docs/decisions/0055, 0059).

At the hub every node has one subscription ``yzf_case_<code>``. ``pg_stat_subscription.last_msg_receipt_time`` is when
the node last sent anything (data or its keep-alive, every ``wal_sender_timeout / 2``): a subscription that has heard
nothing for longer than ``YZF_REPLICATION_LAG_WARN_SECONDS``, or whose worker is not running, means the supervision
and disclosure figures at the hub miss that node's latest cases. Nothing is shown on a node or the all-in-one form.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from . import services

CASE_PREFIX = "yzf_case_"


@dataclass(frozen=True)
class LagWarning:
    node: str
    state: str
    seconds: float | None

    @property
    def text(self) -> str:
        if self.seconds is None:
            return _("节点 %(node)s 的办案数据复制%(state)s，尚未收到该节点的任何消息") % {
                "node": self.node, "state": self.state}
        minutes = int(self.seconds // 60)
        age = _("%(n)d 分钟") % {"n": minutes} if minutes else _("%(n)d 秒") % {"n": int(self.seconds)}
        return _("节点 %(node)s 的办案数据已 %(age)s 未复制到省级平台（订阅%(state)s）") % {
            "node": self.node, "age": age, "state": self.state}


def _status() -> dict:
    """This database's ``services.status`` through Django's own connection."""
    connection.ensure_connection()
    return services.status(connection.connection)


def warnings(report: dict | None = None) -> list[LagWarning]:
    """The nodes whose replication to the hub lags beyond the threshold; [] off the hub, on SQLite, or when the
    status cannot be read (the warning never breaks the page)."""
    if settings.YZF_ROLE != "hub":
        return []
    if report is None:
        if connection.vendor != "postgresql":
            return []
        try:
            with transaction.atomic():  # a savepoint: a failed read leaves the page's transaction usable
                report = _status()
        except Exception:
            return []
    threshold = settings.YZF_REPLICATION_LAG_WARN_SECONDS
    found = []
    for sub in report.get("subscriptions", []):
        name = sub.get("name", "")
        if not name.startswith(CASE_PREFIX):
            continue
        seconds = sub.get("seconds_since_last_message")
        if sub.get("state") != "运行中" or seconds is None or seconds > threshold:
            found.append(LagWarning(node=name.removeprefix(CASE_PREFIX), state=sub.get("state", ""), seconds=seconds))
    return found
