"""``yzf evaluate-alerts [--on YYYY-MM-DD]``: open, keep and resolve the supervision alerts (办法 第三十三条)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yuezhifa.supervision.alerts import evaluate_alerts


class Command(BaseCommand):
    help = "评估监督预警（有案不立、有案不移、久查不结、过罚不当、怠于执行及程序瑕疵）：新增、保持或者消除预警。"

    def add_arguments(self, parser):
        parser.add_argument("--on", default="", help="评估日期（YYYY-MM-DD），默认今天。")

    def handle(self, *args, **options):
        text = options["on"].strip()
        if text:
            try:
                on = datetime.date.fromisoformat(text)
            except ValueError:
                raise CommandError(f"评估日期“{text}”格式不正确，应为 YYYY-MM-DD。") from None
            if on > timezone.localdate():
                raise CommandError("评估日期不能晚于今天。")
        else:
            on = timezone.localdate()
        outcome = evaluate_alerts(on=on)
        self.stdout.write(f"{on.isoformat()} 监督预警评估完成：{outcome}")
