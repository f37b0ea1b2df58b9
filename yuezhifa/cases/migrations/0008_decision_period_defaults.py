"""The shipped rule of the demo domain (docs/decisions/0026): 市场监管, after 《市场监督管理行政处罚程序规定》第六十四条.
The text of that rule is not in the platform's law library, so the row is shipped unconfirmed (“未经确认，可设置”):
the province's administrator checks it and confirms or changes it."""

from django.db import migrations

DEFAULTS = [
    {"domain": "market", "basis": "《市场监督管理行政处罚程序规定》第六十四条", "max_extension_days": 30,
     "approver": "head",
     "paused_kinds": ["suspension", "hearing", "announcement", "testing", "inspection", "quarantine", "appraisal",
                      "identification", "refund"],
     "note": "经市场监督管理部门负责人批准可以延长三十日；中止、听证、公告和检测、检验、检疫、鉴定、权利人辨认或者鉴别、"
             "责令退还多收价款等时间不计入办案期限。"},
]


def seed(apps, schema_editor):
    Domain = apps.get_model("org", "Domain")
    Rule = apps.get_model("cases", "DecisionPeriodRule")
    for row in DEFAULTS:
        domain = Domain.objects.filter(code=row["domain"]).first()
        if domain is None or Rule.objects.filter(domain=domain).exists():
            continue
        Rule.objects.create(**{**row, "domain": domain, "confirmed": False})


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_decision_period_rule"), ("org", "0002_seed_domains")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
