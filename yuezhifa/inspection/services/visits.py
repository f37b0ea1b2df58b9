"""Recording a visit in the subject's inspection ledger (检查台账), called by the inspection procedure when an
inspection is approved or, in an emergency, carried out before approval (LEGAL.md §4)."""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction

from yuezhifa.audit.services import audit_record

from ..models import ItemProfile, JointVisit, Subject, Visit


@transaction.atomic
def record_visit(*, actor, case_id: uuid.UUID, case_number: str, subject: Subject, body, on: datetime.date,
                 profiles: list[ItemProfile], counted: bool = True, on_site: bool = True,
                 joint_visit: JointVisit | None = None) -> Visit:
    """Write (or rewrite, for the same case) the visit of ``case_id``. Idempotent per case: the procedure may call it
    again when an emergency inspection is approved afterwards."""
    visit, _created = Visit.objects.update_or_create(
        case_id=case_id,
        defaults={"case_number": case_number, "subject": subject, "body": body, "on": on, "year": on.year,
                  "counted": counted, "on_site": on_site, "joint_visit": joint_visit})
    visit.items.set(profiles)
    audit_record(actor=actor, action="inspection.visit", obj=visit,
                 after={"case": str(case_id), "subject": subject.name, "counted": counted})
    return visit
