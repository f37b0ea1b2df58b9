"""Every write to the document library (DESIGN §5.1): transactional, permission-checked, audited.

Template versions are immutable once active: a change is a new version (``template_create_version``) or, for a
personalisation, a new overlay (``overlay_create``). Only drafts may be edited (``template_update_draft``).
"""

import datetime
import hashlib
import re

from django.db import transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed
from yuezhifa.org.models import BodyStatus, Level

from . import sandbox, selectors
from .errors import OverlayCycle
from .models import Category, DocumentTemplate, DocumentType, Orientation, PageSize, TemplateStatus, scope_key
from .permissions import is_body_admin, is_library_admin, require_change

# The blocks a body-level overlay may replace: local details a province-wide text cannot know. Everything else (the
# statutory contents, the remedies, the layout) stays the province's, so no body can drop what the law requires.
BODY_OVERLAY_BLOCKS = frozenset({"contact", "payment", "notes"})
MAX_SOURCE_CHARS = 200_000
PAGE_FIELDS = ("page_size", "orientation", "margin_top", "margin_right", "margin_bottom", "margin_left")
DEFAULT_PAGE = {"page_size": PageSize.A4, "orientation": Orientation.PORTRAIT, "margin_top": 37, "margin_right": 26,
                "margin_bottom": 35, "margin_left": 28}
FIELD_KEY = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$")


def template_snapshot(template: DocumentTemplate) -> dict:
    return {
        "doc_type": template.doc_type.code,
        "version": template.version,
        "scope": template.scope,
        "status": template.status,
        "effective_from": template.effective_from.isoformat() if template.effective_from else None,
        "note": template.note,
        "overlay_of": str(template.overlay_of_id) if template.overlay_of_id else None,
        "applicant": str(template.applicant_id) if template.applicant_id else None,
        "source_sha256": hashlib.sha256(template.source.encode()).hexdigest(),
        "css_sha256": hashlib.sha256(template.css.encode()).hexdigest(),
        "page": {f: getattr(template, f) for f in PAGE_FIELDS},
    }


def type_snapshot(doc_type: DocumentType) -> dict:
    return {"code": doc_type.code, "name": doc_type.name, "category": doc_type.category, "basis": doc_type.basis,
            "description": doc_type.description, "required_fields": doc_type.required_fields}


def _require_library_admin(actor) -> None:
    if not is_library_admin(actor):
        raise NotAllowed("省统一文书模板、文书种类和行业个性化模板只能由省司法行政部门的系统管理员维护（办法 第五十五条）。")


# --- validation --------------------------------------------------------------------------------------------------


def _validate_page(template: DocumentTemplate) -> None:
    if template.page_size and template.page_size not in PageSize.values:
        raise DomainError(f"纸张只能是 {'、'.join(PageSize.values)}。", field="page_size")
    if template.orientation and template.orientation not in Orientation.values:
        raise DomainError("方向只能是纵向（portrait）或横向（landscape）。", field="orientation")
    for name in ("margin_top", "margin_right", "margin_bottom", "margin_left"):
        value = getattr(template, name)
        if value is not None and not 5 <= value <= 80:
            raise DomainError(f"{DocumentTemplate._meta.get_field(name).verbose_name}应在 5 至 80 毫米之间。", field=name)


def _lineage_above(parent: DocumentTemplate | None) -> list[DocumentTemplate]:
    return selectors.template_lineage(parent) if parent is not None else []


def _check_no_cycle(template: DocumentTemplate, parent: DocumentTemplate | None) -> None:
    """Refuse an ``overlay_of`` that leads back to ``template`` itself, naming the templates of the loop."""
    path, node, seen = [template], parent, set()
    while node is not None:
        path.append(node)
        if template.pk is not None and node.pk == template.pk:
            raise OverlayCycle(
                f"个性化模板不能循环叠加：{' → '.join(str(t) for t in path)}。请让“{template}”基于省统一模板或"
                f"其他不以它为基础的模板。", field="overlay_of")
        if node.pk in seen:
            raise OverlayCycle(f"模板链中已存在循环：{' → '.join(str(t) for t in path)}。", field="overlay_of")
        seen.add(node.pk)
        node = DocumentTemplate.objects.select_related("doc_type", "domain", "body").filter(
            pk=node.overlay_of_id).first() if node.overlay_of_id else None


