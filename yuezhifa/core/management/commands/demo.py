"""``yzf demo``: load the demo data of every app that has some, once, and list the demo accounts."""

import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from yuezhifa.topology.jobs import require_base_writable

# Apps whose ``demo`` module has a ``load()`` returning accounts (or None), in dependency order.
DEMO_APPS = ["yuezhifa.org", "yuezhifa.seals", "yuezhifa.laws", "yuezhifa.items", "yuezhifa.inspection",
             "yuezhifa.discretion", "yuezhifa.cases", "yuezhifa.themes", "yuezhifa.sharing",
             "yuezhifa.supervision"]


class Command(BaseCommand):
    help = "载入演示数据（只载入一次，重复运行不改变数据），并输出演示账号。"

    def handle(self, *args, **options):
        require_base_writable("演示数据载入")  # base data: the hub's (办法 第十三条)
        accounts = []
        for app in DEMO_APPS:
            if not apps.is_installed(app):
                continue
            module = importlib.import_module(f"{app}.demo")
            accounts.extend(module.load() or [])
        lines = ["演示账号（密码相同，仅用于演示）：", f"{'用户名':<16}{'角色':<10}{'密码':<16}所在主体 · 姓名"]
        lines += [f"{a.username:<19}{a.role:<8}{a.password:<18}{a.body} · {a.real_name}" for a in accounts]
        text = "\n".join(lines) + "\n"
        (settings.VAR_DIR / "demo-accounts.txt").write_text(text, encoding="utf-8")
        self.stdout.write(text)
