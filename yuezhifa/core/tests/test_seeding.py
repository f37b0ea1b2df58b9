"""Reference data survives a test flush and never overwrites an administrator's changes."""

import pytest

from yuezhifa.core.calendar import add_working_days
from yuezhifa.core.models import CalendarYear
from yuezhifa.core.seeding import reseed_empty_reference_tables
from yuezhifa.org.models import Domain


@pytest.mark.django_db(transaction=True)
def test_flushed_database_gets_reference_data_back():
    """The first transactional test flushes at its end; the second still finds the calendar and the domains."""
    assert Domain.objects.filter(code="market").exists()
    assert CalendarYear.objects.filter(year=2026).exists()
    import datetime

    assert add_working_days(datetime.date(2026, 9, 30), 3) == datetime.date(2026, 10, 10)


@pytest.mark.django_db(transaction=True)
def test_flushed_database_gets_reference_data_back_again():
    from yuezhifa.discretion.models import Circumstance
    from yuezhifa.documents.models import DocumentTemplate

    assert Domain.objects.filter(code="justice").exists()
    assert Circumstance.objects.filter(code="first_violation", builtin=True).exists()
    assert DocumentTemplate.objects.filter(doc_type__code="hearing_notice").exists()
    from yuezhifa.sharing.models import Dataset

    assert Dataset.objects.filter(code="penalty").exists()  # 办法 第五十一条: the datasets a grant may name


@pytest.mark.django_db
def test_reseed_leaves_tables_with_rows_alone():
    Domain.objects.filter(code="water").delete()
    assert "org.Domain" not in reseed_empty_reference_tables()
    assert not Domain.objects.filter(code="water").exists()
