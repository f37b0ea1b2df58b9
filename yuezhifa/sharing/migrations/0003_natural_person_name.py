"""A natural person's name is personal information (个人信息保护法 第四条): the datasets offer it as its own field,
``natural_person_name``, granted only with a justification like the ID numbers; ``party_name`` shows it masked."""

import importlib

from django.db import migrations

FIELD = "natural_person_name"


def add(apps, schema_editor):
    Dataset = apps.get_model("sharing", "Dataset")
    for dataset in Dataset.objects.all():
        if FIELD not in dataset.fields and "party_name" in dataset.fields:
            fields = list(dataset.fields)
            fields.insert(fields.index("party_name") + 1, FIELD)
            dataset.fields = fields
            dataset.save(update_fields=["fields"])


def remove(apps, schema_editor):
    Dataset = apps.get_model("sharing", "Dataset")
    for dataset in Dataset.objects.all():
        if FIELD in dataset.fields:
            dataset.fields = [f for f in dataset.fields if f != FIELD]
            dataset.save(update_fields=["fields"])


def seed(apps, schema_editor):
    """core.seeding: the datasets as the migrations leave them, written again into a flushed table."""
    importlib.import_module("yuezhifa.sharing.migrations.0002_datasets").add(apps, schema_editor)
    add(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("sharing", "0002_datasets")]
    operations = [migrations.RunPython(add, remove)]
