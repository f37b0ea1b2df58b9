"""The inspection demo (LEGAL.md §4): the 天河区市场监督管理局's published 主体资格, published inspection items with caps and
checklists citing real provisions, and thirty subjects of 天河区 graded A-D; loaded once."""

import datetime

import pytest

from yuezhifa.inspection import demo
from yuezhifa.inspection.models import ItemProfile, Subject
from yuezhifa.inspection.selectors.register import profile_usable, qualification_in_force
from yuezhifa.org.models import EnforcementBody

pytestmark = pytest.mark.django_db


def test_demo_loads_the_register_once():
    from yuezhifa.items import demo as items_demo
    from yuezhifa.laws import demo as laws_demo
    from yuezhifa.org import demo as org_demo

    org_demo.load()
    laws_demo.load()
    items_demo.load()
    demo.load()
    demo.load()  # a second run changes nothing
    assert qualification_in_force(EnforcementBody.objects.get(name=demo.BODY)) is not None
    profiles = list(ItemProfile.objects.filter(published_at__isnull=False))
    assert 2 <= len(profiles) <= 3
    assert all(profile_usable(p, datetime.date(2026, 12, 1)) and 3 <= p.points.count() <= 5 for p in profiles)
    assert Subject.objects.filter(division_id="440106").count() == 30
    assert set(Subject.objects.values_list("risk_grade", flat=True)) == {"A", "B", "C", "D"}
