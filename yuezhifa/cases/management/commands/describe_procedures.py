from django.core.management.base import BaseCommand

from yuezhifa.cases.describe import describe


class Command(BaseCommand):
    help = "输出办案程序的行为代码、字段、条件、文书和期限（Markdown），即 docs/办案行为代码.md 的内容。"

    def handle(self, *args, **options):
        self.stdout.write(describe(), ending="")
