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


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuezhifa.settings")
    django.setup()
    step, *args = sys.argv[1:]
    print(json.dumps({"seed_hub": seed_hub, "open_case": open_case, "write_base": write_base}[step](*args)))
