"""案号 and 文书文号: allocated per body, kind and year, with no gaps and no duplicates under concurrency.

The sequence row is updated (and so locked) inside the transaction of the act that needs the number; a rolled-back
act gives its number back with it, and a concurrent act waits for the row instead of reading a stale value.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import NumberSequence

CASE_KIND = "case"

# The 代字 of each numbered document (the part between the body's prefix and the year).
DOCUMENT_MARKS = {
    CASE_KIND: "立",
    "case_nonfiling_approval": "不立",
    "evidence_preservation_notice": "保",
    "rectification_order": "责改",
    "evidence_preservation_handling_notice": "保处",
    "penalty_advance_notice": "罚告",
    "hearing_notice": "听",
    "legal_review_opinion": "法审",
    "penalty_decision": "罚",
    "on_the_spot_decision": "当罚",
    "no_penalty_decision": "不罚",
    "payment_deferral_decision": "缓",
    "reminder": "催",
    "enforcement_decision": "强执",
    "court_enforcement_application": "强申",
    "enforcement_suspension_decision": "中终执",
    "execution_agreement": "执协",
    "substitute_performance_decision": "代履",
    "criminal_transfer": "移",
    "seizure_decision": "封扣",
    "seizure_extension_decision": "延封扣",
    "seizure_release_decision": "解封扣",
    "freeze_decision": "冻",
    "inspection_notice": "检通",
    "inspection_result_notice": "检结",
}


def next_number(body, kind: str, year: int) -> int:
    """The next number of ``kind`` for ``body`` in ``year``. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the transaction that uses the number.")
    rows = NumberSequence.objects.filter(body=body, kind=kind, year=year)
    if not rows.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                NumberSequence.objects.create(body=body, kind=kind, year=year, last=1)
            return 1
        except IntegrityError:  # another transaction created the row first: take the next one after it
            rows.update(last=F("last") + 1)
    return rows.values_list("last", flat=True).get()


def prefix(body) -> str:
    """The body's 机关代字: its short name if it has one, else its name."""
    return body.short_name or body.name


def format_number(body, kind: str, year: int, number: int) -> str:
    return f"{prefix(body)}{DOCUMENT_MARKS[kind]}〔{year}〕{number}号"
