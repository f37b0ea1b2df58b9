"""Seed the provincial document library (办法 第十三条(四), 第五十五条): every document type of the working set with its
legal basis and statutory contents, and version 1 of the province's templates for 立案审批表, 行政处罚事先告知书,
行政处罚决定书, 当场行政处罚决定书 and 送达回证, active from 2026-01-01.

Idempotent: re-running adds what is missing, brings the types' texts up to date and never touches a template an
administrator has made.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from yuezhifa.documents.seed import seed_library

    seed_library(apps.get_model("documents", "DocumentType"), apps.get_model("documents", "DocumentTemplate"))


def unseed(apps, schema_editor):
    from yuezhifa.documents.seed import SEED_NOTE

    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    DocumentType = apps.get_model("documents", "DocumentType")
    DocumentTemplate.objects.filter(scope="province", version=1, note=SEED_NOTE, overlays__isnull=True).delete()
    DocumentType.objects.filter(templates__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
