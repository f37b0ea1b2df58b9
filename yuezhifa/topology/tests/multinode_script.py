"""Steps of the multi-node test that need the application (Django, its services) against one cluster; run by
``test_multinode`` as ``python -m yuezhifa.topology.tests.multinode_script STEP`` with that cluster's environment
(DATABASE_URL, YZF_ROLE, YZF_NODE_CODE). Prints one JSON line."""

import datetime
import json
import os
import sys


def seed_hub() -> dict:
    """Base data entered at the hub: divisions, a domain, a body with its officer and certificate, a law and item."""
    from yuezhifa.discretion.tests import factories as f
    from yuezhifa.org.tests.factories import BodyFactory, CertificateFactory, DomainFactory, OfficerFactory, division

    gd = division("44", "广东省")
    justice = BodyFactory(name="广东省司法厅", division=gd, is_justice_department=True)
    market = DomainFactory(code="market-topology", name="市场监管（拓扑测试）")
    made = {"item": None, "bodies": {}, "officers": {}}
    for code, city in (("440100", "广州市"), ("440300", "深圳市")):
        body = BodyFactory(name=f"{city}市场监督管理局", division=division(code[:4], city, gd), domains=[market])
        officer = OfficerFactory(name=f"{city}执法员", body=body)
        CertificateFactory(officer=officer, issued_by=justice, valid_until=datetime.date(2029, 12, 31),
                           domains=[market])
        made["bodies"][code] = str(body.pk)
        made["officers"][code] = str(officer.pk)
    law = f.law()
    item = f.item(f.article(law, 124, "第一百二十四条 违反本法规定，有下列情形之一……"), name="拓扑测试用的处罚事项")
    made["item"] = item.code
    return made


def open_case(body_id: str, officer_id: str) -> dict:
    """A case handled on this node: its officer's account (local), the case with its first act, a handler row."""
    from yuezhifa.cases import services
    from yuezhifa.cases.models import Act, Case
    from yuezhifa.org.models import EnforcementBody, Officer, Role, Scope
    from yuezhifa.org.tests.factories import UserFactory

    body = EnforcementBody.objects.get(pk=body_id)
    officer = Officer.objects.get(pk=officer_id)
    user = UserFactory(username=f"officer{os.environ['YZF_NODE_CODE']}", body=body, officer=officer,
                       roles=[(Role.OFFICER, Scope.OWN)])
    case = services.case_open(actor=user, procedure="penalty.general", data={
        "source_kind": "inspection", "cause": "经营超过保质期的食品", "summary": "日常监督检查发现超过保质期的食品。"})
    case.handlers.add(officer)
    through = Case.handlers.through.objects.get(case=case, officer=officer)
    return {"case": str(case.pk), "acts": Act.objects.filter(case=case).count(), "handler_row": through.pk,
            "user": user.pk}


def write_base() -> dict:
    """The application on a node refuses to write base data, naming the hub."""
    from yuezhifa.org.models import Domain
    from yuezhifa.topology.guard import BaseDataReadOnly

    try:
        Domain.objects.create(code="node-made", name="节点自建领域")
    except BaseDataReadOnly as exc:
        return {"refused": exc.message}
    return {"refused": None}


def seed_hub_on_spot(body_ids: str) -> dict:
    """More base data at the hub for an on-the-spot decision (处罚法 第五十一、五十二条) on each node: a second
    officer with a certificate in each city's body (two officers present the certificates) and an item whose
    domain is the bodies' own."""
    from yuezhifa.discretion.tests import factories as f
    from yuezhifa.org.models import Domain, EnforcementBody
    from yuezhifa.org.tests.factories import CertificateFactory, OfficerFactory

    domain = Domain.objects.get(code="market-topology")
    justice = EnforcementBody.objects.get(name="广东省司法厅")
    officers = {}
    for code, body_id in json.loads(body_ids).items():
        body = EnforcementBody.objects.get(pk=body_id)
        officer = OfficerFactory(name=f"{code}第二执法员", body=body)
        CertificateFactory(officer=officer, issued_by=justice, valid_until=datetime.date(2029, 12, 31),
                           domains=[domain], number=f"4499{code}02")  # this process's factory sequences restart
        officers[code] = str(officer.pk)
    for _ in range(100):  # past the item codes seed_hub's process used (its serials restart here too)
        next(f._serial)
    item = f.item(f.article(f.law(), 200, "第二百条 拓扑测试用的小额罚款条款。"), name="拓扑测试用的当场处罚事项")
    item.domain = domain
    item.save()
    return {"item": item.code, "officers": officers}


