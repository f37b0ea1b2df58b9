"""The case page scales with the log (issue 15 §5): the latest acts in full, the older ones on one line each with their
detail fetched on demand from ``cases:act_detail``, read and masked exactly as the page (DESIGN §5.9; 办法 第三十七条:
a supervisor's read under a grant is recorded), and each act's described rows cached (acts never change)."""

import pytest
from django.test import Client
from django.urls import reverse

from yuezhifa.audit.models import AuditEntry
from yuezhifa.supervision import access
from yuezhifa.supervision.tests.conftest import people  # noqa: F401  (fixture)

from .. import selectors, views
from .test_personal_data import ID, PHONE, _frozen_clock, decided_with_a_respondent  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def long_case(run):
    """Registered, verified and filed (acts 1-3), then twelve 证据登记 (acts 4-15): 15 acts, the first 5 older than the
    latest 10."""
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    for i in range(12):
        run.act("collect_evidence", "2026-10-02 09:00", kind="documentary", title=f"长案证据{i:02d}",
                officers=run.ids("chen", "lin"))
    return run.refresh()


def test_older_acts_are_one_line_with_their_detail_on_demand_issue_15_section_5(run, world, monkeypatch):
    case = long_case(run)
    assert case.version == 15 and views.FULL_ACTS == 10
    described = []
    real_describe = views.describe
    monkeypatch.setattr(views, "describe", lambda *a, **k: described.append(1) or real_describe(*a, **k))
    client = client_of(world["users"]["chen"])
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    # acts 1-5 on one line: seq, time, name and who, linked to their detail; their fields are not on the page
    assert "较早的执法行为（5 项" in html and 'id="act-4" class="act-compact"' in html
    detail = reverse("cases:act_detail", args=[case.pk, 4])
    assert f'href="{detail}" hx-get="{detail}">证据登记</a>' in html and "2026-10-02 09:00" in html
    assert "长案证据00" not in html and "长案证据01" not in html
    # acts 6-15 in full, the last one open
    assert all(f"长案证据{i:02d}" in html for i in range(2, 12))
    assert len(described) == 10
    # the described rows are cached by act: a second reading describes nothing again
    client.get(reverse("cases:detail", args=[case.pk]))
    assert len(described) == 10
    # a new act: act 6 folds into one line, act 16 is shown in full and open (the cached entries follow the log)
    run.act("collect_evidence", "2026-10-03 09:00", kind="documentary", title="长案证据12",
            officers=run.ids("chen", "lin"))
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "较早的执法行为（6 项" in html and 'id="act-6" class="act-compact"' in html and "长案证据02" not in html
    assert "<details open>" in html.split('<li id="act-16">')[1] and html.count("<details open>") == 1
    # the detail: in place for htmx (the <li> alone), a page of its own without script
    fragment = client.get(detail, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<li id="act-4">') and "长案证据00" in fragment and "<html" not in fragment
    page = client.get(detail)
    assert page.status_code == 200 and "<html" in page.content.decode() and "长案证据00" in page.content.decode()
    assert client.get(reverse("cases:act_detail", args=[case.pk, 17])).status_code == 404
    # an officer of another body gets nothing, as for the page
    assert client_of(world["users"]["other"]).get(detail).status_code == 404


def test_act_detail_is_masked_and_recorded_like_the_page_for_a_supervisor_under_a_grant(run, people):  # noqa: F811
    """DESIGN §5.9 / 个人信息保护法 第五十一条: the detail of an act shows ID and phone numbers masked to a supervisor
    reading under a 办法 第三十七条 grant, even with ?full=1, and the read is recorded like the page's."""
    case = decided_with_a_respondent(run)
    seq = case.acts.get(code="investigate").seq
    grant = access.grant_request(actor=people["gz_sup"], case_id=case.pk, reason="2026年度行政执法案卷评查")
    access.grant_decide(actor=people["gz_head"], grant=grant, approve=True)
    client = client_of(people["gz_sup"])
    path = reverse("cases:act_detail", args=[case.pk, seq])
    reads = AuditEntry.objects.filter(action="supervision.access.read", object_id=str(case.pk))
    before = reads.count()
    for query in ("", "?full=1"):
        html = client.get(path + query, headers={"HX-Request": "true"}).content.decode()
        assert "110105********002X" in html and "138****8000" in html
        assert ID not in html and PHONE not in html
    assert reads.count() == before + 2 and reads.last().after["what"] == path
    assert not AuditEntry.objects.filter(action="cases.personal_data.view").exists()
    # the officer of the case asking for the full numbers gets them, and that view is recorded
    officer = client_of(run.world["users"]["chen"])
    html = officer.get(path + "?full=1", headers={"HX-Request": "true"}).content.decode()
    assert ID in html and PHONE in html
    assert AuditEntry.objects.filter(action="cases.personal_data.view", object_id=str(case.pk)).count() == 1
    # masked and full rows are cached apart: the masked reading after it still shows no full number
    html = officer.get(path, headers={"HX-Request": "true"}).content.decode()
    assert ID not in html and PHONE not in html and "110105********002X" in html


def test_a_second_reading_folds_the_log_from_its_snapshot_and_reads_only_the_latest_acts_issue_15_section_5(
        run, world, monkeypatch):
    """Issue 15 §5: the page of a long case costs about what a short one does. Acts are append-only and hash-chained
    (DESIGN §5.2: never edited or deleted, a correction is a new act; docs/decisions/0054), so the log as the engine
    folds it is kept per case version and last hash (``selectors.log_snapshot``): a second reading reads from the
    database only the acts it shows in full, and the page is the same."""
    from ..models import Act

    case = long_case(run)
    selectors.forget_log_snapshots()
    read = []
    from_db = Act.from_db.__func__
    monkeypatch.setattr(Act, "from_db", classmethod(lambda cls, *a, **k: read.append(1) or from_db(cls, *a, **k)))
    client = client_of(world["users"]["chen"])
    url = reverse("cases:detail", args=[case.pk])

    def timeline() -> tuple[str, int]:
        read.clear()
        html = client.get(url).content.decode()
        return html.split('id="timeline"')[1].split("</article>")[0], len(read)

    first, acts_read = timeline()
    assert acts_read == 15 and "较早的执法行为（5 项" in first
    second, acts_read = timeline()
    assert acts_read == views.FULL_ACTS and second == first
    # an older act's detail: the latest acts and that one
    read.clear()
    detail = client.get(reverse("cases:act_detail", args=[case.pk, 2]), headers={"HX-Request": "true"})
    assert detail.status_code == 200 and len(read) == views.FULL_ACTS + 1
    # what the engine derives from the log is the same too: the acts that may be done next
    page = selectors.case_page(world["users"]["chen"], case.pk, latest=views.FULL_ACTS)
    whole = selectors.case_page(world["users"]["chen"], case.pk)
    assert [(a.spec.code, a.blocked) for a in page.next_acts] == [(a.spec.code, a.blocked) for a in whole.next_acts]
    assert [v.seq for v in page.log.acts] == list(range(1, 16)) and page.log.stage == whole.log.stage
    # an older act asked for by number is read then (the return rows, the detail): the page built without it has it
    assert page.shown(2)[0].seq == 2 and [a.seq for a in page.stored_acts] == list(range(1, 16))
    # a new act is another version: the snapshot of the old one is not used, the new act is on the page
    run.act("collect_evidence", "2026-10-03 09:00", kind="documentary", title="长案证据12",
            officers=run.ids("chen", "lin"))
    third, acts_read = timeline()
    assert acts_read == 16 and "长案证据12" in third and "较早的执法行为（6 项" in third


def test_the_log_answers_has_last_and_all_from_its_index_as_a_scan_would(run):
    """``CaseLog.has``/``last``/``all`` read an index of the log's codes, built once (not a scan per guard); a prefix
    of the log (what an act's own starts and stage see) answers only for its own acts, and a log whose acts are
    replaced answers for the new ones."""
    from ..engine import CaseLog, _Prefix
    from ..models import Act

    case = long_case(run)
    log = CaseLog(case, list(Act.objects.filter(case=case).order_by("seq")))
    codes = {a.code for a in log.acts} | {"approve_penalty"}

    def agrees(some) -> None:
        for code in codes:
            matching = [a for a in some.acts if a.code == code]
            assert some.has(code) == bool(matching)
            assert some.all(code) == matching
            assert some.last(code) == (matching[-1] if matching else None)

    agrees(log)
    for index in range(len(log.acts)):
        agrees(_Prefix(log, index))
    assert not _Prefix(log, 0).has("collect_evidence") and log.has("collect_evidence")
    assert _Prefix(log, 4).last("collect_evidence").seq == 5
    log.acts = log.acts[:3]
    agrees(log)
    assert not log.has("collect_evidence")
