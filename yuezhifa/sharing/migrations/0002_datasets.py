"""The datasets offered at the start: the theme library's 行政处罚, 行政强制 and 行政检查 records (办法 第四十七条、
第五十一条). The fields are those of sharing/catalogue.py as they stood; an administrator may change a dataset later."""

from django.db import migrations

COMMON = [
    "kind", "version", "body_name", "body_credit_code", "division_code", "case_number", "document_number",
    "item_code", "item_name", "party_kind", "party_name", "party_credit_code", "party_id_type", "party_id_number",
    "legal_representative", "legal_representative_id_number", "facts", "basis", "measures", "content",
]
AMOUNTS = ["fine_amount", "confiscation_amount"]
DATES = ["filed_on", "decided_on", "closed_on", "disclosed_on"]

DATASETS = [
    ("penalty", "行政处罚结果", ["penalty"], COMMON + AMOUNTS + DATES,
     "执法数据主题库中行政处罚决定的现行版本（含非平台系统报送的数据）。"),
    ("compulsion", "行政强制结果", ["compulsion"], COMMON + AMOUNTS + DATES,
     "执法数据主题库中行政强制措施与强制执行的现行版本。"),
    ("inspection", "行政检查结果", ["inspection"], COMMON + DATES,
     "执法数据主题库中行政检查结果的现行版本。"),
]


def add(apps, schema_editor):
    Dataset = apps.get_model("sharing", "Dataset")
    for code, name, kinds, fields, description in DATASETS:
        Dataset.objects.update_or_create(code=code, defaults={"name": name, "kinds": kinds, "fields": fields,
                                                              "description": description})


def remove(apps, schema_editor):
    apps.get_model("sharing", "Dataset").objects.filter(code__in=[d[0] for d in DATASETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