def decide_and_publish(body_id: str, officer_ids: str, item_code: str) -> dict:
    """On this node: an on-the-spot penalty decided by two officers and published on the head's approval (办法
    第四十五条), as the case platform does; the result and the case go up to the hub by replication."""
    from django.db import transaction
    from django.utils import timezone

    from yuezhifa.cases import services
    from yuezhifa.disclosure import services as disclosure
    from yuezhifa.documents.samples import credit_code
    from yuezhifa.org.models import EnforcementBody, Officer, Role, Scope, User
    from yuezhifa.org.tests.factories import UserFactory

    code = os.environ["YZF_NODE_CODE"]
    body = EnforcementBody.objects.get(pk=body_id)
    officers = [Officer.objects.get(pk=pk) for pk in officer_ids.split(",")]
    user = User.objects.filter(officer=officers[0]).first() or UserFactory(  # open_case may have made it
        username=f"spot{code}", real_name=officers[0].name, body=body, officer=officers[0],
        roles=[(Role.OFFICER, Scope.OWN)])
    head = UserFactory(username=f"head{code}", real_name=f"{code}局长", body=body, roles=[(Role.HEAD, Scope.SUBTREE)])
    when = timezone.now() - datetime.timedelta(hours=1)
    party = {"kind": "organisation", "name": f"拓扑测试{code}商行", "credit_code": credit_code(f"91{code}MA5T7P8X0"),
             "legal_representative": "梁文斌", "address": "广州市天河区棠下荷光路86号首层", "phone": "13926470318"}
    case = services.case_open(actor=user, procedure="penalty.simple", performed_at=when, data={
        "source_kind": "on_site", "cause": "销售超过保质期的食品", "summary": "现场发现超过保质期的食品。"})
    services.act_perform(actor=user, case=case, code="decide_on_spot", performed_at=when, data={
        "item": item_code, "party": party, "facts": "在店内销售超过保质期的食品。", "violated": ["食品安全法第三十四条"],
        "basis": ["食品安全法第一百二十四条"], "penalties": {"fine": "50"}, "officers": [str(o.pk) for o in officers],
        "certificates_shown": True}, place="广州市天河区汇景广场三楼")
    case.refresh_from_db()
    with transaction.atomic():
        result = disclosure.publish_decision(actor=head, case=case, approved_at=timezone.now())
    return {"case": str(case.pk), "result": str(result.pk), "number": result.document_number,
            "party": party["name"], "status": result.status}


def hub_pages(case_ids: str, result_ids: str) -> dict:
    """At the hub, as its periodic jobs and a provincial supervisor and a citizen see it: the alert and rollup jobs
    run over every node's cases, the replicated results are indexed; the supervision pages and /gongshi/ answer
    without error (the acts name node accounts the hub does not hold)."""
    from django.test import Client
    from django.utils import timezone

    from yuezhifa.cases.models import Act
    from yuezhifa.org.models import EnforcementBody, Role, Scope
    from yuezhifa.org.tests.factories import UserFactory
    from yuezhifa.supervision import dashboard
    from yuezhifa.supervision.alerts import evaluate_alerts
    from yuezhifa.topology.reindex import reindex

    cases, results = case_ids.split(","), result_ids.split(",")
    stats = dashboard.refresh_stats()
    evaluate_alerts(on=timezone.localdate())
    indexed = reindex()
    justice = EnforcementBody.objects.get(name="广东省司法厅")
    supervisor = UserFactory(username="hubsupervisor", real_name="省监督员", body=justice,
                             roles=[(Role.SUPERVISOR, Scope.PROVINCE)])
    counted = dashboard.scope_cases(supervisor).filter(pk__in=cases).count()
    board = dashboard.build(supervisor, dashboard.Period())
    seen = Client()
    seen.force_login(supervisor)
    public = Client()
    pages = {}
    for client, path in [
        (seen, "/supervision/dashboard/"), (seen, "/supervision/cases/"), (seen, "/supervision/alerts/"),
        (seen, "/api/v1/supervision/dashboard/"), (public, "/gongshi/"), (public, "/gongshi/results/"),
        *[(public, f"/gongshi/results/{pk}/") for pk in results],
    ]:
        response = client.get(path, secure=True)
        pages[path] = {"status": response.status_code, "text": response.content.decode()[:200_000]}
    from yuezhifa.disclosure.models import PublishedResult

    parties = list(PublishedResult.objects.filter(pk__in=results).values_list("party_name", flat=True))
    found = {}
    for party in parties:
        response = public.get("/gongshi/results/", {"q": party}, secure=True)
        found[party] = response.status_code == 200 and party in response.content.decode()
    missing_actors = Act.objects.filter(case_id__in=cases, actor_id__isnull=False).exclude(
        actor_id__in=UserFactory._meta.model.objects.values("pk")).count()
    from yuezhifa.topology import lag

    subscriptions = [s["name"] for s in lag._status()["subscriptions"]]  # readable by the application's role
    return {"stats": stats, "indexed": {k: list(v) for k, v in indexed.items()}, "counted": counted,
            "subscriptions": subscriptions, "lagging": [w.text for w in lag.warnings()],
            "body_rows": [list(map(str, row)) for row in board.tables["body"].rows],
            "statuses": {path: page["status"] for path, page in pages.items()},
            "case_list_has": {name: name in pages["/supervision/cases/"]["text"] for name in EnforcementBody.objects
                              .filter(cases__pk__in=cases).values_list("name", flat=True).distinct()},
            "found": found, "acts_of_node_accounts": missing_actors}


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuezhifa.settings")
    django.setup()
    step, *args = sys.argv[1:]
    steps = {"seed_hub": seed_hub, "open_case": open_case, "write_base": write_base,
             "seed_hub_on_spot": seed_hub_on_spot, "decide_and_publish": decide_and_publish, "hub_pages": hub_pages}
    print(json.dumps(steps[step](*args)))
