"""Reads of the document library: lists restricted by ``restrict(user, action)``, and the choice of the template chain
that renders a document.

Choosing the chain (``template_chain``) is not restricted by user: the library is the province's published standard,
readable by everyone logged in, and the renderer is called on behalf of users already allowed to see the case.
"""

import datetime

from django.db.models import Prefetch, Q, QuerySet

from .errors import NoActiveTemplate, OverlayCycle
from .models import DocumentTemplate, DocumentType, TemplateStatus, scope_key


def document_type_list(*, user, action: str = "view", category: str = "", search: str = "",
                       with_templates: bool = False) -> QuerySet[DocumentType]:
    qs = DocumentType.objects.restrict(user, action)
    if category:
        qs = qs.filter(category=category)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search) | Q(basis__icontains=search))
    if with_templates:
        qs = qs.prefetch_related(Prefetch(
            "templates", queryset=DocumentTemplate.objects.select_related("domain", "body").order_by("scope", "-version")))
    return qs


def template_list(*, user, action: str = "view", doc_type: str = "", status: str = "", domain: str = "",
                  body=None) -> QuerySet[DocumentTemplate]:
    qs = DocumentTemplate.objects.restrict(user, action).select_related(
        "doc_type", "domain", "body", "applicant", "overlay_of", "overlay_of__doc_type", "overlay_of__domain",
        "overlay_of__body")
    if doc_type:
        qs = qs.filter(doc_type__code=doc_type)
    if status:
        qs = qs.filter(status=status)
    if domain:
        qs = qs.filter(domain_id=domain)
    if body:
        qs = qs.filter(body_id=body)
    return qs


# --- which template renders a document ------------------------------------------------------------------------------


def _code(domain) -> str | None:
    if domain is None or domain == "":
        return None
    return domain if isinstance(domain, str) else domain.pk


def _pk(body):
    if body is None or body == "":
        return None
    return getattr(body, "pk", body)


def relevant_scopes(domain=None, body=None) -> list[str]:
    """The scopes that may apply to a document of ``domain`` issued by ``body``, most specific first."""
    domain_code, body_pk = _code(domain), _pk(body)
    scopes = []
    if body_pk is not None:
        if domain_code:
            scopes.append(scope_key(domain_code, body_pk))
        scopes.append(scope_key(None, body_pk))
    if domain_code:
        scopes.append(scope_key(domain_code, None))
    scopes.append("province")
    return scopes


def _newer(a: DocumentTemplate, b: DocumentTemplate | None) -> bool:
    return b is None or (a.effective_from, a.version) > (b.effective_from, b.version)


def template_chain(doc_type: DocumentType, *, domain=None, body=None, on: datetime.date) -> list[DocumentTemplate]:
    """The templates that render ``doc_type`` for ``domain`` and ``body`` on ``on``, base first.

    In each scope the version in force is the active one with the latest ``effective_from`` not after ``on``. The
    most specific scope (body and domain, body, domain, province) whose version in force builds, link by link, on
    versions that are themselves in force wins. An overlay built on a superseded version stops applying until it is
    rebuilt on the new one, so a new provincial text (a change of law) is never hidden by an old personalisation.
    """
    scopes = relevant_scopes(domain, body)
    rows = list(DocumentTemplate.objects.filter(doc_type=doc_type, status=TemplateStatus.ACTIVE,
                                                effective_from__lte=on, scope__in=scopes)
                .select_related("doc_type", "domain", "body"))
    by_pk = {row.pk: row for row in rows}
    current: dict[str, DocumentTemplate] = {}
    for row in rows:
        if _newer(row, current.get(row.scope)):
            current[row.scope] = row
    if "province" not in current:
        raise NoActiveTemplate(f"该文书尚无生效模板：“{doc_type.name}”在 {on.isoformat()} 没有已启用的省统一模板。",
                               field="type")
    for scope in scopes:
        top = current.get(scope)
        if top is None:
            continue
        chain, node, seen = [], top, set()
        while node is not None:
            if node.pk in seen:
                raise OverlayCycle(f"模板循环叠加：{' → '.join(str(t) for t in [*chain, node])}。")
            seen.add(node.pk)
            if current.get(node.scope) is not node:
                break  # a link is not the version in force in its scope
            chain.append(node)
            if node.overlay_of_id is None:
                return list(reversed(chain))
            node = by_pk.get(node.overlay_of_id)
    raise NoActiveTemplate(f"该文书尚无生效模板：“{doc_type.name}”的模板链不完整。", field="type")


def template_lineage(template: DocumentTemplate) -> list[DocumentTemplate]:
    """One template version and those it builds on, base first, whatever their status (previewing a draft)."""
    chain, node, seen = [], template, set()
    while node is not None:
        if node.pk in seen:
            raise OverlayCycle(f"模板循环叠加：{' → '.join(str(t) for t in [*chain, node])}。")
        seen.add(node.pk)
        chain.append(node)
        node = (DocumentTemplate.objects.select_related("doc_type", "domain", "body").get(pk=node.overlay_of_id)
                if node.overlay_of_id else None)
    return list(reversed(chain))


def stale_overlays(doc_type: DocumentType, *, on: datetime.date) -> list[DocumentTemplate]:
    """Active overlays that build on a version no longer in force in its scope: they have stopped applying and need
    rebuilding on the current version."""
    active = list(DocumentTemplate.objects.filter(doc_type=doc_type, status=TemplateStatus.ACTIVE,
                                                  effective_from__lte=on).select_related("domain", "body"))
    current: dict[str, DocumentTemplate] = {}
    for row in active:
        if _newer(row, current.get(row.scope)):
            current[row.scope] = row
    in_force = {row.pk for row in current.values()}
    return [row for row in active if row.overlay_of_id and row.pk in in_force and row.overlay_of_id not in in_force]
