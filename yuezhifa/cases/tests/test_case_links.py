"""Linked cases (关联案件, docs/decisions/0035): a case opened from another, or a compulsion measure (a case of its own
procedure) serving the case it leads to. The link is procedure-independent: until the seizure procedure lands, both
ends are penalty cases here. Shown on both case pages, in the API and in the dossier index of the archive package;
a user who may not see the other case learns only that it exists."""

import json

import pytest
from django.test import Client

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError

from .. import services
from ..archive import build_archive
from ..models import Case, CaseLink
from .conftest import at
from .test_api import client_for, problem

pytestmark = pytest.mark.django_db

SEIZURE = {"source_kind": "inspection", "cause": "扣押涉案的过期食品", "summary": "立案调查中发现需扣押的涉案食品。"}


@pytest.fixture
def as_user(world):
    def login(name):
        client = Client()
        client.force_login(world["users"][name])
        return client

    return login


def page(client, case) -> str:
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_case_opened_from_another_is_linked_on_both_pages_the_api_and_the_dossier(run, world, settings, tmp_path,
                                                                                  as_user):
    """opened_from on case opening links the new case to the one it came from, audited, shown from both sides; the
    archive's dossier index (case.json) lists the linked case by number. A measure may not be linked as serving a
    finished case (《中华人民共和国行政强制法》第二十八条第一款第（三）项)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YZF_VIRUS_SCAN_COMMAND = ""
    chen = world["users"]["chen"]
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    penalty = run.refresh()
    assert penalty.number

    opened = services.case_open(actor=chen, procedure="penalty.general", data=SEIZURE,
                                performed_at=at("2026-09-29 09:00"), opened_from=penalty.pk)
    link = CaseLink.objects.get()
    assert (link.case, link.other, link.kind) == (opened, penalty, "opened_from")
    assert link.act.seq == 1 and link.act.case == opened
    assert AuditEntry.objects.get(action="case.link").after["other"] == str(penalty.pk)

    client = as_user("chen")
    assert "关联案件" in page(client, penalty) and "由本案引出的案件" in page(client, penalty)
    assert f"/cases/{opened.pk}/" in page(client, penalty)
    shown = page(client, opened)
    assert "本案由该案件引出" in shown and penalty.number in shown and f"/cases/{penalty.pk}/" in shown

    api = client_for(chen)
    links = api.get(f"/api/v1/cases/{opened.pk}/").json()["links"]
    assert links == [{"relation": "本案由该案件引出", "kind": "opened_from", "visible": True, "id": str(penalty.pk),
                      "number": penalty.number, "procedure": "penalty.general", "procedure_name": links[0]["procedure_name"],
                      "stage": penalty.stage, "stage_label": "立案调查"}]
    assert api.get(f"/api/v1/cases/{penalty.pk}/").json()["links"][0]["id"] == str(opened.pk)
    # through the API: opened_from with the opening request; a bad id is refused naming the field
    created = api.post("/api/v1/cases/", {"procedure": "penalty.general", "performed_at": "2026-09-29T10:00:00+08:00",
                                          **SEIZURE, "opened_from": str(penalty.pk), "link_kind": "serves"},
                       format="json")
    assert created.status_code == 201, created.content
    assert created.json()["links"][0]["relation"] == "本案为该案件采取的措施"
    bad = problem(api.post("/api/v1/cases/", {"procedure": "penalty.general", **SEIZURE, "opened_from": "不是编号"},
                           format="json"), 422)
    assert bad["field"] == "opened_from"

    # the opened case ends not filed; its archive package lists the penalty case by number
    run.case = opened
    run.act("verify_source", "2026-09-29 15:00", findings="涉案食品已由当事人自行下架销毁。", conclusion="not_file",
            officers=run.ids("chen", "lin"))
    run.act("not_file", "2026-09-30 09:00", user="head", reason="无需另案处理，在原案中一并调查。")
    build_archive(run.refresh(), tmp_path / "bag", actor=SYSTEM)
    meta = json.loads((tmp_path / "bag" / "data" / "metadata" / "case.json").read_text("utf-8"))
    assert [(row["number"], row["relation"]) for row in meta["linked_cases"]] == [(penalty.number, "本案由该案件引出")]

    # a measure serving a finished case: refused, nothing opened
    count = Case.objects.count()
    with pytest.raises(DomainError, match="第二十八条第一款第（三）项") as refused:
        services.case_open(actor=chen, procedure="penalty.general", data=SEIZURE, performed_at=at("2026-09-30 10:00"),
                           opened_from=opened.pk, link_kind="serves")
    assert refused.value.field == "opened_from" and Case.objects.count() == count


def test_a_user_who_may_not_see_the_other_case_learns_only_that_it_exists(run, world, as_user):
    """Linking needs sight of both cases; each page shows the other case's number, procedure and stage only to
    whom may see it (docs/decisions/0035)."""
    users = world["users"]
    first = run.open("2026-09-28 09:00", cause="销售过期饼干")  # chen's (本人)
    with pytest.raises(DomainError, match="无权查看") as refused:  # lin (本人) may not see chen's case
        services.case_open(actor=users["lin"], procedure="penalty.general", data=SEIZURE,
                           performed_at=at("2026-09-28 10:00"), opened_from=first.pk)
    assert refused.value.field == "opened_from" and Case.objects.count() == 1
    second = services.case_open(actor=users["lin"], procedure="penalty.general", data=SEIZURE,
                                performed_at=at("2026-09-28 10:00"))
    with pytest.raises(DomainError, match="无权查看"):
        services.case_link(actor=users["lin"], case=second, other=first, kind="serves", reason="同一批货物。")
    # the head sees and acts on both: links the measure to the case it serves, afterwards
    head = client_for(users["head"])
    assert problem(head.post(f"/api/v1/cases/{second.pk}/links/", {"other": str(first.pk), "kind": "serves"},
                             format="json"), 422)["field"] == "reason"
    linked = head.post(f"/api/v1/cases/{second.pk}/links/",
                       {"other": str(first.pk), "kind": "serves", "reason": "扣押的是该案的涉案食品。"}, format="json")
    assert linked.status_code == 201, linked.content
    assert linked.json()["links"][0]["number"] == "" and linked.json()["links"][0]["id"] == str(first.pk)
    with pytest.raises(DomainError, match="已经关联"):
        services.case_link(actor=users["head"], case=first, other=second, reason="重复关联。")

    lin_page = page(as_user("lin"), second)
    assert "关联案件" in lin_page and "有一个关联案件，您无权查看其内容" in lin_page
    assert "销售过期饼干" not in lin_page and str(first.pk) not in lin_page
    assert client_for(users["lin"]).get(f"/api/v1/cases/{second.pk}/").json()["links"] == [
        {"relation": "本案为该案件采取的措施", "kind": "serves", "visible": False, "id": None, "number": "",
         "procedure": "", "procedure_name": "", "stage": "", "stage_label": ""}]
    assert client_for(users["lin"]).get(f"/api/v1/cases/{first.pk}/").status_code == 404
    chen_page = page(as_user("chen"), first)
    assert "为本案采取的措施" in chen_page and "扣押涉案的过期食品" not in chen_page
    head_page = page(as_user("head"), first)
    assert "扣押涉案的过期食品" in head_page and f"/cases/{second.pk}/" in head_page


def test_web_forms_open_a_case_from_this_one_and_link_another_by_number(run, world, as_user):
    """The case page offers, to who acts on the case, to open a case from it (the case-source form carries the link)
    and to link another visible case by its 案号 with a reason (docs/decisions/0035). An unknown or invisible number
    is refused naming it; another body's officer cannot link."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    penalty = run.refresh()
    client = as_user("chen")
    shown = page(client, penalty)
    assert "由本案开立或关联其他案件" in shown and f"opened_from={penalty.pk}" in shown

    form = client.get(f"/cases/new/?procedure=penalty.general&opened_from={penalty.pk}&link_kind=serves")
    assert form.status_code == 200
    body = form.content.decode()
    assert "由案件引出" in body and penalty.number in body
    assert f'name="opened_from" value="{penalty.pk}"' in body and 'name="link_kind" value="serves"' in body

    posted = client.post("/cases/new/", {"procedure": "penalty.general", "opened_from": str(penalty.pk),
                                         "link_kind": "serves", "performed_at": "2026-09-29T09:00", **SEIZURE})
    assert posted.status_code == 302, posted.content.decode()[:2000]
    opened = Case.objects.exclude(pk=penalty.pk).get()
    link = CaseLink.objects.get()
    assert (link.case, link.other, link.kind) == (opened, penalty, "serves")

    # link afterwards, by number
    second = services.case_open(actor=world["users"]["chen"], procedure="penalty.general", data=SEIZURE,
                                performed_at=at("2026-09-30 09:00"))
    missing = client.post(f"/cases/{second.pk}/links/", {"other_number": "粤穗天市监立〔2026〕999号",
                                                         "kind": "opened_from", "reason": "同一线索"}, follow=True)
    assert "不存在或您无权查看" in missing.content.decode()
    no_reason = client.post(f"/cases/{second.pk}/links/", {"other_number": penalty.number, "kind": "opened_from"},
                            follow=True)
    assert "请填写关联的说明" in no_reason.content.decode()
    done = client.post(f"/cases/{second.pk}/links/", {"other_number": penalty.number, "kind": "opened_from",
                                                      "reason": "同一线索引出"})
    assert done.status_code == 302 and done["Location"].endswith("#linked-cases")
    assert CaseLink.objects.filter(case=second, other=penalty, kind="opened_from").exists()
    assert "由本案引出的案件" in page(client, penalty)

    stranger = as_user("other")
    assert stranger.post(f"/cases/{second.pk}/links/", {"other_number": penalty.number,
                                                        "reason": "x"}).status_code in (403, 404)
    assert CaseLink.objects.count() == 2
