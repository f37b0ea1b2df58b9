"""Version 1 of the province's templates for an agency's own enforcement (强制法 第四章): 中止（终结）执行决定书
(第三十九条、第四十条), 执行协议 (第四十二条) and 代履行决定书 (第五十条、第五十一条), active from 2026-01-01.

Runs the same ``seed_library`` as 0002 and 0003: the new types are created, and a template is created only for a type
that has none.
"""

from django.db import migrations

CODES = ["enforcement_suspension_decision", "execution_agreement", "substitute_performance_decision"]


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
        ("documents", "0005_seed_freeze_templates"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
