"""Demo seals: the provincial root CA (演示) and a seal for every demo body, written through the services.

Runs after the organisation demo (``yuezhifa.seals`` comes after ``yuezhifa.org`` in DEMO_APPS); a second run changes
nothing.
"""

from django.db import transaction

from yuezhifa.core.actors import SYSTEM
from yuezhifa.org.models import BodyStatus, EnforcementBody

from . import services
from .models import AuthorityKind, AuthorityStatus, Seal, SealAuthority, SealStatus


def load() -> list:
    """Create the demo CA if absent and a seal for each active body that has none; returns no accounts."""
    with transaction.atomic():
        if not SealAuthority.objects.filter(kind=AuthorityKind.DEMO, status=AuthorityStatus.ACTIVE).exists():
            services.seal_create_demo_ca(actor=SYSTEM)
        sealed = Seal.objects.filter(status=SealStatus.ACTIVE).values("body_id")
        for body in EnforcementBody.objects.filter(status=BodyStatus.ACTIVE).exclude(pk__in=sealed).order_by("path"):
            services.seal_issue_for_body(actor=SYSTEM, body=body)
    return []
