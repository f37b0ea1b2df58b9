"""Version 1 of the province's templates for the other acts of the penalty procedure, compulsion and closing (LEGAL.md
§7): 案件来源登记表, 不予立案审批表, 询问笔录, 现场检查（勘验）笔录, 先行登记保存证据通知书 and its handling notice,
案件调查终结报告, 陈述申辩笔录, 听证通知书, 听证笔录, 听证报告, 法制审核意见书, 集体讨论记录, 行政处罚决定审批表,
不予行政处罚决定书, 延期（分期）缴纳罚款决定书, 催告书, 强制执行申请书, 行政强制执行决定书, 涉嫌犯罪案件移送书, 结案审批表,
案卷封面 and 卷内文件目录, active from 2026-01-01, with the statutory contents of these types.

Runs the same ``seed_library`` as 0002: it brings the types' texts up to date and creates a template only for a type that
has none, so a database where an administrator already made a template for one of these types keeps it.
"""

from django.db import migrations

# The types this migration gives a first template (the reverse removes exactly these, when nothing builds on them).
CODES = [
    "case_source_register", "case_nonfiling_approval", "inquiry_record", "inspection_record",
    "evidence_preservation_notice", "evidence_preservation_handling_notice", "investigation_final_report",
    "statement_record", "hearing_notice", "hearing_record", "hearing_report", "legal_review_opinion",
    "collective_discussion_record", "penalty_decision_approval", "no_penalty_decision", "payment_deferral_decision",
    "reminder", "court_enforcement_application", "enforcement_decision", "criminal_transfer", "case_closing_approval",
    "dossier_cover", "dossier_index",
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
        ("documents", "0002_seed_library"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
