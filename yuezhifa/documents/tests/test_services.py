"""Writing the library: who may (办法 第五十五条), overlays and their chains, versions in force, audit."""

import datetime

import pytest

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed
from yuezhifa.documents import rendering, selectors, services
from yuezhifa.documents.errors import NoActiveTemplate, OverlayCycle
from yuezhifa.documents.models import DocumentTemplate, DocumentType, TemplateStatus
from yuezhifa.documents.samples import sample_context

pytestmark = pytest.mark.django_db

JULY = datetime.date(2026, 7, 1)
MARCH = datetime.date(2026, 3, 20)
MARKET_NOTE = '{% block notes %}<div class="notes"><p>（市场监管领域附注：本决定书依法公示。）</p></div>{% endblock %}'
BODY_CONTACT = '{% block contact %}<div class="contact"><p>天河区市场监管局咨询电话：020-38622315</p></div>{% endblock %}'


@pytest.fixture
def decision():
    return DocumentType.objects.get(code="penalty_decision")


@pytest.fixture
def base(decision):
    return DocumentTemplate.objects.get(doc_type=decision, scope="province", version=1)


def render(**kwargs):
    return rendering.render_html("penalty_decision", sample_context("penalty_decision"), **kwargs)


def domain_overlay(actor, parent, market, applicant, source=MARKET_NOTE, effective_from=datetime.date(2026, 2, 1),
                   activate=True):
    overlay = services.overlay_create(actor=actor, overlay_of=parent, domain=market, applicant=applicant,
                                      source=source, effective_from=effective_from, note="市场监管领域个性化改造")
    return services.template_activate(actor=actor, template=overlay) if activate else overlay


# --- who may change the library --------------------------------------------------------------------------------


def test_provincial_justice_admin_and_superuser_maintain_the_base(decision, base, library_admin, superuser):
    for actor, day in [(library_admin, JULY), (superuser, datetime.date(2026, 8, 1))]:
        draft = services.template_create_version(actor=actor, doc_type=decision, source=base.source, css=base.css,
                                                 effective_from=day, note="依法修订")
        assert draft.status == TemplateStatus.DRAFT and draft.scope == "province"
    assert list(DocumentTemplate.objects.filter(doc_type=decision, scope="province").order_by("version")
                .values_list("version", flat=True)) == [1, 2, 3]


@pytest.mark.parametrize("who", ["city_justice_admin", "bureau_admin", "officer_user"])
def test_nobody_else_changes_the_provincial_base(who, request, decision, base):
    actor = request.getfixturevalue(who)
    with pytest.raises(NotAllowed) as err:
        services.template_create_version(actor=actor, doc_type=decision, source=base.source,
                                         effective_from=JULY, note="越权修改")
    assert "省司法行政部门" in err.value.message
    with pytest.raises(NotAllowed):
        services.template_retire(actor=actor, template=base, reason="越权停用")


def test_sector_personalisation_is_the_provincial_justice_departments(base, market, market_dept, bureau_admin,
                                                                     library_admin):
    """办法 第五十五条第二款: on the application of the provincial sector department, by the justice department."""
    with pytest.raises(NotAllowed):
        domain_overlay(bureau_admin, base, market, market_dept)
    with pytest.raises(DomainError) as err:
        services.overlay_create(actor=library_admin, overlay_of=base, domain=market, source=MARKET_NOTE,
                                effective_from=JULY, note="缺少申请单位")
    assert err.value.field == "applicant" and "第五十五条第二款" in err.value.message
    overlay = domain_overlay(library_admin, base, market, market_dept)
    assert overlay.scope == "domain:market" and overlay.applicant == market_dept


def test_a_body_admin_personalises_only_their_own_body_and_only_local_blocks(base, bureau, other_bureau,
                                                                            bureau_admin):
    overlay = services.overlay_create(actor=bureau_admin, overlay_of=base, body=bureau, source=BODY_CONTACT,
                                      effective_from=datetime.date(2026, 2, 1), note="本局联系方式")
    services.template_activate(actor=bureau_admin, template=overlay)
    with pytest.raises(NotAllowed):
        services.overlay_create(actor=bureau_admin, overlay_of=base, body=other_bureau, source=BODY_CONTACT,
                                effective_from=JULY, note="别的单位")
    with pytest.raises(DomainError) as err:
        services.overlay_create(actor=bureau_admin, overlay_of=base, body=bureau, effective_from=JULY,
                                note="删去救济途径", source="{% block remedies %}{% endblock %}")
    assert "remedies" in err.value.message and "contact" in err.value.message
    with pytest.raises(DomainError) as err:
        services.overlay_create(actor=bureau_admin, overlay_of=base, body=bureau, source=BODY_CONTACT,
                                css=".rights { display: none; }", effective_from=JULY, note="隐藏救济途径")
    assert err.value.field == "css"
    with pytest.raises(NotAllowed):
        services.template_retire(actor=bureau_admin, template=base, reason="越权")


