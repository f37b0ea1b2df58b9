"""Demo organisation data: a few Guangdong divisions, bodies at four levels, officers with certificates, and one
account per role. Every row is written through the services, so the demo's audit log is a real one.

All people and identifiers here are invented; ID numbers and credit codes only carry valid check characters.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from stdnum.cn import ric, uscc

from yuezhifa.core.actors import SYSTEM

from . import services
from .models import BodyKind, Division, Domain, EnforcementBody, Level, Role, Scope, TrainingCategory, User
from .services.divisions import divisions_import

FIXTURES = Path(__file__).parent / "fixtures" / "demo-divisions"
DEMO_PASSWORD = "Yzf-demo-2026"  # noqa: S105 - published demo password, printed by `yzf demo`


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    body: str
    real_name: str
    password: str = DEMO_PASSWORD


def _credit_code(serial: int, division: str) -> str:
    """11 = 机关 (登记管理部门 1, 机构类别 1), then the division code and a made-up organisation code."""
    body = f"11{division.ljust(6, '0')[:6]}{serial:09d}"
    return body + uscc.calc_check_digit(body + "0")


def _id_number(serial: int, area: str, birth: str) -> str:
    body = f"{area}{birth}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


BODIES = [
    # key, name, short name, kind, division, level, parent key, domains, justice department
    ("gd_justice", "广东省司法厅", "省司法厅", BodyKind.DEPARTMENT, "44", Level.PROVINCE, None, ["justice"], True),
    ("gd_market", "广东省市场监督管理局", "省市场监管局", BodyKind.DEPARTMENT, "44", Level.PROVINCE, None, ["market"],
     False),
    ("gz_justice", "广州市司法局", "广州市司法局", BodyKind.DEPARTMENT, "4401", Level.CITY, "gd_justice", ["justice"],
     True),
    ("gz_market", "广州市市场监督管理局", "广州市市场监管局", BodyKind.DEPARTMENT, "4401", Level.CITY, "gd_market",
     ["market"], False),
    ("th_market", "广州市天河区市场监督管理局", "天河区市场监管局", BodyKind.DEPARTMENT, "440106", Level.COUNTY,
     "gz_market", ["market"], False),
    ("th_gov", "广州市天河区人民政府", "天河区政府", BodyKind.GOVERNMENT, "440106", Level.COUNTY, None, ["comprehensive"],
     False),
    ("wushan", "广州市天河区五山街道办事处", "五山街道", BodyKind.GOVERNMENT, "440106001", Level.TOWNSHIP, "th_gov",
     ["comprehensive"], False),
    ("sz_market", "深圳市市场监督管理局", "深圳市市场监管局", BodyKind.DEPARTMENT, "4403", Level.CITY, "gd_market",
     ["market"], False),
    ("gd_emergency", "广东省应急管理厅", "省应急管理厅", BodyKind.DEPARTMENT, "44", Level.PROVINCE, None, ["emergency"],
     False),
    ("gd_ecology", "广东省生态环境厅", "省生态环境厅", BodyKind.DEPARTMENT, "44", Level.PROVINCE, None, ["ecology"],
     False),
    ("gz_ecology", "广州市生态环境局", "广州市生态环境局", BodyKind.DEPARTMENT, "4401", Level.CITY, "gd_ecology",
     ["ecology"], False),
]

OFFICERS = [
    # key, name, body key, area, birth, position, legal qualification, certificate number
    ("chen", "陈志强", "th_market", "440106", "19860412", "执法一队队长", "", "44010620260001"),
    ("lin", "林晓燕", "th_market", "440104", "19910823", "执法一队队员", "", "44010620260002"),
    ("huang", "黄立新", "th_market", "440106", "19800105", "法规科科长", "A20124401000321", "44010620260003"),
    ("zhou", "周建华", "th_market", "440106", "19750630", "局长", "", "44010620260004"),
    ("wu", "吴敏", "wushan", "440106", "19880918", "综合行政执法队队员", "", "44010620260005"),
    ("zheng", "郑海涛", "sz_market", "440305", "19840227", "稽查支队队员", "", "44030520260001"),
    ("he", "何嘉欣", "gz_ecology", "440104", "19900511", "生态环境综合执法支队队员", "", "44010020260001"),
]

TRAINING = [
    # title, organiser, category, hours, start, end, pass score, registering body, [(officer key, hours, score)]
    ("新修订《中华人民共和国行政处罚法》专题培训", "广州市司法局", TrainingCategory.NEW_LAW, "16", (2026, 3, 2),
     (2026, 3, 3), "60", "gz_justice", [("chen", None, "86"), ("lin", None, "92"), ("huang", None, "95"),
                                         ("wu", "8", "71")]),
    ("食品安全监督抽检实务", "广州市市场监督管理局", TrainingCategory.SPECIALIST_LAW, "24", (2026, 5, 11),
     (2026, 5, 13), None, "gz_market", [("chen", None, None), ("lin", None, None), ("zhou", "16", None)]),
    ("“粤执法”移动执法终端使用培训", "广东省司法厅", TrainingCategory.DIGITAL, "6", (2026, 6, 18), (2026, 6, 18),
     None, "gd_justice", [("chen", None, None), ("lin", None, None), ("huang", None, None), ("zhou", None, None),
                          ("wu", None, None)]),
]

ACCOUNTS = [
    # username, real name, body key, officer key, role, scope, is_superuser
    ("admin", "省级系统管理员", "gd_justice", None, Role.ADMIN, Scope.PROVINCE, True),
    ("gz_admin", "广州市市场监管局管理员", "gz_market", None, Role.ADMIN, Scope.SUBTREE, False),
    ("officer", "陈志强", "th_market", "chen", Role.OFFICER, Scope.OWN, False),
    ("officer2", "林晓燕", "th_market", "lin", Role.OFFICER, Scope.OWN, False),
    ("reviewer", "黄立新", "th_market", "huang", Role.LEGAL_REVIEWER, Scope.BODY, False),
    ("head", "周建华", "th_market", "zhou", Role.HEAD, Scope.SUBTREE, False),
    ("supervisor", "广州市司法局监督员", "gz_justice", None, Role.SUPERVISOR, Scope.JURISDICTION, False),
    ("sup_head", "广州市司法局负责人", "gz_justice", None, Role.HEAD, Scope.BODY, False),
    ("street_officer", "吴敏", "wushan", "wu", Role.OFFICER, Scope.OWN, False),
    ("sz_officer", "郑海涛", "sz_market", "zheng", Role.OFFICER, Scope.OWN, False),
    # data sharing (办法 第五十条、第五十一条; docs/decisions/0061): a body's requester, the province's approver
    ("data_consumer", "广州市生态环境局数据专员", "gz_ecology", None, Role.DATA_CONSUMER, Scope.BODY, False),
    ("data_admin", "省司法厅数据共享管理员", "gd_justice", None, Role.DATA_ADMIN, Scope.PROVINCE, False),
]


def is_loaded() -> bool:
    return User.objects.filter(username="admin", body__name="广东省司法厅").exists()


def load() -> list[DemoAccount]:
    """Create the demo organisation once; later calls change nothing and return the accounts."""
    if not is_loaded():
        _load()
    else:
        _missing_accounts()
    return accounts()


@transaction.atomic
def _missing_accounts() -> None:
    """Accounts added to the list after a demo database was loaded (the data sharing roles of issue 16)."""
    for username, real_name, body_key, officer_key, role, scope, superuser in ACCOUNTS:
        body_name = next(b[1] for b in BODIES if b[0] == body_key)
        body = EnforcementBody.objects.filter(name=body_name).first()
        if officer_key is None and body is not None and not User.objects.filter(username=username).exists():
            services.user_create(actor=SYSTEM, username=username, password=DEMO_PASSWORD, real_name=real_name,
                                 body=body, officer=None, roles=[(role, scope)], is_staff=superuser,
                                 is_superuser=superuser)


def accounts() -> list[DemoAccount]:
    result = []
    for username, real_name, body_key, _officer, role, _scope, _su in ACCOUNTS:
        body_name = next(b[1] for b in BODIES if b[0] == body_key)
        result.append(DemoAccount(username=username, role=Role(role).label, body=body_name, real_name=real_name))
    return result


@transaction.atomic
def _load() -> None:
    actor = SYSTEM
    if not Division.objects.filter(code="440106001").exists():
        divisions_import(actor=actor, source_dir=FIXTURES)
    domains = {d.code: d for d in Domain.objects.all()}
    bodies: dict[str, EnforcementBody] = {}
    for serial, (key, name, short, kind, division, level, parent, domain_codes, justice) in enumerate(BODIES, 1):
        bodies[key] = services.body_create(
            actor=actor, name=name, short_name=short, kind=kind, credit_code=_credit_code(serial, division),
            division=Division.objects.get(code=division), level=level,
            parent=bodies[parent] if parent else None, domains=[domains[c] for c in domain_codes],
            is_justice_department=justice)
    officers = {}
    for serial, (key, name, body_key, area, birth, position, qualification, cert_no) in enumerate(OFFICERS, 1):
        body = bodies[body_key]
        officer = services.officer_create(actor=actor, name=name, id_number=_id_number(serial * 7, area, birth),
                                          body=body, position=position, legal_qualification_no=qualification)
        issuer = bodies["gz_justice"] if body.division_id.startswith("4401") else bodies["gd_justice"]
        services.certificate_issue(actor=actor, officer=officer, number=cert_no, domains=list(body.domains.all()),
                                   valid_from=datetime.date(2024, 1, 1), valid_until=datetime.date(2029, 12, 31),
                                   issued_by=issuer)
        officers[key] = officer
    for title, organiser, category, hours, start, end, pass_score, body_key, attendees in TRAINING:
        course = services.training_course_create(
            actor=actor, title=title, organiser=organiser, category=category, hours=hours,
            start_date=datetime.date(*start), end_date=datetime.date(*end), body=bodies[body_key],
            has_exam=pass_score is not None, pass_score=pass_score)
        for officer_key, credited, score in attendees:
            services.training_record_add(actor=actor, officer=officers[officer_key], course=course, hours=credited,
                                         exam_score=score)
    for username, real_name, body_key, officer_key, role, scope, superuser in ACCOUNTS:
        services.user_create(actor=actor, username=username, password=DEMO_PASSWORD, real_name=real_name,
                             body=bodies[body_key], officer=officers.get(officer_key), roles=[(role, scope)],
                             is_staff=superuser, is_superuser=superuser)
