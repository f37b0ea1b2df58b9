"""The pickers of the act forms (issue 15 §1, docs/decisions/0048): the reads behind the search boxes that fill the
执法事项, the legal basis, the party and the officers, and the hook that marks which generated inputs get one.

Every read is restricted to what the user may see, as the pages are (DESIGN §5.4): the parties come from the cases the
user may see and from the subject register; identity numbers are only ever shown masked (DESIGN §5.5), and a
natural person's phone number is neither shown in full nor filled in. A picker only fills the plain inputs: the
server validates what is posted exactly as when it is typed by hand.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yuezhifa.core.masking import mask_id_number, mask_phone
from yuezhifa.core.pinyin import looks_like_initials
from yuezhifa.inspection.models import Subject, SubjectKind
from yuezhifa.items.models import Item, ItemStatus
from yuezhifa.laws.models import LawStatus, Provision, ProvisionKind
from yuezhifa.laws.numerals import cn_to_int
from yuezhifa.org.models import Certificate, CertificateStatus, Officer, OfficerStatus

from . import selectors
from .models import Party, PartyKind

LIMIT = 10
LONG_LIST = 8  # an officers' list longer than this is searched instead of scrolled


@dataclass
class Option:
    """One answer of a picker: what the list shows (``label``, ``detail``) and what choosing it fills (``fill``:
    the input's name below the picker's field → the value)."""

    label: str
    detail: str = ""
    source: str = ""
    fill: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"label": self.label, "detail": self.detail, "source": self.source, "fill": self.fill}

    @property
    def fill_json(self) -> str:
        return json.dumps(self.fill, ensure_ascii=False)


# --- 执法事项 ---------------------------------------------------------------------------------------------------------


def item_options(*, user, query: str, limit: int = LIMIT) -> list[Option]:
    """The items a case may name (in the provincial list, in force) matching ``query`` by code, name or pinyin
    initials (``Item.name_initials``: “jycgbzqsp” finds 经营超过保质期食品), those of the user's body's domains first
    when the body has any. The service still refuses an item not usable on the act's day (办法 第13条(二))."""
    query = (query or "").strip()
    if not query:
        return []
    qs = Item.objects.restrict(user, "view").select_related("domain").filter(status=ItemStatus.ACTIVE,
                                                                             registered=True)
    match = Q(code__icontains=query) | Q(name__icontains=query) | Q(registered_code__iexact=query)
    if looks_like_initials(query):
        match |= Q(name_initials__contains=query.lower())
    qs = qs.filter(match)
    body = getattr(user, "body", None)
    domains = set(body.domains.values_list("pk", flat=True)) if body is not None else set()
    if domains:
        qs = qs.filter(domain__in=domains)
    exact = query.upper()
    items = sorted(qs.order_by("code")[:limit * 3], key=lambda i: (i.code != exact, len(i.name)))[:limit]
    return [Option(label=item.name, detail=f"{item.code} · {item.domain.name}", fill={"": item.code})
            for item in items]


# --- 依据 (the laws library) -----------------------------------------------------------------------------------------

_NUMERAL = r"[0-9０-９]+|[零〇一二两三四五六七八九十百千]+"
_CITATION = re.compile(rf"^(?P<name>.*?)\s*第?\s*(?P<article>{_NUMERAL})\s*条?\s*(?:第?\s*(?P<paragraph>{_NUMERAL})\s*款)?\s*$")
_CITABLE = (ProvisionKind.ARTICLE, ProvisionKind.PARAGRAPH, ProvisionKind.ITEM)


def _parse_citation(query: str) -> tuple[str, int | None, int | None]:
    """“食品安全法 124”, “食品安全法第一百二十四条第一款” → (“食品安全法”, 124, 1); a query without a number → (query,
    None, None)."""
    match = _CITATION.match(query)
    if not match or not match.group("name").strip():
        return query, None, None
    try:
        article = cn_to_int(match.group("article"))
        paragraph = cn_to_int(match.group("paragraph")) if match.group("paragraph") else None
    except ValueError:
        return query, None, None
    return match.group("name").strip(" 《》"), article, paragraph


