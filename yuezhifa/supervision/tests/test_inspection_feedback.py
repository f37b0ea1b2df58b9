"""The inspected subject's own page, its evaluations and complaints (LEGAL.md §4; 国办发〔2024〕54号; 深府规〔2025〕6号;
docs/decisions/0041): reached by a signed token per subject, its inspections this year across all bodies; an evaluation
once per visit and complaints any time, to the supervisors whose jurisdiction covers the inspecting body only, never
to that body's officers, heads or administrators; a complaint raises an alert until a supervisor handles it.

Dates worked by hand (the test clock stands at 2026-12-01 10:00): the inspections are opened and approved on
2026-11-16 and checked in on 11-17, all in the year 2026 the page shows; a visit of 2025-05-06 is last year's and
not shown. The complaint is filed on 12-01, so its alert is first seen 12-01.
"""

from __future__ import annotations

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from yuezhifa.audit.models import AuditEntry
from yuezhifa.cases.procedures import inspection_public
from yuezhifa.cases.tests.test_inspection_procedure import _open, ins, runs  # noqa: F401  (fixtures)
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.masking import mask_contact, mask_text
from yuezhifa.inspection.links import subject_token
from yuezhifa.inspection.models import Subject
from yuezhifa.inspection.services.visits import record_visit
from yuezhifa.org.models import Certificate, Role, Scope
from yuezhifa.org.tests.factories import UserFactory, make_credit_code

from ..feedback import feedback_handle, feedback_submit
from ..models import Alert, AlertState, FeedbackKind, InspectionFeedback

_WORKED_NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clock_of_the_worked_dates():
    """The dates of this module are worked by hand around 2026-12-01 (the 2026 arrangement entered): its clock stays
    there whatever YZF_TEST_NOW says, so the suite passes on any day."""
    with time_machine.travel(_WORKED_NOW, tick=True):
        yield


pytestmark = pytest.mark.django_db
D = datetime.date


def _inspected(run, ins, *, check_in=True):  # noqa: F811
    """An inspection approved on 11-16 and, unless told otherwise, checked in on 11-17."""
    _open(run, ins, "2026-11-16 09:00")
    run.act("approve_inspection", "2026-11-16 10:00", user="head")
    if check_in:
        run.act("inspection_check_in", "2026-11-17 09:00", gps=True, officers=run.ids("chen", "lin"), code_shown=True)
    return run.refresh()


@pytest.fixture
def watchers(world, people):
    """Who must not see the feedback (the inspecting body's officer, head, administrator; a supervisor of another
    jurisdiction) and who must (广州's supervisor, whose jurisdiction covers 天河区's regulator)."""
    admin = UserFactory(username="tianhe_admin", body=world["body"], roles=[(Role.ADMIN, Scope.SUBTREE)])
    return {"officer": people["chen"], "head": people["head"], "admin": admin, "other_sup": people["sz_sup"],
            "sup": people["gz_sup"]}


