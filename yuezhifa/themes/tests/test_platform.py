"""The platform's own results become theme-library records (办法 第十四条、第四十七条第一款), idempotently."""

import pytest

from yuezhifa.cases.tests.conftest import at, store_party  # noqa: F401  (fixtures)
from yuezhifa.disclosure.tests.conftest import decide_general, person, run  # noqa: F401  (fixtures)
from yuezhifa.themes.models import Record
from yuezhifa.themes.platform import refresh_platform


@pytest.fixture(autouse=True)
def _clock_of_the_worked_dates(time_machine):
    time_machine.move_to("2026-12-01T10:00:00+08:00", tick=True)


def test_article_47_a_penalty_decision_becomes_one_platform_record_and_a_refresh_adds_nothing(run):  # noqa: F811
    party = person("何俊峰", "44010619850312351")
    case = decide_general(run, party=party, facts=["当事人经营超过保质期的食品。"])
    first = refresh_platform()
    assert (first.created_count, first.changed_count) == (1, 0)
    record = Record.objects.get()
    assert record.record_key == f"{case.pk}:penalty" and record.source.code == "platform"
    assert (record.party_name, record.party_id_number) == ("何俊峰", party["id_number"])
    assert record.fine_amount is not None and record.decided_on.isoformat() == "2026-11-16"
    assert refresh_platform() is None  # unchanged: nothing new
    assert Record.objects.count() == 1