def law_options(*, user, query: str, limit: int = LIMIT) -> list[Option]:
    """Provisions of laws in force matching ``query``: a law's name (全称 or 简称) and an article number, or
    words of the text. Choosing one inserts its citation, e.g. 《中华人民共和国食品安全法》第一百二十四条第一款."""
    query = (query or "").strip()
    if not query:
        return []
    provisions = Provision.objects.restrict(user, "view").select_related("law").filter(
        law__status=LawStatus.IN_FORCE, kind__in=_CITABLE).defer("law__history", "law__preamble")
    name, article, paragraph = _parse_citation(query)
    by_name = Q(law__name__icontains=name) | Q(law__short_name__icontains=name)
    if article is not None:
        qs = provisions.filter(by_name, article_number=article)
        if paragraph is not None:
            qs = qs.filter(Q(kind=ProvisionKind.ARTICLE) | Q(code__startswith=f"A{article}.P{paragraph}"))
    else:
        qs = provisions.filter(by_name, kind=ProvisionKind.ARTICLE)
        if not qs.exists():
            terms = [t for t in query.split() if t]
            qs = provisions.filter(kind=ProvisionKind.ARTICLE)
            for term in terms:
                qs = qs.filter(text__icontains=term)
    rows = list(qs.order_by("law__name", "law_id", "sort_key")[:limit])
    return [Option(label=p.citation, detail=_snippet(p.text), fill={"": p.citation}) for p in rows]


