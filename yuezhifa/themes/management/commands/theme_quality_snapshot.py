"""``manage.py theme_quality_snapshot``: store the theme library's quality snapshots (办法 第四十九条第二款).

Without options: yesterday's day snapshot, and this month's and last month's month snapshots (a month is re-taken
while its records may still change). ``--day YYYY-MM-DD`` and ``--month YYYY-MM`` take one period. Idempotent.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yuezhifa.themes import quality


class Command(BaseCommand):
    help = "统计执法数据主题库的数据质量（完整性、有效性、一致性、及时性）并保存快照（办法第四十九条）。"

    def add_arguments(self, parser):
        parser.add_argument("--day", help="统计某一日（YYYY-MM-DD）")
        parser.add_argument("--month", help="统计某一月（YYYY-MM）")

    def handle(self, *args, day=None, month=None, **options):
        periods = []
        try:
            if day:
                periods.append(("day", datetime.date.fromisoformat(day)))
            if month:
                periods.append(("month", datetime.date.fromisoformat(f"{month}-01")))
        except ValueError as exc:
            raise CommandError(f"日期格式错误：{exc}（--day 为 YYYY-MM-DD，--month 为 YYYY-MM）") from None
        if not periods:
            periods = quality.default_periods(timezone.localdate())
        for granularity, start in periods:
            count = quality.take_snapshots(granularity, start)
            self.stdout.write(f"{granularity} {start.isoformat()}: {count} 个快照")
