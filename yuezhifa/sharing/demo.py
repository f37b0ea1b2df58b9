"""Demo data of data sharing (办法 第五十条、第五十一条; docs/decisions/0061), in the demo's story time: the data
consumer of 广州市生态环境局 has three grants on the theme library (``yuezhifa.themes.demo`` loads it first):

- 行政处罚结果 of 广州市, approved by the province's data administrator, narrowed to the fields without personal
  information (关联和最小够用), and used a few times: the usage log has the calls (and one refused by the rate);
- 行政强制结果, approved, then given up by the consumer when the joint campaign ended: revoked;
- 行政检查结果, requested, pending: data_admin finds it in the queue.

The calls of the usage log are written as the data interface logs them (``authentication.log_use``), with invented
client addresses of the bureau's own system. Running it again changes nothing twice."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from yuezhifa.cases.demo import at, recorded
from yuezhifa.org.models import User

from . import catalogue, services
from .models import Grant, Usage
from .selectors import granted_records

PURPOSE = ("生态环境执法与市场监管执法协同：在“双随机、一公开”联合抽查前，核对广州市辖区内检查对象近期受到的行政处罚，"
           "避免重复检查、重复处罚。")
CALLS = [  # story moment (after the library's records came in on 27 November), query, status
    ("2026-11-30 09:05", {"decided_from": "2026-10-01"}, 200),
    ("2026-11-30 09:40", {"decided_from": "2026-09-01", "decided_to": "2026-09-30"}, 200),
    ("2026-11-30 14:30", {"division": "440106"}, 200),
    ("2026-11-30 14:30", {"division": "440106"}, 429),
    ("2026-12-01 09:12", {"decided_from": "2026-11-01", "decided_to": "2026-11-30"}, 200),
]


def load():
    users = {u.username: u for u in User.objects.filter(username__in=["data_consumer", "data_admin"])}
    if len(users) < 2 or Grant.objects.filter(requester=users["data_consumer"]).exists():
        return []
    _load(users["data_consumer"], users["data_admin"])
    return []


@transaction.atomic
def _load(consumer: User, admin: User) -> None:
    valid_until = datetime.date(2027, 6, 30)
    common = {"divisions": ["4401"], "period_from": "2026-01-01", "period_to": "2026-12-31",
              "valid_until": valid_until, "purpose": PURPOSE}
    # approved, narrowed to the fields without personal information, and used
    with recorded(at("2026-11-18 10:00")):
        used = services.request_grant(
            actor=consumer, dataset_code="penalty", rate_per_minute=30,
            fields=["body_name", "document_number", "party_kind", "party_name", "party_credit_code", "party_id_number",
                    "measures", "content", "fine_amount", "decided_on"],
            personal_justification="核对自然人当事人是否为同一人，避免同名误认。", **common)
    with recorded(at("2026-11-19 15:30")):
        services.approve(actor=admin, grant=used,
                         fields=[f for f in used.requested_fields if f not in catalogue.PERSONAL],
                         note="协同核对以企业为对象，统一社会信用代码已足够识别，不提供自然人证件号码（关联和最小够用）。")
    used.refresh_from_db()
    for moment, query, status in CALLS:
        rows = 0
        if status == 200:
            records = granted_records(used)
            if "division" in query:
                records = records.filter(division_code__startswith=query["division"])
            if "decided_from" in query:
                records = records.filter(decided_on__gte=query["decided_from"])
            if "decided_to" in query:
                records = records.filter(decided_on__lte=query["decided_to"])
            rows = min(records.count(), 50)  # the first page
        Usage.objects.create(grant=used, key_prefix=used.key_prefix, at=min(at(moment), timezone.now()),
                             client_ip="10.44.16.21",
                             query=query, status=status, rows=rows,
                             fields=used.granted_fields if status == 200 else [])
    # approved, then revoked by the consumer when the campaign ended
    with recorded(at("2026-11-18 10:20")):
        ended = services.request_grant(actor=consumer, dataset_code="compulsion", rate_per_minute=10,
                                       fields=["body_name", "document_number", "party_name", "measures", "decided_on"],
                                       **{**common, "purpose": "生态环境与市场监管联合专项整治：核对被查封、扣押的涉案设备是否涉及"
                                                               "生态环境违法行为。"})
    with recorded(at("2026-11-19 15:40")):
        services.approve(actor=admin, grant=ended)
    with recorded(at("2026-11-26 17:00")):
        services.revoke(actor=consumer, grant=ended, reason="联合专项整治已结束，不再需要该数据。")
    # pending
    with recorded(at("2026-11-27 09:40")):
        services.request_grant(actor=consumer, dataset_code="inspection", rate_per_minute=20,
                               fields=["body_name", "document_number", "party_name", "party_credit_code", "measures",
                                       "content", "decided_on"],
                               **{**common, "purpose": "制定2027年度“双随机、一公开”联合抽查计划：了解辖区内检查对象近一年"
                                                       "已接受检查的情况，合理确定抽查比例。"})
