"""Loading the provincial document set into the database: the document types of ``catalogue`` and version 1 of the
templates the province ships (files under ``fixtures/library/``).

Idempotent: a type is created or has its texts brought up to date; a template is created only when its type has no
template at all, so an administrator's versions are never touched. Called by the data migration with the historical
models, so every deployment has the provincial set from its first ``migrate``.
"""

import datetime
from pathlib import Path

from .catalogue import DOCUMENT_TYPES, SEEDED_TEMPLATES

# Under fixtures/ so that the files ship in the package (pyproject package-data).
LIBRARY = Path(__file__).parent / "fixtures" / "library"
SEED_EFFECTIVE_FROM = datetime.date(2026, 1, 1)
SEED_NOTE = "省统一文书模板（初始版本）"


def library_text(name: str) -> str:
    return (LIBRARY / name).read_text(encoding="utf-8")


def seed_note(code: str) -> str:
    """The seed note, followed by the article the document rests on where the catalogue names one."""
    article = SEEDED_TEMPLATES[code].get("note")
    return f"{SEED_NOTE}：依据{article}" if article else SEED_NOTE


def template_fields(code: str) -> dict:
    spec = SEEDED_TEMPLATES[code]
    return {
        "source": library_text(spec["file"]),
        "css": "\n".join(library_text(name) for name in spec["css"]),
        "page_size": "A4",
        "orientation": "portrait",
        **{key: spec[key] for key in ("margin_top", "margin_right", "margin_bottom", "margin_left")},
    }


def seed_library(DocumentType, DocumentTemplate) -> tuple[int, int]:
    """Returns (types created, templates created)."""
    types_created = templates_created = 0
    for order, (code, name, category, basis, description, required) in enumerate(DOCUMENT_TYPES, start=1):
        doc_type, created = DocumentType.objects.update_or_create(
            code=code,
            defaults={"name": name, "category": str(category), "basis": basis, "description": description,
                      "required_fields": required, "sort_order": order * 10},
        )
        types_created += created
        if code in SEEDED_TEMPLATES and not DocumentTemplate.objects.filter(doc_type=doc_type).exists():
            DocumentTemplate.objects.create(
                doc_type=doc_type, version=1, status="active", effective_from=SEED_EFFECTIVE_FROM,
                note=seed_note(code), scope="province", **template_fields(code))
            templates_created += 1
    return types_created, templates_created
