"""Version 1 of the templates of 冻结存款、汇款 (《中华人民共和国行政强制法》第二十九条至第三十三条): 冻结通知书,
冻结决定书, 延长冻结期限决定书, 解除冻结决定书 and 解除冻结通知书, with their types' statutory contents.

Runs the same ``seed_library`` as 0002 and 0003: it adds the new types, brings the texts up to date and creates a
template only for a type that has none.
"""

from django.db import migrations

CODES = ["freeze_notice", "freeze_decision", "freeze_extension_decision", "freeze_release_decision",
         "freeze_release_notice"]


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
        ("documents", "0004_seed_seizure_templates"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