def test_every_change_is_audited(decision, base, library_admin):
    before = AuditEntry.objects.count()
    draft = services.template_create_version(actor=library_admin, doc_type=decision, source=base.source,
                                             css=base.css, effective_from=JULY, note="依法修订")
    services.template_update_draft(actor=library_admin, template=draft, note="依法修订（校对）")
    services.template_activate(actor=library_admin, template=draft)
    services.template_retire(actor=library_admin, template=draft, reason="发现错漏")
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True)[before:])
    assert actions == ["documents.template.create", "documents.template.update", "documents.template.activate",
                       "documents.template.retire"]
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.after["reason"] == "发现错漏" and entry.object_id == str(draft.pk)


# --- overlays ---------------------------------------------------------------------------------------------------


def test_a_domain_overlay_overrides_a_block_for_its_domain_only(base, market, health, market_dept, library_admin):
    domain_overlay(library_admin, base, market, market_dept)
    assert "市场监管领域附注" in render(domain=market, on=MARCH)
    assert "市场监管领域附注" not in render(domain=health, on=MARCH)
    assert "市场监管领域附注" not in render(on=MARCH)
    # The rest of the provincial text is still there.
    assert "申请行政复议" in render(domain=market, on=MARCH)


def test_overlays_stack_and_the_most_specific_chain_wins(base, market, market_dept, bureau, other_bureau,
                                                         library_admin, bureau_admin):
    sector = domain_overlay(library_admin, base, market, market_dept)
    local = services.overlay_create(actor=bureau_admin, overlay_of=sector, domain=market, body=bureau,
                                    source=BODY_CONTACT, effective_from=datetime.date(2026, 2, 1), note="本局联系方式")
    services.template_activate(actor=bureau_admin, template=local)
    chain = selectors.template_chain(base.doc_type, domain=market, body=bureau, on=MARCH)
    assert [t.pk for t in chain] == [base.pk, sector.pk, local.pk]
    page = render(domain=market, body=bureau, on=MARCH)
    assert "市场监管领域附注" in page and "咨询电话" in page
    page = render(domain=market, body=other_bureau, on=MARCH)
    assert "市场监管领域附注" in page and "咨询电话" not in page


def test_an_overlay_on_a_superseded_base_stops_applying(decision, base, market, market_dept, library_admin):
    """A new provincial text (a change of law) is never hidden by a personalisation of the old one."""
    domain_overlay(library_admin, base, market, market_dept)
    v2 = services.template_create_version(
        actor=library_admin, doc_type=decision, css=base.css, effective_from=JULY, note="依法修订",
        source=base.source.replace("本机关决定对当事人作出如下行政处罚", "本机关依法决定对当事人作出如下行政处罚"))
    services.template_activate(actor=library_admin, template=v2)
    assert "市场监管领域附注" in render(domain=market, on=datetime.date(2026, 6, 30))
    page = render(domain=market, on=JULY)
    assert "本机关依法决定" in page and "市场监管领域附注" not in page
    assert [t.scope for t in selectors.stale_overlays(decision, on=JULY)] == ["domain:market"]
    rebuilt = domain_overlay(library_admin, v2, market, market_dept, effective_from=JULY)
    assert "市场监管领域附注" in render(domain=market, on=JULY)
    assert selectors.stale_overlays(decision, on=JULY) == []
    assert rebuilt.version == 2


def test_drafts_and_retired_versions_are_never_chosen(decision, base, library_admin):
    draft = services.template_create_version(actor=library_admin, doc_type=decision, css=base.css, note="草稿",
                                             effective_from=datetime.date(2026, 2, 1),
                                             source=base.source.replace("行政处罚决定书", "草稿决定书"))
    assert "草稿决定书" not in render(on=MARCH)
    services.template_activate(actor=library_admin, template=draft)
    assert "草稿决定书" in render(on=MARCH)
    services.template_retire(actor=library_admin, template=draft, reason="撤回")
    assert "草稿决定书" not in render(on=MARCH)
    services.template_retire(actor=library_admin, template=base, reason="全部撤回")
    with pytest.raises(NoActiveTemplate):
        render(on=MARCH)