def _check_scope(template: DocumentTemplate, parent: DocumentTemplate) -> None:
    if parent.doc_type_id != template.doc_type_id:
        raise DomainError(f"所基于的模板“{parent}”属于其他文书种类。", field="overlay_of")
    if parent.domain_id and parent.domain_id != template.domain_id:
        raise DomainError(f"所基于的模板“{parent}”适用于其他执法领域，不能作为本模板的基础。", field="overlay_of")
    if parent.body_id and parent.body_id != template.body_id:
        raise DomainError(f"所基于的模板“{parent}”适用于其他执法主体，不能作为本模板的基础。", field="overlay_of")
    if parent.status == TemplateStatus.RETIRED:
        raise DomainError(f"所基于的模板“{parent}”已停用，请基于现行版本。", field="overlay_of")


def _check_overlay_parties(template: DocumentTemplate) -> None:
    if template.body_id is None:
        # 第55条第2款: sector personalisation on the application of a provincial sector department.
        applicant = template.applicant
        if applicant is None:
            raise DomainError("行业个性化文书改造须写明申请单位（省级行业主管部门，办法 第五十五条第二款）。",
                              field="applicant")
        if applicant.level != Level.PROVINCE or applicant.is_justice_department:
            raise DomainError(f"申请单位应为省级行业主管部门，“{applicant.name}”不是。", field="applicant")
        if applicant.domains.exists() and not applicant.domains.filter(pk=template.domain_id).exists():
            raise DomainError(f"申请单位“{applicant.name}”不主管“{template.domain}”领域。", field="applicant")
        return
    body = template.body
    if body.status != BodyStatus.ACTIVE:
        raise DomainError(f"执法主体“{body.name}”不处于有效状态。", field="body")
    if template.domain_id and not body.domains.filter(pk=template.domain_id).exists():
        raise DomainError(f"执法主体“{body.name}”不承担“{template.domain}”领域的执法职责。", field="domain")
    if template.css.strip():
        raise DomainError("执法主体的个性化模板不能修改样式表：版式由省统一模板确定。", field="css")
    if any(getattr(template, f) not in (None, "") for f in PAGE_FIELDS):
        raise DomainError("执法主体的个性化模板不能修改纸张和页边距：版式由省统一模板确定。", field="page_size")


def _check_source(template: DocumentTemplate, parent: DocumentTemplate | None) -> None:
    if len(template.source) > MAX_SOURCE_CHARS:
        raise DomainError(f"模板正文过长（超过 {MAX_SOURCE_CHARS} 个字符）。", field="source")
    if not template.source.strip():
        raise DomainError("模板正文不能为空。", field="source")
    top = sandbox.compile_source(template.source, overlay=parent is not None)
    if parent is None:
        return
    available = set().union(*(sandbox.block_names(t.source) for t in _lineage_above(parent)))
    unknown = [name for name in top if name not in available]
    if unknown:
        raise DomainError(f"所基于的模板中没有区块 {'、'.join(unknown)}；可替换的区块：{'、'.join(sorted(available))}。",
                          field="source")
    if template.body_id:
        outside = [name for name in top if name not in BODY_OVERLAY_BLOCKS]
        if outside:
            raise DomainError(
                f"执法主体的个性化模板只能替换 {'、'.join(sorted(BODY_OVERLAY_BLOCKS))} 区块（联系方式、缴款方式、附注），"
                f"不能替换 {'、'.join(outside)}：法定内容和版式由省统一模板确定。", field="source")


def _trial_render(template: DocumentTemplate, parent: DocumentTemplate | None) -> None:
    """Render the chain with the document type's sample, so a template that cannot produce a document is refused when
    it is written rather than when an officer needs it."""
    from .rendering import render_body
    from .samples import SAMPLES

    sample = SAMPLES.get(template.doc_type.code)
    if sample is None:
        return
    render_body([*_lineage_above(parent), template], sample)