def _snippet(text: str, width: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[:width] + "…"


# --- 当事人 ----------------------------------------------------------------------------------------------------------


def _party_fill(*, kind: str, name: str, credit_code: str, legal_representative: str, address: str,
                phone: str) -> dict:
    """What choosing a party fills. A natural person's phone is personal information (个人信息保护法 第四条) and is
    not put into the page: the officer asks for it; an organisation's contact number is filled (decision 0048). The
    identity number is never filled."""
    fill = {"kind": kind, "name": name, "credit_code": credit_code, "legal_representative": legal_representative,
            "address": address}
    if kind != PartyKind.PERSON and phone:
        fill["phone"] = phone
    return fill


def _party_detail(*, credit_code: str, id_number: str, phone: str, kind: str, extra: str = "") -> str:
    parts = [credit_code or mask_id_number(id_number) if (credit_code or id_number) else ""]
    if phone:
        parts.append(mask_phone(phone) if kind == PartyKind.PERSON else phone)
    if extra:
        parts.append(extra)
    return " · ".join(p for p in parts if p)


def party_options(*, user, query: str, limit: int = LIMIT) -> list[Option]:
    """Parties matching ``query`` by name or 统一社会信用代码: those of the cases the user may see (the latest record of
    each), then the subject register (检查对象名录库); the same credit code is offered once."""
    query = (query or "").strip()
    if not query:
        return []
    code = query.upper()
    seen: set[str] = set()
    out: list[Option] = []
    parties = (Party.objects.filter(case__in=selectors.cases(user).values("pk"))
               .filter(Q(name__icontains=query) | Q(credit_code__startswith=code))
               .select_related("case").order_by("-created_at"))
    for party in parties[:limit * 4]:
        key = party.credit_code or f"{party.kind}:{party.name}:{mask_id_number(party.id_number)}"
        if key in seen:
            continue
        seen.add(key)
        case = party.case.number or party.case.cause
        out.append(Option(
            label=party.name, source=_("历史案件"),
            detail=_party_detail(credit_code=party.credit_code, id_number=party.id_number, phone=party.phone,
                                 kind=party.kind, extra=case),
            fill=_party_fill(kind=party.kind, name=party.name, credit_code=party.credit_code,
                             legal_representative=party.legal_representative, address=party.address,
                             phone=party.phone)))
        if len(out) >= limit:
            return out
    subjects = (Subject.objects.restrict(user, "view").filter(active=True)
                .filter(Q(name__icontains=query) | Q(credit_code__startswith=code)).order_by("name"))
    for subject in subjects[:limit * 2]:
        if subject.credit_code and subject.credit_code in seen:
            continue
        kind = PartyKind.PERSON if subject.kind == SubjectKind.PERSON else PartyKind.ORGANISATION
        out.append(Option(
            label=subject.name, source=_("检查对象名录"),
            detail=_party_detail(credit_code=subject.credit_code, id_number=subject.id_number, phone=subject.phone,
                                 kind=kind, extra=subject.get_kind_display()),
            fill=_party_fill(kind=kind, name=subject.name, credit_code=subject.credit_code,
                             legal_representative=subject.legal_representative, address=subject.address,
                             phone=subject.phone)))
        if len(out) >= limit:
            break
    return out


# --- 执法人员 --------------------------------------------------------------------------------------------------------


def certified_officers(*, user, case, day: datetime.date | None = None, query: str = "") -> list[tuple[Officer,
                                                                                                         Certificate]]:
    """The serving officers of the case's body holding a certificate valid on ``day`` that covers the domain of the
    case's item (any domain while the case names no item), with that certificate: the only officers an act may name
    (处罚法 第四十二条; 强制法 第十七条第三款). ``query`` matches the name or the certificate number."""
    day = day or timezone.localdate()
    valid = Certificate.objects.filter(status=CertificateStatus.VALID, valid_from__lte=day, valid_until__gte=day,
                                       officer__body_id=case.body_id)
    if case.item_id:
        valid = valid.filter(domains=case.item.domain_id)
    query = (query or "").strip()
    if query:
        valid = valid.filter(Q(officer__name__icontains=query) | Q(number__icontains=query))
    certificates = {c.officer_id: c for c in valid.order_by("number")}
    officers = (Officer.objects.restrict(user, "view").filter(pk__in=certificates, status=OfficerStatus.ACTIVE)
                .order_by("name"))
    return [(officer, certificates[officer.pk]) for officer in officers]


def officer_label(officer: Officer, certificate: Certificate) -> str:
    return _("%(name)s（执法证 %(number)s）") % {"name": officer.name, "number": certificate.number}


def officer_choices(*, user, case) -> list[tuple[str, str]]:
    """The officers' checkboxes of an act form: ``(id, label)`` of ``certified_officers``."""
    return [(str(o.pk), officer_label(o, c)) for o, c in certified_officers(user=user, case=case)]


def officer_options(*, user, case, query: str, limit: int = LIMIT) -> list[Option]:
    return [Option(label=o.name, detail=c.number, fill={"": str(o.pk)})
            for o, c in certified_officers(user=user, case=case, query=query)[:limit]]


# --- which inputs get a picker ---------------------------------------------------------------------------------------

# field name → picker kind; officers' inputs (widget "officers") get the officers' picker wherever they are
BY_NAME = {"item": "item", "basis": "law", "violated": "law", "party": "party"}
PROMPTS = {
    "item": gettext_lazy("搜索：编码、名称或拼音首字母"),
    "law": gettext_lazy("搜索：法律名称和条号，如 食品安全法 124"),
    "party": gettext_lazy("搜索：名称或统一社会信用代码"),
    "officers": gettext_lazy("搜索：姓名或执法证号"),
}


def attach(fields, *, case=None) -> None:
    """Mark the generated inputs that get a picker (``FormField.picker``): the item code, the legal basis and
    违反的规定, the party's fieldset and, on a case's act form, the officers."""
    for item in fields:
        kind = "officers" if item.widget == "officers" else BY_NAME.get(item.name)
        if kind == "officers" and case is None:
            kind = None
        if kind == "party" and item.widget != "fieldset":
            kind = None
        if kind:
            params = f"?for={item.name}" + (f"&case={case.pk}" if case is not None else "")
            item.picker = {"kind": kind, "url": reverse("cases:pick", kwargs={"kind": kind}) + params,
                           "prompt": PROMPTS[kind],
                           "long": kind == "officers" and len(item.choices) > LONG_LIST}