def test_a_circular_overlay_is_refused_naming_the_templates_and_nothing_is_written(base, market, market_dept,
                                                                                  library_admin):
    first = domain_overlay(library_admin, base, market, market_dept, activate=False)
    second = services.overlay_create(actor=library_admin, overlay_of=first, domain=market, applicant=market_dept,
                                     effective_from=JULY, note="叠加在第一个之上",
                                     source='{% block title %}<h1 class="doc-title">行政处罚决定书</h1>{% endblock %}')
    audits = AuditEntry.objects.count()
    with pytest.raises(OverlayCycle) as err:
        services.template_update_draft(actor=library_admin, template=first, overlay_of=second)
    message = err.value.message
    assert "循环" in message
    assert message.count(str(first)) >= 2 and str(second) in message  # A → B → A
    assert err.value.field == "overlay_of" and err.value.status_code == 409
    first.refresh_from_db()
    assert first.overlay_of_id == base.pk
    assert AuditEntry.objects.count() == audits
    with pytest.raises(OverlayCycle):
        services.template_update_draft(actor=library_admin, template=first, overlay_of=first)


def test_an_overlay_may_only_replace_blocks_its_base_has(base, market, market_dept, library_admin):
    with pytest.raises(DomainError) as err:
        domain_overlay(library_admin, base, market, market_dept, source="{% block letterhed %}x{% endblock %}")
    assert "letterhed" in err.value.message and "letterhead" in err.value.message
    with pytest.raises(DomainError) as err:
        domain_overlay(library_admin, base, market, market_dept, source="区块外的文字" + MARKET_NOTE)
    assert "区块" in err.value.message


def test_an_overlay_cannot_build_on_another_scope(base, market, health, market_dept, library_admin):
    sector = domain_overlay(library_admin, base, market, market_dept)
    with pytest.raises(DomainError) as err:
        services.overlay_create(actor=library_admin, overlay_of=sector, domain=health, applicant=market_dept,
                                source=MARKET_NOTE, effective_from=JULY, note="跨领域")
    assert err.value.field == "overlay_of"


# --- versions in force ------------------------------------------------------------------------------------------


def test_a_new_version_starts_after_the_one_in_force(decision, base, library_admin):
    early = services.template_create_version(actor=library_admin, doc_type=decision, source=base.source,
                                             css=base.css, effective_from=datetime.date(2025, 12, 1), note="倒签")
    with pytest.raises(Conflict) as err:
        services.template_activate(actor=library_admin, template=early)
    assert "2026-01-01" in err.value.message and err.value.field == "effective_from"


def test_active_versions_never_change(base, library_admin):
    with pytest.raises(Conflict):
        services.template_update_draft(actor=library_admin, template=base, note="改已启用的版本")
    with pytest.raises(Conflict):
        services.template_activate(actor=library_admin, template=base)


def test_an_overlay_needs_an_active_base_to_be_activated(decision, base, market, market_dept, library_admin):
    draft_base = services.template_create_version(actor=library_admin, doc_type=decision, source=base.source,
                                                  css=base.css, effective_from=JULY, note="新版本")
    overlay = domain_overlay(library_admin, draft_base, market, market_dept, effective_from=JULY, activate=False)
    with pytest.raises(Conflict) as err:
        services.template_activate(actor=library_admin, template=overlay)
    assert "草稿" in err.value.message


def test_a_version_others_build_on_cannot_be_retired(base, market, market_dept, library_admin):
    overlay = domain_overlay(library_admin, base, market, market_dept)
    with pytest.raises(Conflict) as err:
        services.template_retire(actor=library_admin, template=base, reason="停用")
    assert str(overlay) in err.value.message


# --- document types ---------------------------------------------------------------------------------------------


def test_document_type_changes_are_validated_and_restricted(decision, library_admin, bureau_admin):
    with pytest.raises(NotAllowed):
        services.document_type_update(actor=bureau_admin, doc_type=decision, basis="改依据")
    with pytest.raises(DomainError) as err:
        services.document_type_update(actor=library_admin, doc_type=decision,
                                      required_fields=[{"key": "Party Name", "label": "当事人"}])
    assert "字段路径" in err.value.message
    updated = services.document_type_update(
        actor=library_admin, doc_type=decision,
        required_fields=[*decision.required_fields, {"key": "case.number", "label": "案号", "basis": ""}])
    assert updated.required_fields[-1] == {"key": "case.number", "label": "案号", "basis": ""}
    with pytest.raises(DomainError) as err:
        rendering.render_html("penalty_decision", sample_context("penalty_decision"), on=MARCH)
    assert "案号" in err.value.message