def _validate(template: DocumentTemplate) -> None:
    parent = template.overlay_of
    _validate_page(template)
    if parent is not None:
        _check_scope(template, parent)
        _check_overlay_parties(template)
        _check_no_cycle(template, parent)
    _check_source(template, parent)
    _trial_render(template, parent)


def _next_version(doc_type: DocumentType, scope: str) -> int:
    last = (DocumentTemplate.objects.filter(doc_type=doc_type, scope=scope).order_by("-version")
            .values_list("version", flat=True).first())
    return (last or 0) + 1


def _actor_user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- template versions -------------------------------------------------------------------------------------------


@transaction.atomic
def template_create_version(*, actor, doc_type: DocumentType, source: str, effective_from: datetime.date, note: str,
                            css: str = "", page_size: str = "", orientation: str = "", margin_top=None,
                            margin_right=None, margin_bottom=None, margin_left=None) -> DocumentTemplate:
    """A new draft version of the provincial base template of ``doc_type`` (第55条第1款)."""
    _require_library_admin(actor)
    doc_type = DocumentType.objects.select_for_update().get(pk=doc_type.pk)  # serialises version numbers
    page = {"page_size": page_size, "orientation": orientation, "margin_top": margin_top,
            "margin_right": margin_right, "margin_bottom": margin_bottom, "margin_left": margin_left}
    page = {key: value if value not in (None, "") else DEFAULT_PAGE[key] for key, value in page.items()}
    template = DocumentTemplate(doc_type=doc_type, version=_next_version(doc_type, "province"), effective_from=effective_from,
                                note=note.strip(), source=source, css=css, created_by=_actor_user(actor), **page)
    if not template.note:
        raise DomainError("请填写修订说明。", field="note")
    _validate(template)
    template.save(force_insert=True)
    audit_record(actor=actor, action="documents.template.create", obj=template, after=template_snapshot(template))
    return template


@transaction.atomic
def overlay_create(*, actor, overlay_of: DocumentTemplate, source: str, effective_from: datetime.date, note: str,
                   domain=None, body=None, applicant=None, css: str = "", page_size: str = "", orientation: str = "",
                   margin_top=None, margin_right=None, margin_bottom=None, margin_left=None) -> DocumentTemplate:
    """A draft personalisation of ``overlay_of`` for a domain (by the provincial justice department, on the application
    of the provincial sector department ``applicant``: 第55条第2款) or for one body (by that body's administrator or
    the province; only the contact, payment and notes blocks)."""
    if domain is None and body is None:
        raise DomainError("个性化模板必须指定适用的执法领域或执法主体。", field="domain")
    if body is None and not is_library_admin(actor):
        raise NotAllowed("行业个性化文书改造由省司法行政部门根据省级行业主管部门的申请进行（办法 第五十五条第二款）。")
    if body is not None and not (is_library_admin(actor) or is_body_admin(actor, body)):
        raise NotAllowed(f"只有“{body.name}”的系统管理员或省司法行政部门的系统管理员可以为该主体制作个性化模板。")
    doc_type = DocumentType.objects.select_for_update().get(pk=overlay_of.doc_type_id)
    template = DocumentTemplate(
        doc_type=doc_type, effective_from=effective_from, note=note.strip(), source=source, css=css,
        overlay_of=overlay_of, domain=domain, body=body, applicant=applicant if body is None else None,
        created_by=_actor_user(actor), page_size=page_size, orientation=orientation, margin_top=margin_top,
        margin_right=margin_right, margin_bottom=margin_bottom, margin_left=margin_left)
    if not template.note:
        raise DomainError("请填写修订说明（个性化改造的理由）。", field="note")
    template.version = _next_version(doc_type, scope_key(template.domain_id, template.body_id))
    _validate(template)
    template.save(force_insert=True)
    audit_record(actor=actor, action="documents.overlay.create", obj=template, after=template_snapshot(template))
    return template


