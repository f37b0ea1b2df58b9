"""The annual cap counts (频次上限, LEGAL.md §4; 国办发〔2024〕54号): all bodies' counted visits of the year, a joint
visit (综合查一次) once, a special inspection deployed from above not at all."""

import datetime
import uuid

import pytest
from django.db import transaction

from yuezhifa.core.actors import SYSTEM
from yuezhifa.inspection.models import ItemProfile, JointVisit, Subject
from yuezhifa.inspection.selectors.caps import cap_status
from yuezhifa.inspection.services.visits import record_visit
from yuezhifa.items.models import Item, ItemType
from yuezhifa.org.models import Domain
from yuezhifa.org.tests.factories import BodyFactory, division, make_credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger():
    domain = Domain.objects.get_or_create(code="market", defaults={"name": "市场监管"})[0]
    item = Item.objects.create(code="440000-XZJC-00001", name="对食品经营者的监督检查", type=ItemType.INSPECTION,
                               domain=domain, levels=["county"])
    profile = ItemProfile.objects.create(item=item, subject_object="食品经营者", standard="按检查要点逐项检查",
                                         annual_cap=2)
    subject = Subject.objects.create(credit_code=make_credit_code(1), name="广州禾盛商贸有限公司",
                                     division=division("4401", "广州市", division("44", "广东省")))
    return {"profile": profile, "subject": subject, "bodies": [BodyFactory(), BodyFactory()]}


def visit(ledger, body, on, **kw):
    with transaction.atomic():
        return record_visit(actor=SYSTEM, case_id=uuid.uuid4(), case_number="", subject=ledger["subject"], body=body,
                            on=on, profiles=[ledger["profile"]], **kw)


def test_counts_all_bodies_a_joint_visit_once_and_not_special_from_above(ledger):
    a, b = ledger["bodies"]
    joint = JointVisit.objects.create(subject=ledger["subject"], lead_body=a, period_start=datetime.date(2026, 5, 1),
                                      period_end=datetime.date(2026, 5, 31))
    visit(ledger, a, datetime.date(2026, 5, 12), joint_visit=joint)
    visit(ledger, b, datetime.date(2026, 5, 12), joint_visit=joint)
    visit(ledger, b, datetime.date(2026, 6, 2), counted=False)  # 上级部署的专项检查
    visit(ledger, a, datetime.date(2025, 12, 30))  # last year
    status = cap_status(ledger["subject"], [ledger["profile"]], 2026)
    assert status.total == 1 and status.items[0].count == 1 and not status.reached
    visit(ledger, b, datetime.date(2026, 7, 1))
    status = cap_status(ledger["subject"], [ledger["profile"]], 2026)
    assert status.items[0].count == 2 and status.reached  # cap 2: a third counted inspection would exceed it
