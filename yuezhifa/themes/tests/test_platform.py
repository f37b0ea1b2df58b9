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


def test_article_48_an_organisations_penalty_record_carries_the_legal_representatives_id_cf_fr_zjhm(run):  # noqa: F811
    """双公示 CF_FR_ZJLX / CF_FR_ZJHM: the 居民身份证号码 recorded with an organisation party is its legal
    representative's (as the disclosure report file reads it, decision 0056); kept under the dictionary's keys."""
    from yuezhifa.documents.samples import resident_id
    from yuezhifa.themes.dictionary import LR_ID_NUMBER, LR_ID_TYPE

    number = resident_id("44010619700101123")
    decide_general(run, party={**store_party(), "legal_representative": "王建华", "id_number": number},
                   facts=["当事人经营超过保质期的食品。"])
    refresh_platform()
    record = Record.objects.get()
    assert record.party_kind == "legal_person" and record.party_id_number == ""
    assert (record.extra[LR_ID_TYPE], record.extra[LR_ID_NUMBER]) == ("身份证", number)
