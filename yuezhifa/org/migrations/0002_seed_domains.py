"""The enforcement domains (执法领域) every deployment starts with; administrators add more."""

from django.db import migrations

DOMAINS = [
    ("market", "市场监管"),
    ("ecology", "生态环境"),
    ("emergency", "应急管理"),
    ("transport", "交通运输"),
    ("culture", "文化市场"),
    ("agriculture", "农业农村"),
    ("urban", "城市管理"),
    ("health", "卫生健康"),
    ("natural_resources", "自然资源"),
    ("water", "水利"),
    ("housing", "住房和城乡建设"),
    ("comprehensive", "乡镇（街道）综合行政执法"),
    ("justice", "司法行政"),
]


def seed(apps, schema_editor):
    Domain = apps.get_model("org", "Domain")
    for code, name in DOMAINS:
        Domain.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
