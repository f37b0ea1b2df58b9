"""Re-weigh the laws' search documents indexed before the preferred factor (indexing.PREFERRED_WEIGHT) existed.

Search ranks every match by the engine's relevance times the document's stored weight (decision 0004); the current
laws tagged 行政执法通用 now weigh PREFERRED_WEIGHT times more. Only the weight column changes (the full-text index
itself is untouched, so this is quick); documents of laws that are not indexed are left alone. Idempotent: running the
weights of indexing.weight() again changes nothing. Skipped where the search app is not installed.
"""

from django.apps import apps as global_apps
from django.db import migrations

LAW_KIND = "laws.law"
PROVISION_KIND = "laws.provision"
CHUNK = 2_000


def reweigh(apps, schema_editor):
    from yuezhifa.laws.indexing import weight

    try:
        document_model = apps.get_model("search", "SearchDocument")
    except LookupError:
        return
    law_model, provision_model = apps.get_model("laws", "Law"), apps.get_model("laws", "Provision")
    alias = schema_editor.connection.alias
    documents = document_model.objects.using(alias)
    for law in law_model.objects.using(alias).only("id", "status", "level", "tags").iterator(chunk_size=CHUNK):
        value = weight(law)
        documents.filter(kind=LAW_KIND, object_id=str(law.pk)).exclude(weight=value).update(weight=value)
        articles = [str(pk) for pk in provision_model.objects.using(alias).filter(law_id=law.pk, kind="article")
                    .values_list("pk", flat=True)]
        for start in range(0, len(articles), CHUNK):
            documents.filter(kind=PROVISION_KIND, object_id__in=articles[start:start + CHUNK]) \
                .exclude(weight=value).update(weight=value)


class Migration(migrations.Migration):

    dependencies = [
        ("laws", "0002_provision_indexes"),
        *([("search", "0001_initial")] if global_apps.is_installed("yuezhifa.search") else []),
    ]

    operations = [
        migrations.RunPython(reweigh, migrations.RunPython.noop, elidable=True),
    ]
