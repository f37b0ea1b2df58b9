"""Version 1 of the 行政检查 documents (司法部《行政检查文书基本格式文本（试行）》, 2025; docs/decisions/0043): 行政检查审批表,
行政检查通知书, 现场检查笔录（行政检查）, 询问笔录（行政检查）, 行政检查结果告知书 and 整改复查记录, under the new category 行政检查; the order to
correct uses the library's 责令（限期）改正通知书.

Runs the same ``seed_library`` as 0002-0007: the types' required contents are brought up to date, and a template is
created only for a type that has none.
"""

from django.db import migrations, models

CODES = ["inspection_approval", "inspection_notice", "inspection_site_record", "inspection_inquiry_record",
         "inspection_result_notice", "inspection_recheck_record"]


def seed(apps, schema_editor):
    from yuezhifa.documents.seed import seed_library

    seed_library(apps.get_model("documents", "DocumentType"), apps.get_model("documents", "DocumentTemplate"))


def unseed(apps, schema_editor):
    from yuezhifa.documents.seed import SEED_NOTE

    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    DocumentTemplate.objects.filter(doc_type__code__in=CODES, scope="province", version=1,
                                    note__startswith=SEED_NOTE, overlays__isnull=True).delete()
    apps.get_model("documents", "DocumentType").objects.filter(code__in=CODES, templates__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0007_seed_remaining_templates"),
    ]

    operations = [
        migrations.AlterField(
            model_name="documenttype",
            name="category",
            field=models.CharField(choices=[("filing", "立案"), ("investigation", "调查"), ("compulsion", "强制"),
                                            ("decision", "决定"), ("service", "送达"), ("execution", "执行"),
                                            ("transfer", "移送"), ("closing", "结案"), ("inspection", "行政检查")],
                                   db_index=True, max_length=20, verbose_name="文书类别"),
        ),
        migrations.RunPython(seed, unseed),
    ]