DRAFT_FIELDS = {"source", "css", "note", "effective_from", "overlay_of", "applicant", *PAGE_FIELDS}


@transaction.atomic
def template_update_draft(*, actor, template: DocumentTemplate, **changes) -> DocumentTemplate:
    """Edit a draft. Active and retired versions never change: they are what documents were issued with."""
    template = DocumentTemplate.objects.select_for_update(of=("self",)).select_related(
        "doc_type", "domain", "body", "overlay_of").get(pk=template.pk)
    require_change(actor, template)
    if template.status != TemplateStatus.DRAFT:
        raise Conflict(f"“{template}”已{template.get_status_display()}，不能修改；请新建版本。")
    unknown = set(changes) - DRAFT_FIELDS
    if unknown:
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}。", field=sorted(unknown)[0])
    if "overlay_of" in changes and (changes["overlay_of"] is None) != (template.overlay_of_id is None):
        raise DomainError("不能把省统一模板改为个性化模板，或反之；请新建模板。", field="overlay_of")
    before = template_snapshot(template)
    for name, value in changes.items():
        setattr(template, name, value.strip() if name == "note" and isinstance(value, str) else value)
    if not template.note:
        raise DomainError("请填写修订说明。", field="note")
    if template.overlay_of_id is None:
        for key, default in DEFAULT_PAGE.items():
            if getattr(template, key) in (None, ""):
                setattr(template, key, default)
    _validate(template)
    template.save()
    audit_record(actor=actor, action="documents.template.update", obj=template, before=before,
                 after=template_snapshot(template))
    return template


@transaction.atomic
def template_activate(*, actor, template: DocumentTemplate) -> DocumentTemplate:
    """Put a draft in force from its ``effective_from``. It must start later than the version in force in its scope
    (history is never rewritten) and, for an overlay, build on active versions only."""
    template = DocumentTemplate.objects.select_for_update(of=("self",)).select_related(
        "doc_type", "domain", "body", "overlay_of").get(pk=template.pk)
    require_change(actor, template)
    if template.status != TemplateStatus.DRAFT:
        raise Conflict(f"只有草稿可以启用，“{template}”{template.get_status_display()}。")
    lineage = selectors.template_lineage(template)
    inactive = [t for t in lineage[:-1] if t.status != TemplateStatus.ACTIVE]
    if inactive:
        raise Conflict(f"所基于的模板“{inactive[-1]}”{inactive[-1].get_status_display()}，请先启用它或改为基于现行版本。",
                       field="overlay_of")
    latest = (DocumentTemplate.objects.filter(doc_type=template.doc_type, scope=template.scope,
                                              status=TemplateStatus.ACTIVE)
              .order_by("-effective_from", "-version").first())
    if latest is not None and template.effective_from <= latest.effective_from:
        raise Conflict(f"生效日期须晚于本范围现行版本 v{latest.version} 的生效日期 {latest.effective_from.isoformat()}"
                       f"（已生效的版本不改写）。", field="effective_from")
    _validate(template)
    before = template_snapshot(template)
    template.status = TemplateStatus.ACTIVE
    template.activated_at = timezone.now()
    template.activated_by = _actor_user(actor)
    template.save(update_fields=["status", "activated_at", "activated_by", "updated_at"])
    audit_record(actor=actor, action="documents.template.activate", obj=template, before=before,
                 after=template_snapshot(template))
    return template


@transaction.atomic
def template_retire(*, actor, template: DocumentTemplate, reason: str) -> DocumentTemplate:
    """Withdraw a version: it is never chosen again. Refused while active overlays build on it."""
    template = DocumentTemplate.objects.select_for_update(of=("self",)).select_related(
        "doc_type", "domain", "body").get(pk=template.pk)
    require_change(actor, template)
    if template.status == TemplateStatus.RETIRED:
        raise Conflict(f"“{template}”已停用。")
    if not reason or not reason.strip():
        raise DomainError("请填写停用理由。", field="reason")
    dependants = list(template.overlays.filter(status=TemplateStatus.ACTIVE).select_related("doc_type", "domain", "body"))
    if dependants:
        raise Conflict(f"以下个性化模板仍以“{template}”为基础：{'、'.join(str(t) for t in dependants)}。"
                       "请先停用它们或让它们基于新版本。", field="template")
    before = template_snapshot(template)
    template.status = TemplateStatus.RETIRED
    template.retired_at = timezone.now()
    template.retired_reason = reason.strip()
    template.save(update_fields=["status", "retired_at", "retired_reason", "updated_at"])
    audit_record(actor=actor, action="documents.template.retire", obj=template, before=before,
                 after={**template_snapshot(template), "reason": template.retired_reason})
    return template


