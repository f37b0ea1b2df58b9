"""The dashboard's inspection section (国办发〔2024〕54号 “减少检查频次”; docs/decisions/0042): per subject, body and item,
this year to date against the same period of last year, within the supervisor's jurisdiction.

Worked by hand (the test clock stands at 2026-12-01): this year to date is 2026-01-01..12-01, the same period last
year 2025-01-01..12-01. 天河 (广州) inspected the enterprise on 2026-03-02, 06-10 and 11-10 (the last one a joint visit
with 深圳): 3; in 2025 on 02-01, 05-01, 08-01 and 11-30: 4 (12-15 is after the same period). Reduction
(4 − 3) ÷ 4 = 25.0%. For the province the joint visit of 11-10 counts once for the enterprise (still 3), and 深圳 has 1
this year and none last year.
"""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine

from yuezhifa.cases.tests.test_inspection_procedure import ins  # noqa: F401  (fixture)
from yuezhifa.core.actors import SYSTEM
from yuezhifa.inspection.models import JointVisit, Subject, SubjectKind
from yuezhifa.inspection.services.visits import record_visit

from ..inspection_dashboard import Span, build, change, visit_list
from .conftest import D

_WORKED_NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clock_of_the_worked_dates():
    """The dates of this module are worked by hand around 2026-12-01 (the 2026 arrangement entered): its clock stays
    there whatever YZF_TEST_NOW says, so the suite passes on any day."""
    with time_machine.travel(_WORKED_NOW, tick=True):
        yield


pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(world, ins):  # noqa: F811
    def visit(day, body=None, subject=None, joint=None):
        return record_visit(actor=SYSTEM, case_id=uuid.uuid4(), case_number=f"检{day:%m%d}", on=day,
                            subject=subject or ins["subject"], body=body or world["body"],
                            profiles=[ins["profile"]], joint_visit=joint)

    joint = JointVisit.objects.create(subject=ins["subject"], lead_body=world["body"], period_start=D(2026, 11, 1),
                                      period_end=D(2026, 11, 30), status="agreed")
    for day in (D(2026, 3, 2), D(2026, 6, 10), D(2025, 2, 1), D(2025, 5, 1), D(2025, 8, 1), D(2025, 11, 30),
                D(2025, 12, 15)):
        visit(day)
    visit(D(2026, 11, 10), joint=joint)
    visit(D(2026, 11, 10), body=world["other"], joint=joint)
    person = Subject.objects.create(kind=SubjectKind.PERSON, id_number="440106199001011234", name="张三丰",
                                    division=world["body"].division)
    visit(D(2026, 7, 1), subject=person)
    return {"joint": joint, "person": person}


def test_year_to_date_against_last_year_with_the_reduction_gb54(world, ins, ledger, people):  # noqa: F811
    """广州's supervisor sees 天河's inspections only: the enterprise 3 against 4, 减少25.0%; the person masked."""
    board = build(people["gz_sup"])
    assert board.span.this == (D(2026, 1, 1), D(2026, 12, 1)) and board.span.last == (D(2025, 1, 1), D(2025, 12, 1))
    subjects = board.tables["ins_subjects"].rows
    assert subjects[0] == ["广州禾盛商贸有限公司", ins["subject"].credit_code, 3, 4, "减少25.0%"]
    assert subjects[1] == ["张**", "", 1, 0, "上年同期无检查"]
    assert board.tables["ins_bodies"].rows == [["广州市天河区市场监督管理局", 4, 4, "持平"]]
    assert board.tables["ins_items"].rows == [["对食品经营者的监督检查", 4, 4, "持平"]]
    assert (board.total_this, board.total_last) == (4, 4)
    assert board.tables["ins_subjects"].links[0] == f"subject={ins['subject'].pk}"

    province = build(people["supervisor"])
    assert province.tables["ins_subjects"].rows[0][2:] == [3, 4, "减少25.0%"]  # the joint visit once
    assert ["深圳市市场监督管理局", 1, 0, "上年同期无检查"] in province.tables["ins_bodies"].rows
    assert build(people["sz_sup"]).tables["ins_bodies"].rows == [["深圳市市场监督管理局", 1, 0, "上年同期无检查"]]

    _span, rows = visit_list(people["gz_sup"], subject=str(ins["subject"].pk), year="last")
    assert [v.on for v in rows] == [D(2025, 11, 30), D(2025, 8, 1), D(2025, 5, 1), D(2025, 2, 1)]


def test_change_and_span_edges():
    assert change(3, 4) == "减少25.0%" and change(6, 4) == "增加50.0%" and change(0, 0) == "—"
    assert Span(D(2028, 2, 29)).last == (D(2027, 1, 1), D(2027, 2, 28))


def test_dashboard_page_and_drill_down(world, ins, ledger, people, client):  # noqa: F811
    client.force_login(people["gz_sup"])
    page = client.get("/supervision/dashboard/").content.decode()
    assert "行政检查" in page and "减少25.0%" in page and "张三丰" not in page
    listing = client.get(f"/supervision/inspections/?subject={ins['subject'].pk}")
    text = listing.content.decode()
    assert listing.status_code == 200 and "共 3 次" in text and "检1110" in text and "检0302" in text
    bad = client.get("/supervision/inspections/?item=nonsense")
    assert bad.status_code == 200 and "检查事项参数不正确" in bad.content.decode()
    assert client.get("/supervision/inspections/?export=xlsx").status_code == 200
    client.force_login(people["sz_sup"])
    assert "共 1 次" in client.get("/supervision/inspections/").content.decode()
