"""``yzf render-document TYPE --sample --out FILE.pdf``: render a document from its sample or a JSON context."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yuezhifa.core.errors import DomainError
from yuezhifa.documents import rendering
from yuezhifa.documents.models import DocumentType
from yuezhifa.documents.samples import SAMPLES, VARIANTS, sample_context


class Command(BaseCommand):
    help = "按文书种类的生效模板渲染文书（PDF 或 HTML），数据取示例或 JSON 文件。"

    def add_arguments(self, parser):
        parser.add_argument("type", help="文书种类代码，如 penalty_decision；用 --list 查看全部。")
        parser.add_argument("--sample", action="store_true", help="使用该文书种类的示例数据。")
        parser.add_argument("--variant", default="", help="示例的变体，如 hearing（告知听证权利）。")
        parser.add_argument("--context", type=Path, help="JSON 文件：文书内容（日期写作 YYYY-MM-DD，金额以元计）。")
        parser.add_argument("--out", type=Path, required=True, help="输出文件；扩展名 .html 输出 HTML，否则 PDF。")
        parser.add_argument("--domain", default="", help="执法领域代码（选择该领域的个性化模板）。")
        parser.add_argument("--body", default="", help="执法主体 ID（选择该主体的个性化模板）。")
        parser.add_argument("--on", type=datetime.date.fromisoformat, default=None,
                            help="按该日期生效的模板渲染（YYYY-MM-DD，默认今天）。")

    def handle(self, *args, type, sample, variant, context, out, domain, body, on, **options):
        if not DocumentType.objects.filter(code=type).exists():
            codes = "、".join(DocumentType.objects.values_list("code", flat=True))
            raise CommandError(f"没有代码为“{type}”的文书种类。可用：{codes}")
        if sample == bool(context):
            raise CommandError("请指定 --sample 或 --context FILE 之一。")
        if sample:
            if type not in SAMPLES:
                raise CommandError(f"“{type}”暂无示例数据；有示例的文书：{'、'.join(SAMPLES)}。")
            if variant and f"{type}.{variant}" not in VARIANTS:
                raise CommandError(f"“{type}”没有示例变体“{variant}”。")
            data = sample_context(type, variant)
        else:
            try:
                data = json.loads(context.read_text(encoding="utf-8"), parse_float=Decimal)
            except (OSError, ValueError) as exc:
                raise CommandError(f"无法读取 {context}：{exc}") from None
        options = {"domain": domain or None, "body": body or None, "on": on}
        try:
            if out.suffix.lower() in {".html", ".htm"}:
                out.write_text(rendering.render_html(type, data, **options), encoding="utf-8")
            else:
                out.write_bytes(rendering.render_pdf(type, data, **options))
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"已生成 {out}")