# --- document types ----------------------------------------------------------------------------------------------


def _validate_required_fields(value) -> list[dict]:
    if not isinstance(value, list):
        raise DomainError("法定必备内容应为列表。", field="required_fields")
    out, keys = [], set()
    for index, entry in enumerate(value, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str) or not entry.get("label"):
            raise DomainError(f"法定必备内容第 {index} 项应包含 key（字段路径）和 label（中文名称）。",
                              field="required_fields")
        key = entry["key"].strip()
        if not FIELD_KEY.match(key):
            raise DomainError(f"法定必备内容第 {index} 项的字段路径“{key}”无效（小写字母、数字、下划线，以“.”分隔）。",
                              field="required_fields")
        if key in keys:
            raise DomainError(f"法定必备内容中字段“{key}”重复。", field="required_fields")
        keys.add(key)
        item = {"key": key, "label": str(entry["label"]).strip(), "basis": str(entry.get("basis") or "").strip()}
        when = str(entry.get("when") or "").strip()
        if when:
            if not FIELD_KEY.match(when):
                raise DomainError(f"法定必备内容第 {index} 项的适用条件“{when}”无效。", field="required_fields")
            item["when"] = when
        out.append(item)
    return out


def _validate_type(doc_type: DocumentType) -> None:
    if doc_type.category not in Category.values:
        raise DomainError(f"文书类别只能是 {'、'.join(Category.labels)}。", field="category")
    if not doc_type.name.strip():
        raise DomainError("请填写文书名称。", field="name")
    if not doc_type.basis.strip():
        raise DomainError("请填写法律依据。", field="basis")
    clash = DocumentType.objects.filter(name=doc_type.name).exclude(pk=doc_type.pk).exists()
    if clash:
        raise DomainError(f"名称为“{doc_type.name}”的文书种类已存在。", field="name")
    doc_type.required_fields = _validate_required_fields(doc_type.required_fields)


@transaction.atomic
def document_type_create(*, actor, code: str, name: str, category: str, basis: str, description: str = "",
                         required_fields: list | None = None, sort_order: int = 0) -> DocumentType:
    _require_library_admin(actor)
    if DocumentType.objects.filter(code=code).exists():
        raise DomainError(f"代码为“{code}”的文书种类已存在。", field="code")
    doc_type = DocumentType(code=code.strip(), name=name.strip(), category=category, basis=basis.strip(),
                            description=description.strip(), required_fields=required_fields or [],
                            sort_order=sort_order)
    _validate_type(doc_type)
    doc_type.full_clean()
    doc_type.save(force_insert=True)
    audit_record(actor=actor, action="documents.type.create", obj=doc_type, after=type_snapshot(doc_type))
    return doc_type


@transaction.atomic
def document_type_update(*, actor, doc_type: DocumentType, **changes) -> DocumentType:
    _require_library_admin(actor)
    doc_type = DocumentType.objects.select_for_update().get(pk=doc_type.pk)
    allowed = {"name", "category", "basis", "description", "required_fields", "sort_order"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}。", field=sorted(unknown)[0])
    before = type_snapshot(doc_type)
    for name, value in changes.items():
        setattr(doc_type, name, value.strip() if isinstance(value, str) else value)
    _validate_type(doc_type)
    doc_type.save()
    audit_record(actor=actor, action="documents.type.update", obj=doc_type, before=before,
                 after=type_snapshot(doc_type))
    return doc_type
