"""``yzf themes``: the theme library (执法数据主题库, 办法 第十四条、第四十六至五十一条).

  yzf themes dictionary                       print the data dictionary (docs/主题库数据字典.md)
  yzf themes refresh [--all]                  project the platform's cases into the library (since the last refresh)
  yzf themes export --from D --to D --kind K [--out DIR]   the national reporting export of a period
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yuezhifa.themes import dictionary, exporting, platform
from yuezhifa.themes.models import Delivery, Kind


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from exc


class Command(BaseCommand):
    help = "执法数据主题库：数据字典、平台数据归集、国家上报导出。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, title="子命令")
        sub.add_parser("dictionary", help="输出数据字典（Markdown），即 docs/主题库数据字典.md 的内容")
        refresh = sub.add_parser("refresh", help="把本平台的处罚、强制、检查结果归集为主题库记录（幂等）")
        refresh.add_argument("--all", action="store_true", help="核对全部案件（默认只核对上次归集以来有变动的案件）")
        export = sub.add_parser("export", help="按国家数据交换格式导出某一期间的记录（JSON、CSV 与清单）")
        export.add_argument("--from", dest="start", required=True, help="起始日期（含），YYYY-MM-DD")
        export.add_argument("--to", dest="end", required=True, help="截止日期（含），YYYY-MM-DD")
        export.add_argument("--kind", required=True, choices=Kind.values, help="数据类别")
        export.add_argument("--out", default="var/themes-export", help="输出目录")
        export.add_argument("--with-id-numbers", action="store_true",
                            help="输出自然人证件号码全文（仅用于向国家平台传输的文件；默认遮蔽）")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "dictionary":
            self.stdout.write(dictionary.as_markdown(), ending="")
        elif action == "refresh":
            last = None if options["all"] else Delivery.objects.filter(
                source__code=platform.PLATFORM_CODE).order_by("-received_at").values_list("received_at", flat=True).first()
            delivery = platform.refresh_platform(since=last)
            if delivery is None:
                self.stdout.write("没有新增或变动的记录。")
            else:
                self.stdout.write(f"新增 {delivery.created_count} 条，更新 {delivery.changed_count} 条，"
                                  f"未变 {delivery.unchanged_count} 条。")
        elif action == "export":
            start, end = _day(options["start"]), _day(options["end"])
            if end < start:
                raise CommandError("截止日期不能早于起始日期。")
            manifest = exporting.export(options["kind"], start, end, Path(options["out"]),
                                        id_numbers=options["with_id_numbers"])
            for f in manifest["files"]:
                self.stdout.write(f"{f['name']}  sha256={f['sha256']}")
            self.stdout.write(f"共 {manifest['count']} 条。")
            for bad in manifest.get("invalid", []):
                self.stderr.write(f"不符合双公示数据项规范：{bad['record_key']}（第 {bad['version']} 版）："
                                  + "；".join(bad["errors"]))
