"""Which table goes where in the provincial topology (docs/decisions/0055).

Every model of the project's apps is in exactly one of three sets, by ``app_label.ModelName`` (auto-created
many-to-many tables by ``app_label.Model_field``):

- ``BASE``: kept at the hub (the province), published by it, subscribed read-only by every node (办法 第13、52-56条);
- ``CASE``: written at the node where the case is handled, published by the node, subscribed by the hub into the same
  tables (第14、46条);
- ``LOCAL``: stays in its own database (accounts and sessions, the audit chain, seals' keys, counters, caches, the
  supervision's own records, settings of the instance).

``test_tables`` fails when a model is added without being classified here.
"""

from django.apps import apps

BASE = frozenset({
    # calendar and the province's figures for open deadlines
    "core.CalendarYear", "core.CalendarDay", "core.DeadlineSetting",
    "cases.CaseSetting", "cases.DecisionPeriodRule",
    # bodies, officers, certificates, training (执法主体及人员库)
    "org.Division", "org.Domain", "org.EnforcementBody", "org.EnforcementBody_domains", "org.Officer",
    "org.Certificate", "org.Certificate_domains", "org.CertificatePeriod", "org.CertificateEvent",
    "org.CertificateWarning", "org.TrainingCourse", "org.TrainingRecord",
    # laws (法律法规库), items (执法事项库), discretion benchmarks (裁量基准库)
    "laws.Law", "laws.Provision",
    "items.Item", "items.ItemBasis", "items.BasisAdjustment",
    "discretion.Circumstance", "discretion.Benchmark", "discretion.Benchmark_basis_provisions",
    "discretion.FineBranch", "discretion.StatutoryPenalty", "discretion.Tier", "discretion.TierFine",
    "discretion.TierPenalty", "discretion.CircumstanceRule",
    # document templates (文书模板库)
    "documents.DocumentType", "documents.DocumentTemplate",
    # inspection's base: qualifications, item profiles and checklists, the register of subjects (检查对象名录库)
    "inspection.Qualification", "inspection.ItemProfile", "inspection.ChecklistPoint", "inspection.Subject",
})  # fmt: skip

CASE = frozenset({
    "cases.Case", "cases.Case_handlers", "cases.CaseLink", "cases.Party", "cases.Act", "cases.Evidence",
    "cases.CaseDocument", "cases.CaseDeadline", "cases.DeadlineRevision", "cases.EmailDelivery",
    "inspection.Plan", "inspection.Plan_items", "inspection.Draw", "inspection.DrawnSubject",
    "inspection.DrawnOfficer", "inspection.JointVisit", "inspection.JointVisit_plans", "inspection.Visit",
    "inspection.Visit_items",
    "disclosure.PublishedResult",
    # the 不予公示 ID items of a published result, written with it at the node, reported from the hub (decision 0056)
    "disclosure.ReportedIdentity",
})  # fmt: skip

LOCAL = frozenset({
    "audit.AuditEntry", "audit.AuditHead", "audit.MerkleLeaf", "audit.MerkleNode", "audit.MerkleHead",
    "audit.SignedTreeHead",
    "org.User", "org.User_groups", "org.User_user_permissions", "org.RoleAssignment", "org.ApiToken",
    "org.UserSession",
    "search.SearchDocument",
    "cases.NumberSequence", "cases.IdempotencyKey",
    "seals.SealAuthority", "seals.Seal", "seals.SignedDocument",
    "supervision.Alert", "supervision.AccessGrant", "supervision.Notification", "supervision.CaseStat",
    "supervision.InspectionFeedback",
    # 年报 (docs/decisions/0057): kept where the supervision platform runs, at the province
    "supervision.AnnualDueDate", "supervision.AnnualFiling", "supervision.AnnualSubmission",
    "disclosure.DisclosureSettings",
    # the theme library is built at the hub from the aggregated case data and other systems' deliveries (第十四条)
    "themes.Source", "themes.Delivery", "themes.Record",
    # objections to the library's records and its quality snapshots live with the library at the hub (第四十九条)
    "themes.Objection", "themes.QualitySnapshot",
    # data sharing under authorisation is run at the hub, where the theme library is (第五十、五十一条; decision 0061)
    "sharing.Dataset", "sharing.Grant", "sharing.Usage",
    # which accounts deliver for a source: accounts are local to the hub, like the theme library itself
    "themes.Source_deliverers",
})  # fmt: skip

PROJECT_PREFIX = "yuezhifa."


def model_key(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def project_models():
    """Every concrete, managed model of the project's own apps, auto-created many-to-many tables included."""
    return [
        m for m in apps.get_models(include_auto_created=True)
        if apps.get_app_config(m._meta.app_label).name.startswith(PROJECT_PREFIX)
        and m._meta.managed and not m._meta.proxy
    ]  # fmt: skip


def models_of(keys: frozenset) -> list:
    return [m for m in project_models() if model_key(m) in keys]


def base_models() -> list:
    return models_of(BASE)


def case_models() -> list:
    return models_of(CASE)


def base_tables() -> list[str]:
    return sorted(m._meta.db_table for m in base_models())


def case_tables() -> list[str]:
    return sorted(m._meta.db_table for m in case_models())


def is_base(model) -> bool:
    return model_key(model) in BASE