def test_enterprise_page_shows_this_years_inspections_of_its_subject_only_without_personal_data_gb54(
        world, ins, runs, people):  # noqa: F811
    """国办发〔2024〕54号; 深府规〔2025〕6号: the page of the token's subject lists its inspections of 2026 across bodies
    (the 检查台账), each with the body, officers' certificate numbers and validity, items and result; never another
    subject's inspections, last year's, identity numbers, phones or the address. A forged token, or the 检查码 token of
    a case, is 404; the 检查码 page links to the subject's page."""
    run = runs()
    case = _inspected(run, ins)
    other = Subject.objects.create(credit_code=make_credit_code(8), name="深圳某某电子有限公司",
                                   division=world["body"].division)
    record_visit(actor=SYSTEM, case_id=uuid.uuid4(), case_number="", subject=other, body=world["other"],
                 on=D(2026, 6, 1), profiles=[ins["profile"]])
    record_visit(actor=SYSTEM, case_id=uuid.uuid4(), case_number="", subject=ins["subject"], body=world["other"],
                 on=D(2025, 5, 6), profiles=[ins["profile"]])
    record_visit(actor=SYSTEM, case_id=uuid.uuid4(), case_number="", subject=ins["subject"], body=world["other"],
                 on=D(2026, 3, 2), profiles=[ins["profile"]])
    token = subject_token(ins["subject"])
    client = Client()
    page = client.get(f"/qy/{token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "广州禾盛商贸有限公司" in html and "深圳某某电子有限公司" not in html
    assert html.count('class="enterprise-visit"') == 2  # 2026-03-02 (another body) and 11-16; not 2025-05-06
    assert world["body"].name in html and world["other"].name in html and case.number in html
    chen = Certificate.objects.get(officer=world["officers"]["chen"])
    assert chen.number in html and "证件有效" in html and "检查中" in html and ins["item"].name in html
    assert "2025年5月6日" not in html
    for officer in world["officers"].values():
        assert officer.id_number not in html
        assert not officer.phone or officer.phone not in html
    assert ins["subject"].address not in html and ins["subject"].credit_code not in html
    assert client.get(f"/qy/{token}x/").status_code == 404
    assert client.get(f"/qy/{inspection_public.token_for(case)}/").status_code == 404  # another feature's token
    forged = subject_token(other)
    forged = forged[:-1] + ("B" if forged.endswith("A") else "A")  # one character of the signature changed
    assert client.get(f"/qy/{forged}/").status_code == 404
    code = client.get(f"/jc/{inspection_public.token_for(case)}/").content.decode()
    assert f'href="/qy/{token}/"' in code and "本企业今年接受的检查" in code


def test_evaluation_goes_to_the_supervisor_only_and_once_per_visit_gb54(world, ins, runs, watchers):  # noqa: F811
    """国办发〔2024〕54号; LEGAL.md §4 (评价只送监督机构): an evaluation (4, with a phone number in its text) is stored and
    the 广州 supervisor sees it, masked in the list; the inspecting body's officer, head and administrator and the
    深圳 supervisor see nothing (restrict, the list page). A second evaluation of the same visit is refused; an
    inspection not yet checked in cannot be evaluated."""
    run = runs()
    case = _inspected(run, ins)
    token = subject_token(ins["subject"])
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/qy/{token}/")
    csrf = page.cookies["csrftoken"].value
    posted = client.post(f"/qy/{token}/", {"kind": "evaluation", "case": str(case.pk), "score": "4",
                                           "text": "检查人员规范，联系人13812345678。", "csrfmiddlewaretoken": csrf})
    assert posted.status_code == 302
    evaluation = InspectionFeedback.objects.get(kind=FeedbackKind.EVALUATION)
    assert evaluation.score == 4 and evaluation.body == world["body"] and evaluation.case_id == case.pk
    assert "已评价" in client.get(f"/qy/{token}/").content.decode()

    visible = InspectionFeedback.objects.filter(pk=evaluation.pk)
    assert visible.restrict(watchers["sup"], "view").exists()
    for who in ("officer", "head", "admin", "other_sup"):
        assert not visible.restrict(watchers[who], "view").exists(), who
        assert not visible.restrict(watchers[who], "handle").exists(), who
    sup = Client()
    sup.force_login(watchers["sup"])
    listed = sup.get("/supervision/feedback/").content.decode()
    assert "广州禾盛商贸有限公司" in listed and "138****5678" in listed and "13812345678" not in listed
    for who in ("officer", "head", "admin"):
        member = Client()
        member.force_login(watchers[who])
        assert member.get("/supervision/feedback/").status_code == 404, who

    again = client.post(f"/qy/{token}/", {"kind": "evaluation", "case": str(case.pk), "score": "1",
                                          "csrfmiddlewaretoken": csrf})
    assert again.status_code == 422 and "每次检查只能评价一次" in again.content.decode()
    with pytest.raises(DomainError) as twice:
        feedback_submit(token=token, case_id=case.pk, kind="evaluation", score=2)
    assert twice.value.field == "case"
    assert InspectionFeedback.objects.count() == 1
    not_yet = runs()
    pending = _inspected(not_yet, ins, check_in=False)
    with pytest.raises(DomainError) as early:
        feedback_submit(token=token, case_id=pending.pk, kind="evaluation", score=5)
    assert early.value.field == "case" and "签到" in str(early.value)


def test_complaint_raises_an_alert_the_body_never_sees_and_the_supervisor_handles_it_sz6(world, ins, runs, watchers):  # noqa: F811
    """深府规〔2025〕6号; 国办发〔2024〕54号: a complaint (with a contact) raises the ``inspection_complaint`` alert, seen by
    the 广州 supervisor, never by the inspecting body (alert list, explanation); the body's head cannot mark it
    handled; the supervisor marks it handled with a note (audited) and the alert is resolved. A second complaint
    about the same visit is accepted (complaints any time)."""
    run = runs()
    case = _inspected(run, ins)
    token = subject_token(ins["subject"])
    complaint = feedback_submit(token=token, case_id=case.pk, kind="complaint",
                                text="检查人员要求我们购买指定的检测服务。", contact="13912345678")
    alert = Alert.objects.get(rule="inspection_complaint")
    assert alert.case_id == case.pk and alert.state == AlertState.OPEN and alert.first_seen == D(2026, 12, 1)
    assert "国办发〔2024〕54号" in alert.article and "13912345678" not in alert.message
    alerts = Alert.objects.filter(pk=alert.pk)
    assert alerts.restrict(watchers["sup"], "view").exists()
    for who in ("officer", "head", "admin", "other_sup"):
        assert not alerts.restrict(watchers[who], "view").exists(), who
    head = Client()
    head.force_login(watchers["head"])
    assert head.get(f"/supervision/alerts/{alert.pk}/").status_code == 404
    assert "被检查企业投诉" not in head.get("/supervision/alerts/").content.decode()
    api = head.get("/api/v1/supervision/alerts/?rule=inspection_complaint")
    assert api.status_code == 200 and str(alert.pk) not in api.content.decode()
    sup_api = Client()
    sup_api.force_login(watchers["sup"])
    assert str(alert.pk) in sup_api.get("/api/v1/supervision/alerts/?rule=inspection_complaint").content.decode()

    with pytest.raises(NotAllowed):
        feedback_handle(actor=watchers["head"], feedback=complaint, note="已核实。")
    sup = Client()
    sup.force_login(watchers["sup"])
    bad = sup.post("/supervision/feedback/", {"id": str(complaint.pk), "note": ""})
    assert bad.status_code == 422
    done = sup.post("/supervision/feedback/", {"id": str(complaint.pk), "note": "已约谈检查机关，责令说明情况。"})
    assert done.status_code == 302
    complaint.refresh_from_db()
    assert complaint.handled_by == watchers["sup"] and complaint.handled_note.startswith("已约谈")
    assert AuditEntry.objects.filter(action="supervision.feedback.handle", object_id=str(complaint.pk)).exists()
    alert.refresh_from_db()
    assert alert.state == AlertState.RESOLVED and alert.resolution == "监督机构已处理投诉。"
    feedback_submit(token=token, case_id=case.pk, kind="complaint", text="再次反映：检查时间过长。")
    assert InspectionFeedback.objects.filter(kind="complaint").count() == 2
    assert Alert.objects.filter(rule="inspection_complaint", state=AlertState.OPEN).count() == 1
    listed = sup.get("/supervision/feedback/?kind=complaint&handled=no").content.decode()
    assert "再次反映" in listed and "已约谈" not in listed and "139****5678" not in listed
    assert sup.get("/supervision/feedback/?kind=bogus").status_code == 200  # a bad filter: a message, no 5xx


def test_free_text_and_contacts_are_masked_in_lists():
    assert mask_text("电话13812345678，身份证440106198503150012") == "电话138****5678，身份证440106********0012"
    assert mask_contact("13912345678") == "139****5678" and mask_contact("li@example.cn") == "l*@example.cn"
    assert mask_contact("李先生") == "李**"
