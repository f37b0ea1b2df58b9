"""The disclosure tests reuse the case tests' world (the 天河区 market regulator, its officers and head) and run real
cases through the case engine to a decision, then publish them as the head's approval would."""

import pytest

from yuezhifa.cases.tests.conftest import Runner, at, store_party, world  # noqa: F401  (fixtures)
from yuezhifa.documents.samples import resident_id
from yuezhifa.search.engines import ENGINES

PENALTIES = {"fine": "75000", "confiscate_income": "3200", "confiscate_property": "486.60"}
BASIS = ["《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"]


@pytest.fixture
def run(world):  # noqa: F811
    return Runner(world)


@pytest.fixture(autouse=True)
def _fresh_search_statistics():
    for engine in ENGINES.values():
        engine.forget_statistics()
    yield


def person(name: str, first17: str, *, address: str = "广州市天河区建设三路118号502房", phone: str = "13926470318",
           birth_date: str | None = None) -> dict:
    party = {"kind": "person", "name": name, "id_number": resident_id(first17), "address": address, "phone": phone}
    if birth_date:
        party["birth_date"] = birth_date
    return party


def decide_general(run, *, party: dict, facts: list[str], day: str = "2026-11-02", decide_day: str = "2026-11-16",
                   penalties: dict | None = None, circumstances=(), interviewee: dict | None = None):
    """A general-procedure case of ``party`` from registration to decision (no hearing, statement waived)."""
    run.open(f"{day} 09:00")
    run.act("verify_source", f"{day} 10:00", findings="现场核实。", conclusion="file", officers=run.ids("chen", "lin"))
    run.act("file", f"{day} 15:00", user="head", item=run.world["item"].code, party=party, violation_date=day,
            summary=["发现超过保质期的食品。"], handlers=run.ids("chen", "lin"))
    investigate = {"kind": "inspection", "subject": "现场", "record": ["现场检查记录。"],
                   "officers": run.ids("chen", "lin"), "certificates_shown": True}
    if interviewee:
        investigate.update(kind="inquiry", subject=interviewee["name"], respondent=interviewee)
    run.act("investigate", f"{day} 16:00", place="广州市天河区天府路1号询问室" if interviewee else "", **investigate)
    run.act("finish_investigation", f"{day} 17:00", facts=facts, evidence=["现场检查笔录"],
            violated=["《中华人民共和国食品安全法》第三十四条第（十）项"], basis=BASIS,
            circumstances=list(circumstances), amounts={"goods_value": "486.60"}, proposal="penalty",
            officers=run.ids("chen", "lin"))
    run.act("review", f"{day} 17:30", user="head", outcome="penalty", opinion="同意。")
    chosen = penalties or PENALTIES
    run.act("notify", f"{day} 18:00", proposed=chosen, facts=facts, reasons="依照裁量基准一般情形。", basis=BASIS,
            served_on=day, service_method="direct")
    run.act("record_statement", f"{day} 18:30", waived=True)
    run.act("decide", f"{decide_day} 09:00", user="head", penalties=chosen, facts=facts, basis=BASIS,
            deviation_reason="测试数据，金额按需设定。")
    return run.refresh()


def decide_on_spot(run, *, party: dict, facts: str, when: str = "2026-11-20 10:00", fine: str = "50"):
    run.open(when, procedure="penalty.simple", source_kind="on_site")
    run.act("decide_on_spot", when, item=run.world["petty"].code, party=party, facts=facts,
            violated=["食品安全法第三十四条"], basis=["食品安全法第一百二十四条"], penalties={"fine": fine},
            officers=run.ids("chen", "lin"), certificates_shown=True, place="广州市天河区汇景广场三楼")
    return run.refresh()
