"""Version 1 of the province's templates for the seizure (查封、扣押, 《中华人民共和国行政强制法》第十八条、第二十四条、第二十五条、
第二十八条): 查封（扣押）决定书, 现场笔录, 查封（扣押）清单, 延长查封（扣押）期限决定书, 检测鉴定期间告知书, 解除查封（扣押）决定书
and 解除查封（扣押）清单, with the statutory contents of these types. Runs the same ``seed_library`` as 0002 and 0003."""

from django.db import migrations

CODES = [
    "seizure_decision", "seizure_site_record", "seizure_list", "seizure_extension_decision", "testing_period_notice",
    "seizure_release_decision", "seizure_release_list",
]


def seed(apps, schema_editor):
    from yuezhifa.documents.seed import seed_library

    seed_library(apps.get_model("documents", "DocumentType"), apps.get_model("documents", "DocumentTemplate"))


def unseed(apps, schema_editor):
    from yuezhifa.documents.seed import SEED_NOTE

    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    DocumentTemplate.objects.filter(doc_type__code__in=CODES, scope="province", version=1, note=SEED_NOTE,
                                    overlays__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0003_seed_procedure_templates"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
