"""Demo seals: the provincial root CA (演示) and a seal for every demo body, written through the services.

Runs after the organisation demo (``yuezhifa.seals`` comes after ``yuezhifa.org`` in DEMO_APPS); a second run changes
nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from yuezhifa.core.actors import SYSTEM
from yuezhifa.org.models import BodyStatus, EnforcementBody

from . import services
from .models import AuthorityKind, AuthorityStatus, Seal, SealAuthority, SealStatus


def valid_from() -> datetime.datetime:
    """The demo certificates are valid from the start of the year before the current one: the demo cases tell acts
    of the past months, each sealed when it was done (``yuezhifa.cases.demo``), so the seals must already be valid
    then."""
    return datetime.datetime(timezone.localdate().year - 1, 1, 1, tzinfo=datetime.UTC)


def load() -> list:
    """Create the demo CA if absent and a seal for each active body that has none; returns no accounts."""
    start = valid_from()
    with transaction.atomic():
        if not SealAuthority.objects.filter(kind=AuthorityKind.DEMO, status=AuthorityStatus.ACTIVE).exists():
            services.seal_create_demo_ca(actor=SYSTEM, not_before=start)
        sealed = Seal.objects.filter(status=SealStatus.ACTIVE).values("body_id")
        for body in EnforcementBody.objects.filter(status=BodyStatus.ACTIVE).exclude(pk__in=sealed).order_by("path"):
            services.seal_issue_for_body(actor=SYSTEM, body=body, not_before=start)
    return []
