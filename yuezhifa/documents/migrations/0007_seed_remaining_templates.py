"""Version 1 of the province's templates for the eight document types of LEGAL.md §7 that had none: 指定管辖通知书
(《中华人民共和国行政处罚法》第二十五条第二款), 询问通知书 (第五十五条), 证据提取单 (第四十六条), 抽样取证凭证 (第五十六条), 协助调查函
(第二十六条), 责令（限期）改正通知书 (第二十八条第一款), 送达地址确认书 (第六十一条第二款; 《中华人民共和国民事诉讼法》第九十条) and
案件移送函 (第二十二条至第二十五条、第二十七条). Each template's note names its article after the seed note.

Runs the same ``seed_library`` as 0002 and 0003: the types' required contents are brought up to date, and a template is
created only for a type that has none.
"""

from django.db import migrations

CODES = [
    "jurisdiction_designation_notice", "inquiry_notice", "evidence_extraction_form", "sampling_certificate",
    "assistance_request_letter", "rectification_order", "service_address_confirmation", "case_transfer_letter",
]


def seed(apps, schema_editor):
    from yuezhifa.documents.seed import seed_library

    seed_library(apps.get_model("documents", "DocumentType"), apps.get_model("documents", "DocumentTemplate"))


def unseed(apps, schema_editor):
    from yuezhifa.documents.seed import SEED_NOTE

    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    DocumentTemplate.objects.filter(doc_type__code__in=CODES, scope="province", version=1,
                                    note__startswith=SEED_NOTE, overlays__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0006_seed_agency_enforcement_templates"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
